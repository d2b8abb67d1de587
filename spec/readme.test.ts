// README's examples stay true: each ```ts block marked `<!-- checked: FILE -->` is code in FILE (a
// test suite or a type test that runs or compiles), the HAProxy configuration marked
// `<!-- generated: haproxyConfig() -->` is what haproxyConfig() writes, and every #anchor link
// points at a heading.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haproxyConfig } from '../demo/cluster/haproxy-config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

/** The file's code as README writes it: package names for the repository's relative imports. */
function asUserCode(text: string): string {
  return text
    .replace(/'(\.\.\/)+lib\/testing\/index\.js'/g, "'justpy-ts/testing'")
    .replace(/'(\.\.\/)+lib\/index\.js'/g, "'justpy-ts'")
    .replace(/'(\.\.\/)+demo\/app\.js'/g, "'./demo/app.js'");
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

function containsRun(haystack: string[], needle: string[]): boolean {
  return haystack.some((_, at) => needle.every((line, i) => haystack[at + i] === line));
}

const checked = [...README.matchAll(/<!-- checked: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1] as string, code: m[2] as string }));

describe('README', () => {
  it('marks its examples for checking', () => {
    expect(checked.length).toBeGreaterThanOrEqual(5);
  });

  it.each(checked.map((c, i) => [i + 1, c.file, c] as const))('example %i is code in %s', (_n, file, { code }) => {
    const source = lines(asUserCode(readFileSync(`${ROOT}${file}`, 'utf8')));
    expect(containsRun(source, lines(code)), `README's block is not in ${file}:\n${code}`).toBe(true);
  });

  it("shows the HAProxy configuration haproxyConfig() generates, line for line", () => {
    const shown = /<!-- generated: haproxyConfig\(\) -->\n```\n([\s\S]*?)```/.exec(README)?.[1];
    const servers = [
      { name: 'i1', host: '10.0.0.11', port: 8000 },
      { name: 'i2', host: '10.0.0.12', port: 8000 },
    ];
    expect(shown).toBe(haproxyConfig({ bind: { host: '0.0.0.0', port: 80 }, servers }));
  });

  it('links only to headings it has', () => {
    const slug = (heading: string): string =>
      heading.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
    const anchors = new Set([...README.matchAll(/^#{2,4} (.+)$/gm)].map((m) => slug(m[1] as string)));
    const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] as string);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  });
});
