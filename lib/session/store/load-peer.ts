// better-sqlite3 and ioredis are optional peer dependencies: loaded here, when a store that needs
// one is created, so `import 'justpy-ts/session'` works without either installed.
import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);

/** require(name), or an Error that says what to install (`part` names the caller, as in 'sqliteStore'). */
export function loadPeer<T>(name: string, range: string, part: string): T {
  try {
    return requireFromHere(name) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && (err as Error).message.includes(`'${name}'`)) {
      throw new Error(`${part} needs the ${name} package: npm install ${name}@${range}`, { cause: err });
    }
    // Installed but unloadable: for a native addon, usually a build that never ran (README: "Installing better-sqlite3 on a machine without prebuilt binaries").
    throw new Error(`${part} could not load ${name}: ${(err as Error).message}`, { cause: err });
  }
}
