/**
 * Scenario 1: what a session layer costs on a route that returns a short text.
 * Bare Express vs Express + jpSession() vs Express + express-session (MemoryStore), each for a
 * returning visitor (valid cookie; 1,000 visitors in rotation) and a new visitor (no cookie, so a
 * cookie is issued every time).
 */
import { startServer, type ChildServer } from '../lib/child-server.js';
import { HELLO_PATH } from '../lib/constants.js';
import { mapLimit } from '../lib/map-limit.js';
import { forgeSessionCookies } from '../lib/open-pages.js';
import { runHttpLoad } from '../lib/http-load.js';
import { BestOfRounds, httpRoundPlan } from '../lib/http-rounds.js';
import { atLeast, emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';

type Variant = 'bare' | 'noop' | 'jp-session' | 'express-session';
type Visitor = 'returning' | 'new';
const VARIANTS: Variant[] = ['bare', 'noop', 'jp-session', 'express-session'];
/** Returning visitors in rotation: many sessions, as real traffic has (and within jpSession's verified-cookie cache). */
const RETURNING_VISITORS = 1000;
const LABEL: Record<Variant, string> = {
  bare: 'bare Express',
  noop: 'Express + a no-op middleware',
  'jp-session': 'Express + jpSession()',
  'express-session': 'Express + express-session',
};

export async function runSessionOverhead(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('session');
  const { durationSec, warmupSec, rounds } = httpRoundPlan(ctx.options.quick, 4);
  const measured = new BestOfRounds();
  const { best: runs, all: allRounds } = measured;

  const servers = new Map<Variant, { server: ChildServer; cookies: string[] }>();
  try {
    for (const variant of VARIANTS) {
      const server = await startServer('session-overhead', { args: [variant], cpuProfileDir: ctx.cpuProfileDir });
      const cookies = await returningCookies(server, variant, RETURNING_VISITORS);
      servers.set(variant, { server, cookies });
      const url = server.origin + HELLO_PATH;
      // Check each case is what it claims to be before measuring it.
      if (variant === 'jp-session' || variant === 'express-session') {
        await expectCookieIssued(url, undefined, true, `${variant} new visitor`, result.failures);
        await expectCookieIssued(url, cookies[0], false, `${variant} returning visitor`, result.failures);
      }
    }
    for (let round = 1; round <= rounds; round++) {
      for (const visitor of ['returning', 'new'] as Visitor[]) {
        for (const variant of VARIANTS) {
          const { server, cookies } = servers.get(variant)!;
          const requests = visitor === 'returning' ? cookies.map((cookie) => ({ method: 'GET' as const, path: HELLO_PATH, headers: { cookie } })) : undefined;
          ctx.log(`  round ${round}/${rounds}: ${LABEL[variant]}, ${visitor} visitor, ${durationSec}s`);
          const r = await runHttpLoad({ url: server.origin + HELLO_PATH, requests, durationSec, warmupSec, server });
          if (r.non2xx > 0 || r.errors > 0) {
            result.failures.push(`${variant} ${visitor}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
          }
          measured.add(`${variant}/${visitor}`, r);
        }
      }
    }
  } finally {
    for (const { server } of servers.values()) await server.stop();
  }

  const rows: (string | number)[][] = [];
  const ratios: Record<string, number> = {};
  for (const visitor of ['returning', 'new'] as Visitor[]) {
    const bare = runs[`bare/${visitor}`];
    for (const variant of VARIANTS) {
      const r = runs[`${variant}/${visitor}`];
      if (!r || !bare) continue;
      const rel = ratio(r.rps, bare.rps);
      ratios[`${variant}/${visitor}`] = rel;
      rows.push([visitor, LABEL[variant], Math.round(r.rps), r.p50, r.p99, pct(rel), round(r.serverCpuUs, 1), pct(ratio(bare.serverCpuUs, r.serverCpuUs))]);
    }
  }
  result.tables.push({
    title: '1. Session middleware overhead (GET of a short text, 50 connections)',
    columns: ['visitor', 'server', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'server CPU µs/req', 'bare CPU / this'],
    rows,
  });
  result.figures = {
    durationSec,
    rounds,
    runs,
    allRounds,
    ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, round(v, 4)])),
  };

  const jpRet = ratios['jp-session/returning'] ?? Number.NaN;
  const jpNew = ratios['jp-session/new'] ?? Number.NaN;
  result.targets.push(atLeast('jpSession >= 95% of bare Express, returning visitor', jpRet, 0.95, pct));
  for (const visitor of ['returning', 'new'] as Visitor[]) {
    const jp = ratios[`jp-session/${visitor}`] ?? Number.NaN;
    const es = ratios[`express-session/${visitor}`] ?? Number.NaN;
    result.targets.push({
      target: `jpSession ahead of express-session, ${visitor} visitor`,
      measured: `${pct(jp)} vs ${pct(es)}`,
      met: jp > es,
      shortfall: jp > es ? '' : `${pct(es - jp)} behind`,
    });
  }
  result.figures['jpSessionNewVsBare'] = round(jpNew, 4);
  return result;
}

/**
 * Valid session cookies: forged with signSessionId for jpSession (and sent, unread, to the servers
 * without sessions, so every request carries the same header bytes), obtained one request each
 * for express-session.
 */
async function returningCookies(server: ChildServer, variant: Variant, count: number): Promise<string[]> {
  if (variant !== 'express-session') return forgeSessionCookies(count);
  return mapLimit(Array.from({ length: count }), 16, async () => {
    const res = await fetch(server.origin + HELLO_PATH);
    await res.arrayBuffer();
    const setCookie = res.headers.get('set-cookie');
    if (!setCookie) throw new Error('express-session issued no cookie on the first visit');
    return setCookie.split(';')[0] as string;
  });
}

async function expectCookieIssued(
  url: string,
  cookie: string | undefined,
  expected: boolean,
  label: string,
  failures: string[],
): Promise<void> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  await res.arrayBuffer();
  const issued = res.headers.get('set-cookie') !== null;
  if (res.status !== 200) failures.push(`${label}: status ${res.status}`);
  else if (issued !== expected) {
    failures.push(`${label}: expected ${expected ? 'a' : 'no'} Set-Cookie, got ${issued ? 'one' : 'none'}`);
  }
}
