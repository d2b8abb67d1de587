import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { closeFor, logWarn } from './errors.js';
import type { CloseErrorCode } from './errors.js';
import type { EventDispatcher } from './event-dispatcher.js';
import type { PageConnection, PageEntry, PageRegistry } from './page-registry.js';
import type { ResolvedRendererOptions } from './render-options.js';
import { CLOSE, DOM, WIRE_VERSION, WS_QUERY } from './wire.js';
import type { HelloMessage } from './wire.js';

class SocketConnection implements PageConnection {
  alive = true;
  constructor(
    readonly ws: WebSocket,
    readonly client: string,
    public session_id: string | null,
  ) {}
  send(data: string): void {
    this.ws.send(data);
  }
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }
}

const MAX_CLIENT_ID = 64;
const CLOSE_WAIT_MS = 2000;

/**
 * The WebSocket endpoint `${basePath}/ws`. Every refusal is an accepted socket closed at once with a
 * code from wire.ts, because a browser cannot read the HTTP status of a failed handshake.
 */
export class SocketServer {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<SocketConnection>();
  /** Every accepted socket, refused ones included until they are closed, so close() can wait for all. */
  private readonly sockets = new Set<WebSocket>();
  private readonly servers = new Map<Server, (req: IncomingMessage, socket: Duplex, head: Buffer) => void>();
  private heartbeat: unknown;
  private closed = false;

  constructor(
    private readonly options: ResolvedRendererOptions,
    private readonly registry: PageRegistry,
    private readonly dispatcher: EventDispatcher,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: options.limits.maxMessageBytes,
    });
  }

  /** Listens for upgrades to the socket path on `server`; other upgrade paths are left to other listeners. */
  attach(server: Server): void {
    if (this.servers.has(server)) return;
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== this.options.wsPath) return;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, url.searchParams));
    };
    server.on('upgrade', listener);
    this.servers.set(server, listener);
    this.heartbeat ??= this.options.timers.setInterval(() => this.beat(), this.options.limits.heartbeatMs);
  }

  get socketCount(): number {
    return this.conns.size;
  }

  /** Closes every socket with 1001, stops listening and the heartbeat. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat !== undefined) this.options.timers.clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const [server, listener] of this.servers) server.off('upgrade', listener);
    this.servers.clear();
    const closing = [...this.sockets].map(closeAndWait);
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage, query: URLSearchParams): void {
    const { readSession, isAllowedOrigin, logger } = this.options;
    this.sockets.add(ws);
    ws.once('close', () => this.sockets.delete(ws));
    ws.on('error', (err: Error & { code?: string }) => {
      const code = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too-big' : 'bad-message';
      logWarn(logger, code, { page: query.get(WS_QUERY.page), why: err.code ?? err.message });
    });
    if (this.closed) return refuse(this.options, ws, 'server-closing', {}); // an upgrade that raced close()
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host ?? '')) {
      return refuse(this.options, ws, 'bad-origin', { origin });
    }
    const check = readSession(req.headers.cookie);
    if (!check.ok) return refuse(this.options, ws, 'bad-cookie', { reason: check.reason });
    const client = query.get(WS_QUERY.client) ?? '';
    if (client.length === 0 || client.length > MAX_CLIENT_ID) {
      return refuse(this.options, ws, 'bad-message', { why: 'bad client id' });
    }
    const entry = this.registry.find(query.get(WS_QUERY.page) ?? '', check.session_id);
    if (!entry) return refuse(this.options, ws, 'page-gone', {});
    const conn = new SocketConnection(ws, client, check.session_id);
    if (!this.registry.attach(entry, conn)) {
      return refuse(this.options, ws, 'too-many-sockets', { page: entry.token });
    }
    this.conns.add(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.dispatcher.onFrame(entry, conn, isBinary ? null : data.toString());
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('close', () => {
      this.conns.delete(conn);
      this.registry.detach(entry, conn);
    });
    const v = query.get(WS_QUERY.version) ?? '';
    ws.send(JSON.stringify(hello(entry, client, /^\d{1,15}$/.test(v) ? Number(v) : -1)));
  }

  private beat(): void {
    for (const conn of this.conns) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }
}

function refuse(options: ResolvedRendererOptions, ws: WebSocket, code: CloseErrorCode, details: Record<string, unknown>): void {
  logWarn(options.logger, code, details);
  const close = closeFor(code);
  ws.close(close.code, close.reason);
}

/** The first message of a socket; a client whose DOM shows another version gets the whole root. */
function hello(entry: PageEntry, client: string, clientVersion: number): HelloMessage {
  const page = entry.page;
  const msg: HelloMessage = {
    type: 'hello',
    wire: WIRE_VERSION,
    last_seq: entry.lastSeq?.get(client) ?? 0,
    version: page.version,
  };
  if (clientVersion !== page.version) {
    msg.changes = [{ id: DOM.rootId, html: page.renderRoot() }];
    msg.page_options = { title: page.title, redirect: page.redirect, display_url: page.display_url };
  }
  return msg;
}

function closeAndWait(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_WAIT_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(CLOSE.serverClosing.code, CLOSE.serverClosing.reason);
  });
}
