// Start-up leaves nothing behind when it does not finish: startCluster() when one instance fails
// to start. What it started is read from /proc (its descendants, known by pid and start time), and
// every one of them must be gone afterwards, with the temp folders of redis-server and HAProxy.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster } from '../../demo/cluster/cluster.js';
import { CLUSTER_KEY, sleep } from '../support/cluster-suite.js';
import { ProcessWatch, type ProcessRecord } from '../support/process-tree.js';

/** What a cluster start runs: redis-server, demo instances and HAProxy (not tsx's esbuild helper). */
const CLUSTER_PROCESS = /redis-server|haproxy|demo\/server\.ts/;
const TEMP_DIR = /\/jp-(redis|haproxy)-[^/]+/;

const isClusterProcess = (p: ProcessRecord): boolean => CLUSTER_PROCESS.test(p.args.join(' '));
const count = (seen: ProcessRecord[], what: RegExp): number => seen.filter((p) => what.test(p.args.join(' '))).length;

const watches: ProcessWatch[] = [];
afterEach(() => {
  // Only after a failed test is anything left: stop it by pid.
  for (const watch of watches.splice(0)) watch.killAll();
});

/** Every temp folder a process of `seen` works in or was given (redis-server's cwd, HAProxy's -f). */
function tempDirsOf(seen: ProcessRecord[]): string[] {
  return seen.flatMap((p) => [p.cwd, ...p.args].map((s) => TEMP_DIR.exec(s)?.[0]).filter((d): d is string => d !== undefined));
}

describe('startCluster, when one instance fails to start', () => {
  it('rejects with that instance\'s error and leaves no instance and no redis-server running', async () => {
    const watch = new ProcessWatch(process.pid);
    watches.push(watch);
    const dirs = new Set<string>();
    let starting = true;
    const watching = (async () => {
      while (starting) {
        for (const dir of tempDirsOf(watch.look())) dirs.add(dir);
        await sleep(10);
      }
    })();
    const outcome = await startCluster({
      instances: 3,
      secretKey: CLUSTER_KEY,
      env: (id): Record<string, string> => (id === 'i2' ? { COOKIE_SAMESITE: 'sideways' } : {}),
    }).then(
      async (cluster) => {
        await cluster.stop();
        return 'started';
      },
      (err: Error) => err.message,
    );
    starting = false;
    await watching;
    expect(outcome).toMatch(/demo instance exited \(1\) before listening: [\s\S]*COOKIE_SAMESITE must be one of lax, strict, none/);
    const seen = watch.all().filter(isClusterProcess);
    expect(count(seen, /demo\/server\.ts/)).toBe(3);
    expect(count(seen, /redis-server/)).toBe(1);
    expect(watch.running().filter(isClusterProcess)).toEqual([]);
    expect([...dirs].filter((d) => existsSync(d))).toEqual([]);
  });
});
