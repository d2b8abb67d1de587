// Load for the cluster suites: closed-loop clickers on the demo's button that remember what they were
// told (acknowledgements, and on which instance), page loaders that remember every status, and the
// health reports of the instances. Nothing here is mocked: it all goes over loopback.
import type { HealthReport } from '../../lib/render/health.js';
import type { TestClient, TestPage } from '../../lib/testing/index.js';

export const CLICK_BUTTON = /^Number of Click Events/;

/** One visitor clicking the demo's button, one click at a time (the next only after the ack). */
export class Clicker {
  acked = 0;
  /** A click is sent and not yet settled. */
  pending = false;
  /** Clicks that were not acknowledged (the page reloaded, or its socket gave up). */
  failed = 0;
  /** When each acknowledgement came, and from which instance. */
  readonly acks: Array<{ at: number; instance: string }> = [];
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    readonly page: TestPage,
    readonly session_id: string,
  ) {}

  /** Clicks exactly `n` times, each acknowledged (throws on the first failure). */
  async clickTimes(n: number): Promise<void> {
    for (let i = 0; i < n; i++) await this.clickOnce();
  }

  /** Clicks until stop(); a failed click waits for the page to be back (a `recover` client brings it back). */
  start(): void {
    this.running ??= (async () => {
      while (!this.stopping) {
        try {
          await this.clickOnce();
        } catch {
          this.failed++;
          const giveUp = Date.now() + 20_000;
          while (!this.page.connected && !this.stopping && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 20));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true; // the loop ends once its click in flight settles
    await this.running;
  }

  /** The first acknowledgement after `t` from an instance other than `not`, as ms after `t`. */
  recoveredAfter(t: number, not: string): number | undefined {
    const ack = this.acks.find((a) => a.at > t && a.instance !== not);
    return ack === undefined ? undefined : ack.at - t;
  }

  private async clickOnce(): Promise<void> {
    this.pending = true;
    try {
      await this.page.click(CLICK_BUTTON);
      this.acked++;
      this.acks.push({ at: Date.now(), instance: this.page.boot.instance });
    } finally {
      this.pending = false;
    }
  }
}

/** Opens `n` pages, each as a new visitor (its own jar, so its own affinity cookie), `concurrency` at a time. */
export async function openVisitors(
  client: TestClient,
  n: number,
  open: (visitor: TestClient, i: number) => Promise<TestPage>,
  concurrency = 10,
): Promise<TestPage[]> {
  const pages = new Array<TestPage>(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      pages[i] = await open(client.newVisitor(), i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return pages;
}

/** Repeats `request` until `stop()`; every HTTP status (or 0 for a network error), in order. */
export function loadLoop(request: () => Promise<number>): { statuses: number[]; stop(): Promise<void> } {
  const statuses: number[] = [];
  let stopping = false;
  const done = (async () => {
    while (!stopping) statuses.push(await request().catch(() => 0));
  })();
  return {
    statuses,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

/** An instance's own health report, asked directly (not through the load balancer). */
export async function healthOf(instanceUrl: string): Promise<{ status: number; report: HealthReport }> {
  const res = await fetch(`${instanceUrl}/_jp/health`);
  return { status: res.status, report: (await res.json()) as HealthReport };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
