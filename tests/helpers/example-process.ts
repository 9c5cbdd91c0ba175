import { spawn, type ChildProcess } from 'node:child_process';

export interface ExampleProcess {
  /** The url from the script's JSON "ready" line. */
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Runs one of the examples/ scripts as a user would (`node <file>`), with only the environment
 * given (and PATH), and waits at most `timeoutMs` for the JSON line carrying its url.
 */
export function runExample(file: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ExampleProcess> {
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${file} exited before it was ready:\n${output}`));
    });
  });
}
