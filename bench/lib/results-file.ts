/** The JSON record of one run, under bench/results/<timestamp>.json, so runs can be compared. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './cli-options.js';
import type { ScenarioResult } from './scenario.js';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface RunRecord {
  startedAt: string;
  durationSec: number;
  node: string;
  cpus: number;
  cpuModel: string;
  totalMemMB: number;
  platform: string;
  options: BenchOptions;
  scenarios: ScenarioResult[];
  failures: string[];
}

export function machineInfo(): Pick<RunRecord, 'node' | 'cpus' | 'cpuModel' | 'totalMemMB' | 'platform'> {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Writes the record; returns the file path. */
export function writeRunRecord(record: RunRecord): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = record.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const path = `${RESULTS_DIR}${stamp}${record.options.quick ? '-quick' : ''}.json`;
  writeFileSync(path, JSON.stringify(record, null, 2) + '\n');
  return path;
}
