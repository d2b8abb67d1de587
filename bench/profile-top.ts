/**
 * `npx tsx bench/profile-top.ts <profile dir or file> [count]`: the functions and files with the most
 * self time (share of busy time, idle left out) in a profile written by `npm run bench -- --profile`.
 * Given a directory (one per server child), reads the main thread's profile (thread id 0).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from './lib/table.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [target, countArg] = process.argv.slice(2);
if (!target) throw new TypeError('usage: tsx bench/profile-top.ts <profile dir or file> [count]');
const file = statSync(target).isDirectory() ? mainThreadProfile(target) : target;
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number };

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byLayer = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const hits = n.hitCount ?? 0;
  if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
  total += hits;
  const where = shortUrl(n.callFrame.url);
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  byFile.set(where || n.callFrame.functionName, (byFile.get(where || n.callFrame.functionName) ?? 0) + hits);
  const layer = layerOf(n.callFrame.functionName, where);
  byLayer.set(layer, (byLayer.get(layer) ?? 0) + hits);
}

// Inclusive time of the project's own functions (lib/, demo/): what a request spends inside each.
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const inclusive = new Map<string, number>();
const subtree = (n: ProfileNode, onPath: Set<string>): number => {
  const key = projectKey(n);
  const own = n.callFrame.functionName === '(idle)' ? 0 : (n.hitCount ?? 0);
  const fresh = key !== null && !onPath.has(key);
  if (fresh) onPath.add(key);
  let sum = own;
  for (const c of n.children ?? []) {
    const child = nodes.get(c);
    if (child) sum += subtree(child, onPath);
  }
  if (fresh) {
    onPath.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
  }
  return sum;
};
const root = profile.nodes[0];
if (root) subtree(root, new Set());

const top = (m: Map<string, number>) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => [`${((v / total) * 100).toFixed(1)}%`, k]);
console.log(formatTable({ title: `Self time by function (${total} busy samples) in ${file}`, columns: ['self', 'function'], rows: top(byFunction) }));
console.log('\n' + formatTable({ title: 'Self time by file', columns: ['self', 'file'], rows: top(byFile) }));
const durationSec = (profile.endTime - profile.startTime) / 1e6;
console.log(
  '\n' +
    formatTable({
      title: `Self time by layer (${total} busy samples over ${durationSec.toFixed(1)} s; divide by requests served to compare servers)`,
      columns: ['self', 'samples', 'layer'],
      rows: [...byLayer.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [`${((v / total) * 100).toFixed(1)}%`, v, k]),
    }),
);
console.log('\n' + formatTable({ title: 'Inclusive time of project functions (lib/, demo/)', columns: ['total', 'function'], rows: top(inclusive) }));

/** A coarse owner for a frame, so two servers' profiles can be compared layer by layer. */
function layerOf(fn: string, where: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String'].includes(fn)) return 'socket writes (syscalls)';
  if (/^(lib|demo)\//.test(where) || where.includes('/demo/')) return where.replace(/^.*?(lib\/\w+|demo)\/.*$/, '$1');
  if (where.startsWith('bench/')) return 'bench server';
  if (/^(express|router|parseurl|finalhandler|send|serve-static|cookie|content-type|mime)/.test(where)) return 'express and its deps';
  if (where.startsWith('ws/')) return 'ws';
  if (/^node:(_http|net|internal\/(streams|stream_base|http))/.test(where)) return 'node http, net, streams';
  if (/crypto/.test(where)) return 'crypto';
  if (/^(node:internal\/modules|tsx|esbuild)/.test(where)) return 'module loading (start-up)';
  return 'other';
}

function projectKey(n: ProfileNode): string | null {
  const where = shortUrl(n.callFrame.url);
  if (!/^(lib|demo)\//.test(where) && !where.includes('/demo/')) return null;
  return `${n.callFrame.functionName || '(anonymous)'} ${where.replace(/^.*\/(lib|demo)\//, '$1/')}`;
}

function shortUrl(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) return u.slice(nm + 'node_modules/'.length);
  const root = u.indexOf('/lib/') >= 0 ? u.indexOf('/lib/') : u.indexOf('/bench/');
  return root >= 0 ? u.slice(root + 1) : u;
}

function mainThreadProfile(dir: string): string {
  const main = readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!main) throw new Error(`no main-thread profile (CPU.*.<pid>.0.*.cpuprofile) in ${dir}`);
  return join(dir, main);
}
