import type { RenderLogger, RenderTimers } from './render-options.js';

interface Tally {
  passed: number;
  suppressed: number;
  level: 'warn' | 'error';
}

/**
 * A logger in front of the app's that lets through at most `linesPerCode` lines per code (the first
 * argument, `[justpy-ts] <code>`) in each window of `windowMs`, then says in one line how many it
 * dropped. Clients choose what the renderer logs (every refused socket, every bad frame), so without
 * this one client could fill the disk. The window opens with the first line; no timer runs while idle.
 */
export class LogLimiter implements RenderLogger {
  private readonly tallies = new Map<string, Tally>();
  private timer: unknown = undefined;

  constructor(
    private readonly target: RenderLogger,
    private readonly linesPerCode: number,
    private readonly windowMs: number,
    private readonly timers: RenderTimers,
  ) {}

  warn(...args: unknown[]): void {
    if (this.admit(args[0], 'warn')) this.target.warn(...args);
  }

  error(...args: unknown[]): void {
    if (this.admit(args[0], 'error')) this.target.error(...args);
  }

  /** Reports what the open window suppressed and stops its timer. */
  close(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.endWindow();
  }

  private admit(first: unknown, level: Tally['level']): boolean {
    const code = String(first);
    let tally = this.tallies.get(code);
    if (tally === undefined) {
      tally = { passed: 0, suppressed: 0, level };
      this.tallies.set(code, tally);
      this.timer ??= this.timers.setTimeout(this.endWindow, this.windowMs);
    }
    if (tally.passed < this.linesPerCode) {
      tally.passed++;
      return true;
    }
    tally.suppressed++;
    return false;
  }

  private readonly endWindow = (): void => {
    this.timer = undefined;
    for (const [code, { suppressed, level }] of this.tallies) {
      if (suppressed > 0) this.target[level](code, { suppressed, windowMs: this.windowMs });
    }
    this.tallies.clear();
  };
}
