/** After a click run: nothing lost, nothing applied twice, as the page and the store both say. */
import { clickCount } from './demo-page.js';
import { mapLimit } from './map-limit.js';
import { fetchDemoPage, type OpenPage } from './open-pages.js';

/**
 * Each session's counter must equal the clicks its socket sent, both as its last acknowledged update
 * showed it and as a fresh GET of the page shows it (the count in the session store).
 */
export async function checkCounts(origin: string, pages: readonly OpenPage[], errors: readonly (string | null)[], n: number, failures: string[]): Promise<void> {
  const fresh = await mapLimit(pages, 64, (p) => fetchDemoPage(origin, p.cookie));
  let bad = 0;
  let example = '';
  pages.forEach((p, i) => {
    const err = errors[i];
    const change = p.socket.lastUpdate?.changes.find((c) => c.id === p.page.buttonId);
    const shown = change ? clickCount(change.html) : null;
    const expected = p.page.clicks + p.socket.sent;
    const counted = fresh[i]?.clicks;
    if (err || shown !== expected || counted !== expected) {
      bad++;
      example ||= err ?? `${expected} clicks sent, last update shows ${shown ?? 'nothing'}, a fresh GET shows ${counted}`;
    }
  });
  if (bad > 0) failures.push(`${n} sessions: ${bad} page(s) lost or doubled events, e.g. ${example}`);
}

