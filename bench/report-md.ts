/**
 * `npx tsx bench/report-md.ts [bench/results/<file>.json]`: one run's tables and target verdicts as
 * Markdown (the newest full run when no file is given), for the README's Performance section.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { RESULTS_DIR, type RunRecord } from './lib/results-file.js';
import type { Table } from './lib/scenario.js';

const file = process.argv[2] ?? newestFullRun();
const run = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;

const out: string[] = [
  `Measured ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC: Node ${run.node.replace(/^v/, '')}, ${run.cpus} CPUs (${run.cpuModel}), ` +
    `${run.options.quick ? 'quick run' : 'full run'} of ${run.durationSec} s.`,
];
for (const s of run.scenarios) for (const t of s.tables) out.push('', markdownTable(t));
const targets = run.scenarios.flatMap((s) => s.targets);
out.push(
  '',
  markdownTable({
    title: 'Targets',
    columns: ['target', 'measured', 'verdict'],
    rows: targets.map((t) => [t.target, t.measured, t.met ? 'met' : `missed (${t.shortfall})`]),
  }),
);
if (run.failures.length > 0) out.push('', `Correctness failures: ${run.failures.join('; ')}`);
console.log(out.join('\n'));

function markdownTable(t: Table): string {
  const cell = (c: string | number) => (typeof c === 'number' && !Number.isInteger(c) ? String(Number(c.toFixed(2))) : String(c)).replaceAll('|', '\\|');
  return [
    `**${t.title}**`,
    '',
    `| ${t.columns.join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function newestFullRun(): string {
  const full = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json') && !f.includes('-quick'))
    .sort();
  const last = full.at(-1);
  if (!last) throw new Error(`no full run in ${RESULTS_DIR}; run npm run bench first`);
  return RESULTS_DIR + last;
}
