#!/usr/bin/env node
// `npm start`: compile when the build is missing or older than the sources, then run the
// server in this same process (so that signals reach it directly).
const { buildIfStale } = require('./build-if-stale.js');

require(buildIfStale('dist/main.js'));
