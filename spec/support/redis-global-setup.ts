// `npm run test:redis` fails at once, with the fix, when redis-server is not installed: a suite
// that skipped itself silently would pass CI without testing anything.
import { findRedisServer, REDIS_SERVER_MISSING } from '../../demo/cluster/executables.js';

export default function checkRedisServer(): void {
  if (findRedisServer() === undefined) throw new Error(REDIS_SERVER_MISSING);
}
