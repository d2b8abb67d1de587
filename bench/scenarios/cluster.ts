/**
 * Scenario 9: several instances. The demo on one private redis-server, measured three ways in the
 * same run, in interleaved rounds (best round kept): instance A directly, HAProxy in front of A
 * alone (what the proxy costs), and HAProxy in front of A and B (what a second instance gives). Page
 * GETs (autocannon, 50 connections, 1,000 returning sessions, each with its affinity cookie) and
 * click round trips (50 sessions). On 2 cores the load generator, HAProxy and the instances share
 * the machine, so beside each rate stands the CPU per operation of the instances and of HAProxy.
 * Afterwards every page's count must equal the clicks it sent. Without haproxy or redis-server the
 * scenario says so in a note and measures nothing.
 */
import { haproxyConfig, AFFINITY_COOKIE } from '../../demo/cluster/haproxy-config.js';
import { startHaproxy, type Haproxy } from '../../demo/cluster/haproxy.js';
import { freePort } from '../../demo/cluster/free-port.js';
import { missingForCluster } from '../../demo/cluster/executables.js';
import { startRedisServer, type RedisServer } from '../../demo/cluster/redis-server.js';
import { checkCounts } from '../lib/click-counts.js';
import { runClickLoops, type ClickRun } from '../lib/click-loops.js';
import { EVENT_RATE_OFF, PAGE_PATH } from '../lib/constants.js';
import { startDemoServer, type DemoServer } from '../lib/demo-server.js';
import { runHttpLoad } from '../lib/http-load.js';
import { BestOfRounds, httpRoundPlan } from '../lib/http-rounds.js';
import { closeAll, forgeSessionCookies, openDemoPages, type OpenPage } from '../lib/open-pages.js';
import { meterSum, processCpu } from '../lib/process-cpu.js';
import { emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';

const PAGE_SESSIONS = 1000;
const CLICK_SESSIONS = 50;

interface Path {
  name: string;
  origin: string;
  /** Affinity cookie values to spread the page GETs over (none for the instance itself). */
  affinity: string[];
  meters: Record<string, { cpu(): Promise<number> }>;
}

export async function runCluster(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('cluster');
  const missing = missingForCluster();
  if (missing.length > 0) {
    result.notes.push(`cluster scenario skipped: ${missing.join('; ')}`);
    return result;
  }
  const { durationSec, warmupSec, rounds } = httpRoundPlan(ctx.options.quick, 3);
  const clickMs = ctx.options.quick ? { warmup: 200, measure: 700 } : { warmup: 500, measure: 2500 };
  let redis: RedisServer | undefined;
  const servers: DemoServer[] = [];
  const proxies: Haproxy[] = [];
  const pageRuns = new BestOfRounds();
  const clickRuns: Record<string, ClickRun> = {};
  const cpuSplit: Record<string, { page?: Record<string, number>; click?: Record<string, number> }> = {};
  let paths: Path[] = [];
  try {
    redis = await startRedisServer();
    const limits = { unclaimedPageMs: 5000, maxPages: 100_000, maxEventsPerSocketPerSecond: EVENT_RATE_OFF };
    const [a, b] = [await startDemoServer(ctx, { store: redis.url, limits }), await startDemoServer(ctx, { store: redis.url, limits })] as [DemoServer, DemoServer];
    servers.push(a, b);
    const proxy = async (backends: Array<[string, DemoServer]>): Promise<{ origin: string; pid: number }> => {
      const port = await freePort();
      const config = haproxyConfig({ bind: { host: '127.0.0.1', port }, servers: backends.map(([name, s]) => ({ name, host: '127.0.0.1', port: s.port })) });
      const started = await startHaproxy({ config, host: '127.0.0.1', port });
      proxies.push(started);
      return { origin: `http://127.0.0.1:${port}`, pid: started.pid };
    };
    const [single, pair] = [await proxy([['a', a]]), await proxy([['a', a], ['b', b]])];
    paths = [
      { name: 'instance A directly', origin: a.origin, affinity: [], meters: { app: a } },
      { name: 'HAProxy -> A', origin: single.origin, affinity: ['a'], meters: { app: a, haproxy: processCpu(single.pid) } },
      { name: 'HAProxy -> A + B', origin: pair.origin, affinity: ['a', 'b'], meters: { app: meterSum({ a, b }), haproxy: processCpu(pair.pid) } },
    ];
    const sessionCookies = await forgeSessionCookies(PAGE_SESSIONS);
    const pages: Record<string, OpenPage[]> = {};
    for (const path of paths) pages[path.name] = await openDemoPages(path.origin, await forgeSessionCookies(CLICK_SESSIONS));
    const errors: Record<string, (string | null)[]> = {};
    for (let r = 1; r <= rounds; r++) {
      for (const path of paths) {
        ctx.log(`  round ${r}/${rounds}: ${path.name}: page GETs ${durationSec}s, then clicks at ${CLICK_SESSIONS} sessions`);
        const requests = sessionCookies.map((cookie, i) => ({
          method: 'GET' as const,
          path: PAGE_PATH,
          headers: { cookie: path.affinity.length === 0 ? cookie : `${cookie}; ${AFFINITY_COOKIE}=${path.affinity[i % path.affinity.length]}` },
        }));
        const meter = meterSum(path.meters);
        const page = await runHttpLoad({ url: path.origin + PAGE_PATH, durationSec, warmupSec, server: meter, requests });
        if (!pageRuns.best[path.name] || page.rps > pageRuns.best[path.name]!.rps) (cpuSplit[path.name] ??= {}).page = perOp(meter.lastWindow(), page.requests);
        pageRuns.add(path.name, page);
        const open = pages[path.name]!;
        const clicks = await runClickLoops(open.map((p) => ({ socket: p.socket, component: p.page.buttonId })), clickMs.warmup, clickMs.measure, meter);
        errors[path.name] = clicks.errors.map((e, i) => errors[path.name]?.[i] ?? e);
        if (!clickRuns[path.name] || clicks.roundTripsPerSec > clickRuns[path.name]!.roundTripsPerSec) {
          clickRuns[path.name] = clicks;
          (cpuSplit[path.name] ??= {}).click = perOp(meter.lastWindow(), clicks.roundTripsPerSec * clicks.measuredSec);
        }
      }
    }
    for (const path of paths) {
      await closeAll(pages[path.name]!);
      await checkCounts(path.origin, pages[path.name]!, errors[path.name] ?? [], CLICK_SESSIONS, result.failures);
    }
    for (const [name, all] of Object.entries(pageRuns.all)) {
      for (const r of all) if (r.non2xx > 0 || r.errors > 0) result.failures.push(`${name}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
    }
  } finally {
    for (const p of proxies) await p.stop();
    for (const s of servers) await s.stop();
    await redis?.stop();
  }

  const [direct, viaOne, viaTwo] = paths.map((p) => p.name) as [string, string, string];
  const cpuCell = (split: Record<string, number> | undefined): string => {
    if (split === undefined) return '';
    const app = String(round(split.app ?? Number.NaN, 1));
    return split.haproxy === undefined ? app : `${app} + ${round(split.haproxy, 1)}`;
  };
  result.tables.push({
    title: `9. Several instances on one redis-server: GET ${PAGE_PATH} (50 connections, ${PAGE_SESSIONS} sessions) and click round trips (${CLICK_SESSIONS} sessions); CPU µs per op: instances + HAProxy`,
    columns: ['path', 'page req/s', 'ratio', 'CPU µs/req', 'clicks/s', 'p50 ms', 'p99 ms', 'ratio', 'CPU µs/click'],
    rows: paths.map(({ name }) => {
      const p = pageRuns.best[name];
      const c = clickRuns[name];
      const base = name === viaTwo ? viaOne : direct;
      const pageBase = pageRuns.best[base];
      const clickBase = clickRuns[base];
      return [
        name,
        p ? Math.round(p.rps) : 'n/a',
        name === direct || !p || !pageBase ? '' : `${pct(ratio(p.rps, pageBase.rps))} of ${base === direct ? 'direct' : 'one'}`,
        cpuCell(cpuSplit[name]?.page),
        c ? Math.round(c.roundTripsPerSec) : 'n/a',
        c ? c.latency.p50 : '',
        c ? c.latency.p99 : '',
        name === direct || !c || !clickBase ? '' : `${pct(ratio(c.roundTripsPerSec, clickBase.roundTripsPerSec))} of ${base === direct ? 'direct' : 'one'}`,
        cpuCell(cpuSplit[name]?.click),
      ];
    }),
  });
  result.figures = {
    rounds,
    durationSec,
    clickMs,
    page: pageRuns.all,
    cpuPerOp: cpuSplit,
    clicks: Object.fromEntries(Object.entries(clickRuns).map(([n, r]) => [n, { ...r, errors: r.errors.filter(Boolean).length }])),
  };
  return result;
}

function perOp(window: Record<string, number>, ops: number): Record<string, number> {
  return Object.fromEntries(Object.entries(window).map(([name, us]) => [name, ops > 0 ? us / ops : Number.NaN]));
}
