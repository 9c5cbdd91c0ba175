import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newIdentity } from './helpers/accounts.js';
import { createTestDatabase } from './helpers/database.js';
import { postGraphQL } from './helpers/http.js';
import { TEST_JWT_SECRET } from './helpers/server.js';

const root = join(__dirname, '..');

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { id } }';
const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';

/** The processes whose parent is `pid` (from /proc/<pid>/stat). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

const rssMb = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('npm start', () => {
  // /proc and glibc: Linux only.
  it.skipIf(process.platform !== 'linux')(
    'runs the server as npm\'s own child with the memory settings, so argon2\'s 19 MiB buffers do not pile up, one per pool thread',
    async () => {
      const database = await createTestDatabase();
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: '0',
          DATABASE_URL: database.url,
          JWT_SECRET: TEST_JWT_SECRET,
          RATE_LIMIT_ENABLED: 'false',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const exited = new Promise<number | string>((resolve) => npm.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
      let server: number | undefined;
      try {
        let url: string | undefined;
        for (const started = Date.now(); !url; await new Promise((resolve) => setTimeout(resolve, 50))) {
          const line = output.split('\n').find((text) => text.includes('"cloud-auth is serving"'));
          if (line) url = JSON.parse(line).url as string;
          else if (npm.exitCode !== null || Date.now() - started > 60_000) throw new Error(`npm start did not serve:\n${output}`);
        }

        // The start script execs node: the server is npm's direct child (no shell in between, so
        // npm's signals reach it), with glibc's settings in its environment and V8's on its command line.
        const children = childrenOf(npm.pid!);
        expect(children).toHaveLength(1);
        server = children[0];
        expect(readlinkSync(`/proc/${server}/exe`)).toMatch(/node[^/]*$/);
        // (The dynamic loader cuts GLIBC_TUNABLES up in place as it parses it: look at the raw text.)
        const environment = readFileSync(`/proc/${server}/environ`, 'utf8');
        expect(environment).toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
        expect(environment).toContain('glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=20971520');
        expect(readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=8');

        // What the settings are for: every hash allocates 19 MiB. With glibc's defaults each libuv
        // thread that hashed keeps its buffer in its own arena (three pool threads: about 66 MB
        // more after these logins, measured); with one arena and a trim threshold, usually at most
        // one buffer stays (3 to 27 MB more, measured, the first register's password list
        // included). The bound allows the buffers of all the hashes that run at once (one per core,
        // password/passwords.ts) plus the list: on a loaded machine the allocations of other work
        // can land above both buffers and keep them from being trimmed (CI measured 44.9 MB once).
        const hashesAtOnce = Math.max(1, availableParallelism());
        const boundMb = 19 * hashesAtOnce + 12;
        expect((await postGraphQL(url, '{ __typename }')).status).toBe(200);
        const before = rssMb(server);
        const identity = newIdentity('npmstart');
        const registered = await postGraphQL(url, REGISTER, { input: { ...identity, passwordConfirm: identity.password } });
        expect(registered.errors).toBeUndefined();
        const logins = await Promise.all(
          Array.from({ length: 8 }, () => postGraphQL(url!, LOGIN, { input: { username: identity.username, password: identity.password } })),
        );
        expect(logins.map((login) => login.errors)).toEqual(Array(8).fill(undefined));
        const grown = rssMb(server) - before;
        expect(grown, `RSS grew by ${grown.toFixed(1)} MB over a register and 8 logins`).toBeLessThan(boundMb);

        // SIGTERM to npm reaches the server, which drains and exits cleanly.
        npm.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(output).toContain('stopped: requests drained, database closed');
      } finally {
        if (npm.exitCode === null && npm.signalCode === null) {
          // A failed assertion: npm's SIGKILL would leave the server running without its parent.
          if (server !== undefined) process.kill(server, 'SIGKILL');
          npm.kill('SIGKILL');
        }
        await exited;
        await database.drop();
      }
    },
    90_000,
  );
});
