import { randomBytes } from 'node:crypto';
import type { WebPage } from './webpage.js';
import type { EventMessage } from './wire.js';
import { PageQueue } from './page-queue.js';
import type { RenderLimits, RenderTimers } from './render-options.js';

/** One socket attached to a page, as the registry and the dispatcher see it. */
export interface PageConnection {
  /** The client id from the socket URL; with `seq` it makes events idempotent. */
  readonly client: string;
  /** The session from the socket's handshake cookie (null when sessions are off). */
  readonly session_id: string | null;
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface QueuedEvent {
  conn: PageConnection;
  msg: EventMessage;
}

/** A live page: its token, its owner, its sockets and the events waiting for it. */
export interface PageEntry {
  readonly token: string;
  readonly page: WebPage;
  readonly session_id: string | null;
  readonly sockets: Set<PageConnection>;
  /** Highest seq applied per client id. */
  readonly lastSeq: Map<string, number>;
  readonly queue: PageQueue<QueuedEvent>;
  timer: unknown;
  dropped: boolean;
}

export interface PageRegistryDeps {
  limits: RenderLimits;
  timers: RenderTimers;
  runEvent: (entry: PageEntry, item: QueuedEvent) => Promise<void> | void;
  onQueueError: (entry: PageEntry, err: unknown) => void;
  onDrop?: (entry: PageEntry) => void;
}

/**
 * The live pages of one renderer, by unguessable token, bound to their session. A page lives while a
 * socket is attached, plus `pageGraceMs`; one that no socket claims goes after `unclaimedPageMs`.
 */
export class PageRegistry {
  private readonly pages = new Map<string, PageEntry>();
  private readonly byPage = new WeakMap<WebPage, PageEntry>();
  /** Live pages per session id; sessions-off pages (null) are bounded only by maxPages. */
  private readonly perSession = new Map<string, number>();
  private socketCount = 0;

  constructor(private readonly deps: PageRegistryDeps) {}

  /** Whether one more page fits, overall and for this session. */
  hasRoom(session_id: string | null): boolean {
    const { maxPages, maxPagesPerSession } = this.deps.limits;
    if (this.pages.size >= maxPages) return false;
    return session_id === null || (this.perSession.get(session_id) ?? 0) < maxPagesPerSession;
  }

  /** The live entry of a page object, if it is registered. */
  entryOf(page: WebPage): PageEntry | undefined {
    return this.byPage.get(page);
  }

  /** Registers a page for a session; null when a bound is reached. Throws if the page belongs to another session. */
  register(page: WebPage, session_id: string | null): PageEntry | null {
    const existing = this.byPage.get(page);
    if (existing) {
      if (existing.session_id !== session_id) {
        throw new Error('A page factory returned a page that is live in another session; build one page per request');
      }
      return existing;
    }
    if (!this.hasRoom(session_id)) return null;
    const token = randomBytes(16).toString('base64url');
    const entry: PageEntry = {
      token,
      page,
      session_id,
      sockets: new Set(),
      lastSeq: new Map(),
      queue: new PageQueue<QueuedEvent>(
        (item) => this.deps.runEvent(entry, item),
        this.deps.limits.maxQueuedEventsPerPage,
        (err) => this.deps.onQueueError(entry, err),
      ),
      timer: undefined,
      dropped: false,
    };
    page.session_id = session_id;
    this.pages.set(token, entry);
    this.byPage.set(page, entry);
    if (session_id !== null) this.perSession.set(session_id, (this.perSession.get(session_id) ?? 0) + 1);
    this.expireIn(entry, this.deps.limits.unclaimedPageMs);
    return entry;
  }

  /** The page with this token, only if it belongs to this session. Unknown and foreign look the same. */
  find(token: string, session_id: string | null): PageEntry | undefined {
    const entry = this.pages.get(token);
    return entry && entry.session_id === session_id ? entry : undefined;
  }

  /** Attaches a socket; false when the page already has maxSocketsPerPage. */
  attach(entry: PageEntry, conn: PageConnection): boolean {
    if (entry.dropped || entry.sockets.size >= this.deps.limits.maxSocketsPerPage) return false;
    entry.sockets.add(conn);
    this.socketCount++;
    this.cancelExpiry(entry);
    return true;
  }

  detach(entry: PageEntry, conn: PageConnection): void {
    if (!entry.sockets.delete(conn)) return;
    this.socketCount--;
    if (entry.sockets.size === 0 && !entry.dropped) this.expireIn(entry, this.deps.limits.pageGraceMs);
  }

  /** Forgets a page: its token stops working, its timer stops, waiting events are dropped. */
  drop(entry: PageEntry): void {
    if (entry.dropped) return;
    entry.dropped = true;
    this.cancelExpiry(entry);
    entry.queue.close();
    this.pages.delete(entry.token);
    this.byPage.delete(entry.page);
    if (entry.session_id !== null) {
      const left = (this.perSession.get(entry.session_id) ?? 1) - 1;
      if (left > 0) this.perSession.set(entry.session_id, left);
      else this.perSession.delete(entry.session_id);
    }
    if (entry.page.pushUpdate) entry.page.pushUpdate = null;
    this.deps.onDrop?.(entry);
  }

  /** Every live entry (a copy, safe to drop from while iterating). */
  entries(): PageEntry[] {
    return [...this.pages.values()];
  }

  stats(): { pages: number; sockets: number; sessions: number } {
    return { pages: this.pages.size, sockets: this.socketCount, sessions: this.perSession.size };
  }

  private expireIn(entry: PageEntry, ms: number): void {
    this.cancelExpiry(entry);
    entry.timer = this.deps.timers.setTimeout(() => {
      entry.timer = undefined;
      if (entry.sockets.size === 0) this.drop(entry);
    }, ms);
  }

  private cancelExpiry(entry: PageEntry): void {
    if (entry.timer !== undefined) {
      this.deps.timers.clearTimeout(entry.timer);
      entry.timer = undefined;
    }
  }
}
