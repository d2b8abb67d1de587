// The check behind `npm run typecheck` that no @internal declaration ships in the .d.ts files
// (scripts/internal-leaks.mjs), on a small fixture: building lib/ itself takes too long for here.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without type declarations
import { internalLeaks as untyped } from '../scripts/internal-leaks.mjs';

const internalLeaks = untyped as (fileNames: string[], options: ts.CompilerOptions, root: string) => string[];
const ROOT = fileURLToPath(new URL('fixtures/internal-leaks/', import.meta.url));

describe('internalLeaks()', () => {
  it('finds overrides of an internal member that lack the tag, at any depth, and nothing tagged', () => {
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, lib: ['lib.es5.d.ts'], types: [], strict: true, outDir: '/nowhere', rootDir: ROOT };
    expect(internalLeaks([`${ROOT}shapes.ts`], options, ROOT)).toEqual(['shapes.ts: Grandchild._touch', 'shapes.ts: UntaggedOverride._touch']);
  });
});
