// Deletes expired rows a bounded batch at a time, one short write transaction per batch, and
// yields to the event loop between batches: better-sqlite3 is synchronous, so one DELETE of 100k
// expired sessions would stall every request of the process (and hold the write lock for all
// processes sharing the file) for as long as it runs (etherpad PR #7448: 16M rows).

export interface SweepReport {
  /** Expired sessions and tombstones deleted. */
  sessions: number;
  /** Write transactions it took (each deletes at most the batch size). */
  batches: number;
  /** The most one batch deleted. */
  largestBatch: number;
}

/**
 * Runs `batch` (which deletes at most `batchSize` rows and returns how many it deleted) until a
 * batch comes back short, with a setImmediate turn between batches; stops early when `stopped()`.
 */
export async function sweepInBatches(batch: () => number, batchSize: number, stopped: () => boolean): Promise<SweepReport> {
  const report: SweepReport = { sessions: 0, batches: 0, largestBatch: 0 };
  while (!stopped()) {
    const deleted = batch();
    report.sessions += deleted;
    report.batches += 1;
    report.largestBatch = Math.max(report.largestBatch, deleted);
    if (deleted < batchSize) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return report;
}
