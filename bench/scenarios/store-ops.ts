/**
 * Scenario 6: session-store operations per second (get, set, incr, update, getAll) for the
 * memory, sqlite and redis stores, each as a ratio to the memory store measured in the same run.
 * All in this process (redis-server in its own), 16 operations in flight over 1,000 sessions of
 * five fields (100 with --quick). Afterwards every counter that incr and update moved must add up to the calls made.
 */
import { performance } from 'node:perf_hooks';
import type { SessionStore, StoreValue } from '../../lib/session/store/index.js';
import { emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';
import { BACKENDS, openBackends, type BackendName } from '../lib/store-backends.js';

const IN_FLIGHT = 16;
const OPERATIONS = ['get', 'set', 'incr', 'update', 'getAll'] as const;
type Operation = (typeof OPERATIONS)[number];

const CALLS: Record<Operation, (store: SessionStore, sid: string) => Promise<unknown>> = {
  get: (store, sid) => store.get(sid, 'name'),
  set: (store, sid) => store.set(sid, 'note', 'a short note of about forty characters.'),
  incr: (store, sid) => store.incr(sid, 'hits'),
  update: (store, sid) => store.update(sid, 'cart', (cart) => ({ ...(cart as { n: number }), n: (cart as { n: number }).n + 1 })),
  getAll: (store, sid) => store.getAll(sid),
};

export async function runStoreOps(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('store');
  // Quick: about 1.5 s in all, most of it seeding (a sqlite write is one commit) and 15 short cells.
  const { cellMs, rounds, sessions } = ctx.options.quick ? { cellMs: 60, rounds: 1, sessions: 100 } : { cellMs: 500, rounds: 3, sessions: 1000 };
  const sids = Array.from({ length: sessions }, (_, i) => `bench-${i}`);
  const best: Record<string, number> = {};
  const calls: Record<string, number> = {};
  const backends = await openBackends();
  try {
    for (const store of Object.values(backends.stores)) await seed(store, sids);
    for (let round = 1; round <= rounds; round++) {
      for (const op of OPERATIONS) {
        for (const [name, store] of Object.entries(backends.stores)) {
          ctx.log(`  round ${round}/${rounds}: ${name} ${op}, ${cellMs} ms`);
          const { done, perSecond } = await closedLoop(() => CALLS[op](store, sids[next++ % sessions] as string), cellMs);
          const key = `${name}/${op}`;
          best[key] = Math.max(best[key] ?? 0, perSecond);
          calls[key] = (calls[key] ?? 0) + done;
        }
      }
    }
    for (const [name, store] of Object.entries(backends.stores)) await checkCounters(store, sids, name, calls, result.failures);
  } finally {
    await backends.close();
  }

  const rows = OPERATIONS.map((op) => {
    const memory = best[`memory/${op}`] ?? Number.NaN;
    const row: (string | number)[] = [op];
    for (const name of BACKENDS) {
      const rate = best[`${name}/${op}`];
      if (rate === undefined) row.push(backends.missing[name] ?? 'n/a', '');
      else row.push(Math.round(rate), name === 'memory' ? '100%' : pct(ratio(rate, memory)));
    }
    return row;
  });
  result.tables.push({
    title: `6. Session-store operations per second (${IN_FLIGHT} in flight, ${sessions} sessions; best of ${rounds} × ${cellMs} ms)`,
    columns: ['operation', ...BACKENDS.flatMap((name) => [`${name} ops/s`, 'vs memory'])],
    rows,
  });
  for (const [name, why] of Object.entries(backends.missing)) result.notes.push(`store: no ${name} figures: ${why}`);
  result.figures = {
    cellMs,
    rounds,
    inFlight: IN_FLIGHT,
    opsPerSecond: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Math.round(v)])),
    ratioToMemory: Object.fromEntries(
      Object.entries(best).map(([k, v]) => [k, round(ratio(v, best[`memory/${k.split('/')[1]}`] ?? Number.NaN), 4)]),
    ),
    missing: backends.missing,
  };
  return result;
}

let next = 0;

/** IN_FLIGHT loops calling op back to back for `ms`; how many completed and their rate. */
async function closedLoop(op: () => Promise<unknown>, ms: number): Promise<{ done: number; perSecond: number }> {
  let done = 0;
  const started = performance.now();
  const end = started + ms;
  const loop = async () => {
    while (performance.now() < end) {
      await op();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
  return { done, perSecond: (done * 1000) / (performance.now() - started) };
}

async function seed(store: SessionStore, sids: string[]): Promise<void> {
  const fields: Record<string, StoreValue> = { name: 'Ada Lovelace', hits: 0, cart: { n: 0, items: ['tea', 'scones'] }, note: '', prefs: { theme: 'dark' } };
  for (const sid of sids) for (const [field, value] of Object.entries(fields)) await store.set(sid, field, value);
}

/** Every incr and every update must be in the data: a lost or doubled one fails the run. */
async function checkCounters(store: SessionStore, sids: string[], name: string, calls: Record<string, number>, failures: string[]): Promise<void> {
  let hits = 0;
  let updates = 0;
  for (const sid of sids) {
    const all = await store.getAll(sid);
    hits += all.hits as number;
    updates += (all.cart as { n: number }).n;
  }
  if (hits !== calls[`${name}/incr`]) failures.push(`${name}: ${calls[`${name}/incr`]} incr calls, but the counters add up to ${hits}`);
  if (updates !== calls[`${name}/update`]) failures.push(`${name}: ${calls[`${name}/update`]} update calls, but the counters add up to ${updates}`);
}
