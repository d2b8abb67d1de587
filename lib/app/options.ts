import type { Express } from 'express';
import type { PageFactory } from '../render/page-route.js';
import type { Renderer } from '../render/renderer.js';
import type { RendererOptions } from '../render/render-options.js';
import { readEnvVars, type SessionEnvSource } from '../session/env.js';
import type { JpSessionMiddleware } from '../session/jp-session.js';
import type { JpSessionOptions } from '../session/options.js';

/** A page factory served at '/', or paths (Express syntax) mapped to page factories. */
export type JustpyRoutes = PageFactory | Readonly<Record<string, PageFactory>>;

/** What {@link JustpyOptions.setup} gets besides the app. */
export interface JustpyParts {
  session: JpSessionMiddleware;
  renderer: Renderer;
}

/** Options of `justpy()` and `createJustpyApp()`; every field is optional. */
export interface JustpyOptions {
  /** `jpSession()` options, or a `jpSession()` middleware you made. [default: `{}`, settings from the environment] */
  session?: JpSessionOptions | JpSessionMiddleware;
  /** `createRenderer()` options; the renderer always takes this app's session. [default `{}`] */
  renderer?: Omit<RendererOptions, 'session'>;
  /** Address to listen on. [HOST, default '127.0.0.1'] */
  host?: string;
  /** Port to listen on; 0 picks a free one. [PORT, default 8000] */
  port?: number;
  /**
   * Read HOST, PORT, INSTANCE_ID (the renderer's instanceId) and the session's variables from the process environment, `.env` and
   * `justpy.env` (explicit options win); `false` reads none of them. [default true]
   */
  loadEnv?: boolean | SessionEnvSource;
  /** Mounts your own routes and middleware: after jpSession() (so `req.session_id` is set), before the page routes. */
  setup?: (app: Express, parts: JustpyParts) => void;
  /** Makes the Express app, e.g. Express 4's `express()`. [default: `express()`] */
  createApp?: () => Express;
}

/** The address justpy() listens on when neither options nor the environment say otherwise (JustPy's). */
export const JUSTPY_DEFAULTS: Readonly<{ host: string; port: number }> = Object.freeze({ host: '127.0.0.1', port: 8000 });

export interface ResolvedJustpyOptions {
  routes: ReadonlyArray<readonly [string, PageFactory]>;
  host: string;
  port: number;
  /** INSTANCE_ID from the environment, for the renderer's instanceId unless its options give one. */
  instanceId: string | undefined;
  loadEnv: boolean | SessionEnvSource;
}

const KNOWN: ReadonlySet<string> = new Set(['session', 'renderer', 'host', 'port', 'loadEnv', 'setup', 'createApp']);

/** Checks routes and options once; a mistake throws a TypeError here, before anything starts. */
export function resolveJustpyOptions(routes: JustpyRoutes, options: JustpyOptions): ResolvedJustpyOptions {
  const unknown = Object.keys(options).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) throw new TypeError(`justpy: unknown option ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  for (const hook of ['setup', 'createApp'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new TypeError(`justpy: ${hook} must be a function`);
  }
  const loadEnv = options.loadEnv ?? true;
  const env = loadEnv === false ? {} : readEnvVars(['HOST', 'PORT', 'INSTANCE_ID'], loadEnv === true ? {} : loadEnv);
  const host = options.host ?? (env.HOST?.trim() || JUSTPY_DEFAULTS.host);
  if (typeof host !== 'string' || host === '') throw new TypeError(`justpy: host must be a non-empty string, got ${String(host)}`);
  const instanceId = env.INSTANCE_ID?.trim() || undefined;
  return { routes: routeList(routes), host, port: portOf(options.port, env.PORT), instanceId, loadEnv };
}

function routeList(routes: JustpyRoutes): Array<readonly [string, PageFactory]> {
  const list: Array<readonly [string, PageFactory]> = typeof routes === 'function' ? [['/', routes]] : Object.entries(routes ?? {});
  if (list.length === 0) throw new TypeError('justpy: give a page factory, or an object mapping paths to page factories');
  for (const [path, factory] of list) {
    if (typeof factory !== 'function') throw new TypeError(`justpy: the route ${JSON.stringify(path)} needs a page factory function`);
  }
  return list;
}

function portOf(given: number | undefined, fromEnv: string | undefined): number {
  if (given !== undefined) {
    if (!isPort(given)) throw new TypeError(`justpy: port must be a whole number from 0 to 65535, got ${String(given)}`);
    return given;
  }
  const text = fromEnv?.trim();
  if (text === undefined || text === '') return JUSTPY_DEFAULTS.port;
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!isPort(port)) throw new TypeError(`justpy: PORT must be a whole number from 0 to 65535, got ${JSON.stringify(fromEnv)}`);
  return port;
}

function isPort(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
}
