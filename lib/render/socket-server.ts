import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ServerOptions, WebSocket } from 'ws';
import { closeFor, logError, logWarn } from './errors.js';
import type { CloseErrorCode } from './errors.js';
import type { EventDispatcher } from './event-dispatcher.js';
import type { PageEntry, PageRegistry } from './page-registry.js';
import type { RenderLogger, ResolvedRendererOptions } from './render-options.js';
import { FrameGate } from './frame-gate.js';
import { SocketConnection } from './socket-connection.js';
import { UnansweredUpgrades } from './unanswered-upgrades.js';
import { answerUpgrade, upgradeTarget } from './upgrade-target.js';
import { DOM, WIRE_VERSION, WS_QUERY } from './wire.js';
import type { HelloMessage } from './wire.js';

const MAX_CLIENT_ID = 64;

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
  private readonly unanswered: UnansweredUpgrades;
  private heartbeat: unknown;
  private closed = false;
  /** Sockets refused because their page is on another instance (a misrouting load balancer, a failover). */
  wrongInstance = 0;

  constructor(
    private readonly options: ResolvedRendererOptions,
    private readonly registry: PageRegistry,
    private readonly dispatcher: EventDispatcher,
  ) {
    this.unanswered = new UnansweredUpgrades(options);
    // @types/ws 8.18 does not list closeTimeout yet (ws 8.23 has it); the wider type says so.
    this.wss = new WebSocketServer(<ServerOptions & { closeTimeout: number }>{
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: options.limits.maxMessageBytes,
      // Also bounds how long a refused socket whose client does not answer the close holds its fd.
      closeTimeout: options.limits.closeTimeoutMs,
    });
  }

  /**
   * Listens for upgrades to the socket path on `server`. An upgrade on another path goes to the app's
   * own 'upgrade' listeners if it has any (see UnansweredUpgrades); without them it is answered 404
   * at once. Nothing a client sends makes this listener throw.
   */
  attach(server: Server): void {
    if (this.servers.has(server)) return;
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      // Node removes its own 'error' listener before 'upgrade': a reset would be an uncaught error.
      socket.on('error', destroyEmitter);
      try {
        const { pathname, query } = upgradeTarget(req.url);
        if (pathname !== this.options.wsPath) return this.notOurs(server, socket, pathname);
        this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, query));
      } catch (err) {
        logError(this.options.logger, 'handshake-error', { url: req.url }, err);
        socket.destroy();
      }
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
    this.unanswered.clear();
    const closing = [...this.sockets].map((ws) => closeAndWait(ws));
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** An upgrade on a path that is not ours: the app's listeners may take it, else it gets 404. */
  private notOurs(server: Server, socket: Duplex, pathname: string): void {
    if (server.listenerCount('upgrade') > 1) return this.unanswered.add(socket, pathname.slice(0, 200));
    logWarn(this.options.logger, 'upgrade-not-found', { path: pathname.slice(0, 200) });
    answerUpgrade(socket, 404);
  }

  private onConnection(ws: WebSocket, req: IncomingMessage, query: URLSearchParams): void {
    this.sockets.add(ws);
    ws.once('close', () => this.sockets.delete(ws));
    try {
      this.admit(ws, req, query);
    } catch (err) {
      logError(this.options.logger, 'handshake-error', { page: query.get(WS_QUERY.page) }, err);
      const close = closeFor('handshake-error');
      ws.close(close.code, close.reason);
    }
  }

  /** Checks a new socket and attaches it to its page, or closes it with the code of the first check that fails. */
  private admit(ws: WebSocket, req: IncomingMessage, query: URLSearchParams): void {
    const { readSession, isAllowedOrigin, limits } = this.options;
    ws.on('error', socketErrorLogger(this.options.logger, query.get(WS_QUERY.page)));
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
    // Before the page lookup, so a foreign page of another instance is refused like any other page
    // of that instance. A URL without an instance (a runtime older than wire 4) falls through to 4404.
    // A page of this instance id's previous run (a restart under a stable INSTANCE_ID) is gone with
    // that process: 4421 too, so the browser reloads with the backoff that never shows the banner.
    const instance = query.get(WS_QUERY.instance);
    const run = query.get(WS_QUERY.run);
    const restarted = instance === this.options.instanceId && run !== null && run !== this.options.instanceRun;
    if ((instance !== null && instance !== this.options.instanceId) || restarted) {
      this.wrongInstance++;
      const details = { instance: (instance as string).slice(0, 64), here: this.options.instanceId };
      return refuse(this.options, ws, 'wrong-instance', restarted ? { ...details, why: 'a page of a previous run' } : details);
    }
    const entry = this.registry.find(query.get(WS_QUERY.page) ?? '', check.session_id);
    if (!entry) return refuse(this.options, ws, 'page-gone', {});
    if (this.conns.size >= limits.maxSockets) {
      return refuse(this.options, ws, 'too-many-sockets', { bound: 'maxSockets', sockets: this.conns.size });
    }
    const conn = new SocketConnection(ws, client, check.session_id, limits.maxBufferedBytesPerSocket, this.tooSlow);
    if (!this.registry.attach(entry, conn)) {
      return refuse(this.options, ws, 'too-many-sockets', { page: entry.token });
    }
    this.conns.add(conn);
    const gate = new FrameGate(
      limits.maxEventsPerSocketPerSecond,
      limits.maxQueuedEventsPerPage,
      this.options.timers,
      ws,
      (frame) => this.dispatcher.onFrame(entry, conn, frame),
      () => refuse(this.options, ws, 'too-many-events', { page: entry.token, why: 'frames waiting for the rate limit' }),
    );
    ws.on('message', (data: Buffer, isBinary: boolean) => gate.push(isBinary ? null : data.toString()));
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('close', () => {
      gate.close();
      this.conns.delete(conn);
      this.registry.detach(entry, conn);
    });
    const v = query.get(WS_QUERY.version) ?? '';
    ws.send(JSON.stringify(hello(entry, client, /^\d{1,15}$/.test(v) ? Number(v) : -1)));
  }

  private readonly tooSlow = (conn: SocketConnection): void => {
    logWarn(this.options.logger, 'too-slow', { buffered: conn.ws.bufferedAmount, bound: this.options.limits.maxBufferedBytesPerSocket });
    // The close frame queues behind the backlog; ws destroys the socket after closeTimeoutMs if it is not read.
    const close = closeFor('too-slow');
    conn.close(close.code, close.reason);
  };

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

/**
 * `socket.on('error', destroyEmitter)`: a plain function, not a closure, because the listener lives as
 * long as the socket, and a closure made in the upgrade listener would keep that listener's whole
 * context (the upgrade request among it) alive with every socket.
 */
function destroyEmitter(this: Duplex): void {
  this.destroy();
}

/**
 * The listener that logs a socket's errors. Made outside admit(), whose closures share one context:
 * a listener written there would keep the whole handshake (query, request) alive with every socket.
 */
function socketErrorLogger(logger: RenderLogger, page: string | null): (err: Error & { code?: string }) => void {
  return (err) => {
    const code = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too-big' : 'bad-message';
    logWarn(logger, code, { page, why: err.code ?? err.message });
  };
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

/** Closes with 1001; ws destroys the socket after closeTimeoutMs if the peer does not answer. */
function closeAndWait(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    const close = closeFor('server-closing');
    ws.close(close.code, close.reason);
  });
}
