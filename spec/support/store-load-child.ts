// One load process for store-load.ts: opens SESSION_STORE as given, says ready, waits for 'go',
// runs `rounds` rounds of `concurrency` increments of one field at once, reports, closes.
import { createStore } from '../../lib/session/store/index.js';
import type { LoadMessage, LoadPlan } from './store-load.js';

const plan = JSON.parse(process.argv[2] as string) as LoadPlan;
const send = (message: LoadMessage) => process.send?.(message);

const store = createStore(plan.spec, { ttlSeconds: 3600 });
const increment: Record<LoadPlan['mode'], () => Promise<unknown>> = {
  incr: () => store.incr(plan.sid, 'n'),
  update: () => store.update(plan.sid, 'n', (n) => ((n as number | undefined) ?? 0) + 1),
  // The read-then-write every whole-session store does; the turn in between only makes sure the
  // other writers read the same value before this one writes (the race, made deterministic).
  naive: async () => {
    const seen = ((await store.get(plan.sid, 'n')) as number | undefined) ?? 0;
    await new Promise((resolve) => setImmediate(resolve));
    await store.set(plan.sid, 'n', seen + 1);
  },
};

process.once('message', async () => {
  let done = 0;
  for (let round = 0; round < plan.rounds; round++) {
    await Promise.all(Array.from({ length: plan.concurrency }, () => increment[plan.mode]().then(() => (done += 1))));
  }
  await store.close();
  send({ type: 'done', increments: done });
  process.disconnect();
});
await store.ping();
send({ type: 'ready' });
