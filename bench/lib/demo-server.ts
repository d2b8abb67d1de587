/** Parent side of the demo server child (bench/servers/demo.ts): the real app, with bench limits. */
import { startServer, type ChildServer } from './child-server.js';
import type { ScenarioContext } from './scenario.js';
import type { RenderLimits } from '../../lib/render/render-limits.js';

export interface RendererStats {
  pages: number;
  sockets: number;
  sessions: number;
}

export interface DemoServer extends ChildServer {
  stats(): Promise<RendererStats>;
}

export async function startDemoServer(
  ctx: ScenarioContext,
  options: { limits?: Partial<RenderLimits>; exposeGc?: boolean; store?: string } = {},
): Promise<DemoServer> {
  const server = await startServer('demo', {
    args: [JSON.stringify(options.limits ?? {}), options.store ?? 'memory'],
    exposeGc: options.exposeGc,
    cpuProfileDir: ctx.cpuProfileDir,
  });
  return { ...server, stats: () => server.call<RendererStats>('stats') };
}
