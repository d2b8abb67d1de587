/**
 * `npm run bench [-- --quick] [-- --only=session,page,events,memory,idle,flood,store,backends,cluster] [-- --profile]`
 * Runs each scenario (servers in child processes, load from this process, all on 127.0.0.1), prints
 * the tables and target verdicts, and writes bench/results/<timestamp>.json. Exits non-zero when a
 * scenario finds a correctness failure (lost or doubled event, retained page, wrong response) or
 * crashes; figures never fail a run.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, SCENARIO_NAMES, type ScenarioName } from './lib/cli-options.js';
import { machineInfo, writeRunRecord, type RunRecord } from './lib/results-file.js';
import { emptyResult, type ScenarioContext, type ScenarioResult } from './lib/scenario.js';
import { formatTable, formatTargets } from './lib/table.js';
import { runEventRoundTrip } from './scenarios/event-round-trip.js';
import { runIdleSockets } from './scenarios/idle-sockets.js';
import { runLivePageMemory } from './scenarios/live-page-memory.js';
import { runPageFlood } from './scenarios/page-flood.js';
import { runPageRender } from './scenarios/page-render.js';
import { runSessionOverhead } from './scenarios/session-overhead.js';
import { runStoreOps } from './scenarios/store-ops.js';
import { runStoreBackends } from './scenarios/store-backends.js';
import { runCluster } from './scenarios/cluster.js';

const SCENARIOS: Record<ScenarioName, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  session: runSessionOverhead,
  page: runPageRender,
  events: runEventRoundTrip,
  memory: runLivePageMemory,
  idle: runIdleSockets,
  flood: runPageFlood,
  store: runStoreOps,
  backends: runStoreBackends,
  cluster: runCluster,
};
const NEEDS_CLIENT_BUNDLE: ScenarioName[] = ['page', 'events', 'memory', 'idle', 'flood', 'backends', 'cluster'];

const options = parseBenchArgs(process.argv.slice(2));
const selected = options.only.length > 0 ? SCENARIO_NAMES.filter((n) => options.only.includes(n)) : [...SCENARIO_NAMES];
const machine = machineInfo();
const startedAt = new Date().toISOString();
const t0 = performance.now();
const ctx: ScenarioContext = {
  options,
  cpuProfileDir: options.profile ? fileURLToPath(new URL('./results/profiles/', import.meta.url)) : null,
  log: (line) => console.error(line),
};

console.error(
  `justpy-ts bench${options.quick ? ' --quick' : ''}: Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), scenarios: ${selected.join(', ')}`,
);
if (selected.some((n) => NEEDS_CLIENT_BUNDLE.includes(n))) {
  // The renderer serves the bundled browser runtime and refuses to start without it.
  // @ts-expect-error plain .mjs build script without type declarations
  const { buildClient } = await import('../scripts/build-client.mjs');
  await buildClient();
}

const results: ScenarioResult[] = [];
for (const name of selected) {
  const started = performance.now();
  ctx.log(`== ${name}`);
  let r: ScenarioResult;
  try {
    r = await SCENARIOS[name](ctx);
  } catch (err) {
    r = emptyResult(name);
    r.failures.push(`scenario crashed: ${(err as Error)?.stack ?? String(err)}`);
  }
  r.figures['scenarioSec'] = Math.round((performance.now() - started) / 100) / 10;
  results.push(r);
  for (const t of r.tables) console.log('\n' + formatTable(t));
  for (const n of r.notes) console.log(`note: ${n}`);
  for (const f of r.failures) console.log(`FAILURE (${name}): ${f}`);
}

const targets = results.flatMap((r) => r.targets);
if (targets.length > 0) console.log('\n' + formatTargets(targets, options.quick));
const failures = results.flatMap((r) => r.failures.map((f) => `${r.name}: ${f}`));
const record: RunRecord = {
  startedAt,
  durationSec: Math.round((performance.now() - t0) / 100) / 10,
  ...machine,
  options,
  scenarios: results,
  failures,
};
const file = writeRunRecord(record);
console.log(`\n${record.durationSec} s on ${machine.cpus} CPUs, Node ${machine.node}; results in ${file}`);
if (failures.length > 0) {
  console.log(`${failures.length} correctness failure(s): the run fails.`);
  process.exitCode = 1;
}
