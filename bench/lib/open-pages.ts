/** Opening demo pages like a browser would: GET with a session cookie, read the boot data, connect the socket. */
import { randomUUID } from 'node:crypto';
import { BENCH_SECRET, PAGE_PATH } from './constants.js';
import { parseDemoPage, type DemoPage } from './demo-page.js';
import { mapLimit } from './map-limit.js';
import { newClientId, PageSocket } from './page-socket.js';
import { WS_QUERY } from '../../lib/render/wire.js';

export interface OpenPage {
  cookie: string;
  page: DemoPage;
  socket: PageSocket;
}

/** `count` fresh signed session cookies (jp_token=<id>.<sig>), forged as a returning browser would hold them. */
export async function forgeSessionCookies(count: number): Promise<string[]> {
  const { signSessionId } = await import('../../lib/session/index.js');
  return Array.from({ length: count }, () => `jp_token=${signSessionId(randomUUID().replaceAll('-', ''), BENCH_SECRET)}`);
}

export async function fetchDemoPage(origin: string, cookie: string): Promise<DemoPage> {
  return (await loadDemoPage(origin, cookie)).page;
}

/**
 * GETs the page and returns the Cookie header a browser would send next: the given one plus what
 * the response set (a load balancer's affinity cookie), so the page's socket reaches the same instance.
 */
export async function loadDemoPage(origin: string, cookie: string): Promise<{ page: DemoPage; cookie: string }> {
  const res = await fetch(origin + PAGE_PATH, { headers: { cookie } });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${PAGE_PATH}: HTTP ${res.status}: ${html.slice(0, 200)}`);
  const page = parseDemoPage(html);
  if (typeof page === 'string') throw new Error(`GET ${PAGE_PATH}: ${page}`);
  const set = res.headers.getSetCookie().map((line) => line.split(';')[0]);
  return { page, cookie: [cookie, ...set].join('; ') };
}

export function pageSocketUrl(origin: string, page: DemoPage): string {
  const q = new URLSearchParams({
    [WS_QUERY.page]: page.boot.page,
    [WS_QUERY.client]: newClientId(),
    [WS_QUERY.version]: String(page.boot.version),
    [WS_QUERY.instance]: page.boot.instance,
    [WS_QUERY.run]: page.boot.run,
  });
  return `${origin.replace(/^http/, 'ws')}${page.boot.ws_path}?${q}`;
}

/** Opens one page per cookie (cookies may repeat: several pages of one session), `concurrency` at a time. */
export function openDemoPages(origin: string, cookies: readonly string[], concurrency = 64): Promise<OpenPage[]> {
  return mapLimit(cookies, concurrency, async (given) => {
    const { page, cookie } = await loadDemoPage(origin, given);
    const socket = await PageSocket.connect({ url: pageSocketUrl(origin, page), cookie, origin });
    return { cookie, page, socket };
  });
}

export async function closeAll(pages: readonly { socket: PageSocket }[], concurrency = 256): Promise<void> {
  await mapLimit(pages, concurrency, (p) => p.socket.close());
}
