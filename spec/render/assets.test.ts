import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createAssets, findClientBundle } from '../../lib/render/assets.js';

const bundle = findClientBundle()!;
const require = createRequire(import.meta.url);
const tailwindVersion = (require('@tailwindcss/browser/package.json') as { version: string }).version;

function app(basePath = '/_jp'): { app: express.Express; assets: ReturnType<typeof createAssets> } {
  const assets = createAssets(basePath, null);
  const a = express();
  a.use(assets.handler as express.RequestHandler);
  a.use((_req, res) => void res.status(404).end('not here'));
  return { app: a, assets };
}

describe('assets', () => {
  it('names the client bundle after its content hash', () => {
    const hash = createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 8);
    expect(app().assets.clientSrc).toBe(`/_jp/static/client-${hash}.js`);
    expect(app('/app/_jp').assets.tailwindSrc).toBe(`/app/_jp/static/tailwind-${tailwindVersion}.js`);
  });

  it('serves the client bundle as JavaScript, cached for a year', async () => {
    const { app: a, assets } = app();
    const res = await request(a).get(assets.clientSrc).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((res.body as Buffer).equals(readFileSync(bundle))).toBe(true);
  });

  it("serves Tailwind's browser build from our own origin", async () => {
    const { app: a, assets } = app();
    const res = await request(a).get(assets.tailwindSrc).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(readFileSync(require.resolve('@tailwindcss/browser')).length);
  });

  it('answers HEAD with the headers only', async () => {
    const { app: a, assets } = app();
    const res = await request(a).head(assets.clientSrc).expect(200);
    expect(Number(res.headers['content-length'])).toBe(readFileSync(bundle).length);
  });

  it('passes other paths and other versions on', async () => {
    const { app: a } = app();
    await request(a).get('/_jp/static/client-00000000.js').expect(404);
    await request(a).post(app().assets.clientSrc).expect(404);
  });

  it('throws at creation when the bundle is not built', () => {
    expect(() => createAssets('/_jp', '/nonexistent/jp-client.js')).toThrow(/run npm run build:client/);
  });
});
