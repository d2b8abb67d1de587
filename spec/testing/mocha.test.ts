// The kit under mocha: runs spec/testing/mocha/*.mocha.ts in a mocha process (no --exit, so it
// ends only when nothing is left open) and reads its JSON report.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface MochaReport {
  stats: { tests: number; passes: number; failures: number };
  failures: Array<{ fullTitle: string; err: { message: string } }>;
}

function runMocha(): Promise<{ code: number | null; report: MochaReport }> {
  const args = ['node_modules/mocha/bin/mocha.js', '--node-option', 'import=tsx', '--reporter', 'json', 'spec/testing/mocha/*.mocha.ts'];
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, args, { cwd: ROOT }, (err, stdout) => {
      try {
        resolve({ code: child.exitCode, report: JSON.parse(stdout) as MochaReport });
      } catch {
        reject(err ?? new Error(`mocha printed no JSON report:\n${stdout}`));
      }
    });
  });
}

it('runs both seed flows under mocha with Express 4 and 5, and mocha exits by itself', async () => {
  const { code, report } = await runMocha();
  expect(report.failures.map((f) => `${f.fullTitle}: ${f.err.message}`)).toEqual([]);
  expect(report.stats).toMatchObject({ tests: 4, passes: 4, failures: 0 });
  expect(code).toBe(0);
});
