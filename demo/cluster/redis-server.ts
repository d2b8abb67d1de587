// A private redis-server (for npm run start:cluster, one test file or one bench run): a free
// 127.0.0.1 port, no persistence unless asked, answered PING before it is handed out, stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisServer, REDIS_SERVER_MISSING } from './executables.js';
import { freePort } from './free-port.js';

export interface RedisServerOptions {
  /** Listen on this port (a restart reuses the old one). [default: a free port] */
  port?: number;
  /** `--appendonly yes`, so data survives a restart. [default false] */
  appendonly?: boolean;
  /** Working directory (the append-only file lives there). [default: a new temp folder, removed by stop()] */
  dir?: string;
  /** Aborting it before redis-server answers PING kills it (and removes the temp folder) and rejects. */
  signal?: AbortSignal;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  /** SIGKILL, as a crash would; resolves once the process is gone (and removes the temp folder it made). */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after 2 s); removes the temp folder it made. */
  stop(): Promise<void>;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === undefined) throw new Error(REDIS_SERVER_MISSING);
  options.signal?.throwIfAborted();
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'jp-redis-'));
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', options.appendonly ? 'yes' : 'no'];
  const child = spawn(binary, [...args, '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPong(port, child, () => stderr, options.signal);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const pid = child.pid as number;
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, sig);
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    pid,
    dir,
    async kill() {
      await signal('SIGKILL');
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
    async stop() {
      const force = setTimeout(() => void signal('SIGKILL'), 2000);
      await signal('SIGTERM');
      clearTimeout(force);
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPong(port: number, child: ChildProcess, stderr: () => string, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${stderr().trim()}`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${stderr().trim()}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
  });
}
