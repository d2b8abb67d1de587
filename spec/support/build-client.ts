// vitest globalSetup: the renderer serves the bundled browser runtime, so build it once per run.
// @ts-expect-error plain .mjs build script without type declarations
import { buildClient } from '../../scripts/build-client.mjs';

export default async function setup(): Promise<void> {
  await buildClient();
}
