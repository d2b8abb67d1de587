// The memory store's bookkeeping: entries in two orders (recency for eviction, deadline for
// expiry) and the tombstones of ended ids. Every session has the same ttl, so the order in which
// entries were last written is the order of their deadlines, and a sweep stops at the first entry
// still alive (the pattern of lib/render/expiry-queue.ts, which lib/session may not import).

export interface Entry {
  readonly fields: Map<string, string>;
  /** UTF-8 bytes of field names plus JSON values. */
  bytes: number;
  expiresAt: number;
}

export interface MemoryBounds {
  ttlSeconds: number;
  maxSessions: number;
  maxTombstones: number;
  now: () => number;
}

export class MemorySessions {
  /** Least recently used first. */
  private readonly byRecency = new Map<string, Entry>();
  /** Soonest deadline first: every write sets now + ttl and moves the entry to the end. */
  private readonly byExpiry = new Map<string, Entry>();
  /** Ended ids and when their tombstone lapses, soonest first. */
  private readonly tombstones = new Map<string, number>();

  constructor(private readonly bounds: MemoryBounds) {}

  get size(): number {
    return this.byRecency.size;
  }

  /** The session's entry unless it expired (an expired one is dropped on the spot). */
  live(sid: string): Entry | undefined {
    const entry = this.byRecency.get(sid);
    if (entry === undefined || entry.expiresAt > this.bounds.now()) return entry;
    this.drop(sid);
    return undefined;
  }

  /** live(), and a read counts as use for the LRU order (but never extends the expiry). */
  read(sid: string): Entry | undefined {
    const entry = this.live(sid);
    if (entry !== undefined) {
      this.byRecency.delete(sid);
      this.byRecency.set(sid, entry);
    }
    return entry;
  }

  /** A new, empty entry (not yet held), making room first: expired sessions go before the least recently used. */
  admit(): Entry {
    if (this.byRecency.size >= this.bounds.maxSessions) this.sweepExpired();
    for (const sid of this.byRecency.keys()) {
      if (this.byRecency.size < this.bounds.maxSessions) break;
      this.drop(sid);
    }
    return { fields: new Map(), bytes: 0, expiresAt: 0 };
  }

  /** Holds the entry under sid as just written: expiry restarts, most recently used. */
  written(sid: string, entry: Entry): void {
    entry.expiresAt = this.bounds.now() + this.bounds.ttlSeconds * 1000;
    this.byRecency.delete(sid);
    this.byRecency.set(sid, entry);
    this.byExpiry.delete(sid);
    this.byExpiry.set(sid, entry);
  }

  drop(sid: string): void {
    this.byRecency.delete(sid);
    this.byExpiry.delete(sid);
  }

  /** Drops the data and remembers the id as ended for one ttl. */
  end(sid: string): void {
    this.drop(sid);
    this.tombstones.delete(sid);
    this.tombstones.set(sid, this.bounds.now() + this.bounds.ttlSeconds * 1000);
    for (const oldest of this.tombstones.keys()) {
      if (this.tombstones.size <= this.bounds.maxTombstones) break;
      this.tombstones.delete(oldest);
    }
  }

  isEnded(sid: string): boolean {
    const lapsesAt = this.tombstones.get(sid);
    if (lapsesAt === undefined) return false;
    if (lapsesAt > this.bounds.now()) return true;
    this.tombstones.delete(sid);
    return false;
  }

  /** Drops expired sessions and lapsed tombstones; returns how many sessions went. */
  sweepExpired(): number {
    const now = this.bounds.now();
    let swept = 0;
    for (const [sid, entry] of this.byExpiry) {
      if (entry.expiresAt > now) break;
      this.drop(sid);
      swept += 1;
    }
    for (const [sid, lapsesAt] of this.tombstones) {
      if (lapsesAt > now) break;
      this.tombstones.delete(sid);
    }
    return swept;
  }

  clear(): void {
    this.byRecency.clear();
    this.byExpiry.clear();
    this.tombstones.clear();
  }
}
