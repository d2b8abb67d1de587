/** One autocannon run from this (the parent) process against a server child. */
import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpLoadOptions {
  url: string;
  headers?: IncomingHttpHeaders;
  /** Measured seconds. */
  durationSec: number;
  /** Unmeasured seconds before, to let the JIT settle (default 1, 0 to skip). */
  warmupSec?: number;
  /** Concurrent keep-alive connections (default 50). */
  connections?: number;
  /**
   * A sequence each connection cycles through (e.g. one cookie per visitor); overrides headers.
   * Connection k starts k/connections of the way in, so connections never move through it in step.
   */
  requests?: autocannon.Request[];
}

export interface HttpLoadResult {
  /** Mean requests per second over the measured run. */
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Responses that were not 2xx, connection errors, timeouts: any of them makes the figure meaningless. */
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
}

export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const base: autocannon.Options = {
    url: options.url,
    headers: options.headers ?? {},
    connections: options.connections ?? 50,
  };
  const requests = options.requests;
  if (requests && requests.length > 0) {
    base.requests = requests;
    base.setupClient = staggered(requests, base.connections ?? 50);
  }
  const warmup = options.warmupSec ?? 1;
  if (warmup > 0) await autocannon({ ...base, duration: warmup });
  if (requests && requests.length > 0) base.setupClient = staggered(requests, base.connections ?? 50);
  const r = await autocannon({ ...base, duration: options.durationSec });
  const responses = r.requests.total;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: responses,
    non2xx: r.non2xx,
    errors: r.errors,
    bytesPerResponse: responses > 0 ? r.throughput.total / responses : 0,
  };
}

function staggered(requests: autocannon.Request[], connections: number): (client: autocannon.Client) => void {
  let k = 0;
  const step = Math.max(1, Math.floor(requests.length / connections));
  return (client) => {
    const offset = (k++ * step) % requests.length;
    client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
  };
}
