#!/usr/bin/env node
// `npm start`: compile when the build is missing or older than the sources, then run the
// server in this same process (so that signals reach it directly).
//
// package.json's start script runs this file as
//   GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=20971520 \
//     exec node --max-semi-space-size=8 scripts/start.js
// settings that must be in place before the process starts (the dynamic loader reads glibc's
// tunables, V8 sizes its heap when it starts), all for resident memory:
// - Every argon2 hash allocates 19 MiB (m=19456 KiB). With glibc's defaults each libuv thread
//   that hashes gets a malloc arena of its own and keeps its buffer there for good (three pool
//   threads: about +66 MB after a few concurrent logins, measured).
//   arena_max=1: one arena for all threads, so the buffers are reused by whichever thread hashes
//   next; mmap_threshold=33554432 keeps them in that arena (a fixed threshold also stops glibc
//   from moving it by itself); trim_threshold=20971520 gives back free memory beyond 20 MiB at the
//   top of the heap, so a burst of logins leaves at most about one buffer behind (+5 to 7 MB
//   over a register and 8 concurrent logins, measured). Hashes in a row reuse the kept buffer
//   without page faults. The alternative that unmaps every buffer (mmap_threshold=4194304: RSS
//   about 20 MB lower under `me`) costs each hash about 3 ms of page faults, +14% CPU per login;
//   operators who prefer it can say so in GLIBC_TUNABLES, which is appended and so wins.
// - glibc.malloc.hugetlb=1: transparent huge pages for malloc's memory (when the kernel's THP
//   mode is `madvise` or `always`): fewer page faults for the 19 MiB buffers.
// - --max-semi-space-size=8: V8's young generation grows to two 16 MiB semi-spaces by default,
//   and does so already during startup; 8 MiB each is about 16 MB less resident, for a similar
//   share of GC time under the `me` load (measured).
// `exec` makes node npm's own child: without it, the shell sits in between, and npm's SIGTERM
// stops the shell and leaves the server running without a parent.
const { buildIfStale } = require('./build-if-stale.js');

require(buildIfStale('dist/main.js'));
