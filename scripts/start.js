#!/usr/bin/env node
// `npm start`: compile when the build is missing or older than the sources, then run the
// server in this same process (so that signals reach it directly).
//
// package.json's start script runs this file as
//   GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1 exec node --max-semi-space-size=8 scripts/start.js
// settings that must be in place before the process starts (the dynamic loader reads glibc's
// tunables, V8 sizes its heap when it starts), all for resident memory:
// - glibc.malloc.arena_max=1: every argon2 hash allocates 19 MiB (m=19456 KiB). With glibc's
//   defaults each libuv thread that hashes gets a malloc arena of its own and keeps its buffer
//   there (three pool threads: about +66 MB after a few concurrent logins, measured). One shared
//   arena reuses the buffers of the at most two hashes at a time (about +7 MB). The alternative
//   that returns every buffer to the system (a fixed glibc.malloc.mmap_threshold=4194304: RSS
//   about 20 MB lower still) costs every hash about 3 ms of page faults, +14% CPU per login, so
//   it is left to operators who want it: a GLIBC_TUNABLES of theirs is appended, so it wins.
// - glibc.malloc.hugetlb=1: transparent huge pages for malloc's memory (when the kernel's THP
//   mode is `madvise` or `always`): fewer page faults for the 19 MiB buffers.
// - --max-semi-space-size=8: V8's young generation grows to two 16 MiB semi-spaces by default,
//   and does so already during startup; 8 MiB each is about 16 MB less resident, for a similar
//   share of GC time under the `me` load (measured).
// `exec` makes node npm's own child: without it, the shell sits in between, and npm's SIGTERM
// stops the shell and leaves the server running without a parent.
const { buildIfStale } = require('./build-if-stale.js');

require(buildIfStale('dist/main.js'));
