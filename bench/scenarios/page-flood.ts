/**
 * Scenario 6 (issue 7): a visitor using the demo while hostile clients load the server.
 * A. Page flood: one client sends cookie-less GETs of /session_test at its full rate (every one a new
 *    session and a new page), another GETs it with 1,000 sessions' cookies in rotation, both from a
 *    child process of their own. Meanwhile a visitor loads the page, opens its socket and clicks every
 *    100 ms, and a second one only loads the page (see runVisitors). The same visitors with no flood,
 *    earlier in the same run, are the baseline. The server's heap is traced throughout (reportHeap). The page
 *    bounds are the defaults: what gives way at them is the oldest page no socket holds.
 * B. Event flood: 4 sockets click without waiting for acks, once reading their replies and once not
 *    reading at all, while the visitor clicks.
 * A run in which the visitor gets a refused page or socket, or loses a click, fails.
 */
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';
import { EVENT_RATE_OFF, PAGE_PATH } from '../lib/constants.js';
import { startDemoServer, type DemoServer } from '../lib/demo-server.js';
import type { FloodSocketResult } from '../lib/event-flooders.js';
import { startFlood, type HttpFloodResults } from '../lib/flood-load.js';
import { heapIn, traceHeap, type HeapTrace } from '../lib/heap-trace.js';
import type { HttpLoadResult } from '../lib/http-load.js';
import { forgeSessionCookies } from '../lib/open-pages.js';
import { atMost, emptyResult, pct, times, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round, summarize, type LatencySummary } from '../lib/stats.js';
import { runVisitors, type VisitorRun } from '../lib/visitor.js';

const RETURNING_SESSIONS = 1000;
const FLOOD_CONNECTIONS = 25;
const EVENT_FLOODERS = 4;
/** The issue's measure: the peak heap by 10 s of the flood and by 30 s (its end), the same if the page bounds hold. */
const PEAK_EARLY_SHARE = 1 / 3;

export async function runPageFlood(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('flood');
  const quick = ctx.options.quick;
  const baselineSec = quick ? 0.5 : 10;
  const floodSec = quick ? 1.5 : 30;
  const eventSec = quick ? 0.5 : 10;
  const demo = await startDemoServer(ctx);
  try {
    const [visitorCookie, loaderCookie] = (await forgeSessionCookies(2)) as [string, string];
    const visitors = (origin: string, sec: number) => runVisitors(origin, visitorCookie, loaderCookie, sec * 1000);
    ctx.log(`  baseline: the visitor alone, ${baselineSec}s`);
    const baseline = await visitors(demo.origin, baselineSec);

    ctx.log(`  page flood: new visitors + ${RETURNING_SESSIONS} returning sessions, ${floodSec}s, the visitor meanwhile`);
    const cpu0 = await demo.cpu();
    const flood = startFlood({ kind: 'http', origin: demo.origin, path: PAGE_PATH, durationSec: floodSec, connections: FLOOD_CONNECTIONS, returningSessions: RETURNING_SESSIONS });
    await flood.started;
    let stop = false;
    const tracing = traceHeap(demo, () => stop);
    const underFlood = await visitors(demo.origin, floodSec);
    const load = await flood.done;
    const cpu1 = await demo.cpu();
    stop = true;
    const heap = await tracing;

    const events: Record<string, { visitor: VisitorRun; flooders: FloodSocketResult[]; heap: HeapTrace }> = {};
    // The quick (smoke) run skips the phase that needs a second server: it differs only by a limit.
    const unlimited = quick ? null : await startDemoServer(ctx, { limits: { maxEventsPerSocketPerSecond: EVENT_RATE_OFF } });
    try {
      const phases: [string, DemoServer, boolean][] = [
        ...(unlimited ? [['reading their replies, rate limit off', unlimited, true] as [string, DemoServer, boolean]] : []),
        [`reading their replies, rate limit ${DEFAULT_LIMITS.maxEventsPerSocketPerSecond}/s (default)`, demo, true],
        [`not reading, rate limit ${DEFAULT_LIMITS.maxEventsPerSocketPerSecond}/s (default)`, demo, false],
      ];
      for (const [label, server, reads] of phases) {
        ctx.log(`  event flood: ${EVENT_FLOODERS} sockets ${label}, ${eventSec}s, the visitor meanwhile`);
        events[label] = await eventFlood(server, (origin) => visitors(origin, eventSec), reads, eventSec);
      }
    } finally {
      await unlimited?.stop();
    }

    for (const [name, run] of [['baseline', baseline], ['page flood', underFlood], ...Object.entries(events).map(([k, v]) => [`event flood, ${k}`, v.visitor] as const)] as const) {
      for (const f of run.failures) result.failures.push(`visitor (${name}): ${f}`);
      if (run.clicks.length === 0) result.failures.push(`visitor (${name}): no click answered`);
    }
    report(result, { baseline, underFlood, load, heap, events, floodSec, cpuUs: cpu1 - cpu0 });
  } finally {
    await demo.stop();
  }
  return result;
}

/** EVENT_FLOODERS sockets flood `server` with events for `sec` while the visitor uses it. */
async function eventFlood(
  server: DemoServer,
  visit: (origin: string) => Promise<VisitorRun>,
  reads: boolean,
  sec: number,
): Promise<{ visitor: VisitorRun; flooders: FloodSocketResult[]; heap: HeapTrace }> {
  const flooders = startFlood({ kind: 'events', origin: server.origin, durationSec: sec, sockets: EVENT_FLOODERS, reads });
  await flooders.started;
  let done = false;
  const heapTrace = traceHeap(server, () => done);
  const visitor = await visit(server.origin);
  const results = await flooders.done;
  done = true;
  return { visitor, flooders: results, heap: await heapTrace };
}

interface Measured {
  baseline: VisitorRun;
  underFlood: VisitorRun;
  load: HttpFloodResults;
  heap: HeapTrace;
  events: Record<string, { visitor: VisitorRun; flooders: FloodSocketResult[]; heap: HeapTrace }>;
  floodSec: number;
  cpuUs: number;
}

function report(result: ScenarioResult, m: Measured): void {
  const floods: [string, HttpLoadResult | null][] = [
    ['cookie-less GETs (a new session each)', m.load.newVisitors],
    [`GETs with ${RETURNING_SESSIONS} sessions' cookies`, m.load.returning],
  ];
  const totalRequests = floods.reduce((n, [, r]) => n + (r?.requests ?? 0), 0);
  const nonOk = (r: HttpLoadResult) => (r.non2xx + r.errors) / Math.max(1, r.requests);
  result.tables.push({
    title: `6a. Page flood (${m.floodSec}s, ${FLOOD_CONNECTIONS} connections each, default page limits)`,
    columns: ['flooding client', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx share', 'server CPU µs/req (both)'],
    rows: floods.flatMap(([name, r]) => (r ? [[name, Math.round(r.rps), r.p50, r.p99, pct(nonOk(r)), round(m.cpuUs / Math.max(1, totalRequests), 1)]] : [])),
  });
  const visitorRow = (name: string, run: VisitorRun) => {
    const load = summarize(run.pageLoads);
    const click = summarize(run.clicks);
    return [name, load.count, round(load.p50, 2), round(load.p99, 2), click.count, round(click.p50, 2), round(click.p99, 2)];
  };
  const base = { load: summarize(m.baseline.pageLoads), click: summarize(m.baseline.clicks) };
  const ratios = (run: VisitorRun) => {
    const load = summarize(run.pageLoads);
    const click = summarize(run.clicks);
    return ['vs no flood', '', times(ratio(load.p50, base.load.p50)), times(ratio(load.p99, base.load.p99)), '', times(ratio(click.p50, base.click.p50)), times(ratio(click.p99, base.click.p99))];
  };
  result.tables.push({
    title: '6b. The visitor: page loads and clicks (every 100 ms), with no flood and under each flood',
    columns: ['visitor', 'page loads', 'load p50 ms', 'load p99 ms', 'clicks', 'click p50 ms', 'click p99 ms'],
    rows: [
      visitorRow('no flood (baseline)', m.baseline),
      visitorRow('page flood', m.underFlood),
      ratios(m.underFlood),
      ...Object.entries(m.events).flatMap(([label, e]) => [visitorRow(`${EVENT_FLOODERS} sockets flooding events, ${label}`, e.visitor), ratios(e.visitor)]),
    ],
  });
  for (const [label, e] of Object.entries(m.events)) {
    const sent = e.flooders.reduce((n, f) => n + f.sent, 0);
    const closed = e.flooders.map((f) => f.closedBy).filter(Boolean);
    result.notes.push(`event flood, ${label}: ${sent} events sent by ${EVENT_FLOODERS} sockets${closed.length ? `; server closed ${closed.length} (${[...new Set(closed)].join(', ')})` : ''}`);
  }
  const flat = (s: LatencySummary) => ({ p50: round(s.p50, 3), p99: round(s.p99, 3), max: round(s.max, 3), count: s.count });
  result.figures = {
    floodSec: m.floodSec,
    flood: { newVisitors: m.load.newVisitors, returning: m.load.returning, serverCpuUsPerRequest: round(m.cpuUs / Math.max(1, totalRequests), 2) },
    visitor: Object.fromEntries(
      [['baseline', m.baseline], ['pageFlood', m.underFlood], ...Object.entries(m.events).map(([k, v]) => [`events, ${k}`, v.visitor] as const)].map(([k, run]) => [
        k,
        { pageLoads: flat(summarize((run as VisitorRun).pageLoads)), clicks: flat(summarize((run as VisitorRun).clicks)) },
      ]),
    ),
    heap: reportHeap(result, m),
    eventFlood: Object.fromEntries(Object.entries(m.events).map(([k, v]) => [k, { flooders: v.flooders, peak: heapIn(v.heap, 0, Infinity) }])),
  };
  for (const [name, r] of floods) if (r) result.targets.push(atMost(`flood non-2xx share 0 while pages can give way (${name})`, nonOk(r), 0, pct));
}

/**
 * Two measures of "the heap stays bounded by the page limits": the issue's, the peak heapUsed by a
 * third of the flood (10 s of 30 s) and by its end, which young garbage blurs; and the live heap
 * (after the last major GC) over the first and the last third of the time pages sit at maxPages
 * (before the bound, growing is the point). Each gets a verdict: the same within 10%.
 */
function reportHeap(result: ScenarioResult, m: Measured): Record<string, unknown> {
  const end = m.heap.samples.at(-1)?.[0] ?? m.floodSec;
  const peakEarlySec = round(m.floodSec * PEAK_EARLY_SHARE, 1);
  const peakEarly = heapIn(m.heap, 0, peakEarlySec);
  const peakEnd = heapIn(m.heap, 0, Infinity);
  const atBound = m.heap.samples.find(([, , pages]) => pages >= DEFAULT_LIMITS.maxPages)?.[0];
  const span = atBound === undefined ? 0 : (end - atBound) / 3;
  const early = span >= 1 ? heapIn(m.heap, atBound as number, (atBound as number) + span) : heapIn(m.heap, 0, end / 3);
  const late = span >= 1 ? heapIn(m.heap, end - span, Infinity) : heapIn(m.heap, (2 * end) / 3, Infinity);
  const windows =
    span >= 1
      ? [`first third at the bound (${round(atBound as number, 1)}-${round((atBound as number) + span, 1)}s)`, `last third at the bound (from ${round(end - span, 1)}s)`]
      : [`first third (bound not reached${atBound === undefined ? '' : ' long enough'})`, 'last third'];
  result.tables.push({
    title: '6c. Server heap (no GC forced: the flood must not pause) and live pages',
    columns: ['phase', 'peak heapUsed MB', 'heap after the last major GC, MB', 'live pages at most'],
    rows: [
      [`page flood, peak by ${peakEarlySec}s (a third of it)`, peakEarly.heapMB, '', peakEarly.pages],
      [`page flood, peak by ${m.floodSec}s (its end)`, peakEnd.heapMB, '', peakEnd.pages],
      [`page flood, ${windows[0]}`, early.heapMB, early.liveMB, early.pages],
      [`page flood, ${windows[1]}`, late.heapMB, late.liveMB, late.pages],
      ...Object.entries(m.events).map(([label, e]) => {
        const p = heapIn(e.heap, 0, Infinity);
        return [`event flood, ${label}`, p.heapMB, p.liveMB, p.pages];
      }),
    ],
  });
  result.targets.push(atMost(`flood: peak heapUsed by ${m.floodSec}s within 10% of the peak by ${peakEarlySec}s`, ratio(peakEnd.heapMB, peakEarly.heapMB), 1.1, times));
  if (atBound === undefined || atBound > peakEarlySec) {
    result.notes.push(`page flood: pages reached maxPages (${DEFAULT_LIMITS.maxPages}) ${atBound === undefined ? 'never' : `only at ${round(atBound, 1)}s`}: the peak by ${peakEarlySec}s is before the bound`);
  }
  if (span >= 1) {
    result.targets.push(atMost('flood at the page bound: heap after a major GC at its end within 10% of a third of the way in', ratio(late.liveMB, early.liveMB), 1.1, times));
  } else result.notes.push(`page flood: pages did not stay at maxPages (${DEFAULT_LIMITS.maxPages}) long enough to compare the heap there`);
  return {
    peak: { earlySec: peakEarlySec, early: peakEarly, endSec: m.floodSec, end: peakEnd },
    atBoundSec: atBound ?? null,
    early,
    late,
    samples: m.heap.samples.map(([t, h, p, live]) => [round(t, 2), h, p, live]),
  };
}
