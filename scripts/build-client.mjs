// Bundles the browser runtime (lib/client) into one ES module that the renderer serves.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const CLIENT_ENTRY = fileURLToPath(new URL('../lib/client/index.ts', import.meta.url));
export const CLIENT_BUNDLE = fileURLToPath(new URL('../dist/client/jp-client.js', import.meta.url));

export async function buildClient() {
  await build({
    entryPoints: [CLIENT_ENTRY],
    outfile: CLIENT_BUNDLE,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildClient();
}
