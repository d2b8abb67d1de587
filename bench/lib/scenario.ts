/** What every scenario returns to the orchestrator. */
import type { BenchOptions } from './cli-options.js';

export interface TargetVerdict {
  /** What is promised, e.g. "jpSession >= 95% of bare Express (returning)". */
  target: string;
  /** The measured figure, as printed. */
  measured: string;
  met: boolean;
  /** How far off when missed, e.g. "4.1 points short"; empty when met. */
  shortfall: string;
}

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Left-align every column (default: numbers and figures with a unit go right). */
  leftOnly?: boolean;
}

export interface ScenarioResult {
  name: string;
  tables: Table[];
  /** Raw figures for the JSON file. */
  figures: Record<string, unknown>;
  targets: TargetVerdict[];
  /** Correctness failures (lost or doubled events, retained pages, wrong responses): the run exits non-zero. */
  failures: string[];
  /** Things worth knowing that are not failures (e.g. a skipped part). */
  notes: string[];
}

export interface ScenarioContext {
  options: BenchOptions;
  /** Where server children write --cpu-prof profiles, or null. */
  cpuProfileDir: string | null;
  log(line: string): void;
}

export function emptyResult(name: string): ScenarioResult {
  return { name, tables: [], figures: {}, targets: [], failures: [], notes: [] };
}

/** Verdict for "value must be at least min" (ratios as fractions: 0.95 = 95%). */
export function atLeast(target: string, value: number, min: number, format: (n: number) => string): TargetVerdict {
  const met = value >= min;
  return { target, measured: format(value), met, shortfall: met ? '' : `${format(min - value)} short` };
}

/** Verdict for "value must be below max". */
export function below(target: string, value: number, max: number, format: (n: number) => string): TargetVerdict {
  const met = value < max;
  return { target, measured: format(value), met, shortfall: met ? '' : `${format(value - max)} over` };
}

/** Verdict for "value must be at most max". */
export function atMost(target: string, value: number, max: number, format: (n: number) => string): TargetVerdict {
  const met = value <= max;
  return { target, measured: format(value), met, shortfall: met ? '' : `${format(value - max)} over` };
}

export const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : 'n/a');
export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : 'n/a');
export const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a');
