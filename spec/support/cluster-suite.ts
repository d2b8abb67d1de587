// One cluster per test file: started before its tests (demo instances on a private redis-server
// behind HAProxy, all on 127.0.0.1), stopped after them with the clients the file opened.
import { afterAll, beforeAll } from 'vitest';
import { startCluster, type Cluster } from '../../demo/cluster/cluster.js';
import { redisStore, type RedisSessionStore } from '../../lib/session/index.js';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';

export const CLUSTER_KEY = 'cluster-spec-secret-0123456789abcdef';

export interface ClusterSuite {
  readonly cluster: Cluster;
  /** A reader of the instances' shared store. */
  readonly store: RedisSessionStore;
  /** A test client with the cluster's key, through HAProxy unless `url` says otherwise; closed after the file. */
  client(options?: { url?: string; recover?: boolean }): Promise<TestClient>;
}

export function useCluster(instances: number): ClusterSuite {
  let cluster: Cluster | undefined;
  let store: RedisSessionStore | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    cluster = await startCluster({ instances, secretKey: CLUSTER_KEY });
    store = redisStore({ url: cluster.store });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await store?.close();
    await cluster?.stop();
  });
  return {
    get cluster() {
      return cluster as Cluster;
    },
    get store() {
      return store as RedisSessionStore;
    },
    async client(options = {}) {
      const c = await createTestClient(options.url ?? (cluster as Cluster).url, {
        session: { secretKey: CLUSTER_KEY },
        timeoutMs: 10_000,
        recover: options.recover ?? false,
      });
      clients.push(c);
      return c;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
