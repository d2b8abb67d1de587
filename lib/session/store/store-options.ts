// Option handling shared by the backends: defaults in each backend's one DEFAULTS object, merged
// here, and programmer mistakes thrown at construction (as jpSession does).

/** One week, COOKIE_MAX_AGE's default: data outlives no cookie that could still name it. */
export const DEFAULT_TTL_SECONDS = 604800;

/**
 * Merges the options that are not undefined over `defaults`. Throws a TypeError naming `part` on
 * an option it does not know: a misspelt bound would otherwise fall back to the default silently.
 */
export function resolveOptions<D extends object, G extends object>(part: string, defaults: D, given: G, extra: readonly string[] = []): D & G {
  const known = new Set([...Object.keys(defaults), ...extra]);
  const unknown = Object.keys(given).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new TypeError(`${part}: unknown option ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...defaults, ...defined } as D & G;
}

export function requirePositiveInteger(part: string, name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new TypeError(`${part}: ${name} must be a positive whole number, got ${String(value)}`);
  }
}

export function requireFunction(part: string, name: string, value: unknown): void {
  if (typeof value !== 'function') throw new TypeError(`${part}: ${name} must be a function`);
}
