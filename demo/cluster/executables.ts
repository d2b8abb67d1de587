// Finding Debian's redis-server and haproxy, and saying how to install them when they are missing
// (instead of a spawn ENOENT). Both packages start no daemon that we use: we run our own on loopback.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const REDIS_SERVER_MISSING = 'redis-server is missing: apt-get install -y redis-server';
export const HAPROXY_MISSING = 'haproxy is missing: apt-get install -y haproxy';

/** The first executable `name` in /usr/sbin, /usr/bin, then PATH; undefined when there is none. */
export function findExecutable(name: string): string | undefined {
  const dirs = ['/usr/sbin', '/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  return dirs
    .map((dir) => join(dir, name))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

export const findRedisServer = (): string | undefined => findExecutable('redis-server');
export const findHaproxy = (): string | undefined => findExecutable('haproxy');

/** The install hints of whatever the cluster needs and this machine lacks (empty when all is there). */
export function missingForCluster(): string[] {
  const missing: string[] = [];
  if (findRedisServer() === undefined) missing.push(REDIS_SERVER_MISSING);
  if (findHaproxy() === undefined) missing.push(HAPROXY_MISSING);
  return missing;
}
