import type { RenderTimers } from './render-options.js';

/**
 * Lets the frames of one socket through at most `perSecond` a second, from a bucket that holds one
 * second's worth (so a burst of that many passes at once). Past it the socket is no longer read until
 * a token is back: a flooding client slows down to the rate and loses nothing, and everyone else's
 * events keep their share of the event loop. Frames the socket had already read wait here, at most
 * `maxWaiting` of them; one more means the client floods faster than any bound (onOverflow).
 */
export class FrameGate {
  private tokens: number;
  private refilledAt: number;
  /** Frames read but not yet let through; made when the first one has to wait (most sockets never). */
  private waiting: (string | null)[] | null = null;
  private timer: unknown = undefined;
  private overflowed = false;

  constructor(
    private readonly perSecond: number,
    private readonly maxWaiting: number,
    private readonly timers: RenderTimers,
    private readonly socket: { pause(): void; resume(): void },
    private readonly deliver: (frame: string | null) => void,
    private readonly onOverflow: () => void,
  ) {
    this.tokens = perSecond;
    this.refilledAt = timers.now();
  }

  /** A frame the socket read (null: a binary one). */
  push(frame: string | null): void {
    if (this.overflowed) return; // the socket is being closed; what it still sends is dropped
    const waiting = this.waiting;
    if ((waiting === null || waiting.length === 0) && this.take()) return this.deliver(frame);
    if (waiting !== null && waiting.length >= this.maxWaiting) {
      this.overflowed = true;
      this.close();
      return this.onOverflow();
    }
    (this.waiting ??= []).push(frame);
    if (this.timer === undefined) {
      this.socket.pause();
      this.schedule();
    }
  }

  /** Drops what waits and stops the timer (the socket closed). */
  close(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = null;
  }

  private take(): boolean {
    const now = this.timers.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private schedule(): void {
    // A closure only while frames wait, not one per socket for its whole life.
    this.timer = this.timers.setTimeout(() => this.drain(), Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond)));
  }

  private drain(): void {
    this.timer = undefined;
    const waiting = this.waiting ?? [];
    while (waiting.length > 0 && this.take()) this.deliver(waiting.shift() as string | null);
    if (waiting.length > 0) this.schedule();
    else this.socket.resume();
  }
}
