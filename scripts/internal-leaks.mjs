// The shipped declarations (tsc with stripInternal, tsconfig.build.json) must not show what lib/
// marks @internal. stripInternal only drops a declaration that carries the tag itself, so an
// override of an internal member without its own tag ships (TextNode._touch did). This builds the
// declarations in memory and lists every internal declaration that is still in them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const isInternal = (node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');

function memberName(member) {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  return member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isPrivateIdentifier(member.name))
    ? member.name.text
    : null;
}

/** The names a file declares: `Name` at top level, `Class.member` inside classes and interfaces. */
function declarations(file, visit) {
  for (const statement of file.statements) {
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((d) => d)
      : [statement];
    for (const decl of names) {
      const name = decl.name && ts.isIdentifier(decl.name) ? decl.name.text : null;
      if (name === null) continue;
      visit(name, decl, statement);
      if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
        for (const member of decl.members) {
          const m = memberName(member);
          if (m !== null) visit(`${name}.${m}`, member, member, decl);
        }
      }
    }
  }
}

/** Whether `member` of `cls` overrides a member that a base class marks @internal. */
function overridesInternal(checker, cls, member) {
  const name = memberName(member);
  if (name === null || name === 'constructor' || !cls.name) return false;
  const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(cls.name));
  const bases = type.isClassOrInterface() ? checker.getBaseTypes(type) : [];
  return bases.some((base) => {
    const inherited = checker.getPropertyOfType(base, name);
    return (inherited?.declarations ?? []).some((d) => isInternal(d) || (ts.isClassLike(d.parent) && overridesInternal(checker, d.parent, d)));
  });
}

/**
 * Builds the declarations of `fileNames` with stripInternal and returns what leaked, as
 * `path/to/file.ts: Class.member` (paths relative to `root`), sorted.
 */
export function internalLeaks(fileNames, options, root) {
  const program = ts.createProgram(fileNames, { ...options, declaration: true, emitDeclarationOnly: true, stripInternal: true, noEmit: false, declarationMap: false, sourceMap: false });
  const checker = program.getTypeChecker();
  const emitted = new Map();
  program.emit(undefined, (name, text, _bom, _onError, sources) => {
    if (name.endsWith('.d.ts') && sources?.length === 1) emitted.set(sources[0].fileName, { name, text });
  });
  const leaks = [];
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || program.isSourceFileFromExternalLibrary(source)) continue;
    const internal = new Set();
    declarations(source, (key, node, tagged, owner) => {
      if (isInternal(tagged) || (owner && ts.isClassDeclaration(owner) && overridesInternal(checker, owner, node))) internal.add(key);
    });
    if (internal.size === 0) continue;
    const out = emitted.get(source.fileName);
    if (out === undefined) continue;
    const relative = path.relative(root, source.fileName);
    declarations(ts.createSourceFile(out.name, out.text, ts.ScriptTarget.Latest), (key) => {
      if (internal.has(key)) leaks.push(`${relative}: ${key}`);
    });
  }
  return leaks.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const configPath = path.join(root, 'tsconfig.build.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const leaks = internalLeaks(config.fileNames, config.options, root);
  if (leaks.length > 0) {
    console.error(`@internal declarations in the shipped .d.ts files (tag the override too):\n  ${leaks.join('\n  ')}`);
    process.exit(1);
  }
  console.log('declarations: no @internal member ships');
}
