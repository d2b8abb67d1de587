import { describe, expect, it } from 'vitest';
import { escapeHtml, isEventHandlerAttr, isValidAttrName } from '../../lib/render/html-escape.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('defuses a closing script tag in any case', () => {
    expect(escapeHtml('</SCRIPT><img src=x onerror=alert(1)>')).toBe('&lt;/SCRIPT&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('leaves other text, U+2028 and U+2029 included, as it is', () => {
    expect(escapeHtml('a\u2028b\u2029c é')).toBe('a\u2028b\u2029c é');
  });
});

describe('attribute names', () => {
  it.each(['class', 'data-x', 'aria-label', 'xlink:href', '_x'])('accepts %s', (name) => {
    expect(isValidAttrName(name)).toBe(true);
  });

  it.each(['', 'a b', 'a"b', 'a=b', '<x', '@click', ':value', '1x', 'a/b', '__proto__'])('refuses %j', (name) => {
    expect(isValidAttrName(name)).toBe(false);
  });

  it('recognises inline event handlers in any case', () => {
    expect(isEventHandlerAttr('onclick')).toBe(true);
    expect(isEventHandlerAttr('ONLOAD')).toBe(true);
    expect(isEventHandlerAttr('one')).toBe(true);
    expect(isEventHandlerAttr('on')).toBe(false);
    expect(isEventHandlerAttr('name')).toBe(false);
  });
});
