import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../../support/store-import-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jp-lazy-peers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child to its natural end; a process kept alive by a store's timer is killed and fails. */
function runChild(args: string[]): Promise<Record<string, string[]>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, ...args], { timeout: 10_000, killSignal: 'SIGKILL' }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as Record<string, string[]>);
    });
  });
}

describe('optional peer dependencies', () => {
  it('importing justpy-ts/session loads neither better-sqlite3 nor ioredis', async () => {
    expect(await runChild([])).toEqual({ afterImport: [] });
  });

  it('sqliteStore() loads better-sqlite3 when called, and open stores do not keep the process alive', async () => {
    expect(await runChild([join(dir, 'open.db')])).toEqual({ afterImport: [], afterOpen: ['better-sqlite3'] });
  });
});
