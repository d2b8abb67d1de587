/** The server's heap while a flood runs, sampled without forcing a GC (the flood must not be paused). */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoServer } from './demo-server.js';
import { round } from './stats.js';

const SAMPLE_EVERY_MS = 250;
const MB = 1024 * 1024;

export interface HeapTrace {
  /** [seconds since the trace started, heapUsed bytes, live pages, heapUsed after the last major GC] */
  samples: [number, number, number, number][];
}

export interface HeapWindow {
  /** Highest heapUsed sampled in the window. */
  heapMB: number;
  /** Most live pages sampled in the window. */
  pages: number;
  /** heapUsed after the last major GC as the window ends: the live heap, which garbage does not blur. */
  liveMB: number;
}

/** Samples heapUsed, live pages and the live heap every SAMPLE_EVERY_MS until `stopped()`. */
export async function traceHeap(server: DemoServer, stopped: () => boolean): Promise<HeapTrace> {
  const t0 = performance.now();
  const trace: HeapTrace = { samples: [] };
  while (!stopped()) {
    const [mem, stats, live] = await Promise.all([server.memory(), server.stats(), server.call<{ bytes: number }>('heapAfterMajorGc')]);
    trace.samples.push([(performance.now() - t0) / 1000, mem.heapUsed, stats.pages, live.bytes]);
    await sleep(SAMPLE_EVERY_MS);
  }
  return trace;
}

/** The samples whose time falls in [from, to) seconds. */
export function heapIn(trace: HeapTrace, from: number, to: number): HeapWindow {
  const inside = trace.samples.filter(([t]) => t >= from && t < to);
  return {
    heapMB: round(Math.max(...inside.map(([, h]) => h)) / MB, 1),
    pages: Math.max(...inside.map(([, , p]) => p)),
    liveMB: round((inside.at(-1)?.[3] ?? Number.NaN) / MB, 1),
  };
}
