/** Replaces every component id (`id="j" + 12 hex digits`) with `id="#"`, so tests can compare exact HTML. */
export function stripIds(html: string): string {
  return html.replace(/ id="j[0-9a-f]{12}"/g, ' id="#"');
}
