import type { Server } from 'node:http';
import type { JpSessionMiddleware } from '../session/jp-session.js';
import { BrowserJar } from './cookie-jar.js';
import { TestKitError } from './errors.js';
import { closeStarted, resolvePath, resolveTarget, type AttachSockets, type ResolvedTarget, type TestTarget } from './server-target.js';
import { sessionCookieForger, type SessionCookieForger, type SessionCookieSettings } from './session-cookie.js';
import { TestPage, type PageClient } from './test-page.js';

export interface TestClientOptions {
  /**
   * Opens the renderer's socket endpoint on the server the client starts for an app: pass the
   * renderer (`jp`, anything with `attach(server)`) or a function. Not needed for a URL or a server
   * that is already listening. [default: none, so pages load but their sockets are refused]
   */
  attach?: AttachSockets;
  /**
   * The app's session settings, for {@link TestClient.as}: the `jpSession()` middleware itself
   * (preferred: its key, digest and cookie name) or `{ secretKey, digest?, cookieName? }`.
   */
  session?: JpSessionMiddleware | SessionCookieSettings;
  /** How long to wait for a hello, a reply or a waitFor, in ms. [default 1500] */
  timeoutMs?: number;
  /** Origin header of sockets: a browser sends the page's origin. null sends none. [default: the page's origin] */
  socketOrigin?: string | null;
  /**
   * Pages recover as a browser tab does: after a drop they reconnect (250 ms, doubling to 5 s) and
   * resend what the server has not applied; on page-gone (4404) or bad-cookie they reload once per
   * 10 s; on wrong-instance (4421) they reload through the load balancer with their own backoff
   * (see {@link TestPage.reload}). What they could not recover from is in `page.errors`
   * (`reload-loop`, `reload-failed`, `bad-origin`). [default false: a closed socket stays closed, so
   * a test can look at how it closed, until `reconnect()`]
   */
  recover?: boolean;
}

export interface OpenOptions {
  /**
   * Opens the page's socket and waits for its hello. false loads the page as a browser without
   * JavaScript does (the page registered, no socket claims it) until {@link TestPage.reconnect}
   * connects it. [default true]
   */
  connect?: boolean;
}

const DEFAULT_TIMEOUT_MS = 1500;
const MAX_REDIRECTS = 20;

interface Shared {
  target: ResolvedTarget;
  forge: SessionCookieForger | null;
  timeoutMs: number;
  socketOrigin: string | null | undefined;
  recover: boolean;
}

/**
 * A browser for tests: one cookie jar for its HTTP requests and its page sockets, and the pages it
 * opened. Made by {@link createTestClient}; {@link TestClient.newVisitor} makes another on the same server.
 */
export class TestClient {
  private readonly jar = new BrowserJar();
  private readonly pages = new Set<TestPage>();
  private readonly visitors = new Set<TestClient>();
  private closed = false;

  /** @internal */
  constructor(
    private readonly shared: Shared,
    private readonly owner: TestClient | null,
  ) {}

  /** The base URL requests resolve against, e.g. `http://127.0.0.1:40123/`. */
  get url(): string {
    return this.shared.target.baseUrl;
  }

  /** The server the client talks to in this process (null for a URL). */
  get server(): Server | null {
    return this.shared.target.server;
  }

  /**
   * `fetch` through this client's jar: cookies are sent and stored on every hop, redirects are
   * followed (unless `redirect: 'manual'`), paths go below {@link url} (`'/x'` too). A `cookie` header
   * in `init` replaces the jar's for that request.
   * @example expect((await client.fetch('/session_test')).status).toBe(200);
   */
  async fetch(path: string | URL, init: RequestInit = {}): Promise<Response> {
    let url = resolvePath(this.url, path);
    const follow = init.redirect !== 'manual';
    const headers = new Headers(init.headers);
    const ownCookie = headers.has('cookie');
    for (let hops = 0; ; hops++) {
      if (!ownCookie) {
        const cookie = this.jar.header(url);
        if (cookie) headers.set('cookie', cookie);
        else headers.delete('cookie');
      }
      const res = await fetch(url, { ...init, headers, redirect: 'manual' });
      this.jar.store(url, res.headers.getSetCookie());
      const location = res.headers.get('location');
      if (!follow || location === null || res.status < 300 || res.status > 399) return res;
      if (hops === MAX_REDIRECTS) throw new TestKitError(`${path}: more than ${MAX_REDIRECTS} redirects`);
      await res.body?.cancel();
      url = new URL(location, url).href;
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && init.method === 'POST')) {
        init = { ...init, method: 'GET', body: null };
      }
    }
  }

  /**
   * Loads a page as a browser does (redirects followed), reads its boot data, opens its socket and
   * waits for the hello. Throws for a status other than 200, naming it and the body's start.
   * @param options `{ connect: false }` leaves the socket for a later `page.reconnect()`
   * @example const page = await client.open('/session_test');
   */
  async open(path: string | URL, options: OpenOptions = {}): Promise<TestPage> {
    if (this.closed) throw new TestKitError('open(): this client is closed');
    const res = await this.fetch(path);
    const html = await res.text();
    if (res.status !== 200) throw new TestKitError(`GET ${String(path)} answered ${res.status}: ${html.slice(0, 200)}`);
    const host: PageClient = {
      timeoutMs: this.shared.timeoutMs,
      socketOrigin: this.shared.socketOrigin,
      recover: this.shared.recover,
      cookieHeader: (url) => this.jar.header(url),
      storeCookies: (url, list) => this.jar.store(url, list),
      open: (url) => this.open(url),
      fetch: (url, init) => this.fetch(url, init),
      forget: (page) => this.pages.delete(page),
    };
    const page = await TestPage.load(host, res.url, html, options.connect ?? true);
    this.pages.add(page);
    return page;
  }

  /**
   * Acts as the session `session_id` from now on: puts the app's cookie for it, signed with the
   * app's own settings (the `session` option), into the jar.
   * @example const page = await client.as('ab'.repeat(16)).open('/session_test');
   */
  as(session_id: string): this {
    if (!this.shared.forge) throw new TestKitError('as() needs the app\'s session settings: createTestClient(app, { session: jpSession middleware })');
    this.jar.put(this.shared.forge(session_id), this.url);
    return this;
  }

  /**
   * Puts a raw cookie into the jar, as a Set-Cookie line would (`name=value[; Path=/...]`):
   * e.g. a tampered session cookie.
   * @param url [default: the base URL]
   */
  setCookie(cookie: string, url: string = this.url): this {
    this.jar.put(cookie, resolvePath(this.url, url));
    return this;
  }

  /** The value of a cookie the jar would send to `url` [default: the base URL]. */
  cookie(name: string, url: string = this.url): string | undefined {
    return this.jar.get(name, resolvePath(this.url, url));
  }

  /** Another browser on the same server: its own empty jar, closed with this client. */
  newVisitor(): TestClient {
    const visitor = new TestClient(this.shared, this);
    this.visitors.add(visitor);
    return visitor;
  }

  /** Closes every page (and visitor) of this client, then the server if the client started it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.visitors].map((v) => v.close()));
    await Promise.all([...this.pages].map((p) => p.close()));
    this.owner?.visitors.delete(this);
    const started = this.shared.target.started;
    if (!this.owner && started) await closeStarted(started);
  }
}

/**
 * A test client for a justpy-ts app: an Express app (started on 127.0.0.1 port 0 and closed by
 * `close()`), an `http.Server`, or the URL of a running instance.
 * @param target see {@link TestTarget}
 * @param options see {@link TestClientOptions}
 * @example
 * const client = await createTestClient(app, { attach: jp, session });
 * const page = await client.open('/session_test');
 * await page.click(/Number of Click Events/);
 * expect(page.text()).toContain('Number of Click Events: 1');
 * await client.close();
 */
export async function createTestClient(target: TestTarget, options: TestClientOptions = {}): Promise<TestClient> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TestKitError(`timeoutMs must be a positive number of ms, got ${timeoutMs}`);
  const forge = options.session ? sessionCookieForger(options.session) : null;
  const resolved = await resolveTarget(target, options.attach);
  return new TestClient({ target: resolved, forge, timeoutMs, socketOrigin: options.socketOrigin, recover: options.recover ?? false }, null);
}
