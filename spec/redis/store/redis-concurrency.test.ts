import { afterAll, beforeAll } from 'vitest';
import { describeConcurrentWriters } from '../../session/store/concurrent-writers.js';
import { startRedisServer, type RedisServer } from '../../../demo/cluster/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

describeConcurrentWriters('redis', () => server.url);
