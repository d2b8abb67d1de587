// `npm start`: the demo on HOST:PORT (default 127.0.0.1:8000). Session settings come from .env,
// justpy.env and the environment (SECRET_KEY, SESSION_COOKIE_NAME, COOKIE_MAX_AGE, SESSION_STORE, ...),
// INSTANCE_ID names the instance behind a load balancer (`npm run start:cluster` runs several).
// Session data goes to SQLite in .data/justpy-ts.sqlite unless SESSION_STORE says otherwise, so
// visits, clicks and logins survive a restart. SIGTERM drains (what a load balancer's deploy
// sends); Ctrl-C (SIGINT) stops at once.
import { justpy, loadSessionEnv } from '../lib/index.js';
import { demoRoutes } from './app.js';

/** The demo's embedded default: one file that survives restarts (gitignored). */
export const DEMO_STORE = 'sqlite:.data/justpy-ts.sqlite';

const demo = await justpy(demoRoutes(), { session: { store: loadSessionEnv().store ?? DEMO_STORE } });
console.log(`justpy-ts demo: ${demo.url} (instance ${demo.renderer.instanceId}, session data: ${demo.session.store?.kind ?? 'none'})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    demo.close({ drain: signal === 'SIGTERM' }).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
