/**
 * One person using the demo while something else loads the server: loads /session_test, opens its
 * socket, clicks every 100 ms, and after a few clicks loads the page again. Every page load and click
 * is timed; a refused page, a refused socket or a lost click is recorded as a failure. Beside it, a
 * second returning visitor only loads the page (sampleLoads), so that the load percentiles rest on
 * hundreds of loads: the clicking visitor alone makes about two a second, and at 20 loads p99 is the maximum.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoPage } from './demo-page.js';
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
/** The pause between two loads of the visitor who only loads the page. */
const LOAD_EVERY_MS = 25;
/** A click unanswered after this long is lost. */
const LOST_AFTER_MS = 10_000;

/**
 * The clicking visitor (`cookie`) and the loading one (`loaderCookie`, its own session, so that the
 * pages it leaves unclaimed give way at its own bound, never the clicking visitor's) for `durationMs`;
 * pageLoads holds both visitors' loads.
 */
export async function runVisitors(origin: string, cookie: string, loaderCookie: string, durationMs: number): Promise<VisitorRun> {
  const [run, loads] = await Promise.all([runVisitor(origin, cookie, durationMs), sampleLoads(origin, loaderCookie, durationMs)]);
  return { pageLoads: [...run.pageLoads, ...loads.pageLoads], clicks: run.clicks, failures: [...run.failures, ...loads.failures] };
}

async function sampleLoads(origin: string, cookie: string, durationMs: number): Promise<VisitorRun> {
  return repeatFor(durationMs, 'loading visitor: ', async (run) => {
    await timedLoad(origin, cookie, run);
    await sleep(LOAD_EVERY_MS);
  });
}

function runVisitor(origin: string, cookie: string, durationMs: number): Promise<VisitorRun> {
  return repeatFor(durationMs, '', async (run, end) => {
    const page = await timedLoad(origin, cookie, run);
    const socket = await withinLostAfter(PageSocket.connect({ url: pageSocketUrl(origin, page), cookie, origin }), 'socket handshake');
    const watchdog = setInterval(() => socket.failIfOlderThan(LOST_AFTER_MS), 1000);
    try {
      // At least one click per page, so a short phase on a busy machine still measures one.
      for (let i = 0; i < CLICKS_PER_PAGE && (i === 0 || performance.now() < end); i++) {
        const due = performance.now() + CLICK_EVERY_MS;
        run.clicks.push((await socket.click(page.buttonId)).latencyMs);
        await sleep(Math.max(0, due - performance.now()));
      }
    } finally {
      clearInterval(watchdog);
      await socket.close();
    }
  });
}

/** Runs `step` again and again for `durationMs`, or until it fails (the failure is recorded). */
async function repeatFor(durationMs: number, who: string, step: (run: VisitorRun, end: number) => Promise<void>): Promise<VisitorRun> {
  const run: VisitorRun = { pageLoads: [], clicks: [], failures: [] };
  const end = performance.now() + durationMs;
  while (performance.now() < end && run.failures.length === 0) {
    try {
      await step(run, end);
    } catch (err) {
      run.failures.push(who + (err as Error).message);
    }
  }
  return run;
}

async function timedLoad(origin: string, cookie: string, run: VisitorRun): Promise<DemoPage> {
  const t0 = performance.now();
  const page = await withinLostAfter(fetchDemoPage(origin, cookie), 'page load');
  run.pageLoads.push(performance.now() - t0);
  return page;
}

/** A page load or handshake that takes longer than a lost click counts as lost (the run must not hang). */
function withinLostAfter<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const lost = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} unanswered after ${LOST_AFTER_MS} ms`)), LOST_AFTER_MS);
  });
  return Promise.race([work, lost]).finally(() => clearTimeout(timer));
}
