#!/usr/bin/env node
// `npm run keys -- list | rotate | revoke KID`: compile when stale, then run the command in this process.
const { buildIfStale } = require('./build-if-stale.js');

require(buildIfStale('dist/cli/keys.js'));
