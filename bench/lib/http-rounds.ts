import type { HttpLoadResult } from './http-load.js';

/**
 * How the HTTP scenarios measure: servers are interleaved in rounds so that noise from elsewhere on
 * the machine hits all of them, and the best round of each case is kept (a capacity figure:
 * interference only ever lowers it). Quick runs do one short round.
 */
export function httpRoundPlan(quick: boolean, fullDurationSec: number): { durationSec: number; warmupSec: number; rounds: number } {
  return quick ? { durationSec: 1, warmupSec: 0.5, rounds: 1 } : { durationSec: fullDurationSec, warmupSec: 1, rounds: 3 };
}

/** Every round of each case (kept in the results JSON) and the best one by requests/s (used for ratios). */
export class BestOfRounds {
  readonly best: Record<string, HttpLoadResult> = {};
  readonly all: Record<string, HttpLoadResult[]> = {};

  add(key: string, result: HttpLoadResult): void {
    (this.all[key] ??= []).push(result);
    const best = this.best[key];
    if (!best || result.rps > best.rps) this.best[key] = result;
  }
}
