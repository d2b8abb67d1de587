/** The open-file limit this process (and the server children, which inherit it) runs under. */
import { execFileSync } from 'node:child_process';

/** Soft `ulimit -n`, or Infinity when unlimited or unknown. */
export function openFileLimit(): number {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    const n = Number(out);
    return Number.isFinite(n) && n > 0 ? n : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Throws with what to do when `sockets` connections (plus slack for everything else) cannot be open at once. */
export function requireOpenFiles(sockets: number): void {
  const limit = openFileLimit();
  const needed = sockets + 1000;
  if (limit < needed) {
    throw new Error(`${sockets} sockets need about ${needed} open files per process, ulimit -n is ${limit}: run \`ulimit -n ${needed}\` first (or use --quick)`);
  }
}
