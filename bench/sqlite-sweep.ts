/**
 * `npx tsx bench/sqlite-sweep.ts [batch sizes...]`: how long one sweep batch of the sqlite store
 * blocks the event loop, for 100,000 expired sessions with random ids (the figures behind
 * SQLITE_STORE_DEFAULTS.sweepBatchSize; README, sqliteStore). Not part of `npm run bench`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { sqliteStore } from '../lib/session/store/index.js';
import { fillExpired } from '../spec/support/sqlite-rows.js';

const ROWS = 100_000;
const NOW = 10_000_000;
const sizes = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'jp-sweep-'));
try {
  for (const size of sizes.length > 0 ? sizes : [200, 500, 1000]) {
    const path = join(dir, `sweep-${size}.db`);
    const store = sqliteStore({ path, now: () => NOW, sweepBatchSize: size });
    fillExpired(path, ROWS, NOW, () => randomUUID().replaceAll('-', ''));
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    const report = await store.sweepExpired();
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    delay.disable();
    await store.close();
    console.log(
      `batch ${size}: ${report.sessions} sessions in ${report.batches} batches, ${(ms / 1000).toFixed(1)} s, ` +
        `${(ms / report.batches).toFixed(1)} ms per batch, longest event-loop block ${(delay.max / 1e6).toFixed(1)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
