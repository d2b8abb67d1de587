import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeConcurrentWriters } from './concurrent-writers.js';

const dir = mkdtempSync(join(tmpdir(), 'jp-sqlite-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeConcurrentWriters('sqlite', (test) => `sqlite:${join(dir, `${test}.db`)}`);
