// `GET ${basePath}/health`: what a load balancer's check asks of an instance (does it take new
// pages, can it reach the session store). The store's ping is cached for healthCacheMs and shared
// by concurrent checks, so any number of checkers cost the store one ping per interval.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionStore } from '../session/index.js';
import { httpFor } from './errors.js';
import type { RenderTimers } from './render-options.js';

export type HealthStatus = 'ok' | 'draining' | 'store-unavailable';

/** The JSON body of the health endpoint. */
export interface HealthReport {
  /** `ok` (200), else why the instance should get no new pages (503). */
  status: HealthStatus;
  /** The renderer's instanceId. */
  instance: string;
  /** Whether the session store answered its ping; `none` when the pages have no sessions. */
  store: 'ok' | 'unavailable' | 'none';
  /** Sockets refused with 4421 wrong-instance since the renderer started. */
  wrong_instance: number;
}

export interface HealthDeps {
  instanceId: string;
  store: SessionStore | null;
  timers: RenderTimers;
  storeTimeoutMs: number;
  cacheMs: number;
  isDraining(): boolean;
  wrongInstance(): number;
}

export class HealthCheck {
  private cached: { at: number; ok: boolean } | null = null;
  private pinging: Promise<boolean> | null = null;

  constructor(private readonly deps: HealthDeps) {}

  async report(): Promise<HealthReport> {
    const { store, instanceId } = this.deps;
    const storeOk = store === null ? null : await this.storeAnswers(store);
    const status: HealthStatus = this.deps.isDraining() ? 'draining' : storeOk === false ? 'store-unavailable' : 'ok';
    return {
      status,
      instance: instanceId,
      store: storeOk === null ? 'none' : storeOk ? 'ok' : 'unavailable',
      wrong_instance: this.deps.wrongInstance(),
    };
  }

  /** Answers GET and HEAD with the report: 200 when `ok`, else 503 (what a check's `expect status 200` needs). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('Method Not Allowed');
      return;
    }
    void this.report().then((report) => {
      const body = JSON.stringify(report);
      const status = report.status === 'ok' ? 200 : httpFor(report.status).status;
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  }

  private storeAnswers(store: SessionStore): Promise<boolean> {
    const { timers, cacheMs } = this.deps;
    const now = timers.now();
    if (this.cached !== null && now - this.cached.at < cacheMs) return Promise.resolve(this.cached.ok);
    this.pinging ??= this.ping(store).then((ok) => {
      this.cached = { at: timers.now(), ok };
      this.pinging = null;
      return ok;
    });
    return this.pinging;
  }

  private ping(store: SessionStore): Promise<boolean> {
    const { timers, storeTimeoutMs } = this.deps;
    return new Promise<boolean>((resolve) => {
      const timer = timers.setTimeout(() => resolve(false), storeTimeoutMs);
      store.ping().then(
        () => {
          timers.clearTimeout(timer);
          resolve(true);
        },
        () => {
          timers.clearTimeout(timer);
          resolve(false);
        },
      );
    });
  }
}
