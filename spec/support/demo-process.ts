// `npm start`'s server (demo/server.ts) as a child process on 127.0.0.1, for what only a real
// process shows: kill -9, a restart on the same store, several processes on one store.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../demo/server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DemoProcess {
  url: string;
  pid: number;
  /** SIGKILL: no shutdown code runs, as when the machine or the process dies. */
  kill9(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

/** Starts demo/server.ts with `env` on a free port (PORT=0 unless given) and resolves once it listens. */
export async function startDemoProcess(env: Record<string, string>): Promise<DemoProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(m[0]);
    });
    void exited.then(([code]) => reject(new Error(`demo exited (${code}) before listening: ${err}`)));
  });
  return {
    url,
    pid: child.pid!,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      return (await exited)[0];
    },
    stderr: () => err,
  };
}
