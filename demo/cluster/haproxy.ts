// Debian's HAProxy in the foreground (-db) with a generated configuration in a temp folder,
// listening once it accepts a connection, stopped by its pid (the folder goes with it).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findHaproxy, HAPROXY_MISSING } from './executables.js';

export interface Haproxy {
  pid: number;
  /** The configuration it runs. */
  config: string;
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** Everything it wrote to stderr so far (its log: servers going down and up). */
  stderr(): string;
  /** SIGTERM (HAProxy's hard stop), SIGKILL after 2 s; removes the temp folder. */
  stop(): Promise<void>;
}

export interface HaproxyStartOptions {
  config: string;
  /** The address the configuration binds, to wait for. */
  host: string;
  port: number;
  onLine?: (line: string) => void;
  /** Aborting it before HAProxy listens stops it (and removes its folder) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export async function startHaproxy(options: HaproxyStartOptions): Promise<Haproxy> {
  const binary = findHaproxy();
  if (binary === undefined) throw new Error(HAPROXY_MISSING);
  options.signal?.throwIfAborted();
  const dir = mkdtempSync(join(tmpdir(), 'jp-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, options.config);
  const child = spawn(binary, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const onData = (chunk: Buffer): void => {
    err += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line !== '') options.onLine?.(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    const force = setTimeout(() => alive() && child.kill('SIGKILL'), 2000);
    if (alive()) child.kill('SIGTERM');
    await exited;
    clearTimeout(force);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(options.host, options.port))) {
    if (options.signal?.aborted) {
      await stop();
      throw options.signal.reason;
    }
    if (!alive() || Date.now() > deadline) {
      await stop();
      throw new Error(`haproxy did not listen on ${options.host}:${options.port}: ${err.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { pid: child.pid!, config: options.config, exited, stderr: () => err, stop };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
