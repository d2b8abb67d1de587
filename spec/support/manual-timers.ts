// Timers that only move when a test says so, for page expiry and heartbeats (RendererOptions.timers).
import type { RenderTimers } from '../../lib/render/render-options.js';

interface Pending {
  fn: () => void;
  at: number;
  every: number | null;
}

export class ManualTimers implements RenderTimers {
  private clock = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  now(): number {
    return this.clock;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { fn, at: this.clock + ms, every: null });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  setInterval(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { fn, at: this.clock + ms, every: ms });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Timers not yet fired or cleared. */
  get size(): number {
    return this.pending.size;
  }

  /** Moves time forward, firing what falls due, in time order. */
  advance(ms: number): void {
    const end = this.clock + ms;
    for (;;) {
      let dueId = -1;
      let due: Pending | undefined;
      for (const [id, p] of this.pending) if (p.at <= end && (!due || p.at < due.at)) [dueId, due] = [id, p];
      if (!due) break;
      this.clock = due.at;
      if (due.every === null) this.pending.delete(dueId);
      else due.at += due.every;
      due.fn();
    }
    this.clock = end;
  }
}
