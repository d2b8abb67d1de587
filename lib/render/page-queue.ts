/**
 * Runs the events of one page one at a time, in arrival order, even when a handler awaits.
 * `run` returns a promise only when it has to wait; sync work drains in the same tick, so a
 * sync handler costs no microtask. If `run` throws or rejects, `onError` hears of it and the
 * queue moves on.
 */
export class PageQueue<T> {
  private readonly items: T[] = [];
  private running = false;
  private closed = false;
  private idleWaiters: (() => void)[] | null = null;

  constructor(
    private readonly run: (item: T) => PromiseLike<void> | void,
    private readonly max: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Items waiting, not counting the one running. */
  get size(): number {
    return this.items.length;
  }

  /** Queues an item; false when the queue is full (or closed) and the item was not taken. */
  push(item: T): boolean {
    if (this.closed || this.items.length >= this.max) return false;
    this.items.push(item);
    if (!this.running) this.drain();
    return true;
  }

  /** Resolves once nothing runs and nothing waits (at once when idle already). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => (this.idleWaiters ??= []).push(resolve));
  }

  /** Drops waiting items and refuses new ones; the running item finishes. */
  close(): void {
    this.closed = true;
    this.items.length = 0;
  }

  private drain(): void {
    this.running = true;
    let item: T | undefined;
    while ((item = this.items.shift()) !== undefined) {
      let pending: PromiseLike<void> | void;
      try {
        pending = this.run(item);
      } catch (err) {
        this.onError(err);
        continue;
      }
      if (pending) {
        pending.then(this.resume, this.resumeAfterError);
        return;
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = null;
    if (waiters !== null) for (const resolve of waiters) resolve();
  }

  private readonly resume = (): void => this.drain();
  private readonly resumeAfterError = (err: unknown): void => {
    this.onError(err);
    this.drain();
  };
}
