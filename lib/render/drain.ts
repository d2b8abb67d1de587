// A graceful stop of one instance behind a load balancer (the renderer's drain()): report unhealthy
// first, keep serving while the balancer's checks notice, finish the events in flight, then close.
import { logWarn } from './errors.js';
import type { RenderLimits } from './render-limits.js';
import type { RenderLogger, RenderTimers } from './render-options.js';

export interface DrainSteps {
  instanceId: string;
  limits: Pick<RenderLimits, 'drainNoticeMs' | 'drainTimeoutMs'>;
  timers: RenderTimers;
  logger: RenderLogger;
  /** Turns the health endpoint to 503 `draining`. */
  markDraining(): void;
  /** Stops reading events: later ones stay unacknowledged with their clients. */
  stopIntake(): void;
  /** Resolves once no event runs or waits. */
  idle(): Promise<void>;
  /** Closes every socket with 1001 and drops the pages. */
  close(): Promise<void>;
}

/**
 * The health endpoint answers 503 at once; for `drainNoticeMs` pages and events are served as
 * usual, so visitors see nothing while the load balancer stops sending new pages here. Then
 * events stop being read, those already taken finish and are acknowledged (for `drainTimeoutMs` at
 * most), and the sockets close with 1001: their browsers reconnect through the balancer, reach
 * another instance, and reload there.
 */
export async function drainInstance(steps: DrainSteps): Promise<void> {
  const { limits, timers, logger } = steps;
  steps.markDraining();
  logWarn(logger, 'draining', { instance: steps.instanceId, noticeMs: limits.drainNoticeMs });
  await sleep(timers, limits.drainNoticeMs);
  steps.stopIntake();
  const finished = await within(timers, limits.drainTimeoutMs, steps.idle());
  if (!finished) logWarn(logger, 'draining', { instance: steps.instanceId, why: 'events still running after drainTimeoutMs', ms: limits.drainTimeoutMs });
  await steps.close();
}

/** True when `work` settled within `ms`; its timer does not outlive it. */
function within(timers: RenderTimers, ms: number, work: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(() => resolve(false), ms);
    void work.then(() => {
      timers.clearTimeout(timer);
      resolve(true);
    });
  });
}

function sleep(timers: RenderTimers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}
