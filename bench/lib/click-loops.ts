/** Many sockets clicking at once, each one click at a time: round trips/s, latency, bytes per update. */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PageSocket } from './page-socket.js';
import { summarize, type LatencySummary } from './stats.js';

export interface Clicker {
  socket: PageSocket;
  component: string;
}

export interface ClickRun {
  sessions: number;
  /** Acknowledged round trips per second over the measured window, all sockets together. */
  roundTripsPerSec: number;
  latency: LatencySummary;
  /** Mean payload bytes of an acknowledging update. */
  bytesPerUpdate: number;
  measuredSec: number;
  /** Server CPU microseconds per round trip over the measured window (NaN without a server). */
  serverCpuUs: number;
  /** Per clicker error (lost reply, error reply, closed socket), or null. */
  errors: (string | null)[];
}

/** A click still unanswered after this long counts as lost. */
const LOST_AFTER_MS = 10_000;

export async function runClickLoops(
  clickers: readonly Clicker[],
  warmupMs: number,
  measureMs: number,
  server?: { cpu(): Promise<number> },
): Promise<ClickRun> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + measureMs;
  const latencies: number[] = [];
  let bytes = 0;
  // Server CPU at the start and end of the measured window (an IPC round trip late: negligible).
  const cpuAt = (t: number) => (server ? sleep(Math.max(0, t - performance.now())).then(() => server.cpu()) : Promise.resolve(Number.NaN));
  const cpuStart = cpuAt(measureFrom);
  const cpuEnd = cpuAt(end);
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const c of clickers) c.socket.failIfOlderThan(LOST_AFTER_MS, now);
  }, 1000);
  const errors = await Promise.all(
    clickers.map(async (c): Promise<string | null> => {
      try {
        while (performance.now() < end) {
          const sentAt = performance.now();
          const r = await c.socket.click(c.component);
          if (sentAt >= measureFrom) {
            latencies.push(r.latencyMs);
            bytes += r.bytes;
          }
        }
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    }),
  );
  clearInterval(watchdog);
  const cpuUs = (await cpuEnd) - (await cpuStart);
  const measuredSec = (Math.max(performance.now(), end) - measureFrom) / 1000;
  return {
    sessions: clickers.length,
    roundTripsPerSec: latencies.length / measuredSec,
    latency: summarize(latencies),
    bytesPerUpdate: latencies.length > 0 ? bytes / latencies.length : Number.NaN,
    measuredSec,
    serverCpuUs: latencies.length > 0 ? cpuUs / latencies.length : Number.NaN,
    errors,
  };
}
