/**
 * Scenario 2: GET /session_test with a valid cookie, the demo's page, against its ceiling: a bare
 * Express route that sends the same HTML as a fixed string with res.end (and, for reference, with
 * res.send, and with res.end behind jpSession(), which splits the gap into session and page costs). Visitors rotate over many sessions, as real traffic does; pages that no socket claims
 * expire quickly here so the page limits are never what is measured.
 */
import { startServer } from '../lib/child-server.js';
import { PAGE_PATH } from '../lib/constants.js';
import { startDemoServer } from '../lib/demo-server.js';
import { runHttpLoad, type HttpLoadResult } from '../lib/http-load.js';
import { fetchDemoPage, forgeSessionCookies } from '../lib/open-pages.js';
import { atLeast, emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';

const SESSIONS = 1000;
/** Unclaimed pages (no socket ever connects here) are dropped after 1 s instead of 60 s. */
const UNCLAIMED_MS = 1000;

export async function runPageRender(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('page');
  const durationSec = ctx.options.quick ? 1 : 7;
  const warmupSec = ctx.options.quick ? 0.5 : 1;
  const runs: Record<string, HttpLoadResult> = {};
  const cookies = await forgeSessionCookies(SESSIONS);
  let html = '';

  const demo = await startDemoServer(ctx, { limits: { unclaimedPageMs: UNCLAIMED_MS, maxPages: 100_000 } });
  try {
    html = (await fetchDemoPage(demo.origin, cookies[0] as string)).html;
    ctx.log(`  demo page: ${durationSec}s`);
    runs.page = await runHttpLoad({ url: demo.origin + PAGE_PATH, durationSec, warmupSec, ...rotating(cookies) });
  } finally {
    await demo.stop();
  }
  for (const mode of ['end', 'send', 'session-end'] as const) {
    if (mode !== 'end' && ctx.options.quick) continue;
    const fixed = await startServer('fixed-html', { args: [mode], cpuProfileDir: ctx.cpuProfileDir });
    try {
      await fixed.call('setHtml', html);
      ctx.log(`  fixed string with res.${mode}: ${durationSec}s`);
      runs[mode] = await runHttpLoad({ url: fixed.origin + PAGE_PATH, durationSec, warmupSec, ...rotating(cookies) });
    } finally {
      await fixed.stop();
    }
  }
  for (const [name, r] of Object.entries(runs)) {
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
    columns: ['server', 'req/s', 'p50 ms', 'p99 ms', 'vs ceiling'],
    rows: Object.entries(runs).map(([name, r]) => [label[name] ?? name, Math.round(r.rps), r.p50, r.p99, pct(ratio(r.rps, ceiling))]),
  });
  result.figures = { durationSec, sessions: SESSIONS, htmlBytes: Buffer.byteLength(html), runs, pageVsCeiling: round(ratio(runs.page?.rps ?? 0, ceiling), 4) };
  result.targets.push(atLeast('page GET >= 90% of its fixed-string ceiling', ratio(runs.page?.rps ?? Number.NaN, ceiling), 0.9, pct));
  return result;
}

/** Each autocannon connection cycles through requests carrying different session cookies. */
function rotating(cookies: readonly string[]) {
  return { requests: cookies.map((cookie) => ({ method: 'GET' as const, path: PAGE_PATH, headers: { cookie } })) };
}
