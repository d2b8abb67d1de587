// README's Stores section lists each backend's options with their defaults; this keeps the tables and the
// DEFAULTS objects from drifting apart (a default written twice is a default that will differ).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEMORY_STORE_DEFAULTS, REDIS_STORE_DEFAULTS, SQLITE_STORE_DEFAULTS } from '../../../lib/session/store/index.js';

const DOC = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** Option → default cell of the first table after the heading that starts with `heading`. */
function optionTable(heading: string): Map<string, string> {
  const section = DOC.slice(DOC.indexOf(`### ${heading}`));
  const rows = section.slice(section.indexOf('| Option |')).split('\n\n')[0]?.split('\n').slice(2) ?? [];
  return new Map(rows.map((row) => row.split('|').map((cell) => cell.trim())).map((cells) => [cells[1]?.replaceAll('`', '') ?? '', cells[2] ?? '']));
}

function documented(value: unknown): string {
  if (typeof value === 'function') return value === Date.now ? '`Date.now`' : value === console.warn ? '`console.warn`' : String(value);
  return typeof value === 'string' ? `\`'${value}'\`` : `\`${String(value)}\``;
}

describe('README store option tables', () => {
  it.each([
    ['`memoryStore(options)`', MEMORY_STORE_DEFAULTS, []],
    ['`sqliteStore({ path, ... })`', SQLITE_STORE_DEFAULTS, ['path']],
    ['`redisStore({ url | client, ... })`', REDIS_STORE_DEFAULTS, ['url', 'client']],
  ] as const)('%s lists every option with the default the code has', (heading, defaults, required) => {
    const table = optionTable(heading);
    expect([...table.keys()].sort()).toEqual([...Object.keys(defaults), ...required].sort());
    for (const [name, value] of Object.entries(defaults)) expect(table.get(name), name).toBe(documented(value));
  });
});
