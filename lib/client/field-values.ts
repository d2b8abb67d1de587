import type { FieldValue } from '../render/wire.js';

/**
 * Sets the values the server set on fields, after the morph: the morph keeps a focused field's
 * and a password's value (the server never renders a password), so this is how the server clears
 * or fills them. A select gets exactly the options whose values are given. A field the user typed
 * into since its last input event went out is skipped: that event is on its way and brings the
 * server up to date, so the newer keystrokes are not lost. Returns the ids not in the document.
 */
export function applyFieldValues(fields: readonly FieldValue[], typedSince: (el: HTMLElement) => boolean): string[] {
  const missing: string[] = [];
  for (const { id, value } of fields) {
    const el = document.getElementById(id);
    if (el !== null && typedSince(el)) continue;
    if (el instanceof HTMLSelectElement) {
      const chosen = new Set(Array.isArray(value) ? value : [value]);
      for (const option of Array.from(el.options)) option.selected = chosen.has(option.value);
    } else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      el.value = Array.isArray(value) ? (value[0] ?? '') : value;
    } else {
      missing.push(id);
    }
  }
  return missing;
}
