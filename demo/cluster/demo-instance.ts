// `npm start`'s server (demo/server.ts) as a child process on 127.0.0.1: the instances of
// `npm run start:cluster`, and what tests need a real process for (kill -9, a restart on the same
// store, several processes on one store, a SIGTERM drain).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What demo/server.ts prints once it listens: its URL and its instance id. */
const LISTENING = /justpy-ts demo: (http:\/\/127\.0\.0\.1:\d+)\/ \(instance ([^,)]+)/;

export interface DemoInstance {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** The renderer's instanceId (INSTANCE_ID, or the random one it drew). */
  instanceId: string;
  pid: number;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** SIGKILL: no shutdown code runs, as when the machine or the process dies. */
  kill9(): Promise<void>;
  /**
   * SIGTERM (the demo drains: unhealthy first, then sockets 1001) or SIGINT (it closes at once),
   * then waits for the exit. [default SIGTERM]
   */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<number | null>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

export interface DemoInstanceOptions {
  /** Environment on top of this process's; HOST=127.0.0.1, PORT=0 and NODE_ENV=production unless given. */
  env: Record<string, string>;
  /** Every line the instance prints (stdout and stderr), e.g. to prefix it with the instance id. */
  onLine?: (line: string) => void;
  /** Give up waiting for it to listen after this long. [default 30000] */
  readyTimeoutMs?: number;
  /** Aborting it before the instance listens kills the process and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Starts demo/server.ts and resolves once it listens (its stdout names the URL and the instance). */
export async function startDemoInstance(options: DemoInstanceOptions): Promise<DemoInstance> {
  options.signal?.throwIfAborted();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const lines = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (line !== '') options.onLine?.(line);
  };
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    lines(chunk);
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = await new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    let killedFor: unknown;
    // Rejected only once the process is gone, so a caller that stops everything next finds it gone.
    const giveUp = (why: unknown): void => {
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    const onAbort = (): void => giveUp(options.signal?.reason);
    const timer = setTimeout(
      () => giveUp(new Error(`demo instance did not listen within ${options.readyTimeoutMs ?? 30_000} ms: ${err}`)),
      options.readyTimeoutMs ?? 30_000,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (m: RegExpExecArray | null, failure?: unknown): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (m) resolve(m);
      else reject(failure);
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      lines(chunk);
      out += chunk.toString();
      const m = LISTENING.exec(out);
      if (m) settle(m);
    });
    void exited.then((code) => settle(null, killedFor ?? new Error(`demo instance exited (${code}) before listening: ${err}`)));
  });
  const url = listening[1] as string;
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    url,
    port: Number(new URL(url).port),
    instanceId: listening[2] as string,
    pid: child.pid!,
    exited,
    async kill9() {
      if (alive()) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    async stop(signal = 'SIGTERM') {
      if (alive()) process.kill(child.pid!, signal);
      return exited;
    },
    stderr: () => err,
  };
}
