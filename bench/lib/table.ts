/** Plain-text tables for stdout. */
import type { Table, TargetVerdict } from './scenario.js';

export function formatTable(table: Table): string {
  const cells = [table.columns, ...table.rows.map((r) => r.map(formatCell))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const right = table.columns.map((_, i) => !table.leftOnly && table.rows.some((r) => isFigure(r[i])));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (right[i] ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [table.title, line(table.columns), sep, ...cells.slice(1).map(line)].join('\n');
}

export function formatTargets(targets: TargetVerdict[], quick: boolean): string {
  return formatTable({
    title: quick ? 'Targets (quick run: measurements of about a second, too short to judge; use the full run)' : 'Targets',
    columns: ['verdict', 'target', 'measured', 'shortfall'],
    rows: targets.map((t) => [t.met ? 'met' : 'MISSED', t.target, t.measured, t.shortfall]),
    leftOnly: true,
  });
}

function isFigure(c: string | number | undefined): boolean {
  return typeof c === 'number' || /^-?[\d.,]+ ?(%|x|ms|s|B|KB|MB)?$/.test(String(c ?? ''));
}

function formatCell(c: string | number): string | number {
  if (typeof c !== 'number') return c;
  if (!Number.isFinite(c)) return 'n/a';
  return Number.isInteger(c) ? c : Number(c.toFixed(2));
}
