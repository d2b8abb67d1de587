/**
 * Scenario 7: the demo on each session store. Page GETs (autocannon, 50 connections, 1,000
 * sessions in rotation: each GET increments `visits` and reads `events`) and click round trips at
 * 50 sessions (each click increments `events` and reads `visits`), with the demo's data on the
 * memory store, on SQLite (a temp file) and on Redis (a private redis-server), each as a ratio to
 * memory measured in the same run, servers interleaved in rounds, best round kept. Afterwards every
 * page's count must equal the clicks it sent, as the page and a fresh GET (the store) show it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_PATH } from '../lib/constants.js';
import { checkCounts } from '../lib/click-counts.js';
import { runClickLoops, type ClickRun } from '../lib/click-loops.js';
import { startDemoServer, type DemoServer } from '../lib/demo-server.js';
import { runHttpLoad, type HttpLoadResult } from '../lib/http-load.js';
import { BestOfRounds, httpRoundPlan } from '../lib/http-rounds.js';
import { closeAll, forgeSessionCookies, openDemoPages } from '../lib/open-pages.js';
import { atLeast, emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';
import { findRedisServer, REDIS_SERVER_MISSING } from '../../demo/cluster/executables.js';
import { startRedisServer, type RedisServer } from '../../demo/cluster/redis-server.js';

const PAGE_SESSIONS = 1000;
const CLICK_SESSIONS = 50;

export async function runStoreBackends(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('backends');
  const { durationSec, warmupSec, rounds } = httpRoundPlan(ctx.options.quick, 3);
  const clickMs = ctx.options.quick ? { warmup: 300, measure: 1000 } : { warmup: 500, measure: 2500 };
  const dir = mkdtempSync(join(tmpdir(), 'jp-bench-backends-'));
  const redis: RedisServer | undefined = findRedisServer() === undefined ? undefined : await startRedisServer();
  if (!redis) result.notes.push(`redis rows skipped: ${REDIS_SERVER_MISSING}`);
  const specs: Record<string, string> = { memory: 'memory', sqlite: `sqlite:${join(dir, 'demo.sqlite')}` };
  if (redis) specs.redis = redis.url;
  const servers: Record<string, DemoServer> = {};
  const pageRuns = new BestOfRounds();
  const clickRuns: Record<string, ClickRun> = {};
  try {
    for (const [name, store] of Object.entries(specs)) {
      servers[name] = await startDemoServer(ctx, { store, limits: { unclaimedPageMs: 5000, maxPages: 100_000 } });
    }
    const pageCookies = await forgeSessionCookies(PAGE_SESSIONS);
    const requests = pageCookies.map((cookie) => ({ method: 'GET' as const, path: PAGE_PATH, headers: { cookie } }));
    const clickCookies = await forgeSessionCookies(CLICK_SESSIONS);
    const pages = Object.fromEntries(
      await Promise.all(Object.entries(servers).map(async ([name, s]) => [name, await openDemoPages(s.origin, clickCookies)] as const)),
    );
    const errors: Record<string, (string | null)[]> = {};
    for (let r = 1; r <= rounds; r++) {
      for (const [name, server] of Object.entries(servers)) {
        ctx.log(`  round ${r}/${rounds}: ${name}: page GETs ${durationSec}s, then clicks at ${CLICK_SESSIONS} sessions`);
        pageRuns.add(name, await runHttpLoad({ url: server.origin + PAGE_PATH, durationSec, warmupSec, server, requests }));
        const open = pages[name]!;
        const run = await runClickLoops(open.map((p) => ({ socket: p.socket, component: p.page.buttonId })), clickMs.warmup, clickMs.measure, server);
        errors[name] = run.errors.map((e, i) => errors[name]?.[i] ?? e);
        if (!clickRuns[name] || run.roundTripsPerSec > clickRuns[name].roundTripsPerSec) clickRuns[name] = run;
      }
    }
    for (const [name, server] of Object.entries(servers)) {
      const open = pages[name]!;
      await closeAll(open);
      await checkCounts(server.origin, open, errors[name] ?? [], CLICK_SESSIONS, result.failures);
    }
    for (const [name, all] of Object.entries(pageRuns.all)) {
      for (const r of all) if (r.non2xx > 0 || r.errors > 0) result.failures.push(`${name}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
    }
  } finally {
    for (const server of Object.values(servers)) await server.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const memPage: HttpLoadResult | undefined = pageRuns.best.memory;
  const memClick = clickRuns.memory;
  result.tables.push({
    title: `7. The demo on each store: GET ${PAGE_PATH} (50 connections, ${PAGE_SESSIONS} sessions) and click round trips (${CLICK_SESSIONS} sessions)`,
    columns: ['store', 'page req/s', 'vs memory', 'CPU µs/req', 'clicks/s', 'p50 ms', 'p99 ms', 'vs memory', 'CPU µs/click'],
    rows: Object.keys(specs).map((name) => {
      const p = pageRuns.best[name];
      const c = clickRuns[name];
      return [
        name,
        p ? Math.round(p.rps) : 'n/a',
        p && memPage ? pct(ratio(p.rps, memPage.rps)) : '',
        p ? round(p.serverCpuUs, 1) : '',
        c ? Math.round(c.roundTripsPerSec) : 'n/a',
        c ? c.latency.p50 : '',
        c ? c.latency.p99 : '',
        c && memClick ? pct(ratio(c.roundTripsPerSec, memClick.roundTripsPerSec)) : '',
        c ? round(c.serverCpuUs, 1) : '',
      ];
    }),
  });
  result.figures = {
    rounds,
    durationSec,
    clickMs,
    page: pageRuns.all,
    clicks: Object.fromEntries(Object.entries(clickRuns).map(([n, r]) => [n, { ...r, errors: r.errors.filter(Boolean).length }])),
  };
  const ratioOf = (name: string): number => ratio(clickRuns[name]?.roundTripsPerSec ?? Number.NaN, memClick?.roundTripsPerSec ?? Number.NaN);
  result.targets.push(atLeast('click round trips with SQLite >= 75% of the memory store', ratioOf('sqlite'), 0.75, pct));
  if (redis) result.targets.push(atLeast('click round trips with Redis >= 50% of the memory store', ratioOf('redis'), 0.5, pct));
  return result;
}
