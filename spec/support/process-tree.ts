// The processes a test started, read from /proc (Linux, as the cluster suite is): every descendant
// of a pid, each known by its pid *and* its start time, so a pid the kernel hands out again later is
// never taken for the process that had it.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessRecord {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  startedAt: string;
  /** The command line, split at NULs (redis-server rewrites its own into one title). */
  args: string[];
  /** Its working directory (redis-server's is its --dir), or '' when unreadable. */
  cwd: string;
}

interface StatLine {
  ppid: number;
  state: string;
  startedAt: string;
}

function stat(pid: number): StatLine | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] as string, ppid: Number(fields[1]), startedAt: fields[19] as string };
  } catch {
    return undefined; // gone between readdir and read
  }
}

function cwdOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

function argsOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return [];
  }
}

/** Every live process below `root` (children, their children, ...), as it is now. */
export function descendantsOf(root: number): ProcessRecord[] {
  const parents = new Map<number, number[]>();
  const stats = new Map<number, StatLine>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    stats.set(pid, s);
    parents.set(s.ppid, [...(parents.get(s.ppid) ?? []), pid]);
  }
  const found: ProcessRecord[] = [];
  const queue = [...(parents.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push({ pid, startedAt: (stats.get(pid) as StatLine).startedAt, args: argsOf(pid), cwd: cwdOf(pid) });
    queue.push(...(parents.get(pid) ?? []));
  }
  return found;
}

/** True while that very process (same pid, same start time) exists and is not a zombie. */
export function isRunning(p: ProcessRecord): boolean {
  const s = stat(p.pid);
  return s !== undefined && s.startedAt === p.startedAt && s.state !== 'Z';
}

/** Collects every process seen below `root` across calls of `look()`, so short-lived ones are kept too. */
export class ProcessWatch {
  private readonly seen = new Map<string, ProcessRecord>();

  constructor(private readonly root: number) {}

  /** Looks once and returns what it saw now. */
  look(): ProcessRecord[] {
    const now = descendantsOf(this.root);
    for (const p of now) {
      const key = `${p.pid}@${p.startedAt}`;
      const before = this.seen.get(key);
      // An exiting process (a zombie) shows no command line and no cwd: keep what was read before.
      this.seen.set(key, { ...p, args: p.args.length > 0 ? p.args : (before?.args ?? []), cwd: p.cwd || (before?.cwd ?? '') });
    }
    return now;
  }

  /** Everything seen so far. */
  all(): ProcessRecord[] {
    return [...this.seen.values()];
  }

  /** What was seen and still runs. */
  running(): ProcessRecord[] {
    return this.all().filter(isRunning);
  }

  /** SIGKILL to what was seen and still runs (teardown after a failed test). */
  killAll(): void {
    for (const p of this.running()) process.kill(p.pid, 'SIGKILL');
  }
}
