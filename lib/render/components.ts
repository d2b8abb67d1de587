// Everything of the component model, for lib/render/index.ts to re-export in one line.
export { Component } from './component.js';
export type { ComponentOptions, AttrValue } from './component-options.js';
export type { ComponentClass } from './by-name.js';
export type { EventMsg, Handler } from './event-msg.js';
export * from './html-components.js';
export { Input, Textarea, type InputOptions } from './input.js';
export { Select, Option, Optgroup } from './select.js';
export { TextNode } from './text-node.js';
export { WebPage, type WebPageOptions } from './webpage.js';
export { parseHtml, parse_html, ParseHtmlError, type ParseHtmlOptions } from './parse-html.js';
export { Styles, type StyleName } from './styles.js';
export { escapeHtml } from './html-escape.js';
export type { EventName, FormField, KeyData } from './wire.js';
