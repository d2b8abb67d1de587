// The page protocol as the browser runtime speaks it (lib/client/connection.ts): the socket URL
// from WS_QUERY, the hello, numbered events kept until acked, the resend after a reconnect, and
// which closes end a page. Every wire name comes from lib/render/wire.ts. The only file of
// lib/testing that imports ws.
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { closeAction } from '../render/close-policy.js';
import {
  WIRE_VERSION,
  parseServerMessage,
  WS_QUERY,
  type BootData,
  type EventMessage,
  type HelloMessage,
  type ServerMessage,
  type UpdateMessage,
} from '../render/wire.js';
import { PageEventError, TestKitError } from './errors.js';
import type { OutgoingEvent } from './event-builder.js';

/**
 * What settles an event: the update carrying its `ack`, or, when that reply went to a socket that
 * was closed before it arrived, the hello whose `last_seq` says the server applied it.
 */
export type EventReply = UpdateMessage | HelloMessage;

export interface PageSocketOptions {
  /** http(s) URL of the page, for the socket's host and the cookie jar. */
  pageUrl: string;
  boot: BootData;
  clientId: string;
  /** Origin header of the upgrade, as a browser on that page sends it; null sends none. */
  origin: string | null;
  /** The Cookie header for a URL (the client's jar), and where Set-Cookie of the upgrade goes. */
  cookieHeader(url: string): string;
  storeCookies(url: string, setCookie: string[]): void;
  /** Every valid server message, in order, after the socket's bookkeeping. */
  onMessage(msg: ServerMessage): void;
  /** A frame that is not a server message (the runtime reports it as `bad-message`). */
  onUnreadable(frame: string): void;
  onClose(code: number, reason: string): void;
}

interface PendingEvent {
  msg: EventMessage;
  label: string;
  resolve(reply: EventReply): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Closes after which the runtime neither resends nor keeps its unacked events (it reloads, stops or drops them). */
function endsUnacked(code: number, reason: string): boolean {
  return closeAction(code, reason) !== 'reconnect';
}

export class PageSocket {
  private ws: WebSocket | null = null;
  private ready = false;
  private seq = 0;
  private readonly unacked: PendingEvent[] = [];
  private halted = false;

  constructor(private readonly options: PageSocketOptions) {}

  /** The raw socket, for protocol-level tests (null between a close and the next connect). */
  get raw(): WebSocket | null {
    return this.ws;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get connected(): boolean {
    return this.ready;
  }

  /** True once the page stopped this socket for good (closed, reloaded, navigated away). */
  get stopped(): boolean {
    return this.halted;
  }

  /** The socket URL the runtime builds from the boot data: `${ws_path}?page=..&client=..&v=..&instance=..&run=..`. */
  url(version: number): string {
    const { boot, clientId, pageUrl } = this.options;
    const url = new URL(boot.ws_path, pageUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({
      [WS_QUERY.page]: boot.page,
      [WS_QUERY.client]: clientId,
      [WS_QUERY.version]: String(version),
      [WS_QUERY.instance]: boot.instance,
      [WS_QUERY.run]: boot.run,
    }).toString();
    return url.href;
  }

  /** Opens the socket and resolves with the hello, after resending what the server has not applied. */
  connect(version: number, timeoutMs: number): Promise<HelloMessage> {
    if (this.halted) return Promise.reject(new TestKitError('this page was closed or navigated away'));
    this.ws?.terminate();
    this.ready = false;
    const url = this.url(version);
    const httpUrl = url.replace(/^ws/, 'http');
    const cookie = this.options.cookieHeader(httpUrl);
    const ws = new WebSocket(url, {
      headers: cookie ? { cookie } : {},
      ...(this.options.origin === null ? {} : { origin: this.options.origin }),
    });
    this.ws = ws;
    return new Promise<HelloMessage>((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        reject(new TestKitError(`the page's socket ${url} ${why}`));
      };
      const timer = setTimeout(() => {
        fail(`sent no hello within ${timeoutMs} ms`);
        ws.terminate();
      }, timeoutMs);
      ws.on('upgrade', (res: IncomingMessage) => this.options.storeCookies(httpUrl, setCookiesOf(res)));
      ws.on('unexpected-response', (_req, res: IncomingMessage) => {
        const hint = res.statusCode === 404 ? ' (is the renderer attached? createTestClient(app, { attach: renderer }))' : '';
        fail(`was refused with HTTP ${res.statusCode}${hint}`);
        ws.terminate();
      });
      ws.on('error', (err) => fail(`failed: ${err.message}`));
      ws.on('message', (data, isBinary) => {
        const msg = isBinary ? null : parseServerMessage(String(data));
        if (msg?.type === 'hello' && !this.ready) {
          clearTimeout(timer);
          if (msg.wire !== WIRE_VERSION) {
            fail(`speaks wire ${msg.wire}, this kit ${WIRE_VERSION}`);
            return ws.close(1000);
          }
          this.onHello(msg);
          resolve(msg);
        } else if (msg) this.onReply(msg);
        else this.options.onUnreadable(String(data));
      });
      ws.on('close', (code, reasonBuffer) => {
        const reason = reasonBuffer.toString();
        if (!this.ready) fail(`closed with ${code} ${reason || '(no reason)'} before its hello`);
        this.onClose(ws, code, reason);
      });
    });
  }

  /**
   * Numbers the event and sends it (or queues it until the next hello when disconnected).
   * Resolves with its reply; rejects on an error reply, a close that ends the page, or the timeout.
   */
  send(event: OutgoingEvent, label: string, timeoutMs: number): Promise<EventReply> {
    if (this.halted) return Promise.reject(new TestKitError(`${label}: this page was closed or navigated away`));
    const msg: EventMessage = { type: 'event', seq: ++this.seq, ...event };
    return new Promise<EventReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.forget(pending);
        reject(new TestKitError(`${label}: no reply to event ${msg.seq} within ${timeoutMs} ms`));
      }, timeoutMs);
      const pending: PendingEvent = { msg, label, resolve, reject, timer };
      this.unacked.push(pending);
      if (this.ready) this.ws?.send(JSON.stringify(msg));
    });
  }

  /** Closes the socket as a dropped connection would (unacked events stay, for the next connect). */
  disconnect(): Promise<void> {
    return closeAndWait(this.ws);
  }

  /** The page is going away: close for good and fail what is still unacked. */
  stop(why: string): Promise<void> {
    this.halted = true;
    this.ready = false;
    this.failAll(why);
    return closeAndWait(this.ws);
  }

  private onHello(hello: HelloMessage): void {
    this.ready = true;
    this.options.onMessage(hello);
    this.settleUpTo(hello.last_seq, hello);
    for (const pending of this.unacked) this.ws?.send(JSON.stringify(pending.msg));
  }

  private onReply(msg: ServerMessage): void {
    if ((msg.type === 'update' || msg.type === 'error') && msg.ack !== undefined) this.settleUpTo(msg.ack, msg);
    this.options.onMessage(msg);
  }

  private settleUpTo(seq: number, reply: ServerMessage): void {
    while (this.unacked.length > 0 && (this.unacked[0] as PendingEvent).msg.seq <= seq) {
      const pending = this.unacked.shift() as PendingEvent;
      clearTimeout(pending.timer);
      if (reply.type === 'hello' || reply.type === 'update') pending.resolve(reply);
      else if (reply.type === 'error' && reply.ack === pending.msg.seq) pending.reject(new PageEventError(pending.label, reply));
      else pending.reject(new TestKitError(`${pending.label}: no reply before the error for event ${seq}`));
    }
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.ready = false;
    if (endsUnacked(code, reason)) this.failAll(`the socket closed with ${code} ${reason}`);
    this.options.onClose(code, reason);
  }

  private failAll(why: string): void {
    for (const pending of this.unacked.splice(0)) {
      clearTimeout(pending.timer);
      pending.reject(new TestKitError(`${pending.label}: ${why}`));
    }
  }

  private forget(pending: PendingEvent): void {
    const at = this.unacked.indexOf(pending);
    if (at >= 0) this.unacked.splice(at, 1);
  }
}

function closeAndWait(ws: WebSocket | null): Promise<void> {
  if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  });
}

function setCookiesOf(res: IncomingMessage): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : raw;
}
