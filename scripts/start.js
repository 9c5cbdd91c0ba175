#!/usr/bin/env node
// `npm start`: compile when the build is missing or older than the sources, then run the
// server in this same process (so that signals reach it directly).
//
// package.json's start script runs this file as
//   GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304 exec node --max-semi-space-size=8 scripts/start.js
// settings that must be in place before the process starts (the dynamic loader reads glibc's
// tunables, V8 sizes its heap when it starts), all for resident memory:
// - glibc.malloc.mmap_threshold=4194304: every argon2 hash allocates 19 MiB (m=19456 KiB). With
//   glibc's dynamic threshold that buffer comes from the hashing thread's malloc arena after the
//   first hash, and stays resident there: about 20 MB per libuv thread that ever hashed (three
//   threads: +65 MB after a few logins). A fixed threshold keeps allocations of 4 MiB and more
//   mmapped, so each buffer goes back to the OS when its hash ends (about +9 MB after logins).
// - glibc.malloc.hugetlb=1: those mmapped buffers get transparent huge pages (when the kernel's
//   THP mode is `madvise` or `always`), so faulting 19 MiB in afresh for each hash costs about
//   3 ms of kernel time instead of 11 (about 20.5 -> 23.5 ms of CPU per hash, measured).
//   A GLIBC_TUNABLES given by the operator is appended, so its settings win.
// - --max-semi-space-size=8: V8's young generation grows to two 16 MiB semi-spaces by default,
//   and does so already during startup; 8 MiB each is about 16 MB less resident, for a similar
//   share of GC time under the `me` load (measured).
// `exec` makes node npm's own child: without it, the shell sits in between, and npm's SIGTERM
// stops the shell and leaves the server running without a parent.
const { buildIfStale } = require('./build-if-stale.js');

require(buildIfStale('dist/main.js'));
