import { RECONNECT, closeAction } from '../render/close-policy.js';
import { WIRE_VERSION, WS_QUERY, parseServerMessage, type BootData, type EventMessage, type ServerMessage } from '../render/wire.js';
import { reportError } from './errors.js';
import type { OutgoingEvent } from './event-message.js';
import { guardedReload, reloadElsewhere, resetMisroutedReloads } from './reload.js';

export interface ConnectionHooks {
  /** Every valid server message, after the connection's own bookkeeping (acks, resends). */
  onMessage(msg: ServerMessage): void;
  onConnectedChange(connected: boolean): void;
  /** The page version the DOM shows, sent on (re)connect so the server can catch us up. */
  version(): number;
}

/**
 * The page's socket. Events are numbered and kept until the server acks them; after a drop the
 * socket reconnects with backoff and, on the server's hello, resends whatever the server has not
 * applied (it skips duplicates), so no event is lost or applied twice.
 */
export class Connection {
  private socket: WebSocket | null = null;
  private ready = false;
  private seq = 0;
  private readonly unacked: EventMessage[] = [];
  private retryMs: number = RECONNECT.initialMs;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly boot: BootData,
    private readonly clientId: string,
    private readonly hooks: ConnectionHooks,
  ) {}

  open(): void {
    if (this.stopped) return;
    const query = new URLSearchParams({
      [WS_QUERY.page]: this.boot.page,
      [WS_QUERY.client]: this.clientId,
      [WS_QUERY.version]: String(this.hooks.version()),
      [WS_QUERY.instance]: this.boot.instance,
      [WS_QUERY.run]: this.boot.run,
    });
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}${this.boot.ws_path}?${query}`);
    socket.onmessage = (ev) => this.onFrame(ev.data);
    socket.onclose = (ev) => this.onClose(socket, ev.code, ev.reason);
    this.socket = socket;
  }

  send(event: OutgoingEvent): void {
    const msg: EventMessage = { type: 'event', seq: ++this.seq, ...event };
    this.unacked.push(msg);
    if (this.ready) this.socket?.send(JSON.stringify(msg));
  }

  /** The page is going away: no more reconnects. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close(1000);
  }

  private onFrame(data: unknown): void {
    const msg = parseServerMessage(data);
    if (!msg) {
      reportError('bad-message', 'unreadable message from the server');
      return;
    }
    if (msg.type === 'hello') {
      if (msg.wire !== WIRE_VERSION) {
        this.stop();
        guardedReload(`server speaks wire ${msg.wire}`);
        return;
      }
      this.ready = true;
      this.retryMs = RECONNECT.initialMs;
      resetMisroutedReloads();
      this.hooks.onConnectedChange(true);
      this.hooks.onMessage(msg);
      this.dropUpTo(msg.last_seq);
      for (const queued of this.unacked) this.socket?.send(JSON.stringify(queued));
      return;
    }
    if (msg.type !== 'renew' && msg.ack !== undefined) this.dropUpTo(msg.ack);
    this.hooks.onMessage(msg);
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    if (this.ready) this.hooks.onConnectedChange(false);
    this.ready = false;
    if (this.stopped) return;
    const action = closeAction(code, reason);
    if (action === 'reload') return guardedReload(reason || `close ${code}`);
    if (action === 'reload-elsewhere') {
      this.stopped = true;
      return reloadElsewhere();
    }
    if (action === 'stop') {
      this.stopped = true;
      return reportError('bad-origin', 'the server refused this origin');
    }
    if (action === 'reconnect-dropping') {
      // Resending would be refused again; what the server had applied it reports in hello.
      reportError('rejected', `the server refused an event (${reason || code})`);
      this.unacked.length = 0;
    }
    this.scheduleReconnect();
  }

  // Within grace_ms the server still holds the page and the reconnect keeps its state. After
  // that the server answers 4404 and we reload, so the runtime never reloads into a server that
  // is down: it keeps trying every RECONNECT.maxMs until one answers.
  private scheduleReconnect(): void {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT.maxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, wait);
  }

  private dropUpTo(seq: number): void {
    while (this.unacked.length > 0 && (this.unacked[0]?.seq ?? Infinity) <= seq) this.unacked.shift();
  }
}
