// What a page of a `recover: true` client does when its socket closes: what the browser runtime
// does (lib/client/connection.ts, reload.ts), from the same table (lib/render/close-policy.ts).
import { RECONNECT, RELOAD_GUARD, closeAction, misroutedReloadDelayMs } from '../render/close-policy.js';
import type { PageProblem } from './page-view.js';

export interface RecoverySteps {
  /** Opens the socket again; a failure needs no handling (its close calls {@link PageRecovery.closed}). */
  reconnect(): Promise<unknown>;
  /** Loads the page's URL again and connects it; rejects when that fails (a browser would show the error page). */
  reload(): Promise<unknown>;
  /** Reports what the runtime dispatches as `jp:error`; the page then stays as it is. */
  problem(problem: PageProblem): void;
}

export class PageRecovery {
  private retryMs: number = RECONNECT.initialMs;
  private misroutedInARow = 0;
  private lastGuardedReload = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly steps: RecoverySteps) {}

  /** A socket said hello: backoffs start again. */
  connected(): void {
    this.retryMs = RECONNECT.initialMs;
    this.misroutedInARow = 0;
  }

  /** The socket closed with this code: reconnect, reload or stop, as the runtime would. */
  closed(code: number, reason: string): void {
    switch (closeAction(code, reason)) {
      case 'reconnect':
      case 'reconnect-dropping': {
        const wait = this.retryMs;
        this.retryMs = Math.min(this.retryMs * 2, RECONNECT.maxMs);
        return this.after(wait, () => void this.steps.reconnect().catch(() => undefined));
      }
      case 'reload': {
        const now = Date.now();
        if (now - this.lastGuardedReload < RELOAD_GUARD.windowMs) {
          return this.steps.problem({ code: 'reload-loop', message: `not reloading again (${reason || code})` });
        }
        this.lastGuardedReload = now;
        return this.after(0, () => this.reload());
      }
      case 'reload-elsewhere':
        return this.after(misroutedReloadDelayMs(this.misroutedInARow++), () => this.reload());
      case 'stop':
        return this.steps.problem({ code: 'bad-origin', message: 'the server refused this origin' });
    }
  }

  /** The page is closing or reloading by hand: nothing scheduled runs. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private reload(): void {
    this.steps.reload().catch((err: unknown) =>
      this.steps.problem({ code: 'reload-failed', message: err instanceof Error ? err.message : String(err) }),
    );
  }

  private after(ms: number, step: () => void): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      step();
    }, ms);
  }
}
