// The HAProxy (2.6) configuration for several justpy-ts instances: cookie affinity from the first
// response, health checks on the renderer's health endpoint, redispatch off a dead instance, and
// timeouts that let WebSockets live. Pure: a string from options, so a test can read every line.
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';

export interface HaproxyServer {
  /** Server name and affinity cookie value: the instance's id. */
  name: string;
  host: string;
  port: number;
}

export interface HaproxyConfigOptions {
  /** Where HAProxy listens for visitors. */
  bind: { host: string; port: number };
  servers: readonly HaproxyServer[];
  /** The renderer's health endpoint. [default '/_jp/health'] */
  healthPath?: string;
  /** Name of the affinity cookie HAProxy inserts. [default {@link AFFINITY_COOKIE}] */
  cookieName?: string;
  /**
   * Cookie affinity. `false` leaves only round robin: the negative control of the tests (a first
   * visit's socket then reaches another instance than its page about (n-1)/n of the time). [default true]
   */
  affinity?: boolean;
  /** Health check interval in ms; a server is down after `fall` failed checks in a row. [default 1000, fall 2] */
  checkIntervalMs?: number;
  fall?: number;
  /**
   * The instances' `limits.drainNoticeMs`. A configuration whose checks could take longer than
   * this, less one check interval of margin, to mark a draining instance down is refused: its
   * visitors would get pages from an instance that stops serving them. [default DEFAULT_LIMITS.drainNoticeMs]
   */
  drainNoticeMs?: number;
}

type HealthChecks = Pick<HaproxyConfigOptions, 'checkIntervalMs' | 'fall'>;

/** `inter`, `fall` and `timeout check` (ms) of the configuration these options generate. */
function checkTimings(options: HealthChecks): { inter: number; fall: number; timeoutCheck: number } {
  const inter = options.checkIntervalMs ?? 1000;
  return { inter, fall: options.fall ?? 2, timeoutCheck: Math.max(inter, 500) };
}

/**
 * The longest HAProxy takes to mark an instance down once its health endpoint answers 503: the
 * check already under way may still pass, then `fall` checks `inter` apart must fail, the last one
 * waiting up to `timeout check` (HAProxy 2.6 configuration manual, 5.2 `inter` and `fall`, 4.2
 * `timeout check`). 3000 ms with the defaults.
 */
export function markDownMs(options: HealthChecks = {}): number {
  const { inter, fall, timeoutCheck } = checkTimings(options);
  return fall * inter + timeoutCheck;
}

/** The shortest drainNoticeMs for these checks: {@link markDownMs} plus one interval (a late check on a busy host). */
export function minDrainNoticeMs(options: HealthChecks = {}): number {
  return markDownMs(options) + checkTimings(options).inter;
}

export const AFFINITY_COOKIE = 'jp_instance';

/**
 * Why each line is there:
 * - `cookie ... insert indirect nocache httponly`: HAProxy sets the affinity cookie on the first
 *   response (the page), so the page's socket, which carries the same cookies, reaches the same
 *   instance from the very first visit; `indirect` hides it from the app, `nocache` keeps a shared
 *   cache from handing one instance's cookie to everybody.
 * - `option httpchk` + `http-check expect status 200` on the health endpoint, every `inter`: an
 *   instance that drains or cannot reach the store answers 503 and gets no new pages after `fall`
 *   checks; a dead one fails the connect. A cookie naming a server that is down is ignored (HAProxy
 *   redispatches by default unless `option persist`).
 * - `option redispatch 1` + `retries 3`: before the checks have noticed, a request whose instance
 *   refuses the connection (kill -9) is retried on another server at once, not after 1 s turn-around.
 * - `timeout tunnel 1h`: an upgraded WebSocket is a tunnel; the renderer pings every 30 s, so it is
 *   never idle that long. `timeout client/server` then only bound plain HTTP. `timeout client-fin 5s`:
 *   a tunnel whose client closed its side is freed after 5 s, not after `timeout tunnel`.
 * - `log stderr` + `option dontlognull`: the log goes to stderr (the launcher prints it as
 *   `[haproxy]`), without the connections that carry no data (port probes such as the start-up's).
 * - `timeout check`, `inter`, `fall`: a draining instance is marked down within {@link markDownMs};
 *   the instances' drainNoticeMs must exceed it by one interval (checked here).
 */
export function haproxyConfig(options: HaproxyConfigOptions): string {
  const healthPath = options.healthPath ?? '/_jp/health';
  const cookieName = options.cookieName ?? AFFINITY_COOKIE;
  const affinity = options.affinity ?? true;
  const { inter, fall, timeoutCheck } = checkTimings(options);
  const notice = options.drainNoticeMs ?? DEFAULT_LIMITS.drainNoticeMs;
  if (options.servers.length === 0) throw new TypeError('haproxyConfig: give at least one server');
  if (minDrainNoticeMs(options) > notice) {
    throw new TypeError(
      `haproxyConfig: checks every ${inter} ms, fall ${fall}, timeout check ${timeoutCheck} ms can take ${markDownMs(options)} ms to mark a ` +
        `draining instance down; the instances' drainNoticeMs (${notice}) must be at least that plus one interval, ${minDrainNoticeMs(options)}`,
    );
  }
  for (const s of options.servers) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(s.name)) throw new TypeError(`haproxyConfig: bad server name ${JSON.stringify(s.name)}`);
  }
  const lines = [
    '# Generated by justpy-ts (demo/cluster/haproxy-config.ts).',
    'global',
    '    log stderr format raw local0 notice',
    '',
    'defaults',
    '    mode http',
    '    log global',
    '    option dontlognull',
    '    option redispatch 1',
    '    retries 3',
    '    timeout connect 2s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    timeout http-request 10s',
    '    timeout http-keep-alive 10s',
    '    timeout tunnel 1h',
    '    timeout client-fin 5s',
    `    timeout check ${timeoutCheck}ms`,
    '',
    'frontend justpy',
    `    bind ${options.bind.host}:${options.bind.port}`,
    '    default_backend instances',
    '',
    'backend instances',
    '    balance roundrobin',
    ...(affinity ? [`    cookie ${cookieName} insert indirect nocache httponly attr "SameSite=Lax"`] : []),
    `    option httpchk GET ${healthPath}`,
    '    http-check expect status 200',
    `    default-server inter ${inter}ms fall ${fall} rise 2`,
    ...options.servers.map((s) => `    server ${s.name} ${s.host}:${s.port} check${affinity ? ` cookie ${s.name}` : ''}`),
    '',
  ];
  return lines.join('\n');
}
