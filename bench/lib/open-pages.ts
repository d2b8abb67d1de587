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
  const res = await fetch(origin + PAGE_PATH, { headers: { cookie } });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${PAGE_PATH}: HTTP ${res.status}: ${html.slice(0, 200)}`);
  const page = parseDemoPage(html);
  if (typeof page === 'string') throw new Error(`GET ${PAGE_PATH}: ${page}`);
  return page;
}

export function pageSocketUrl(origin: string, page: DemoPage): string {
  const q = new URLSearchParams({
    [WS_QUERY.page]: page.boot.page,
    [WS_QUERY.client]: newClientId(),
    [WS_QUERY.version]: String(page.boot.version),
    [WS_QUERY.instance]: page.boot.instance,
  });
  return `${origin.replace(/^http/, 'ws')}${page.boot.ws_path}?${q}`;
}

/** Opens one page per cookie (cookies may repeat: several pages of one session), `concurrency` at a time. */
export function openDemoPages(origin: string, cookies: readonly string[], concurrency = 64): Promise<OpenPage[]> {
  return mapLimit(cookies, concurrency, async (cookie) => {
    const page = await fetchDemoPage(origin, cookie);
    const socket = await PageSocket.connect({ url: pageSocketUrl(origin, page), cookie, origin });
    return { cookie, page, socket };
  });
}

export async function closeAll(pages: readonly { socket: PageSocket }[], concurrency = 256): Promise<void> {
  await mapLimit(pages, concurrency, (p) => p.socket.close());
}
