#!/usr/bin/env node
// `npm run createsuperuser -- --username U --email E --password P`: compile when stale, then run
// the command in this same process (so that a terminal's prompts reach it directly).
const { buildIfStale } = require('./build-if-stale.js');

require(buildIfStale('dist/cli/createsuperuser.js'));
