// One-character mutations of a string, as fast-check arbitraries, for "no mutation is accepted" properties.
import fc from 'fast-check';

export interface Mutation {
  /** A session id to sign and then mutate. */
  id: string;
  kind: 'replace' | 'insert' | 'delete';
  /** Any position; taken modulo the length of the part mutated. */
  at: number;
  ch: string;
}

export function mutations(chars: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    id: fc.stringMatching(/^[0-9a-f]{32}$/),
    kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
    at: fc.nat(),
    ch: fc.constantFrom(...chars),
  });
}

/** `s` with one character replaced, inserted or deleted at a position from `from` on. */
export function mutate(s: string, { kind, at, ch }: Mutation, from = 0): string {
  const i = from + (at % (s.length - from + (kind === 'insert' ? 1 : 0)));
  if (kind === 'replace') return s.slice(0, i) + ch + s.slice(i + 1);
  if (kind === 'insert') return s.slice(0, i) + ch + s.slice(i);
  return s.slice(0, i) + s.slice(i + 1);
}
