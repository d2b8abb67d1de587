// `npm run test:cluster` fails at once, with the fix, when redis-server or haproxy is missing: a
// suite that skipped itself would pass CI without testing anything.
import { missingForCluster } from '../../demo/cluster/executables.js';

export default function checkClusterTools(): void {
  const missing = missingForCluster();
  if (missing.length > 0) throw new Error(missing.join('; '));
}
