// Starts the demo app on 127.0.0.1:0 with a test key (never the environment's settings).
import type { Duplex } from 'node:stream';
import { createDemoApp, type DemoApp, type DemoOptions } from '../../demo/app.js';
import type { JpSessionOptions } from '../../lib/session/options.js';

export const TEST_SECRET_KEY = 'demo-spec-secret-key-not-for-production';

export interface RunningDemo {
  demo: DemoApp;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Destroys every upgraded (WebSocket) TCP connection: a network drop as the browser sees it. */
  dropSockets(): number;
  close(): Promise<void>;
}

/** The demo with explicit test settings (never the environment's), not listening: for supertest and the kit. */
export function createTestDemo(options: DemoOptions = {}): DemoApp {
  return createDemoApp({
    loadEnv: false,
    ...options,
    session: { secretKey: TEST_SECRET_KEY, loadEnv: false, warn: () => undefined, ...(options.session as JpSessionOptions | undefined) },
    renderer: { logger: { warn: () => undefined, error: (...args: unknown[]) => console.error(...args) }, ...options.renderer },
  });
}

/** The demo listening on 127.0.0.1 (port 0 unless `port` is given, e.g. to restart on the same one). */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const demo = createTestDemo({ host: '127.0.0.1', port: 0, ...options });
  const url = (await demo.listen()).url.replace(/\/$/, '');
  const upgraded = new Set<Duplex>();
  demo.server?.on('upgrade', (_req, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  return {
    demo,
    url,
    dropSockets() {
      const n = upgraded.size;
      for (const socket of upgraded) socket.destroy();
      return n;
    },
    close: () => demo.close(),
  };
}

/** The session id inside a `jp_token=<id>.<sig>` Set-Cookie header. */
export function sessionIdFromSetCookie(setCookie: string[] | string | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const match = all.map((c) => /^jp_token=([0-9a-f]{32})\./.exec(c)).find(Boolean);
  return match?.[1];
}

/** The BootData JSON a page response carries. */
export function bootDataOf(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="jp-boot">([^<]*)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no boot data in the response');
  return JSON.parse(match[1]) as Record<string, unknown>;
}
