/** Replaces every component id (`id="j" + 8 base64url chars`) with `id="#"`, so tests can compare exact HTML. */
export function stripIds(html: string): string {
  return html.replace(/ id="j[A-Za-z0-9_-]{8}"/g, ' id="#"');
}
