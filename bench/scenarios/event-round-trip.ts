/**
 * Scenario 3: N sessions, each with its session_test page open over a WebSocket, clicking the button
 * in a loop (send the event, wait for the update that acks it). The ceiling is a bare `ws` server
 * answering each event with a fixed update of the same size, driven by the same clients. At the end
 * every page's click counter must equal the clicks its socket sent: nothing lost, nothing doubled.
 * The per-socket event rate limit is off here (EVENT_RATE_OFF): this measures capacity, not people.
 */
import { startServer } from '../lib/child-server.js';
import { EVENT_RATE_OFF } from '../lib/constants.js';
import { runClickLoops, type ClickRun } from '../lib/click-loops.js';
import { checkCounts } from '../lib/click-counts.js';
import { startDemoServer } from '../lib/demo-server.js';
import { mapLimit } from '../lib/map-limit.js';
import { closeAll, forgeSessionCookies, openDemoPages } from '../lib/open-pages.js';
import { PageSocket } from '../lib/page-socket.js';
import { atLeast, atMost, below, emptyResult, pct, times, type ScenarioContext, type ScenarioResult } from '../lib/scenario.js';
import { ratio, round } from '../lib/stats.js';

const SESSION_COUNTS = [1, 50, 500];

export async function runEventRoundTrip(ctx: ScenarioContext): Promise<ScenarioResult> {
  const result = emptyResult('events');
  const warmupMs = ctx.options.quick ? 300 : 500;
  const measureMs = ctx.options.quick ? 1000 : 2500;
  // Rounds alternate renderer and ceiling so that noise from elsewhere on the machine hits both;
  // the best round of each is kept (a capacity figure: interference only ever lowers it).
  const rounds = ctx.options.quick ? 1 : 2;
  const runs: Record<string, { real: ClickRun; ceiling: ClickRun }> = {};

  const demo = await startDemoServer(ctx, { limits: { maxEventsPerSocketPerSecond: EVENT_RATE_OFF } });
  // The ceiling's reply is resized to the real update's mean size after every renderer round.
  const ceiling = await startServer('ws-ceiling', { args: ['256'], cpuProfileDir: ctx.cpuProfileDir });
  try {
    for (const n of SESSION_COUNTS) {
      const pages = await openDemoPages(demo.origin, await forgeSessionCookies(n));
      const wsOrigin = ceiling.origin.replace(/^http/, 'ws');
      const sockets = await mapLimit(Array.from({ length: n }), 64, () =>
        PageSocket.connect({ url: `${wsOrigin}/?page=x`, origin: ceiling.origin }),
      );
      const errors: (string | null)[] = pages.map(() => null);
      let best: { real: ClickRun; ceiling: ClickRun } | null = null;
      for (let round = 1; round <= rounds; round++) {
        ctx.log(`  ${n} session(s), round ${round}/${rounds}: renderer, then bare ws ceiling`);
        const real = await runClickLoops(
          pages.map((p) => ({ socket: p.socket, component: p.page.buttonId })),
          warmupMs,
          measureMs,
          demo,
        );
        real.errors.forEach((e, i) => (errors[i] ??= e));
        if (Number.isFinite(real.bytesPerUpdate)) await ceiling.call('setReplyBytes', Math.round(real.bytesPerUpdate));
        const top = await runClickLoops(
          sockets.map((socket) => ({ socket, component: 'jceiling' })),
          warmupMs,
          measureMs,
          ceiling,
        );
        for (const e of top.errors) if (e) result.failures.push(`ceiling, ${n} sessions: ${e}`);
        best = {
          real: best && best.real.roundTripsPerSec > real.roundTripsPerSec ? best.real : real,
          ceiling: best && best.ceiling.roundTripsPerSec > top.roundTripsPerSec ? best.ceiling : top,
        };
      }
      await closeAll(pages);
      await mapLimit(sockets, 256, (s) => s.close());
      await checkCounts(demo.origin, pages, errors, n, result.failures);
      if (best) runs[String(n)] = best;
    }
  } finally {
    await demo.stop();
    await ceiling.stop();
  }

  const rows = SESSION_COUNTS.flatMap((n) => {
    const r = runs[String(n)];
    if (!r) return [];
    return [
      [n, 'renderer (session_test)', Math.round(r.real.roundTripsPerSec), r.real.latency.p50, r.real.latency.p99, r.real.latency.max, Math.round(r.real.bytesPerUpdate), pct(ratio(r.real.roundTripsPerSec, r.ceiling.roundTripsPerSec)), round(r.real.serverCpuUs, 1), pct(ratio(r.ceiling.serverCpuUs, r.real.serverCpuUs))],
      [n, 'bare ws ceiling', Math.round(r.ceiling.roundTripsPerSec), r.ceiling.latency.p50, r.ceiling.latency.p99, r.ceiling.latency.max, Math.round(r.ceiling.bytesPerUpdate), '', round(r.ceiling.serverCpuUs, 1), ''],
    ];
  });
  result.tables.push({
    title: `3. Event round trip (click, wait for its update; ${rounds > 1 ? `best of ${rounds} rounds of ` : ''}${measureMs / 1000}s; maxEventsPerSocketPerSecond off)`,
    columns: ['sessions', 'server', 'round trips/s', 'p50 ms', 'p99 ms', 'max ms', 'bytes/update', 'vs ceiling', 'server CPU µs/rt', 'ceiling CPU / this'],
    rows,
  });
  result.figures = {
    rounds,
    warmupMs,
    measureMs,
    runs: Object.fromEntries(
      Object.entries(runs).map(([n, r]) => [n, { real: withoutErrors(r.real), ceiling: withoutErrors(r.ceiling) }]),
    ),
  };

  const at50 = runs['50'];
  if (at50) {
    result.targets.push(
      atLeast('click round trips at 50 sessions >= 75% of the bare ws rate', ratio(at50.real.roundTripsPerSec, at50.ceiling.roundTripsPerSec), 0.75, pct),
      atMost('click p99 at 50 sessions within 2x the ceiling p99', ratio(at50.real.latency.p99, at50.ceiling.latency.p99), 2, times),
    );
  }
  const first = runs['1'];
  if (first) result.targets.push(below('bytes sent per click update < 300', first.real.bytesPerUpdate, 300, (b) => `${Math.round(b)} B`));
  return result;
}

export function withoutErrors(run: ClickRun): Omit<ClickRun, 'errors'> & { failedClients: number } {
  const { errors, ...rest } = run;
  return {
    ...rest,
    latency: { ...rest.latency, p50: round(rest.latency.p50, 3), p99: round(rest.latency.p99, 3), max: round(rest.latency.max, 3) },
    roundTripsPerSec: round(rest.roundTripsPerSec, 1),
    serverCpuUs: round(rest.serverCpuUs, 2),
    bytesPerUpdate: round(rest.bytesPerUpdate, 1),
    failedClients: errors.filter(Boolean).length,
  };
}
