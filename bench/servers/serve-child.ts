/**
 * Child side of a bench server: listen on 127.0.0.1:0, tell the parent the port, answer its calls.
 * Every server offers `memory` (forced GC when started with --expose-gc, then process.memoryUsage()),
 * `heapAfterMajorGc` (heapUsed just after the last mark-sweep, no GC forced) and `cpu` (microseconds
 * of CPU used so far).
 */
import type http from 'node:http';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildMessage, MemorySample, ParentMessage } from '../lib/ipc-protocol.js';

export type Operation = (arg: unknown) => unknown;

export interface ServeOptions {
  /** Extra operations the parent may call by name. */
  ops?: Record<string, Operation>;
  info?: Record<string, unknown>;
  /** Runs before the process exits on `stop` (close renderers, sockets). */
  onStop?: () => Promise<void> | void;
}

export async function serveChild(server: http.Server, options: ServeOptions = {}): Promise<void> {
  if (!process.send) throw new Error('bench servers run as children with an IPC channel (bench/lib/child-server.ts)');
  const send = (m: ChildMessage) => process.send?.(m);
  const afterGc = watchMajorGcs();
  const ops: Record<string, Operation> = {
    memory: () => sampleMemory(),
    // heapUsed right after the last major GC: the live heap, without forcing a GC (and its pause).
    heapAfterMajorGc: () => ({ ...afterGc }),
    // CPU microseconds (user + system) this process has used: per-request cost, even when the load
    // generator and not this server is what limits the rate.
    cpu: () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    },
    ...options.ops,
  };

  process.on('message', async (m: ParentMessage) => {
    if (m.type === 'stop') {
      await options.onStop?.();
      server.closeAllConnections();
      server.close();
      process.exit(0);
    }
    const op = ops[m.op];
    try {
      if (!op) throw new Error(`unknown op '${m.op}'`);
      send({ type: 'reply', id: m.id, ok: true, result: await op(m.arg) });
    } catch (err) {
      send({ type: 'reply', id: m.id, ok: false, error: String((err as Error)?.stack ?? err) });
    }
  });
  // The parent going away must not leave a server behind.
  process.on('disconnect', () => process.exit(0));

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send({ type: 'ready', port: (server.address() as AddressInfo).port, info: options.info });
}

async function sampleMemory(): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    // Two full collections with a turn of the loop between them, so weak callbacks and finalizers run.
    gc();
    await sleep(50);
    gc();
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, gcForced: gc !== undefined };
}

/** Tracks heapUsed just after each major (mark-sweep) GC. */
function watchMajorGcs(): { bytes: number; count: number } {
  const seen = { bytes: Number.NaN, count: 0 };
  const observer = new PerformanceObserver((list) => {
    const major = list.getEntries().some((e: PerformanceEntry & { detail?: { kind?: number } }) => e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!major) return;
    seen.bytes = process.memoryUsage().heapUsed;
    seen.count++;
  });
  observer.observe({ entryTypes: ['gc'] });
  return seen;
}
