/** Command-line options of `npm run bench`. */
export const SCENARIO_NAMES = ['session', 'page', 'events', 'memory', 'idle', 'flood', 'store', 'backends', 'cluster'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  /** Every scenario, briefly: a smoke test that the benchmarks still work (CI). */
  quick: boolean;
  /** Run only these scenarios (`--only=session,page`); all when empty. */
  only: ScenarioName[];
  /** Start the server children with `--cpu-prof`, profiles written to bench/results/profiles/. */
  profile: boolean;
}

const DEFAULTS: BenchOptions = { quick: false, only: [], profile: false };

/** Parses argv; an unknown flag or scenario name throws, so a typo never runs the wrong benchmark. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, only: [] };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg.startsWith('--only=')) {
      for (const name of arg.slice('--only='.length).split(',')) {
        if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
          throw new TypeError(`unknown scenario '${name}' (one of ${SCENARIO_NAMES.join(', ')})`);
        }
        options.only.push(name as ScenarioName);
      }
    } else throw new TypeError(`unknown argument '${arg}' (use --quick, --only=<scenarios>, --profile)`);
  }
  return options;
}
