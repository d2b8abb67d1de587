// Upgrades on paths the renderer does not serve, left to the app's own 'upgrade' listeners. Each holds
// a connection (a file descriptor) while it waits, so both how long and how many are bounded.
import type { Duplex } from 'node:stream';
import { logWarn } from './errors.js';
import type { ResolvedRendererOptions } from './render-options.js';
import { answerUpgrade } from './upgrade-target.js';

/** Bytes written mean one of the app's listeners answered (a 101, an error page): the socket is theirs. */
function answered(socket: Duplex): boolean {
  return socket.destroyed || ((socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0) > 0;
}

/**
 * The upgrades waiting for the app's listeners, oldest first. One that nobody answered within
 * `upgradeTimeoutMs` is destroyed. At `maxUnansweredUpgrades`, the oldest unanswered one is answered
 * 503 and closed: a client that opens upgrades nobody serves only ever pushes out its own, while an
 * upgrade a listener takes within moments is never the oldest for long (refusing the newest instead
 * would let that client lock every later upgrade out for as long as it holds its own).
 */
export class UnansweredUpgrades {
  /** A Map keeps insertion order: the first key is the oldest upgrade. */
  private readonly waiting = new Map<Duplex, unknown>();

  constructor(private readonly options: ResolvedRendererOptions) {}

  add(socket: Duplex, path: string): void {
    this.makeRoom();
    const { timers, limits, logger } = this.options;
    const timer = timers.setTimeout(() => {
      this.waiting.delete(socket);
      if (answered(socket)) return;
      logWarn(logger, 'upgrade-timeout', { path, ms: limits.upgradeTimeoutMs });
      socket.destroy();
    }, limits.upgradeTimeoutMs);
    this.waiting.set(socket, timer);
    socket.once('close', () => this.forget(socket));
  }

  /** Stops every timer (the renderer is closing). */
  clear(): void {
    for (const timer of this.waiting.values()) this.options.timers.clearTimeout(timer);
    this.waiting.clear();
  }

  /** Upgrades a listener has answered since are only forgotten; the first unanswered one gets 503. */
  private makeRoom(): void {
    const bound = this.options.limits.maxUnansweredUpgrades;
    for (const socket of this.waiting.keys()) {
      if (this.waiting.size < bound) return;
      this.forget(socket);
      if (answered(socket)) continue;
      logWarn(this.options.logger, 'too-many-upgrades', { bound: 'maxUnansweredUpgrades', waiting: bound });
      answerUpgrade(socket, 503);
    }
  }

  private forget(socket: Duplex): void {
    const timer = this.waiting.get(socket);
    if (timer === undefined) return;
    this.options.timers.clearTimeout(timer);
    this.waiting.delete(socket);
  }
}
