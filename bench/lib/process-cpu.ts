/** CPU time of another process (HAProxy, redis-server), read from /proc like the server children's own cpu(). */
import { readFile } from 'node:fs/promises';

/** Linux reports utime and stime in clock ticks, 100 per second on every platform Node runs on here. */
const MICROS_PER_TICK = 10_000;

/** A meter for `pid`: user + system CPU microseconds so far (all its threads), NaN once it is gone. */
export function processCpu(pid: number): { cpu(): Promise<number> } {
  return {
    async cpu() {
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        // Fields after the command name, which is in parentheses and may hold spaces.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
      } catch {
        return Number.NaN;
      }
    },
  };
}

/**
 * One meter over several processes, for runHttpLoad and runClickLoops (which sample it at the start
 * and the end of their measured window): the sum, plus each part over the last window.
 */
export function meterSum(parts: Record<string, { cpu(): Promise<number> }>): { cpu(): Promise<number>; lastWindow(): Record<string, number> } {
  const samples: Record<string, number>[] = [];
  return {
    async cpu() {
      const entries = await Promise.all(Object.entries(parts).map(async ([name, meter]) => [name, await meter.cpu()] as const));
      const sample = Object.fromEntries(entries);
      samples.push(sample);
      return entries.reduce((sum, [, us]) => sum + us, 0);
    },
    lastWindow() {
      const [start, end] = samples.slice(-2);
      return Object.fromEntries(Object.keys(parts).map((name) => [name, (end?.[name] ?? Number.NaN) - (start?.[name] ?? Number.NaN)]));
    },
  };
}
