// The itsdangerous vectors: CI puts shared/ beside the clone; any clone has the committed fixture.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SignerVectors {
  derived_keys: { secret_key: string; derived_key_hex: string }[];
  positive: { secret_key: string; value: string; signed: string; note?: string }[];
  negative: { secret_key: string; cookie: string; why: string }[];
  noncanonical_accepted_by_itsdangerous: { secret_key: string; cookie: string; canonical: string; why: string }[];
}

export interface Sha256Vectors {
  positive: { secret_key: string; value: string; signed: string }[];
  negative: { secret_key: string; cookie: string; why: string }[];
}

const SHARED = new URL('../../../shared/vectors/itsdangerous-signer.json', import.meta.url);
const FIXTURE = new URL('../fixtures/itsdangerous-signer.json', import.meta.url);

export function loadSignerVectors(): { vectors: SignerVectors; source: string } {
  const file = fileURLToPath(existsSync(SHARED) ? SHARED : FIXTURE);
  return { vectors: JSON.parse(readFileSync(file, 'utf8')) as SignerVectors, source: file };
}

export function loadSha256Vectors(): Sha256Vectors {
  return JSON.parse(readFileSync(new URL('../fixtures/itsdangerous-signer-sha256.json', import.meta.url), 'utf8')) as Sha256Vectors;
}
