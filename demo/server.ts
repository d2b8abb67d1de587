// `npm start`: the demo on HOST:PORT (default 127.0.0.1:8000). Session settings come from .env,
// justpy.env and the environment (SECRET_KEY, SESSION_COOKIE_NAME, COOKIE_MAX_AGE, SESSION_STORE, ...).
// Session data goes to SQLite in .data/justpy-ts.sqlite unless SESSION_STORE says otherwise, so
// visits, clicks and logins survive a restart.
import dotenv from 'dotenv';
import { loadSessionEnv } from '../lib/index.js';
import { createDemoApp } from './app.js';

dotenv.config({ quiet: true });

/** The demo's embedded default: one file that survives restarts (gitignored). */
export const DEMO_STORE = 'sqlite:.data/justpy-ts.sqlite';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8000);

const demo = createDemoApp({ session: { store: loadSessionEnv().store ?? DEMO_STORE } });
const url = await demo.listen(port, host);
console.log(`justpy-ts demo: ${url}/ (session data: ${demo.session.store?.kind ?? 'none'})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    demo.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

