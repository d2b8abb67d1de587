import type { RenderTimers } from './render-options.js';

/**
 * Items that expire a fixed time after they were added, with one timer for all of them: every item
 * waits the same `ms`, so insertion order is deadline order and only the head needs a timer. Cheaper
 * than a timer per page, which matters at thousands of page GETs per second.
 */
export class ExpiryQueue<T> {
  private readonly deadlines = new Map<T, number>();
  private timer: unknown = undefined;

  constructor(
    private readonly ms: number,
    private readonly timers: RenderTimers,
    private readonly onExpire: (item: T) => void,
  ) {}

  /** (Re)starts the item's countdown. */
  add(item: T): void {
    this.deadlines.delete(item);
    this.deadlines.set(item, this.timers.now() + this.ms);
    if (this.timer === undefined) this.timer = this.timers.setTimeout(this.fire, this.ms);
  }

  delete(item: T): void {
    this.deadlines.delete(item);
  }

  has(item: T): boolean {
    return this.deadlines.has(item);
  }

  /** The item closest to its deadline (the one added longest ago), or undefined. */
  oldest(): T | undefined {
    return this.deadlines.keys().next().value;
  }

  get size(): number {
    return this.deadlines.size;
  }

  /** Forgets every item and stops the timer. */
  clear(): void {
    this.deadlines.clear();
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = this.timers.now();
    for (const [item, at] of this.deadlines) {
      if (at > now) {
        this.timer = this.timers.setTimeout(this.fire, at - now);
        return;
      }
      this.deadlines.delete(item);
      this.onExpire(item);
    }
  };
}
