import { describe, expect, it } from 'vitest';
import { RandomPool } from '../../lib/render/random-pool.js';

describe('RandomPool', () => {
  it('gives 128-bit base64url tokens that do not repeat, across refills', () => {
    const pool = new RandomPool();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(pool.token(16)); // 32000 bytes: several refills
    expect(seen.size).toBe(2000);
    for (const t of seen) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('spreads its bits: each base64url character shows up', () => {
    const pool = new RandomPool();
    const chars = new Set([...Array.from({ length: 500 }, () => pool.token(16)).join('')]);
    expect(chars.size).toBe(64);
  });
});
