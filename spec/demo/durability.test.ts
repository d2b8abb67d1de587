// npm start keeps session data in SQLite: kill -9 the demo under clicks, restart it on the same
// file, and every click that was acknowledged is in the counts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { startDemoInstance, type DemoInstance } from '../../demo/cluster/demo-instance.js';

const KEY = 'durability-spec-key-0123456789abcdef';
const TABS = 4;
let dir: string | undefined;
const running: DemoInstance[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const p of running.splice(0)) await p.kill9();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(store: string): Promise<DemoInstance> {
  const p = await startDemoInstance({ env: { SECRET_KEY: KEY, SESSION_STORE: store } });
  running.push(p);
  return p;
}

describe('the demo on SQLite', () => {
  it('keeps every acknowledged click through kill -9 and a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'jp-durable-'));
    const store = `sqlite:${join(dir, 'demo.sqlite')}`;
    const first = await start(store);
    const sid = 'd0'.repeat(16);
    const client = await createTestClient(first.url, { session: { secretKey: KEY } });
    clients.push(client);
    const tabs = await Promise.all(Array.from({ length: TABS }, () => client.as(sid).open('/session_test')));
    let acked = 0;
    let inFlight = 0;
    let killed = false;
    const clickLoop = async (tab: (typeof tabs)[number]): Promise<void> => {
      while (!killed) {
        inFlight++;
        try {
          await tab.click(/^Number of Click Events/);
          acked++;
        } catch {
          return; // the process died under this click
        } finally {
          inFlight--;
        }
      }
    };
    const loops = tabs.map(clickLoop);
    while (acked < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    const atKill = inFlight;
    killed = true;
    await first.kill9();
    await Promise.all(loops);

    const second = await start(store);
    const reader = await createTestClient(second.url, { session: { secretKey: KEY } });
    clients.push(reader);
    const page = await reader.as(sid).open("/session_test");
    const stored = Number(/Number of Click Events: (\d+)/.exec(page.text())![1]);
    expect(stored).toBeGreaterThanOrEqual(acked);
    expect(stored).toBeLessThanOrEqual(acked + atKill);
    expect(page.text()).toContain(`Number of visits: ${TABS + 1}`);
    await page.close();
  }, 30_000);
});
