#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
// and the same time grouped by package, so that a profile can be read without a browser.
// Usage: node bench/cpuprofile-top.js <file.cpuprofile> [how many rows, default 25]
'use strict';

const { readFileSync } = require('node:fs');

/**
 * `window` = {fromMicros, toMicros} keeps only the samples taken in that span of the monotonic
 * clock (V8's profile timestamps and process.hrtime share it on Linux), e.g. the load alone.
 */
function summarise(path, limit = 25, window = undefined) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Each sample names the node that was on top of the stack; timeDeltas[i] is the time before it.
  const selfMicros = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.fromMicros || at > window.toMicros)) return;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
  });
  const total = [...selfMicros.values()].reduce((sum, micros) => sum + micros, 0) || 1;

  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map();
  for (const [id, micros] of selfMicros) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parentOf.get(at)) {
      const key = functionKey(byId.get(at).callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }

  const functions = new Map();
  const packages = new Map();
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byId.get(id);
    const key = functionKey(callFrame);
    functions.set(key, (functions.get(key) ?? 0) + micros);
    const group = packageOf(callFrame.url.replace(/^file:\/\//, ''), callFrame.functionName);
    packages.set(group, (packages.get(group) ?? 0) + micros);
  }
  const rows = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  return [
    `${path}: ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    'self time by function:',
    ...rows(functions),
    '',
    'self time by package:',
    ...rows(packages),
    '',
    'inclusive time (the function and everything it called), libraries and ours:',
    ...rows(new Map([...inclusive].filter(([key]) => !/^\(|node:|^ /.test(key)))),
  ].join('\n');
}

function functionKey(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  const file = callFrame.url.replace(/^file:\/\//, '');
  const where = file ? `${shortPath(file)}:${callFrame.lineNumber + 1}` : '';
  return `${name} ${where}`.trim();
}

function shortPath(file) {
  const index = file.lastIndexOf('node_modules/');
  if (index >= 0) return file.slice(index + 'node_modules/'.length);
  const dist = file.indexOf('/dist/');
  return dist >= 0 ? file.slice(dist + 1) : file;
}

/** "(program)", "(garbage collector)", "node:internal", a package name, or "cloud-auth". */
function packageOf(file, name) {
  if (!file) return name.startsWith('(') ? name : '(native)';
  if (file.startsWith('node:')) return 'node (internals)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return match ? match[1] : 'cloud-auth';
}

module.exports = { summarise };

if (require.main === module) {
  const [path, limit] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: node bench/cpuprofile-top.js <file.cpuprofile> [rows]\n');
    process.exit(2);
  }
  process.stdout.write(summarise(path, limit ? Number(limit) : 25) + '\n');
}
