// Run by spec/session/store/lazy-peers.test.ts: imports justpy-ts/session, reports whether the
// optional peers were loaded, then (with a file path) opens a memory and a sqlite store and
// leaves them open: the process must still exit by itself.
import { createRequire } from 'node:module';
import { memoryStore, sqliteStore } from '../../lib/session/index.js';

const loaded = (): string[] =>
  ['better-sqlite3', 'ioredis'].filter((name) => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`/node_modules/${name}/`)));

const report: Record<string, string[]> = { afterImport: loaded() };
const path = process.argv[2];
if (path !== undefined) {
  await memoryStore().set('s', 'n', 1);
  await sqliteStore({ path }).set('s', 'n', 1);
  report.afterOpen = loaded();
}
process.stdout.write(JSON.stringify(report));
