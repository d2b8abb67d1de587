// The README's limit and error-code tables are what users read: each must match the code it documents.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RENDER_ERRORS } from '../../lib/render/errors.js';
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it.each(Object.entries(DEFAULT_LIMITS))('has a row for limits.%s with its default, %s', (name, value) => {
    expect(readme).toContain(`| \`${name}\` | ${value} |`);
  });

  it.each(Object.keys(RENDER_ERRORS))('has a row for the error code %s', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});
