/**
 * The demo app (demo/app.ts) as a bench server: jpSession() with the bench key and the store
 * spec in argv[3] (default memory), the renderer with the limits given as JSON in argv[2] (each
 * scenario says which it changes and why).
 */
import http from 'node:http';
import { createDemoApp } from '../../demo/app.js';
import type { RenderLimits } from '../../lib/render/render-limits.js';
import { BENCH_SECRET } from '../lib/constants.js';
import { countObjects } from './count-objects.js';
import { serveChild } from './serve-child.js';

const limits = JSON.parse(process.argv[2] ?? '{}') as Partial<RenderLimits>;
/** SESSION_STORE spec of the session data (default memory). */
const store = process.argv[3] ?? 'memory';
const demo = createDemoApp({
  session: { secretKey: BENCH_SECRET, loadEnv: false, store },
  renderer: {
    limits,
    logger: { warn: (...a: unknown[]) => console.error('[demo warn]', ...a), error: (...a: unknown[]) => console.error('[demo error]', ...a) },
  },
});
const server = http.createServer(demo.app);
demo.renderer.attach(server);

await serveChild(server, {
  ops: {
    stats: () => demo.renderer.stats(),
    countObjects: (names) => countObjects(names as string[]),
  },
  onStop: async () => {
    await demo.renderer.close();
    await demo.session.close();
  },
});
