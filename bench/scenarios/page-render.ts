/**
 * Scenario 2: GET /session_test with a valid cookie, the demo's page, against its ceiling: a bare
 * Express route that sends the same HTML as a fixed string with res.end (and, for reference, with
 * res.send, and with res.end behind jpSession(), which splits the gap into session and page costs). Visitors rotate over many sessions, as real traffic does; pages that no socket claims
 * expire quickly here so the page limits are never what is measured.
 */
import { startServer, type ChildServer } from '../lib/child-server.js';
import { PAGE_PATH } from '../lib/constants.js';
import { startDemoServer } from '../lib/demo-server.js';
import { runHttpLoad } from '../lib/http-load.js';
import { BestOfRounds, httpRoundPlan } from '../lib/http-rounds.js';
import { fetchDemoPage, forgeSessionCookies } from '../lib/open-pages.js';
import { atLeast, emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';

const SESSIONS = 1000;
/** Unclaimed pages (no socket ever connects here) are dropped after 1 s instead of 60 s. */
const UNCLAIMED_MS = 1000;

export async function runPageRender(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('page');
  const { durationSec, warmupSec, rounds } = httpRoundPlan(ctx.options.quick, 3);
  const measured = new BestOfRounds();
  const { best: runs, all: allRounds } = measured;
  const cookies = await forgeSessionCookies(SESSIONS);
  let html = '';

  const servers: { name: string; server: ChildServer }[] = [];
  try {
    const demo = await startDemoServer(ctx, { limits: { unclaimedPageMs: UNCLAIMED_MS, maxPages: 100_000 } });
    servers.push({ name: 'page', server: demo });
    html = (await fetchDemoPage(demo.origin, cookies[0] as string)).html;
    for (const mode of ctx.options.quick ? (['end'] as const) : (['end', 'send', 'session-end'] as const)) {
      const fixed = await startServer('fixed-html', { args: [mode], cpuProfileDir: ctx.cpuProfileDir });
      servers.push({ name: mode, server: fixed });
      await fixed.call('setHtml', html);
    }
    for (let round = 1; round <= rounds; round++) {
      for (const { name, server } of servers) {
        ctx.log(`  round ${round}/${rounds}: ${name}, ${durationSec}s`);
        const r = await runHttpLoad({ url: server.origin + PAGE_PATH, durationSec, warmupSec, server, ...rotating(cookies) });
        measured.add(name, r);
      }
    }
  } finally {
    for (const { server } of servers) await server.stop();
  }
  for (const [name, r] of Object.entries(allRounds).flatMap(([n, rs]) => rs.map((x) => [n, x] as const))) {
    if (r.non2xx > 0 || r.errors > 0) result.failures.push(`${name}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
  }

  const ceiling = runs.end?.rps ?? Number.NaN;
  const label: Record<string, string> = {
    page: 'demo page (renderer)',
    end: 'fixed string, res.end (ceiling)',
    send: 'fixed string, res.send',
    'session-end': 'jpSession() + fixed string, res.end',
  };
  result.tables.push({
    title: `2. Page render: GET ${PAGE_PATH} with a valid cookie (${Buffer.byteLength(html)} bytes of HTML, 50 connections)`,
    columns: ['server', 'req/s', 'p50 ms', 'p99 ms', 'vs ceiling', 'server CPU µs/req', 'ceiling CPU / this'],
    rows: Object.entries(runs).map(([name, r]) => [
      label[name] ?? name,
      Math.round(r.rps),
      r.p50,
      r.p99,
      pct(ratio(r.rps, ceiling)),
      round(r.serverCpuUs, 1),
      pct(ratio(runs.end?.serverCpuUs ?? Number.NaN, r.serverCpuUs)),
    ]),
  });
  result.figures = { durationSec, rounds, allRounds, sessions: SESSIONS, htmlBytes: Buffer.byteLength(html), runs, pageVsCeiling: round(ratio(runs.page?.rps ?? 0, ceiling), 4) };
  result.targets.push(atLeast('page GET >= 90% of its fixed-string ceiling', ratio(runs.page?.rps ?? Number.NaN, ceiling), 0.9, pct));
  return result;
}

/** Each autocannon connection cycles through requests carrying different session cookies. */
function rotating(cookies: readonly string[]) {
  return { requests: cookies.map((cookie) => ({ method: 'GET' as const, path: PAGE_PATH, headers: { cookie } })) };
}
