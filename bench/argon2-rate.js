// The physical limit of logins: how many raw argon2.verify calls per second this machine
// completes with `concurrency` calls always in flight (the same as the bench's connections),
// with the exact hash the seeded users have (argon2id, 19456 KiB, t=2, p=1). A child process
// of bench/run.js, with libuv's default thread pool, so it measures argon2 and nothing else.
// Usage: node bench/argon2-rate.js <hash> <password> <concurrency> <seconds>  -> JSON on stdout
'use strict';

const argon2 = require('argon2');

async function main() {
  const [hash, password, concurrencyText, secondsText] = process.argv.slice(2);
  const concurrency = Number(concurrencyText);
  const deadline = Date.now() + Number(secondsText) * 1000;
  if (!(await argon2.verify(hash, password))) throw new Error('the bench hash does not match its password');
  const started = Date.now();
  let completed = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      await argon2.verify(hash, password);
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ verifies: completed, rps: completed / seconds, seconds }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
