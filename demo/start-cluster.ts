// `npm run start:cluster`: the demo as CLUSTER_INSTANCES instances (default 2) on 127.0.0.1, sharing
// one private redis-server (or SESSION_STORE), behind Debian's HAProxy on HOST:PORT (default
// 127.0.0.1:8000) with cookie affinity, health checks and redispatch. Ctrl-C stops everything.
import { randomBytes } from 'node:crypto';
import { readEnvVars } from '../lib/session/env.js';
import { startCluster, type Cluster } from './cluster/cluster.js';
import { missingForCluster } from './cluster/executables.js';

const env = readEnvVars(['CLUSTER_INSTANCES', 'HOST', 'PORT', 'SECRET_KEY', 'SESSION_STORE']);
const say = (line: string): void => console.log(`[cluster] ${line}`);

function fail(message: string): never {
  console.error(`npm run start:cluster: ${message}`);
  process.exit(1);
}

const missing = missingForCluster().filter((hint) => !(env.SESSION_STORE && hint.startsWith('redis-server')));
if (missing.length > 0) fail(`${missing.join('; ')} (Debian's packages; they start no daemon that the cluster uses)`);
const instances = Number(env.CLUSTER_INSTANCES?.trim() || 2);
if (!Number.isSafeInteger(instances) || instances < 1 || instances > 64) fail(`CLUSTER_INSTANCES must be 1 to 64, got ${JSON.stringify(env.CLUSTER_INSTANCES)}`);
const port = Number(env.PORT?.trim() || 8000);
if (!Number.isSafeInteger(port) || port < 0 || port > 65535) fail(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
const host = env.HOST?.trim() || '127.0.0.1';
const store = env.SESSION_STORE?.trim() || undefined;
if (store !== undefined && !/^(rediss?:\/\/|sqlite:)/.test(store)) {
  fail(`SESSION_STORE must be one every instance shares (redis://HOST:PORT/DB, or sqlite:PATH on one host), got ${JSON.stringify(store)}; leave it unset for a private redis-server`);
}
let secretKey = env.SECRET_KEY?.trim();
if (!secretKey) {
  secretKey = randomBytes(32).toString('base64url');
  say('SECRET_KEY is not set: generated one for this run, shared by every instance (cookies stop verifying when the cluster stops; set SECRET_KEY to keep them)');
}

// A signal at any moment stops everything started so far: during start-up it aborts startCluster(),
// which stops what it had started (temp folders included) before it rejects. process.on, not once:
// a second Ctrl-C while stopping must not kill the launcher and orphan its children.
const startUp = new AbortController();
const starting = startCluster({
  instances,
  host,
  port,
  secretKey,
  store,
  onLine: (source, line) => console.log(`[${source}] ${line}`),
  signal: startUp.signal,
});
let stopping = false;
const stop = (code: number): void => {
  if (stopping) return;
  stopping = true;
  say('stopping HAProxy, the instances and Redis');
  startUp.abort(new Error('stopped by a signal during start-up'));
  starting
    .then(
      (cluster) => cluster.stop(),
      () => undefined, // an aborted or failed start has stopped what it started
    )
    .then(
      () => process.exit(code),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const cluster = await starting.catch((err: Error) => {
  if (!stopping) fail(err.message);
  return null; // stop() exits once everything is down
});
if (cluster) report(cluster);

function report(cluster: Cluster): void {
  for (const instance of cluster.instances) {
    void instance.exited.then((code) => {
      if (!stopping) say(`instance ${instance.instanceId} (pid ${instance.pid}) exited (${code ?? 'signal'}): HAProxy sends its visitors to the others`);
    });
  }
  say(`${cluster.url}/ -> HAProxy (pid ${cluster.haproxy.pid}) -> ${cluster.instances.map((i) => `${i.instanceId} ${i.url} (pid ${i.pid})`).join(', ')}`);
  say(`session data: ${cluster.redis ? `a private redis-server on ${cluster.redis.url} (pid ${cluster.redis.pid})` : cluster.store}; health checks: GET /_jp/health every second`);
  say('try it: open a page, then `kill -9` the pid of the instance its jp_instance cookie names: the page comes back from another one. Ctrl-C stops everything');
}
