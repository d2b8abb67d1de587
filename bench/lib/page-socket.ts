/**
 * A bench client for one open page: a WebSocket that sends click events one at a time and waits for
 * the update that acknowledges each. Used against the renderer and against the bare `ws` ceiling.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { EventMessage, ServerMessage, UpdateMessage } from '../../lib/render/wire.js';

export interface ConnectOptions {
  /** Full ws:// URL including the query. */
  url: string;
  cookie?: string;
  origin: string;
  /** Wait for the server's hello before resolving (the renderer and the ceiling both send one). Default true. */
  awaitHello?: boolean;
}

export interface ClickReply {
  latencyMs: number;
  /** Payload bytes of the update frame that acknowledged the click. */
  bytes: number;
  update: UpdateMessage;
}

/** A random client id, as the browser runtime draws one per page load. */
export function newClientId(): string {
  return randomBytes(12).toString('base64url');
}

export class PageSocket {
  private seq = 0;
  private pending: { seq: number; t0: number; resolve: (r: ClickReply) => void; reject: (e: Error) => void } | null = null;
  /** Messages that were neither a hello nor the awaited ack (updates for other sockets of the page, errors). */
  unexpected = 0;
  lastUpdate: UpdateMessage | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.onMessage(data));
    ws.on('close', (code, reason) => {
      this.pending?.reject(new Error(`socket closed ${code} ${reason.toString()} while waiting for ack ${this.pending.seq}`));
      this.pending = null;
    });
  }

  static connect(options: ConnectOptions): Promise<PageSocket> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { origin: options.origin };
      if (options.cookie) headers.cookie = options.cookie;
      const ws = new WebSocket(options.url, { headers, perMessageDeflate: false });
      const fail = (err: Error) => reject(err);
      ws.once('error', fail);
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        fail(new Error(`handshake refused: HTTP ${res.statusCode}`));
      });
      ws.once('close', (code, reason) => fail(new Error(`closed during connect: ${code} ${reason.toString()}`)));
      const ready = () => {
        ws.off('error', fail);
        ws.removeAllListeners('close');
        ws.on('error', () => undefined);
        resolve(new PageSocket(ws));
      };
      if (options.awaitHello === false) ws.once('open', ready);
      else {
        ws.once('message', (data: Buffer) => {
          const m = JSON.parse(data.toString()) as ServerMessage;
          if (m.type === 'hello') ready();
          else fail(new Error(`first message was ${m.type}, not hello`));
        });
      }
    });
  }

  /** Sends one click on `component` and resolves with the update that acknowledges it. */
  click(component: string): Promise<ClickReply> {
    if (this.pending) throw new Error('one click at a time');
    const seq = ++this.seq;
    const msg: EventMessage = { type: 'event', seq, component, event_type: 'click', value: '' };
    return new Promise((resolve, reject) => {
      this.pending = { seq, t0: performance.now(), resolve, reject };
      this.ws.send(JSON.stringify(msg));
    });
  }

  /** Rejects the click in flight if it has waited longer than `ms` (a lost event must not hang the run). */
  failIfOlderThan(ms: number, now = performance.now()): void {
    const p = this.pending;
    if (p && now - p.t0 > ms) {
      this.pending = null;
      p.reject(new Error(`no reply to event ${p.seq} within ${ms} ms`));
    }
  }

  /** Clicks sent so far. */
  get sent(): number {
    return this.seq;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private onMessage(data: Buffer): void {
    const t1 = performance.now();
    const m = JSON.parse(data.toString()) as ServerMessage;
    const p = this.pending;
    if (p && (m.type === 'update' || m.type === 'error') && m.ack === p.seq) {
      this.pending = null;
      if (m.type === 'update') {
        this.lastUpdate = m;
        p.resolve({ latencyMs: t1 - p.t0, bytes: data.length, update: m });
      } else p.reject(new Error(`event ${p.seq} answered with ${m.type}: ${JSON.stringify(m)}`));
      return;
    }
    this.unexpected++;
  }
}
