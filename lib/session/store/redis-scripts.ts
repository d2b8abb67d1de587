// The Redis store's writes, one Lua script each: Redis runs a script without interleaving any
// other command, so "refuse if the id ended, write, restart the expiry" is one step, and a write
// racing destroy() can never re-create the session. Keys: KEYS[1] is the session's hash,
// KEYS[2] its tombstone (`<prefix>s:{sid}`, `<prefix>e:{sid}`: one hash tag, one cluster slot).
import type { Redis } from 'ioredis';

const REFUSE_ENDED = "if redis.call('EXISTS', KEYS[2]) == 1 then return {'ended'} end";
const RESTART_EXPIRY = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[#ARGV]) end";

const SCRIPTS = {
  /** ARGV: field, json, ttlMs. */
  jpStoreSet: {
    numberOfKeys: 2,
    lua: `${REFUSE_ENDED}
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
${RESTART_EXPIRY}
return {'ok'}`,
  },
  /**
   * ARGV: field, by, ttlMs. JSON writes integers as plain digits, which HINCRBY reads as they are.
   * The new value goes back as the stored text: ioredis 6 reads the integer reply
   * 9007199254740991 as 9007199254740992 (its RESP integer parsing is inexact near 2^53).
   */
  jpStoreIncr: {
    numberOfKeys: 2,
    lua: `${REFUSE_ENDED}
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then
  if not string.match(held, '^%-?%d+$') then return {'not-a-number', held} end
  if math.abs(tonumber(held) + tonumber(ARGV[2])) > ${Number.MAX_SAFE_INTEGER} then return {'unsafe'} end
end
redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
${RESTART_EXPIRY}
return {'ok', redis.call('HGET', KEYS[1], ARGV[1])}`,
  },
  /** ARGV: field, expected ('1' + json, or '0' when absent), next ('1' + json, or '0' to delete), ttlMs. */
  jpStoreCas: {
    numberOfKeys: 2,
    lua: `${REFUSE_ENDED}
local held = redis.call('HGET', KEYS[1], ARGV[1])
local expected = ARGV[2]
if (held and ('1' .. held) or '0') ~= expected then
  if held then return {'changed', held} end
  return {'changed'}
end
local nextValue = ARGV[3]
if nextValue == '0' then redis.call('HDEL', KEYS[1], ARGV[1])
else redis.call('HSET', KEYS[1], ARGV[1], string.sub(nextValue, 2)) end
${RESTART_EXPIRY}
return {'ok'}`,
  },
  /** ARGV: field, ttlMs. */
  jpStoreDelete: {
    numberOfKeys: 2,
    lua: `${REFUSE_ENDED}
redis.call('HDEL', KEYS[1], ARGV[1])
${RESTART_EXPIRY}
return {'ok'}`,
  },
  /** ARGV: ttlMs. */
  jpStoreDestroy: {
    numberOfKeys: 2,
    lua: `redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return {'ok'}`,
  },
  /** KEYS: from's hash and tombstone, then to's. ARGV: ttlMs. RENAME replaces what `to` held. */
  jpStoreRename: {
    numberOfKeys: 4,
    lua: `if redis.call('EXISTS', KEYS[4]) == 1 then return {'ended'} end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[1])
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return {'ok'}`,
  },
} as const;

/** What a script answers: a status first ('ok', 'ended', 'changed', ...), then its data. */
export type ScriptReply = [status: string, data?: string | number];

type Key = string;
export interface StoreScripts {
  jpStoreSet(hash: Key, tombstone: Key, field: string, json: string, ttlMs: number): Promise<ScriptReply>;
  jpStoreIncr(hash: Key, tombstone: Key, field: string, by: number, ttlMs: number): Promise<ScriptReply>;
  jpStoreCas(hash: Key, tombstone: Key, field: string, expected: string, next: string, ttlMs: number): Promise<ScriptReply>;
  jpStoreDelete(hash: Key, tombstone: Key, field: string, ttlMs: number): Promise<ScriptReply>;
  jpStoreDestroy(hash: Key, tombstone: Key, ttlMs: number): Promise<ScriptReply>;
  jpStoreRename(fromHash: Key, fromTombstone: Key, toHash: Key, toTombstone: Key, ttlMs: number): Promise<ScriptReply>;
}

/** Defines the scripts on the client (EVALSHA, falling back to EVAL after a restart emptied the script cache). */
export function defineScripts(client: Redis): StoreScripts {
  for (const [name, script] of Object.entries(SCRIPTS)) client.defineCommand(name, script);
  return client as unknown as StoreScripts;
}
