/** Parent side of a flood: forks bench/load/flood-child.ts and waits for what its clients measured. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FloodSocketResult } from './event-flooders.js';
import type { HttpLoadResult } from './http-load.js';

export type FloodSpec =
  | {
      kind: 'http';
      origin: string;
      path: string;
      durationSec: number;
      /** autocannon connections of each flooding client. */
      connections: number;
      /** 0: only the cookie-less client; else a second client cycling through this many sessions' cookies. */
      returningSessions: number;
    }
  | { kind: 'events'; origin: string; durationSec: number; sockets: number; reads: boolean };

export interface HttpFloodResults {
  /** Cookie-less GETs: every one a new visitor. */
  newVisitors: HttpLoadResult;
  /** GETs with the cookies of `returningSessions` sessions in rotation. */
  returning: HttpLoadResult | null;
}

type ResultsOf<S extends FloodSpec> = S extends { kind: 'http' } ? HttpFloodResults : FloodSocketResult[];

const CHILD = fileURLToPath(new URL('../load/flood-child.ts', import.meta.url));

/** Starts the flood; `started` resolves once its clients run, `done` with their results. */
export function startFlood<S extends FloodSpec>(spec: S): { started: Promise<void>; done: Promise<ResultsOf<S>> } {
  const child = fork(CHILD, [JSON.stringify(spec)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`flood child exited with code ${code} before reporting`)));
  });
  exited.catch(() => undefined);
  const message = (type: string) =>
    new Promise<{ results?: unknown }>((resolve) => {
      const on = (m: { type: string; results?: unknown }) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  return {
    started: Promise.race([message('started'), exited]).then(() => undefined),
    done: Promise.race([message('done'), exited]).then((m) => m.results as ResultsOf<S>),
  };
}
