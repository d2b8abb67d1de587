// Group commit for the SQLite store. A commit costs far more than the statements in it (44 µs for a
// one-statement transaction against 4 µs a statement with 50 per transaction, WAL, synchronous=NORMAL,
// on the development machine), so every write issued during one turn of the event loop goes into one
// IMMEDIATE transaction, each in its own savepoint: one write's failure rolls back only itself, and a
// write's promise settles only after the transaction that holds it has committed.
import type Database from 'better-sqlite3';

interface Job {
  write(): unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  /** A read queued behind writes: it runs in its place in the transaction, without a savepoint. */
  read?: true;
}

export class GroupCommit {
  private jobs: Job[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly batch: { immediate(jobs: Job[]): Array<{ ok: boolean; value: unknown }> };

  /**
   * @param db the store's connection
   * @param mapError turns the file's conditions (busy, I/O) into the store's errors
   */
  constructor(
    db: Database.Database,
    private readonly mapError: (err: unknown) => unknown,
  ) {
    // A transaction function called inside another runs as a SAVEPOINT (better-sqlite3).
    const one = db.transaction((job: Job) => job.write());
    this.batch = db.transaction((jobs: Job[]) =>
      jobs.map((job) => {
        try {
          return { ok: true, value: job.read ? job.write() : one(job) };
        } catch (err) {
          return { ok: false, value: this.mapError(err) };
        }
      }),
    ) as unknown as GroupCommit['batch'];
  }

  /** Queues a write (statements only, no transaction of its own); resolves once it is committed. */
  submit<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /**
   * A read sees every write issued before it. With none queued it runs now; behind queued writes it
   * joins their transaction, in its place, and settles once that commits. Forcing the commit instead
   * would cost every read-after-write (a click's incr, then its get) a commit of its own, and the
   * group commit would never group anything.
   */
  read<T>(read: () => T): T | Promise<T> {
    if (this.jobs.length === 0) return read();
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ write: read, resolve: resolve as (value: unknown) => void, reject, read: true });
    });
  }

  /** Commits what is queued now (close() calls it first). */
  flush(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const jobs = this.jobs;
    if (jobs.length === 0) return;
    this.jobs = [];
    let outcomes: Array<{ ok: boolean; value: unknown }>;
    try {
      outcomes = this.batch.immediate(jobs);
    } catch (err) {
      const mapped = this.mapError(err);
      for (const job of jobs) job.reject(mapped);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const job = jobs[i] as Job;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
  }

  /** Jobs still waiting (close() flushes them first). */
  get pending(): number {
    return this.jobs.length;
  }
}
