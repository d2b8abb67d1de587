/** Tag facts the renderer needs. */

/** Elements with no content and no end tag. */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);

/** Tag names a component may have: lowercase letters and digits, optionally with `-` (custom elements). */
export function isValidTagName(tag: string): boolean {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(tag) && tag !== 'script' && tag !== 'style';
}
