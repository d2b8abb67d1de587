// Several processes incrementing one session field at the same moment, through a real store
// (the concurrency tests: sqlite on one file, redis on one server). Children run the TypeScript
// through tsx, are started and awaited here, and killed if they outlive the run.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadPlan {
  /** A SESSION_STORE value. */
  spec: string;
  sid: string;
  /** `incr`: the store's atomic increment; `update`: compare-and-set of n + 1; `naive`: get, then set the value plus one. */
  mode: 'incr' | 'update' | 'naive';
  concurrency: number;
  rounds: number;
}

export type LoadMessage = { type: 'ready' } | { type: 'done'; increments: number };

const CHILD = fileURLToPath(new URL('./store-load-child.ts', import.meta.url));

/** Starts `processes` children, lets them go at once, and resolves to each one's count of increments done. */
export async function runStoreLoad(plan: LoadPlan, processes: number): Promise<number[]> {
  const children = Array.from({ length: processes }, () =>
    fork(CHILD, [JSON.stringify(plan)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  try {
    const finished = children.map((child) => outcome(child));
    await Promise.all(children.map((child) => message(child, 'ready')));
    for (const child of children) child.send('go');
    return await Promise.all(finished);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function message(child: ChildProcess, type: LoadMessage['type']): Promise<LoadMessage> {
  return new Promise((resolve, reject) => {
    child.on('message', (m: LoadMessage) => m.type === type && resolve(m));
    child.once('exit', (code) => reject(new Error(`load child ${child.pid} exited (${code}) before '${type}'`)));
  });
}

async function outcome(child: ChildProcess): Promise<number> {
  const done = (await message(child, 'done')) as Extract<LoadMessage, { type: 'done' }>;
  await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  if (child.exitCode !== 0) throw new Error(`load child ${child.pid} exited with ${child.exitCode}`);
  return done.increments;
}
