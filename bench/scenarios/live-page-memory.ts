/**
 * Scenario 4: server heap and RSS with 0, 1,000 and 10,000 live session_test pages, each with an
 * open socket; then every socket closes, the grace period passes, a GC is forced, and what remains is
 * reported. A page still registered after that is a failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MemorySample } from '../lib/ipc-protocol.js';
import { requireOpenFiles } from '../lib/fd-limit.js';
import { startDemoServer, type RendererStats } from '../lib/demo-server.js';
import { closeAll, forgeSessionCookies, openDemoPages, type OpenPage } from '../lib/open-pages.js';
import { below, emptyResult, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { round } from '../lib/stats.js';

/** Pages per session: a visitor with several tabs; keeps the demo's own per-session dict small. */
const PAGES_PER_SESSION = 10;
/** Shortened from the default 30 s so the run waits it out quickly; the behaviour is the same. */
const GRACE_MS = 2000;
/** Objects counted in a heap snapshot after close (taken last: it inflates RSS): none may survive. */
const PAGE_OBJECTS = ['WebPage', 'Button', 'SocketConnection', 'PageQueue', 'WebSocket'];

const KB = 1024;
const MB = 1024 * 1024;

export async function runLivePageMemory(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('memory');
  const steps = ctx.options.quick ? [0, 100, 1000] : [0, 1000, 10_000];
  const top = steps.at(-1) ?? 0;
  requireOpenFiles(top);
  const demo = await startDemoServer(ctx, { exposeGc: true, limits: { pageGraceMs: GRACE_MS } });
  const samples: { pages: number; mem: MemorySample; stats: RendererStats }[] = [];
  let after: { mem: MemorySample; stats: RendererStats; objects: Record<string, number> } | null = null;
  const open: OpenPage[] = [];
  try {
    const cookies = await forgeSessionCookies(Math.ceil(top / PAGES_PER_SESSION) + 1);
    // Warm-up: run every code path (page, socket, close, expiry) on enough pages that the JIT, the
    // keep-alive connections and the tables have grown, so the baseline already includes them.
    const warmCount = Math.min(1000, Math.max(10, top / 10));
    const warm = await openDemoPages(demo.origin, cookies.slice(-1 - warmCount / PAGES_PER_SESSION, -1).flatMap((c) => Array<string>(PAGES_PER_SESSION).fill(c)));
    await closeAll(warm);
    await sleep(GRACE_MS + 1000);

    for (const target of steps) {
      const want = cookies.slice(0, -1).flatMap((c) => Array<string>(PAGES_PER_SESSION).fill(c)).slice(open.length, target);
      ctx.log(`  ${target} live pages`);
      open.push(...(await openDemoPages(demo.origin, want)));
      samples.push({ pages: target, mem: await demo.memory(), stats: await demo.stats() });
    }
    ctx.log(`  closing ${open.length} sockets, waiting ${GRACE_MS} ms of grace`);
    await closeAll(open);
    await sleep(GRACE_MS + 1000);
    after = {
      mem: await demo.memory(),
      stats: await demo.stats(),
      objects: await demo.call<Record<string, number>>('countObjects', PAGE_OBJECTS),
    };
  } finally {
    await closeAll(open).catch(() => undefined);
    await demo.stop();
  }

  const base = samples[0]?.mem;
  const peak = samples.at(-1);
  if (!base || !peak || !after) throw new Error('memory scenario did not finish its samples');
  const perPage = (s: { pages: number; mem: MemorySample }, key: 'heapUsed' | 'rss') =>
    s.pages > 0 ? (s.mem[key] - base[key]) / s.pages / KB : Number.NaN;

  for (const s of samples) {
    if (s.stats.pages !== s.pages || s.stats.sockets !== s.pages) {
      result.failures.push(`expected ${s.pages} live pages and sockets, renderer reports ${s.stats.pages} pages, ${s.stats.sockets} sockets`);
    }
  }
  if (after.stats.pages > 0 || after.stats.sockets > 0) {
    result.failures.push(`${after.stats.pages} page(s) and ${after.stats.sockets} socket(s) retained after every socket closed and the grace period passed`);
  }
  // Nothing in the demo holds a page or a socket once they are closed, so the count must be zero.
  const survivors = Object.entries(after.objects).filter(([, n]) => n > 0);
  if (survivors.length > 0) {
    result.failures.push(`objects alive after close (heap snapshot): ${survivors.map(([name, n]) => `${n} ${name}`).join(', ')}`);
  }
  const retainedPages = after.objects.WebPage ?? 0;
  const heapLeft = after.mem.heapUsed - base.heapUsed;
  const heapGrowth = peak.mem.heapUsed - base.heapUsed;

  result.tables.push({
    title: '4. Memory of live pages (session_test, each with an open socket; forced GC before each sample)',
    columns: ['live pages', 'heap MB', 'RSS MB', 'heap KB/page', 'RSS KB/page'],
    rows: [
      ...samples.map((s) => [
        s.pages,
        round(s.mem.heapUsed / MB, 1),
        round(s.mem.rss / MB, 1),
        s.pages > 0 ? round(perPage(s, 'heapUsed'), 1) : '',
        s.pages > 0 ? round(perPage(s, 'rss'), 1) : '',
      ]),
      [`0 (after close + ${GRACE_MS / 1000}s grace)`, round(after.mem.heapUsed / MB, 1), round(after.mem.rss / MB, 1), '', ''],
    ],
  });
  result.notes.push(
    `after close: ${after.stats.pages} pages registered, ${retainedPages} WebPage objects alive (heap snapshot), heap ${round(heapLeft / KB, 0)} KB above the baseline (${round((heapLeft / heapGrowth) * 100, 1)}% of the growth at ${peak.pages} pages); RSS is not returned to the OS promptly and is shown for reference`,
  );
  const heapPerPage = perPage(peak, 'heapUsed');
  result.figures = {
    pagesPerSession: PAGES_PER_SESSION,
    graceMs: GRACE_MS,
    samples: samples.map((s) => ({ pages: s.pages, heapUsed: s.mem.heapUsed, rss: s.mem.rss, external: s.mem.external, stats: s.stats })),
    afterClose: { heapUsed: after.mem.heapUsed, rss: after.mem.rss, stats: after.stats, objects: after.objects },
    heapKBPerPage: round(heapPerPage, 2),
    rssKBPerPage: round(perPage(peak, 'rss'), 2),
    heapLeftKB: round(heapLeft / KB, 1),
  };
  result.targets.push(below('heap per live session_test page < 20 KB', heapPerPage, 20, (n) => `${n.toFixed(1)} KB`));
  const met = after.stats.pages === 0 && retainedPages === 0;
  result.targets.push({
    target: 'zero pages retained after sockets close',
    measured: `${retainedPages} WebPage alive, ${after.stats.pages} registered; heap +${round(heapLeft / KB, 0)} KB`,
    met,
    shortfall: met ? '' : `${Math.max(retainedPages, after.stats.pages)} pages`,
  });
  return result;
}
