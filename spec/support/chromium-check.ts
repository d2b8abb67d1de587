// The browser suites fail at once, with the fix, when Debian's chromium is missing: a suite that
// skipped itself would pass CI without testing anything, and none may download a browser.
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './browser.js';

export const CHROMIUM_MISSING = `chromium is not installed at ${CHROMIUM_PATH}: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`;

export default function checkChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING);
}
