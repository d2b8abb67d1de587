/**
 * Scenario 5: 10,000 idle WebSockets on one process: memory per connection and time to accept them all.
 * Baseline: a bare `ws` server. Renderer: the demo with 1,250 pages already open (no socket yet),
 * then 8 sockets per page (the default maxSocketsPerPage), so the figure is the socket's own cost
 * (handshake checks, registration, heartbeat), apart from the page's, which scenario 4 measures.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, type ChildServer } from '../lib/child-server.js';
import { requireOpenFiles } from '../lib/fd-limit.js';
import { startDemoServer } from '../lib/demo-server.js';
import type { MemorySample } from '../lib/ipc-protocol.js';
import { mapLimit } from '../lib/map-limit.js';
import { fetchDemoPage, forgeSessionCookies, pageSocketUrl } from '../lib/open-pages.js';
import { PageSocket } from '../lib/page-socket.js';
import { emptyResult, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { round } from '../lib/stats.js';

const SOCKETS_PER_PAGE = 8;
const PAGES_PER_SESSION = 10;
/** Handshakes in flight at once, as many browsers arriving together. */
const CONNECT_CONCURRENCY = 200;

interface IdleRun {
  sockets: number;
  acceptSec: number;
  perSec: number;
  before: MemorySample;
  after: MemorySample;
  heapBytesPerSocket: number;
  rssBytesPerSocket: number;
}

export async function runIdleSockets(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('idle');
  const count = ctx.options.quick ? 1000 : 10_000;
  requireOpenFiles(count);
  const runs: Record<string, IdleRun> = {};

  ctx.log(`  bare ws: ${count} sockets`);
  const bare = await startServer('ws-ceiling', { exposeGc: true, cpuProfileDir: ctx.cpuProfileDir });
  try {
    const wsUrl = `${bare.origin.replace(/^http/, 'ws')}/`;
    runs.bare = await measure(bare, Array<string>(count).fill(wsUrl), undefined, bare.origin);
  } finally {
    await bare.stop();
  }

  ctx.log(`  renderer: ${count / SOCKETS_PER_PAGE} pages, ${count} sockets`);
  const demo = await startDemoServer(ctx, { exposeGc: true });
  try {
    const pageCount = Math.ceil(count / SOCKETS_PER_PAGE);
    const cookies = await forgeSessionCookies(Math.ceil(pageCount / PAGES_PER_SESSION));
    const pages = await mapLimit(Array.from({ length: pageCount }, (_, i) => cookies[Math.floor(i / PAGES_PER_SESSION)] as string), 64, async (cookie) => ({
      cookie,
      page: await fetchDemoPage(demo.origin, cookie),
    }));
    const targets = pages.flatMap((p) => Array.from({ length: SOCKETS_PER_PAGE }, () => ({ url: pageSocketUrl(demo.origin, p.page), cookie: p.cookie }))).slice(0, count);
    runs.renderer = await measure(demo, targets.map((t) => t.url), targets.map((t) => t.cookie), demo.origin);
    const stats = await demo.stats();
    if (stats.sockets !== 0) result.failures.push(`renderer still counts ${stats.sockets} sockets after all closed`);
  } finally {
    await demo.stop();
  }

  result.tables.push({
    title: `5. Idle WebSockets (${count} on one process, ${CONNECT_CONCURRENCY} handshakes in flight)`,
    columns: ['server', 'accept all s', 'sockets/s', 'heap B/socket', 'RSS B/socket'],
    rows: Object.entries(runs).map(([name, r]) => [
      name === 'bare' ? 'bare ws' : 'renderer (8 per page)',
      round(r.acceptSec, 2),
      Math.round(r.perSec),
      Math.round(r.heapBytesPerSocket),
      Math.round(r.rssBytesPerSocket),
    ]),
  });
  result.figures = {
    count,
    socketsPerPage: SOCKETS_PER_PAGE,
    connectConcurrency: CONNECT_CONCURRENCY,
    runs: Object.fromEntries(
      Object.entries(runs).map(([k, r]) => [k, { ...r, acceptSec: round(r.acceptSec, 3), perSec: round(r.perSec, 0), heapBytesPerSocket: Math.round(r.heapBytesPerSocket), rssBytesPerSocket: Math.round(r.rssBytesPerSocket) }]),
    ),
  };
  return result;
}

/** Opens one socket per URL (all waiting for the hello), samples memory, closes them all. */
async function measure(server: ChildServer, urls: string[], cookies: string[] | undefined, origin: string): Promise<IdleRun> {
  const before = await server.memory();
  const t0 = performance.now();
  const sockets = await mapLimit(urls, CONNECT_CONCURRENCY, (url, i) => PageSocket.connect({ url, origin, cookie: cookies?.[i] }));
  const acceptSec = (performance.now() - t0) / 1000;
  const after = await server.memory();
  await mapLimit(sockets, 512, (s) => s.close());
  await sleep(200);
  return {
    sockets: sockets.length,
    acceptSec,
    perSec: sockets.length / acceptSec,
    before,
    after,
    heapBytesPerSocket: (after.heapUsed - before.heapUsed) / sockets.length,
    rssBytesPerSocket: (after.rss - before.rss) / sockets.length,
  };
}
