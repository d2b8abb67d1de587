// `npm start`: the demo on HOST:PORT (default 127.0.0.1:8000). Session settings come from .env,
// justpy.env and the environment (SECRET_KEY, SESSION_COOKIE_NAME, COOKIE_MAX_AGE, ...).
import dotenv from 'dotenv';
import { createDemoApp } from './app.js';

dotenv.config({ quiet: true });

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8000);

const demo = createDemoApp();
const url = await demo.listen(port, host);
console.log(`justpy-ts demo: ${url}/`);

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
