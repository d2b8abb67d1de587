/**
 * Child side of a flood (bench/lib/flood-load.ts): runs the hostile clients in a process of their
 * own, so the visitor measured in the parent shares no event loop with them. argv[2] is a JSON
 * FloodSpec; 'started' is sent once the load runs, then 'done' with the results.
 */
import { performance } from 'node:perf_hooks';
import { floodEvents } from '../lib/event-flooders.js';
import type { FloodSpec } from '../lib/flood-load.js';
import { runHttpLoad } from '../lib/http-load.js';
import { forgeSessionCookies } from '../lib/open-pages.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as FloodSpec;

async function run(): Promise<unknown> {
  if (spec.kind === 'events') {
    const cookies = await forgeSessionCookies(spec.sockets);
    const end = performance.now() + spec.durationSec * 1000;
    return Promise.all(cookies.map((cookie) => floodEvents(spec.origin, cookie, spec.reads, () => performance.now() > end, () => process.send?.({ type: 'started' }))));
  }
  const cookies = await forgeSessionCookies(spec.returningSessions);
  const url = spec.origin + spec.path;
  const runs = [runHttpLoad({ url, durationSec: spec.durationSec, warmupSec: 0, connections: spec.connections })];
  if (cookies.length > 0) {
    const requests = cookies.map((cookie) => ({ method: 'GET' as const, path: spec.path, headers: { cookie } }));
    runs.push(runHttpLoad({ url, durationSec: spec.durationSec, warmupSec: 0, connections: spec.connections, requests }));
  }
  process.send?.({ type: 'started' });
  const [newVisitors, returning] = await Promise.all(runs);
  return { newVisitors, returning: returning ?? null };
}

const results = await run();
process.send?.({ type: 'done', results }, () => process.exit(0));
