/**
 * Runs the events of one page one at a time, in arrival order, even when a handler awaits.
 * `run` must not throw (the dispatcher catches handler errors itself); if it does, the error goes
 * to `onError` and the queue moves on.
 */
export class PageQueue<T> {
  private readonly items: T[] = [];
  private running = false;
  private closed = false;

  constructor(
    private readonly run: (item: T) => Promise<void> | void,
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
    if (!this.running) void this.drain();
    return true;
  }

  /** Drops waiting items and refuses new ones; the running item finishes. */
  close(): void {
    this.closed = true;
    this.items.length = 0;
  }

  private async drain(): Promise<void> {
    this.running = true;
    let item: T | undefined;
    while ((item = this.items.shift()) !== undefined) {
      try {
        const pending = this.run(item);
        if (pending) await pending;
      } catch (err) {
        this.onError(err);
      }
    }
    this.running = false;
  }
}
