// PLACEHOLDER until the store branch lands its create-store.ts (memory only).
import { memoryStore } from './memory-store.js';
import type { SessionStore } from './session-store.js';

export function createStore(spec: string, options: { ttlSeconds: number }): SessionStore {
  if (spec === 'memory') return memoryStore({ ttlSeconds: options.ttlSeconds });
  throw new TypeError(`SESSION_STORE: not yet supported here: ${spec}`);
}
