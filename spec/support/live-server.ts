// A real Express app with jpSession() and a renderer on 127.0.0.1:0, with justpy-ts/testing clients
// for what a tab does, and a raw ws client (TestSocket) for handshakes and frames no runtime sends.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express } from 'express';
import WebSocket from 'ws';
import { jpSession, signSessionId } from '../../lib/session/index.js';
import type { JpSessionMiddleware, JpSessionOptions } from '../../lib/session/index.js';
import { createRenderer } from '../../lib/render/renderer.js';
import type { Renderer } from '../../lib/render/renderer.js';
import type { RendererOptions, RenderLogger } from '../../lib/render/render-options.js';
import type { BootData, ServerMessage } from '../../lib/render/wire.js';
import { createTestClient, type TestClient, type TestClientOptions } from '../../lib/testing/index.js';

export const SECRET = 'render-spec-secret-0123456789abcdef';

/** Every warn/error the renderer logged, as [code, ...details]. */
export interface CapturedLog {
  warn: unknown[][];
  error: unknown[][];
  codes(): string[];
  /** A RendererOptions.logger that records into this object. */
  logger: RenderLogger;
}

export function captureLog(): CapturedLog {
  const log: CapturedLog = {
    warn: [],
    error: [],
    codes: () => [...log.warn, ...log.error].map((a) => String(a[0]).replace('[justpy-ts] ', '')),
    logger: { warn: (...a) => log.warn.push(a), error: (...a) => log.error.push(a) },
  };
  return log;
}

export interface LiveServer {
  app: Express;
  server: Server;
  jp: Renderer;
  session: JpSessionMiddleware;
  log: CapturedLog;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  cookieFor(session_id: string): string;
  /** GETs a page as this session and returns its boot data and HTML. */
  load(path: string, session_id: string): Promise<{ boot: BootData; html: string }>;
  connect(boot: BootData, session_id: string, extra?: ConnectOptions): Promise<TestSocket>;
  /** A justpy-ts/testing client of this server (`as()` signs with its key), closed by close(). */
  kit(options?: TestClientOptions): Promise<TestClient>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  client?: string;
  version?: number;
  origin?: string | null;
  cookie?: string | null;
  page?: string;
  /** The instance id the URL carries [default: the boot data's]; null leaves it out. */
  instance?: string | null;
  /** The instance run the URL carries [default: the boot data's]; null leaves it out. */
  run?: string | null;
}

export async function startLiveServer(
  routes: (app: Express, jp: Renderer) => void,
  options: Omit<RendererOptions, 'session'> = {},
  sessions: boolean | JpSessionOptions = true,
): Promise<LiveServer> {
  const log = captureLog();
  const settings = typeof sessions === 'boolean' ? { sessions } : sessions;
  const session = jpSession({ secretKey: SECRET, loadEnv: false, warn: () => {}, ...settings });
  const jp = createRenderer({
    session,
    logger: log.logger,
    ...options,
  });
  const app = express();
  app.use(jp.assets);
  app.use(session);
  routes(app, jp);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  jp.attach(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cookieFor = (sid: string): string => `jp_token=${signSessionId(sid, SECRET)}`;
  const sockets = new Set<TestSocket>();
  const clients = new Set<TestClient>();
  return {
    app,
    server,
    jp,
    session,
    log,
    origin,
    cookieFor,
    async load(path, session_id) {
      const res = await fetch(origin + path, { headers: { cookie: cookieFor(session_id) } });
      const html = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${html}`);
      return { boot: bootDataOf(html), html };
    },
    async connect(boot, session_id, extra = {}) {
      const q = new URLSearchParams({
        page: extra.page ?? boot.page,
        client: extra.client ?? 'c1',
        v: String(extra.version ?? boot.version),
      });
      const instance = extra.instance === undefined ? boot.instance : extra.instance;
      if (instance !== null) q.set('instance', instance);
      const run = extra.run === undefined ? boot.run : extra.run;
      if (run !== null) q.set('run', run);
      const headers: Record<string, string> = {};
      const cookie = extra.cookie === undefined ? cookieFor(session_id) : extra.cookie;
      if (cookie !== null) headers.cookie = cookie;
      const wsOrigin = extra.origin === undefined ? origin : extra.origin;
      const ws = new WebSocket(`${origin.replace('http', 'ws')}${boot.ws_path}?${q}`, {
        headers,
        ...(wsOrigin === null ? {} : { origin: wsOrigin }),
      });
      const socket = new TestSocket(ws);
      sockets.add(socket);
      await once(ws, 'open');
      return socket;
    },
    async kit(clientOptions = {}) {
      const client = await createTestClient(server, { session, ...clientOptions });
      clients.add(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.close();
      for (const s of sockets) s.ws.terminate();
      await jp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await session.close();
    },
  };
}

export function bootDataOf(html: string): BootData {
  const m = /<script type="application\/json" id="jp-boot">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no boot data in page');
  return JSON.parse(m[1]!) as BootData;
}

/** A ws client that queues what it receives, so tests can await the next message or the close. */
export class TestSocket {
  private readonly inbox: ServerMessage[] = [];
  private waiting: ((m: ServerMessage) => void) | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(msg);
      } else this.inbox.push(msg);
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  /** The next message (rejects if the socket closes first). */
  next(): Promise<ServerMessage> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      void this.closed.then((c) => reject(new Error(`socket closed ${c.code} ${c.reason} while waiting`)));
    });
  }

  /** Messages until one carries `ack` = seq (included). */
  async untilAck(seq: number): Promise<ServerMessage[]> {
    const out: ServerMessage[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if ((m.type === 'update' || m.type === 'error') && m.ack === seq) return out;
    }
  }

  send(data: unknown): void {
    this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  click(seq: number, component: string, extra: Record<string, unknown> = {}): void {
    this.send({ type: 'event', seq, component, event_type: 'click', ...extra });
  }

  /** How many messages are waiting unread. */
  get pending(): number {
    return this.inbox.length;
  }
}
