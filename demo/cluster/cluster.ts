// Several demo instances on one shared Redis behind HAProxy, all on this machine: what
// `npm run start:cluster` runs, and what the cluster tests and the bench start.
import { startDemoInstance, type DemoInstance } from './demo-instance.js';
import { freePort } from './free-port.js';
import { haproxyConfig, type HaproxyConfigOptions } from './haproxy-config.js';
import { startHaproxy, type Haproxy } from './haproxy.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { startAll } from './start-all.js';

export interface ClusterOptions {
  /** How many demo instances; their ids are i1, i2, ... [default 2] */
  instances?: number;
  /** Where HAProxy listens; port 0 picks a free one. [default 127.0.0.1:0] */
  host?: string;
  port?: number;
  /** The SECRET_KEY every instance shares (cookies signed by one verify on all). */
  secretKey: string;
  /** SESSION_STORE of the instances; a private redis-server is started when not given. */
  store?: string;
  /** More environment for every instance (e.g. COOKIE_MAX_AGE), or a function of the instance id. */
  env?: Record<string, string> | ((instanceId: string) => Record<string, string>);
  /** HAProxy settings beyond bind and servers (affinity, check interval). */
  haproxy?: Omit<HaproxyConfigOptions, 'bind' | 'servers'>;
  /** Every line a process prints, with its name ('i1', 'haproxy', ...). */
  onLine?: (source: string, line: string) => void;
  /**
   * Aborting it during start-up stops whatever was started so far (processes and temp folders),
   * then startCluster rejects with the signal's reason. After start-up, use {@link Cluster.stop}.
   */
  signal?: AbortSignal;
}

export interface Cluster {
  /** HAProxy's address, `http://host:port`, no trailing slash. */
  url: string;
  instances: DemoInstance[];
  haproxy: Haproxy;
  /** The private redis-server, or null when `store` was given. */
  redis: RedisServer | null;
  store: string;
  /** The instance with this id (i1, i2, ...); throws for an unknown one. */
  instance(id: string): DemoInstance;
  /** Stops HAProxy, every instance still running (at once, no drain) and the private Redis. */
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.instances ?? 2;
  if (!Number.isSafeInteger(count) || count < 1 || count > 64) throw new TypeError(`startCluster: instances must be 1 to 64, got ${count}`);
  const host = options.host ?? '127.0.0.1';
  const print = options.onLine ?? (() => undefined);
  const envOf = typeof options.env === 'function' ? options.env : () => options.env as Record<string, string> | undefined;
  const { signal } = options;
  const started: { redis: RedisServer | null; instances: DemoInstance[]; haproxy: Haproxy | null } = { redis: null, instances: [], haproxy: null };
  const stop = async (): Promise<void> => {
    await started.haproxy?.stop();
    await Promise.all(started.instances.map((i) => i.stop('SIGINT')));
    await started.redis?.stop();
  };
  try {
    signal?.throwIfAborted();
    if (options.store === undefined) started.redis = await startRedisServer({ signal });
    signal?.throwIfAborted();
    const store = options.store ?? (started.redis as RedisServer).url;
    const ids = Array.from({ length: count }, (_, i) => `i${i + 1}`);
    started.instances = await startAll(
      ids,
      signal,
      (id, startSignal) =>
        startDemoInstance({
          env: { ...envOf(id), INSTANCE_ID: id, SECRET_KEY: options.secretKey, SESSION_STORE: store },
          onLine: (line) => print(id, line),
          signal: startSignal,
        }),
      (instance) => instance.stop('SIGINT'),
    );
    signal?.throwIfAborted();
    const port = options.port || (await freePort());
    const config = haproxyConfig({
      ...options.haproxy,
      bind: { host, port },
      servers: started.instances.map((i) => ({ name: i.instanceId, host: '127.0.0.1', port: i.port })),
    });
    started.haproxy = await startHaproxy({ config, host, port, onLine: (line) => print('haproxy', line), signal });
    signal?.throwIfAborted();
    const instances = started.instances;
    return {
      url: `http://${host}:${port}`,
      instances,
      haproxy: started.haproxy,
      redis: started.redis,
      store,
      instance(id) {
        const found = instances.find((i) => i.instanceId === id);
        if (!found) throw new Error(`no instance ${id} (there are ${instances.map((i) => i.instanceId).join(', ')})`);
        return found;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

