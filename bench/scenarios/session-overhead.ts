/**
 * Scenario 1: what a session layer costs on a route that returns a short text.
 * Bare Express vs Express + jpSession() vs Express + express-session (MemoryStore), each for a
 * returning visitor (valid cookie) and a new visitor (no cookie, so a cookie is issued every time).
 */
import { randomUUID } from 'node:crypto';
import { startServer, type ChildServer } from '../lib/child-server.js';
import { BENCH_SECRET, HELLO_PATH } from '../lib/constants.js';
import { runHttpLoad, type HttpLoadResult } from '../lib/http-load.js';
import { atLeast, emptyResult, pct, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';

type Variant = 'bare' | 'noop' | 'jp-session' | 'express-session';
type Visitor = 'returning' | 'new';
const VARIANTS: Variant[] = ['bare', 'noop', 'jp-session', 'express-session'];
const LABEL: Record<Variant, string> = {
  bare: 'bare Express',
  noop: 'Express + a no-op middleware',
  'jp-session': 'Express + jpSession()',
  'express-session': 'Express + express-session',
};

export async function runSessionOverhead(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('session');
  const durationSec = ctx.options.quick ? 1 : 4;
  const warmupSec = ctx.options.quick ? 0.5 : 1;
  // Rounds interleave the servers so that noise from elsewhere on the machine hits all of them; the
  // best round of each case is kept (a capacity figure: interference only ever lowers it).
  const rounds = ctx.options.quick ? 1 : 2;
  const runs: Record<string, HttpLoadResult> = {};
  const allRounds: Record<string, HttpLoadResult[]> = {};

  const servers = new Map<Variant, { server: ChildServer; cookie: string | undefined }>();
  try {
    for (const variant of VARIANTS) {
      const server = await startServer('session-overhead', { args: [variant], cpuProfileDir: ctx.cpuProfileDir });
      const cookie = await returningCookie(server, variant);
      servers.set(variant, { server, cookie });
      const url = server.origin + HELLO_PATH;
      // Check each case is what it claims to be before measuring it.
      if (variant === 'jp-session' || variant === 'express-session') {
        await expectCookieIssued(url, undefined, true, `${variant} new visitor`, result.failures);
        await expectCookieIssued(url, cookie, false, `${variant} returning visitor`, result.failures);
      }
    }
    for (let round = 1; round <= rounds; round++) {
      for (const visitor of ['returning', 'new'] as Visitor[]) {
        for (const variant of VARIANTS) {
          const { server, cookie } = servers.get(variant)!;
          const headers = visitor === 'returning' && cookie ? { cookie } : {};
          ctx.log(`  round ${round}/${rounds}: ${LABEL[variant]}, ${visitor} visitor, ${durationSec}s`);
          const r = await runHttpLoad({ url: server.origin + HELLO_PATH, headers, durationSec, warmupSec });
          if (r.non2xx > 0 || r.errors > 0) {
            result.failures.push(`${variant} ${visitor}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
          }
          const key = `${variant}/${visitor}`;
          (allRounds[key] ??= []).push(r);
          if (!runs[key] || r.rps > runs[key].rps) runs[key] = r;
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
      rows.push([visitor, LABEL[variant], Math.round(r.rps), r.p50, r.p99, pct(rel)]);
    }
  }
  result.tables.push({
    title: '1. Session middleware overhead (GET of a short text, 50 connections)',
    columns: ['visitor', 'server', 'req/s', 'p50 ms', 'p99 ms', 'vs bare'],
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

/** A valid session cookie: forged with signSessionId for jpSession, obtained by one request for express-session. */
async function returningCookie(server: ChildServer, variant: Variant): Promise<string | undefined> {
  if (variant === 'bare' || variant === 'noop') return 'jp_token=not-read-by-this-server';
  if (variant === 'jp-session') {
    const { signSessionId } = await import('../../lib/session/index.js');
    return `jp_token=${signSessionId(randomUUID().replaceAll('-', ''), BENCH_SECRET)}`;
  }
  const res = await fetch(server.origin + HELLO_PATH);
  await res.arrayBuffer();
  const setCookie = res.headers.get('set-cookie');
  if (!setCookie) throw new Error('express-session issued no cookie on the first visit');
  return setCookie.split(';')[0];
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
