/** One autocannon run from this (the parent) process against a server child. */
import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpLoadOptions {
  /** The server under load: its CPU time over the measured run gives the cost per request. */
  server?: { cpu(): Promise<number> };
  url: string;
  headers?: IncomingHttpHeaders;
  /** Measured seconds. */
  durationSec: number;
  /** Unmeasured seconds before, to let the JIT settle (default 1, 0 to skip). */
  warmupSec?: number;
  /** Concurrent keep-alive connections (default 50). */
  connections?: number;
  /**
   * Requests spread over the connections (e.g. one cookie per visitor); overrides headers. Each
   * connection cycles through its own share, so two connections never send the same visitor.
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
  /** Server CPU microseconds per response (NaN without `server`). */
  serverCpuUs: number;
}

export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const base: autocannon.Options = {
    url: options.url,
    headers: options.headers ?? {},
    connections: options.connections ?? 50,
  };
  const requests = options.requests;
  if (requests && requests.length > 0) {
    const share = Math.max(1, Math.floor(requests.length / (base.connections ?? 50)));
    // autocannon builds every request for every connection: give it one share up front, not all.
    base.requests = requests.slice(0, share);
    base.setupClient = shares(requests, share);
  }
  const warmup = options.warmupSec ?? 1;
  if (warmup > 0) await autocannon({ ...base, duration: warmup });
  if (requests && requests.length > 0) base.setupClient = shares(requests, base.requests?.length ?? 1);
  const cpu0 = await options.server?.cpu();
  const r = await autocannon({ ...base, duration: options.durationSec });
  const cpu1 = await options.server?.cpu();
  const responses = r.requests.total;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: responses,
    non2xx: r.non2xx,
    errors: r.errors,
    bytesPerResponse: responses > 0 ? r.throughput.total / responses : 0,
    serverCpuUs: cpu0 !== undefined && cpu1 !== undefined && responses > 0 ? (cpu1 - cpu0) / responses : Number.NaN,
  };
}

function shares(requests: autocannon.Request[], share: number): (client: autocannon.Client) => void {
  let k = 0;
  return (client) => {
    const start = (k++ * share) % requests.length;
    client.setRequests(requests.slice(start, start + share));
  };
}
