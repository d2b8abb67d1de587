/**
 * Counts live objects by constructor name from a V8 heap snapshot (taken after a full GC, so only
 * reachable objects are in it). Slow (a second or two per 10 MB of heap): for end-of-run checks only.
 */
import v8 from 'node:v8';

interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export async function countObjects(names: readonly string[]): Promise<Record<string, number>> {
  const chunks: string[] = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(String(chunk));
  const snap = JSON.parse(chunks.join('')) as SnapshotJson;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const objectType = snap.snapshot.meta.node_types[0].indexOf('object');
  const wanted = new Map<number, string>();
  snap.strings.forEach((s, i) => {
    if (names.includes(s)) wanted.set(i, s);
  });
  const counts: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < snap.nodes.length; i += width) {
    if (snap.nodes[i + typeAt] !== objectType) continue;
    const name = wanted.get(snap.nodes[i + nameAt] as number);
    if (name !== undefined) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
