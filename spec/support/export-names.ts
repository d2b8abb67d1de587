// The names an entry point exports, values and types alike, read by the TypeScript compiler
// from the source (what the built .d.ts will declare).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Export names of each entry file (paths relative to the repository), sorted. */
export function exportNames(entries: readonly string[]): Record<string, string[]> {
  const files = entries.map((entry) => resolve(ROOT, entry));
  const config = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.build.json'), {}, ts.sys as unknown as ts.ParseConfigFileHost);
  if (!config) throw new Error('cannot read tsconfig.build.json');
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const out: Record<string, string[]> = {};
  entries.forEach((entry, i) => {
    const source = program.getSourceFile(files[i] as string);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`no module symbol for ${entry}`);
    out[entry] = checker.getExportsOfModule(symbol).map((s) => s.name).sort();
  });
  return out;
}
