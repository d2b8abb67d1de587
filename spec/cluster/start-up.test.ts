// Start-up leaves nothing behind when it does not finish: `npm run start:cluster` signalled while it
// starts, and startCluster() when one instance fails to start. What was started is read from /proc
// (descendants, known by pid and start time), and every one of them must be gone afterwards, with
// the temp folders of redis-server and HAProxy.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster } from '../../demo/cluster/cluster.js';
import { freePort } from '../../demo/cluster/free-port.js';
import { CLUSTER_KEY, sleep } from '../support/cluster-suite.js';
import { ProcessWatch, type ProcessRecord } from '../support/process-tree.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../../demo/start-cluster.ts', import.meta.url));
/** What a cluster start runs: redis-server, demo instances and HAProxy (not tsx's esbuild helper). */
const CLUSTER_PROCESS = /redis-server|haproxy|demo\/server\.ts/;
const TEMP_DIR = /\/jp-(redis|haproxy)-[^/]+/;

const isClusterProcess = (p: ProcessRecord): boolean => CLUSTER_PROCESS.test(p.args.join(' '));
const count = (seen: ProcessRecord[], what: RegExp): number => seen.filter((p) => what.test(p.args.join(' '))).length;

const watches: ProcessWatch[] = [];
const launchers: ChildProcess[] = [];
afterEach(() => {
  // Only after a failed test is anything left: stop it by pid.
  for (const launcher of launchers.splice(0)) if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
  for (const watch of watches.splice(0)) watch.killAll();
});

/** Every temp folder a process of `seen` works in or was given (redis-server's cwd, HAProxy's -f). */
function tempDirsOf(seen: ProcessRecord[]): string[] {
  return seen.flatMap((p) => [p.cwd, ...p.args].map((s) => TEMP_DIR.exec(s)?.[0]).filter((d): d is string => d !== undefined));
}

/**
 * Starts the launcher as `npm run start:cluster` runs it (2 instances, a private redis-server),
 * sends `signal` once `ready(what it has started)` holds, and watches its processes until it exits.
 */
async function signalDuringStartUp(signal: NodeJS.Signals, ready: (seen: ProcessRecord[]) => boolean) {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(await freePort()), CLUSTER_INSTANCES: '2', SECRET_KEY: CLUSTER_KEY };
  delete env.SESSION_STORE;
  const launcher = spawn(process.execPath, ['--import', 'tsx', LAUNCHER], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  launchers.push(launcher);
  let output = '';
  launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const watch = new ProcessWatch(launcher.pid!);
  watches.push(watch);
  const dirs = new Set<string>();
  const look = (): ProcessRecord[] => {
    const now = watch.look().filter(isClusterProcess);
    for (const dir of tempDirsOf(now)) dirs.add(dir);
    return now;
  };
  while (!ready(look())) {
    if (launcher.exitCode !== null) throw new Error(`the launcher exited before the signal: ${output}`);
    await sleep(10);
  }
  const startedBeforeSignal = output.includes('-> HAProxy');
  process.kill(launcher.pid!, signal);
  while (launcher.exitCode === null && launcher.signalCode === null) {
    look();
    await sleep(10);
  }
  return { code: launcher.exitCode, output, startedBeforeSignal, seen: watch.all().filter(isClusterProcess), watch, dirs: [...dirs] };
}

describe('npm run start:cluster, signalled during start-up', () => {
  it('SIGTERM while the instances start: stops redis-server and the instances, removes its temp folder, exits 0', async () => {
    const run = await signalDuringStartUp('SIGTERM', (seen) => count(seen, /redis-server/) === 1 && count(seen, /demo\/server\.ts/) === 2);
    expect(run.startedBeforeSignal).toBe(false);
    expect(run.code).toBe(0);
    expect(run.output).toContain('[cluster] stopping');
    expect(count(run.seen, /redis-server/)).toBe(1);
    expect(run.watch.running().filter(isClusterProcess)).toEqual([]);
    expect(run.dirs.length).toBeGreaterThan(0);
    expect(run.dirs.filter((d) => existsSync(d))).toEqual([]);
  });

  it('SIGINT as soon as its first process is up: nothing it started is left', async () => {
    const run = await signalDuringStartUp('SIGINT', (seen) => seen.length > 0);
    expect(run.startedBeforeSignal).toBe(false);
    expect(run.code).toBe(0);
    expect(run.seen.length).toBeGreaterThan(0);
    expect(run.watch.running().filter(isClusterProcess)).toEqual([]);
    expect(run.dirs.filter((d) => existsSync(d))).toEqual([]);
  });
});

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
