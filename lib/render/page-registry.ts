import { ExpiryQueue } from './expiry-queue.js';
import type { PageQueue } from './page-queue.js';
import { RandomPool } from './random-pool.js';
import type { RenderLimits } from './render-limits.js';
import type { RenderTimers } from './render-options.js';
import type { WebPage } from './webpage.js';
import type { EventMessage } from './wire.js';

/** One socket attached to a page, as the registry and the dispatcher see it. */
export interface PageConnection {
  /** The client id from the socket URL; with `seq` it makes events idempotent. */
  readonly client: string;
  /** The session from the socket's handshake cookie (null when sessions are off); moves on regenerateSession. */
  session_id: string | null;
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface QueuedEvent {
  entry: PageEntry;
  conn: PageConnection;
  msg: EventMessage;
}

/** A live page: its token, its owner, its sockets and the events waiting for it. */
export interface PageEntry {
  readonly token: string;
  readonly page: WebPage;
  /** The owning session; changes only when the session is regenerated (moveSession). */
  session_id: string | null;
  /** At most maxSocketsPerPage, so an array: replaced, never mutated, so a broadcast can iterate while sockets come and go. */
  sockets: readonly PageConnection[];
  /** Highest seq applied per client id (made on the first event). */
  lastSeq: Map<string, number> | null;
  /** The page's serial event queue (made by the dispatcher on the first event). */
  queue: PageQueue<QueuedEvent> | null;
  dropped: boolean;
}

/** Why a page could not be registered: every page that could give way is held by a live socket. */
export type PageRefusal = 'too-many-pages' | 'server-busy';

const NO_SOCKETS: readonly PageConnection[] = Object.freeze([]);

/** 128 bits, as the brief and OWASP ask of session-bound identifiers. */
const TOKEN_BYTES = 16;

/**
 * The live pages of one renderer, by unguessable token, bound to their session. A page lives while a
 * socket is attached, plus `pageGraceMs`; one that no socket claims goes after `unclaimedPageMs`.
 * The bounds protect memory without locking visitors out: at a bound, the page that no socket holds
 * and that would expire first gives way, for the session and overall alike: a never-claimed page
 * first (the one registered longest ago), else one in its grace period (the one whose socket left
 * longest ago: a socket that just dropped is the likeliest to come back, and the age of the page says
 * nothing about that). Only when every page is held by a live socket is a new one refused.
 */
export class PageRegistry {
  private readonly pages = new Map<string, PageEntry>();
  /** Live pages per session id, oldest first; sessions-off pages (null) are bounded only by maxPages. */
  private readonly perSession = new Map<string, Set<PageEntry>>();
  private readonly random = new RandomPool();
  private readonly unclaimed: ExpiryQueue<PageEntry>;
  private readonly orphaned: ExpiryQueue<PageEntry>;
  private socketCount = 0;

  /**
   * @param push what `wp.update()` does for a registered page (the renderer sends pending changes)
   */
  constructor(
    private readonly limits: RenderLimits,
    timers: RenderTimers,
    private readonly push: (entry: PageEntry) => Promise<void>,
  ) {
    const expire = (entry: PageEntry): void => {
      if (entry.sockets.length === 0) this.drop(entry);
    };
    this.unclaimed = new ExpiryQueue(limits.unclaimedPageMs, timers, expire);
    this.orphaned = new ExpiryQueue(limits.pageGraceMs, timers, expire);
  }

  /** Why one more page would be refused for this session, or null when it fits (maybe after an eviction). */
  refusalFor(session_id: string | null): PageRefusal | null {
    return this.makeRoom(session_id, false);
  }

  /**
   * Registers a page for a session, evicting a page no socket holds if a bound is reached; says why
   * when nothing can give way. Throws if the page is live in another session.
   */
  register(page: WebPage, session_id: string | null): PageEntry | PageRefusal {
    // A registered page carries our pushUpdate; only then look for its entry (a rare case, so a scan
    // beats a page -> entry map that every page GET would pay for).
    const existing = page.pushUpdate === null ? undefined : this.entryOf(page);
    if (existing) {
      if (existing.session_id !== session_id) {
        throw new Error('A page factory returned a page that is live in another session; build one page per request');
      }
      return existing;
    }
    const refusal = this.makeRoom(session_id, true);
    if (refusal !== null) return refusal;
    const entry: PageEntry = {
      token: this.random.token(TOKEN_BYTES),
      page,
      session_id,
      sockets: NO_SOCKETS,
      lastSeq: null,
      queue: null,
      dropped: false,
    };
    page.session_id = session_id;
    page.pushUpdate = () => this.push(entry);
    this.pages.set(entry.token, entry);
    if (session_id !== null) {
      const mine = this.perSession.get(session_id);
      if (mine) mine.add(entry);
      else this.perSession.set(session_id, new Set([entry]));
    }
    this.unclaimed.add(entry);
    return entry;
  }

  /** Frees a slot at a full bound by dropping (when `evict`) the page that gives way; null when one fits. */
  private makeRoom(session_id: string | null, evict: boolean): PageRefusal | null {
    const mine = session_id === null ? undefined : this.perSession.get(session_id);
    if (mine && mine.size >= this.limits.maxPagesPerSession) {
      const victim = this.unclaimed.oldestOf(mine) ?? this.orphaned.oldestOf(mine);
      if (!victim) return 'too-many-pages';
      if (evict) this.drop(victim);
      return null; // the session's own page gave way, which frees a slot overall as well
    }
    if (this.pages.size < this.limits.maxPages) return null;
    const victim = this.unclaimed.oldest() ?? this.orphaned.oldest();
    if (!victim) return 'server-busy';
    if (evict) this.drop(victim);
    return null;
  }

  /** The page with this token, only if it belongs to this session. Unknown and foreign look the same. */
  find(token: string, session_id: string | null): PageEntry | undefined {
    const entry = this.pages.get(token);
    return entry && entry.session_id === session_id ? entry : undefined;
  }

  /** Attaches a socket; false when the page already has maxSocketsPerPage. */
  attach(entry: PageEntry, conn: PageConnection): boolean {
    if (entry.dropped || entry.sockets.length >= this.limits.maxSocketsPerPage) return false;
    entry.sockets = [...entry.sockets, conn];
    this.socketCount++;
    this.unclaimed.delete(entry);
    this.orphaned.delete(entry);
    return true;
  }

  detach(entry: PageEntry, conn: PageConnection): void {
    const i = entry.sockets.indexOf(conn);
    if (i === -1) return;
    entry.sockets = entry.sockets.length === 1 ? NO_SOCKETS : entry.sockets.filter((c) => c !== conn);
    this.socketCount--;
    if (entry.sockets.length === 0 && !entry.dropped) this.orphaned.add(entry);
  }

  /** Forgets a page: its token stops working, waiting events are dropped. */
  drop(entry: PageEntry): void {
    if (entry.dropped) return;
    entry.dropped = true;
    this.unclaimed.delete(entry);
    this.orphaned.delete(entry);
    entry.queue?.close();
    this.pages.delete(entry.token);
    const mine = entry.session_id === null ? undefined : this.perSession.get(entry.session_id);
    if (mine) {
      mine.delete(entry);
      if (mine.size === 0) this.perSession.delete(entry.session_id as string);
    }
    entry.page.pushUpdate = null;
  }

  /** The session got a new id (msg.regenerateSession): its pages here, and their sockets, follow it. */
  moveSession(old_id: string, new_id: string): void {
    const moving = this.perSession.get(old_id);
    if (moving === undefined) return;
    this.perSession.delete(old_id);
    const target = this.perSession.get(new_id);
    for (const entry of moving) {
      entry.session_id = new_id;
      entry.page.session_id = new_id;
      for (const conn of entry.sockets) conn.session_id = new_id;
      target?.add(entry);
    }
    if (target === undefined) this.perSession.set(new_id, moving);
  }

  private entryOf(page: WebPage): PageEntry | undefined {
    for (const entry of this.pages.values()) if (entry.page === page) return entry;
    return undefined;
  }

  /** Resolves once no page has an event running or waiting. */
  idle(): Promise<void> {
    const busy: Promise<void>[] = [];
    for (const entry of this.pages.values()) if (entry.queue !== null) busy.push(entry.queue.idle());
    return Promise.all(busy).then(() => undefined);
  }

  /** Drops every page and stops the expiry timers. */
  close(): void {
    for (const entry of [...this.pages.values()]) this.drop(entry);
    this.unclaimed.clear();
    this.orphaned.clear();
  }

  stats(): { pages: number; sockets: number; sessions: number } {
    return { pages: this.pages.size, sockets: this.socketCount, sessions: this.perSession.size };
  }
}
