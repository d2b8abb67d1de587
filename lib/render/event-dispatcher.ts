import { isStoreError } from '../session/index.js';
import { HandlerMsg, type SessionBridge } from './event-session.js';
import { closeFor, logError, logWarn } from './errors.js';
import type { PageConnection, PageEntry, QueuedEvent } from './page-registry.js';
import { PageQueue } from './page-queue.js';
import type { RenderLogger } from './render-options.js';
import { parseClientMessage } from './client-message.js';
import type { ErrorMessage, EventMessage, SoftErrorCode } from './wire.js';

const SOFT_MESSAGES: Record<SoftErrorCode, string> = {
  'unknown-component': 'No such component on this page',
  'no-handler': 'This component does not handle that event',
  'handler-error': 'The event handler failed; the error is in the server log',
  'store-unavailable': 'Session data is unavailable right now, so this was not saved; please try again in a few seconds',
};

/**
 * Clients whose last seq a page remembers. Each page load draws one client id, so a page sees a
 * handful; the bound only stops a socket that invents ids from growing the map without end.
 */
const MAX_CLIENTS_PER_PAGE = 64;

/**
 * Turns frames into events and events into updates. Frames are checked at the boundary; events of a
 * page go through its serial queue; each event gets exactly one reply that carries its `ack`.
 */
export class EventDispatcher {
  private intakeOpen = true;

  constructor(
    private readonly logger: RenderLogger,
    private readonly maxQueued: number,
    private readonly sessions: SessionBridge | null = null,
  ) {}

  /**
   * From now on frames are dropped unread (drain): their events are neither applied nor
   * acknowledged, so their clients still hold them. Events already queued still run.
   */
  stopIntake(): void {
    this.intakeOpen = false;
  }

  /** A text frame from a socket of `entry` (null for a binary frame). */
  onFrame(entry: PageEntry, conn: PageConnection, text: string | null): void {
    if (!this.intakeOpen) return;
    let data: unknown;
    try {
      if (text === null) throw new TypeError('binary frame');
      data = JSON.parse(text);
    } catch {
      this.refuse(entry, conn, 'not JSON');
      return;
    }
    const msg = parseClientMessage(data);
    if (typeof msg === 'string') {
      this.refuse(entry, conn, msg);
      return;
    }
    if (entry.dropped) return;
    const queue = (entry.queue ??= new PageQueue(this.runItem, this.maxQueued, this.onQueueError));
    if (!queue.push({ entry, conn, msg })) {
      logWarn(this.logger, 'too-many-events', { page: entry.token, queued: queue.size });
      const { code, reason } = closeFor('too-many-events');
      conn.close(code, reason);
    }
  }

  private readonly runItem = (item: QueuedEvent): Promise<void> | void => this.run(item);
  private readonly onQueueError = (err: unknown): void => logError(this.logger, 'handler-error', {}, err);

  /** Runs one queued event; returns a promise only if its handler is async. Never throws. */
  run({ entry, conn, msg }: QueuedEvent): Promise<void> | void {
    const page = entry.page;
    const seq = msg.seq;
    const lastSeq = (entry.lastSeq ??= new Map());
    if (seq <= (lastSeq.get(conn.client) ?? 0)) {
      conn.send(ackOnly(page.version, seq));
      return;
    }
    if (lastSeq.size >= MAX_CLIENTS_PER_PAGE && !lastSeq.has(conn.client)) {
      lastSeq.delete(lastSeq.keys().next().value as string);
    }
    lastSeq.set(conn.client, seq);
    const target = page.getComponent(msg.component);
    if (!target) {
      conn.send(softError('unknown-component', seq));
      return;
    }
    const ev = new HandlerMsg(msg.event_type, target.id, page, target, msg.value ?? '', this.sessions, conn);
    if (msg.checked !== undefined) ev.checked = msg.checked;
    if (msg.values !== undefined) ev.values = msg.values;
    if (msg.key_data !== undefined) ev.key_data = msg.key_data;
    if (msg.form_data !== undefined) ev.form_data = msg.form_data;
    let result: unknown;
    try {
      target.beforeEvent(ev);
      const handler = target.handlerFor(msg.event_type);
      if (handler) result = handler(target, ev);
      else if (!target.listensTo().has(msg.event_type)) {
        conn.send(softError('no-handler', seq));
        return;
      }
    } catch (err) {
      return this.failed(entry, conn, msg, target.id, err);
    }
    if (isThenable(result) || ev.touchedStore) return this.settle(entry, conn, msg, target.id, result, ev);
    this.finish(entry, conn, seq, result);
  }

  private async settle(
    entry: PageEntry,
    conn: PageConnection,
    msg: EventMessage,
    id: string,
    pending: unknown,
    scope: HandlerMsg,
  ): Promise<void> {
    let result: unknown;
    try {
      result = await pending;
      // Store operations the handler started but did not await finish before the ack, too.
      await scope.settle();
    } catch (err) {
      return this.failed(entry, conn, msg, id, err);
    }
    this.finish(entry, conn, msg.seq, result);
  }

  /** The ack-bearing reply: just the ack when the handler returned true, else the update. */
  private finish(entry: PageEntry, conn: PageConnection, seq: number, result: unknown): void {
    if (result === true) conn.send(ackOnly(entry.page.version, seq));
    else this.broadcast(entry, conn, seq);
  }

  private failed(entry: PageEntry, conn: PageConnection, msg: EventMessage, id: string, err: unknown): void {
    if (this.sessions !== null && isStoreError(err, 'session-ended')) {
      // Nothing this page does can be stored any more; its tabs reload into the session they hold now.
      logWarn(this.logger, 'session-ended', { page: entry.token, component: id, event: msg.event_type });
      this.sessions.ended(entry);
      return;
    }
    const code = isStoreError(err, 'unavailable') ? 'store-unavailable' : 'handler-error';
    logError(this.logger, code, { page: entry.token, component: id, event: msg.event_type }, err);
    this.broadcast(entry, null, 0);
    conn.send(softError(code, msg.seq));
  }

  /**
   * Sends what changed to every socket of the page: one JSON string for all, plus the same with `ack`
   * for `origin`. With nothing changed, only `origin` hears back (its ack).
   */
  broadcast(entry: PageEntry, origin: PageConnection | null, ack: number): void {
    const page = entry.page;
    const { changes, page_options, fields } = page.takeChanges();
    const hasOptions = page_options !== undefined && Object.keys(page_options).length > 0;
    if (changes.length === 0 && !hasOptions && fields === undefined) {
      if (origin) origin.send(ackOnly(page.version, ack));
      return;
    }
    let body = `{"type":"update","version":${page.version},"changes":${JSON.stringify(changes)}`;
    if (hasOptions) body += `,"page_options":${JSON.stringify(page_options)}`;
    if (fields !== undefined) body += `,"fields":${JSON.stringify(fields)}`;
    const plain = body + '}';
    const acked = origin ? `${body},"ack":${ack}}` : plain;
    for (const conn of entry.sockets) conn.send(conn === origin ? acked : plain);
  }

  private refuse(entry: PageEntry, conn: PageConnection, why: string): void {
    logWarn(this.logger, 'bad-message', { page: entry.token, why });
    const { code, reason } = closeFor('bad-message');
    conn.close(code, reason);
  }
}

function ackOnly(version: number, ack: number): string {
  return `{"type":"update","version":${version},"changes":[],"ack":${ack}}`;
}

function softError(code: SoftErrorCode, ack: number): string {
  const msg: ErrorMessage = { type: 'error', code, message: SOFT_MESSAGES[code], ack };
  return JSON.stringify(msg);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
