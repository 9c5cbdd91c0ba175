// Preloaded into the server by bench/rss-phases.js when BENCH_GC_STATS=1 (NODE_OPTIONS=-r ...):
// sums V8's GC pauses by kind; on SIGUSR2 writes them (and the process's CPU time so far) to
// stderr as one `GCSTATS {...}` line (with the V8 heap's resident size by space), and starts counting afresh.
'use strict';
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { getHeapSpaceStatistics } = require('node:v8');

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
};
let pauses = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail?.kind] ?? 'other';
    const sum = (pauses[kind] ??= { count: 0, ms: 0 });
    sum.count += 1;
    sum.ms += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  const cpu = process.cpuUsage();
  // Resident (physical) MiB of each V8 heap space, and malloc'd memory V8 knows of.
  const heap = Object.fromEntries(
    getHeapSpaceStatistics()
      .filter((space) => space.physical_space_size > 0)
      .map((space) => [space.space_name, Math.round(space.physical_space_size / 104857.6) / 10]),
  );
  heap.external = Math.round(process.memoryUsage().external / 104857.6) / 10;
  process.stderr.write(`GCSTATS ${JSON.stringify({ pauses, heap, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  pauses = {};
});
