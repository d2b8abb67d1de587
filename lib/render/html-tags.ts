/** Tag facts the renderer needs. */

/** Elements with no content and no end tag. */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);

/**
 * Elements no component may be, whether made by `new Component(options, tag)` or by parseHtml: they
 * run script or style the whole page, load another document or a plugin, change how the document is
 * read (its base URL, metadata, a raw-text parsing mode), or, like SVG's `animate` and `set`, can
 * set an `href` to a script URL that no attribute check sees.
 */
export const REFUSED_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'link', 'base', 'meta', 'title', 'html', 'head', 'body',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal',
  'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'listing',
  'animate', 'set',
]);

const TAG_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Tag names a component may have: lowercase letters and digits, optionally with `-` (custom elements), none of REFUSED_TAGS. */
export function isValidTagName(tag: string): boolean {
  return TAG_NAME.test(tag) && !REFUSED_TAGS.has(tag);
}
