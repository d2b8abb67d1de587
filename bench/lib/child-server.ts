/** Parent side of a bench server: fork it (TypeScript through tsx), wait for its port, call it, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, MemorySample, ReadyMessage } from './ipc-protocol.js';

export interface StartOptions {
  /** Arguments for the server script. */
  args?: string[];
  /** Start with --expose-gc so `memory` forces a collection first. */
  exposeGc?: boolean;
  /** Directory for a --cpu-prof profile of this child, or none. */
  cpuProfileDir?: string | null;
  /** Give up waiting for the port after this many ms (default 30000). */
  readyTimeoutMs?: number;
}

export interface ChildServer {
  readonly port: number;
  readonly origin: string;
  readonly info: Record<string, unknown>;
  readonly pid: number;
  call<T = unknown>(op: string, arg?: unknown): Promise<T>;
  memory(): Promise<MemorySample>;
  /** CPU microseconds the server has used so far. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

const SERVERS_DIR = new URL('../servers/', import.meta.url);

/** Forks `bench/servers/<name>.ts`; its stdout and stderr go to ours, prefixed by nothing (servers are quiet). */
export async function startServer(name: string, options: StartOptions = {}): Promise<ChildServer> {
  const execArgv = ['--import', 'tsx'];
  if (options.exposeGc) execArgv.push('--expose-gc');
  if (options.cpuProfileDir) {
    // One directory per child: tsx's loader thread writes a profile too (the main thread's is the big one).
    const dir = `${options.cpuProfileDir}${name}${options.args?.[0] && !options.args[0].startsWith('{') ? '-' + options.args[0] : ''}-${Date.now()}`;
    mkdirSync(dir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const script = fileURLToPath(new URL(`${name}.ts`, SERVERS_DIR));
  const child = fork(script, options.args ?? [], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const ready = await waitReady(child, name, options.readyTimeoutMs ?? 30_000);
  return wrap(child, ready);
}

function waitReady(child: ChildProcess, name: string, timeoutMs: number): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`bench server '${name}' did not report its port within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: ChildMessage) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(m);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`bench server '${name}' exited with code ${code} before listening`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function wrap(child: ChildProcess, ready: ReadyMessage): ChildServer {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: ChildMessage) => {
    if (m.type !== 'reply') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.result);
    else p?.reject(new Error(m.error));
  });
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`bench server exited (code ${code}) during a call`));
    pending.clear();
  });
  const call = <T>(op: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ type: 'call', id, op, arg });
    });
  return {
    port: ready.port,
    origin: `http://127.0.0.1:${ready.port}`,
    info: ready.info ?? {},
    pid: child.pid ?? -1,
    call,
    memory: () => call<MemorySample>('memory'),
    cpu: () => call<number>('cpu'),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // A profile is written on a normal exit only, so ask first and kill only if it hangs.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' });
  });
}
