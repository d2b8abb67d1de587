// A `recover: true` client's pages come back as a browser tab does: reconnect after a drop, reload
// on page-gone and on wrong-instance (with its own backoff), and page.reload() by hand. First the
// policy alone (fake timers), then against the demo on 127.0.0.1.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../lib/session/index.js';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { PageRecovery, type RecoverySteps } from '../../lib/testing/page-recovery.js';
import type { PageProblem } from '../../lib/testing/page-view.js';
import { startDemo, TEST_SECRET_KEY, type RunningDemo } from '../support/demo-server.js';
import { startSplitProxy, type SplitProxy } from '../support/split-proxy.js';

describe('PageRecovery (the runtime close table, as the kit follows it)', () => {
  afterEach(() => void vi.useRealTimers());

  function recording(): { steps: RecoverySteps; log: string[]; problems: PageProblem[] } {
    const log: string[] = [];
    const problems: PageProblem[] = [];
    const steps: RecoverySteps = {
      reconnect: async () => void log.push(`reconnect@${Date.now()}`),
      reload: async () => void log.push(`reload@${Date.now()}`),
      problem: (p) => void problems.push(p),
    };
    return { steps, log, problems };
  }

  it('reconnects after a drop with 250 ms doubling to 5 s, and starts again after a hello', async () => {
    vi.useFakeTimers({ now: 0 });
    const { steps, log } = recording();
    const recovery = new PageRecovery(steps);
    for (let i = 0; i < 7; i++) {
      recovery.closed(1006, '');
      await vi.runAllTimersAsync();
    }
    expect(log.map((l) => Number(l.split('@')[1]))).toEqual([250, 750, 1750, 3750, 7750, 12750, 17750]);
    recovery.connected();
    recovery.closed(1001, 'server-closing');
    await vi.runAllTimersAsync();
    expect(log.at(-1)).toBe('reconnect@18000');
  });

  it('reloads on wrong-instance at once, then after 500 ms, 1 s, ... and never gives up', async () => {
    vi.useFakeTimers({ now: 0 });
    const { steps, log, problems } = recording();
    const recovery = new PageRecovery(steps);
    for (let i = 0; i < 8; i++) {
      recovery.closed(4421, 'wrong-instance');
      await vi.runAllTimersAsync();
    }
    const at = log.map((l) => Number(l.split('@')[1]));
    expect(at.map((t, i) => t - (at[i - 1] ?? 0))).toEqual([0, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(log.every((l) => l.startsWith('reload'))).toBe(true);
    expect(problems).toEqual([]);
    recovery.connected();
    recovery.closed(4421, 'wrong-instance');
    await vi.runAllTimersAsync();
    expect(Number(log.at(-1)!.split('@')[1])).toBe(at.at(-1));
  });

  it('reloads on page-gone once per 10 s, then reports reload-loop instead of looping', async () => {
    vi.useFakeTimers({ now: 0 });
    const { steps, log, problems } = recording();
    const recovery = new PageRecovery(steps);
    recovery.closed(4404, 'page-gone');
    await vi.runAllTimersAsync();
    recovery.closed(4404, 'page-gone');
    await vi.runAllTimersAsync();
    expect(log).toEqual(['reload@0']);
    expect(problems.map((p) => p.code)).toEqual(['reload-loop']);
    recovery.closed(4421, 'wrong-instance'); // its own backoff: not held back by the guard
    await vi.runAllTimersAsync();
    expect(log).toEqual(['reload@0', 'reload@0']);
  });

  it('stops on a refused origin and reports a reload that failed', async () => {
    vi.useFakeTimers({ now: 0 });
    const problems: PageProblem[] = [];
    const recovery = new PageRecovery({
      reconnect: async () => undefined,
      reload: async () => Promise.reject(new Error('reloading answered 503')),
      problem: (p) => void problems.push(p),
    });
    recovery.closed(1008, 'bad-origin');
    recovery.closed(4421, 'wrong-instance');
    await vi.runAllTimersAsync();
    expect(problems).toEqual([
      { code: 'bad-origin', message: 'the server refused this origin' },
      { code: 'reload-failed', message: 'reloading answered 503' },
    ]);
  });
});

describe('a recover: true client against the demo', () => {
  const SID = 'a7'.repeat(16);
  let demos: RunningDemo[] = [];
  let client: TestClient | undefined;
  let proxy: SplitProxy | undefined;
  afterEach(async () => {
    await client?.close();
    await proxy?.close();
    for (const d of demos) await d.close();
    demos = [];
    client = proxy = undefined;
  });

  async function serve(options: Parameters<typeof startDemo>[0] = {}): Promise<RunningDemo> {
    const demo = await startDemo(options);
    demos.push(demo);
    return demo;
  }

  it('reconnects after a dropped connection and keeps the page (no reload)', async () => {
    const demo = await serve();
    client = await createTestClient(demo.url, { session: { secretKey: TEST_SECRET_KEY }, recover: true });
    const page = await client.as(SID).open('/session_test');
    await page.click(/^Number of Click Events/);
    expect(demo.dropSockets()).toBe(1);
    await page.waitFor(() => page.closedWith !== null && page.connected, { timeoutMs: 5000 });
    await page.click(/^Number of Click Events/);
    expect(page.text()).toContain('Number of Click Events: 2');
    expect([page.reloads, page.errors]).toEqual([0, []]);
  });

  it('reloads when the page is gone, and the factory rebuilds it from the store', async () => {
    const demo = await serve({ renderer: { limits: { pageGraceMs: 1 } } });
    client = await createTestClient(demo.url, { session: { secretKey: TEST_SECRET_KEY }, recover: true });
    const page = await client.as(SID).open('/session_test');
    await page.click(/^Number of Click Events/);
    const firstToken = page.boot.page;
    demo.dropSockets();
    await page.waitFor(() => page.reloads === 1 && page.connected, { timeoutMs: 5000 });
    expect(page.boot.page).not.toBe(firstToken);
    expect(page.text()).toContain('Number of visits: 2');
    expect(page.text()).toContain('Number of Click Events: 1');
  });

  it('reloads through the balancer when its socket reaches another instance, and settles where the page is', async () => {
    const store = memoryStore();
    const a = await serve({ session: { store }, renderer: { instanceId: 'a' } });
    const b = await serve({ session: { store }, renderer: { instanceId: 'b' } });
    const [portA, portB] = [a, b].map((d) => Number(new URL(d.url).port)) as [number, number];
    proxy = await startSplitProxy(portA, portA);
    client = await createTestClient(proxy.url, { session: { secretKey: TEST_SECRET_KEY }, recover: true });
    const page = await client.as(SID).open('/session_test');
    await page.click(/^Number of Click Events/);

    proxy.upgradesTo = portB; // the balancer now sends this page's sockets to the wrong instance
    a.dropSockets();
    await page.waitFor(() => b.demo.renderer.stats().wrongInstance > 0, { timeoutMs: 5000 });
    proxy.upgradesTo = portA;
    await page.waitFor(() => page.reloads > 0 && page.connected, { timeoutMs: 10_000 });
    expect(page.text()).toContain('Number of visits: 2');
    await page.click(/^Number of Click Events/);
    expect(page.text()).toContain('Number of Click Events: 2');
    expect(page.errors).toEqual([]);
  });

  it('open() does not recover: a first socket that reaches another instance rejects it', async () => {
    const store = memoryStore();
    const a = await serve({ session: { store }, renderer: { instanceId: 'a' } });
    const b = await serve({ session: { store }, renderer: { instanceId: 'b' } });
    proxy = await startSplitProxy(Number(new URL(a.url).port), Number(new URL(b.url).port));
    client = await createTestClient(proxy.url, { session: { secretKey: TEST_SECRET_KEY }, recover: true });
    await expect(client.open('/session_test')).rejects.toThrow(/closed with 4421 wrong-instance before its hello/);
  });
});
