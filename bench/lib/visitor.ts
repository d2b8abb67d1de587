/**
 * One person using the demo while something else loads the server: loads /session_test, opens its
 * socket, clicks every 100 ms, and after a few clicks loads the page again. Every page load and click
 * is timed; a refused page, a refused socket or a lost click is recorded as a failure.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchDemoPage, pageSocketUrl } from './open-pages.js';
import { PageSocket } from './page-socket.js';

export interface VisitorRun {
  /** Milliseconds from sending the GET to having the whole page. */
  pageLoads: number[];
  /** Milliseconds from sending the click to its acknowledging update. */
  clicks: number[];
  failures: string[];
}

export const CLICK_EVERY_MS = 100;
const CLICKS_PER_PAGE = 5;
/** A click unanswered after this long is lost. */
const LOST_AFTER_MS = 10_000;

export async function runVisitor(origin: string, cookie: string, durationMs: number): Promise<VisitorRun> {
  const run: VisitorRun = { pageLoads: [], clicks: [], failures: [] };
  const end = performance.now() + durationMs;
  while (performance.now() < end && run.failures.length === 0) {
    try {
      const t0 = performance.now();
      const page = await withinLostAfter(fetchDemoPage(origin, cookie), 'page load');
      run.pageLoads.push(performance.now() - t0);
      const socket = await withinLostAfter(PageSocket.connect({ url: pageSocketUrl(origin, page), cookie, origin }), 'socket handshake');
      const watchdog = setInterval(() => socket.failIfOlderThan(LOST_AFTER_MS), 1000);
      try {
        for (let i = 0; i < CLICKS_PER_PAGE && performance.now() < end; i++) {
          const due = performance.now() + CLICK_EVERY_MS;
          run.clicks.push((await socket.click(page.buttonId)).latencyMs);
          await sleep(Math.max(0, due - performance.now()));
        }
      } finally {
        clearInterval(watchdog);
        await socket.close();
      }
    } catch (err) {
      run.failures.push((err as Error).message);
    }
  }
  return run;
}

/** A page load or handshake that takes longer than a lost click counts as lost (the run must not hang). */
function withinLostAfter<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const lost = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} unanswered after ${LOST_AFTER_MS} ms`)), LOST_AFTER_MS);
  });
  return Promise.race([work, lost]).finally(() => clearTimeout(timer));
}
