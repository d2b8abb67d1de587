import morphdom from 'morphdom';
import type { Change } from '../render/wire.js';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Morphs each changed element (by DOM id; the root has DOM.rootId like any other) into its new
 * outer HTML. Returns the ids that were not in the document.
 */
export function applyChanges(changes: readonly Change[]): string[] {
  const missing: string[] = [];
  for (const change of changes) {
    const el = document.getElementById(change.id);
    if (el) morphElement(el, change.html);
    else missing.push(change.id);
  }
  return missing;
}

function morphElement(el: HTMLElement, html: string): void {
  const focused = document.activeElement;
  const field = isTextField(focused) ? focused : null;
  const caret = field ? saveCaret(field) : null;
  morphdom(el, html, {
    onBeforeElUpdated(fromEl, toEl) {
      // The user is typing here: their value wins over the one the update carries (the server
      // receives it with the next, debounced, input event).
      if (fromEl === field) keepLiveValue(fromEl, toEl);
      // The server never renders a password's value, so the DOM holds the only copy (a value the
      // server sets arrives in the update's `fields`, applied after this morph).
      else if (fromEl instanceof HTMLInputElement && fromEl.type === 'password') keepLiveValue(fromEl, toEl);
      return true;
    },
  });
  if (field && caret && document.activeElement === field) restoreCaret(field, caret);
}

function isTextField(el: Element | null): el is TextField {
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type !== 'checkbox' && el.type !== 'radio');
}

function keepLiveValue(fromEl: HTMLElement, toEl: HTMLElement): void {
  if ((fromEl instanceof HTMLInputElement || fromEl instanceof HTMLTextAreaElement) && isTextField(toEl)) {
    toEl.value = fromEl.value;
  }
}

interface Caret {
  start: number | null;
  end: number | null;
  direction: 'forward' | 'backward' | 'none' | null;
}

function saveCaret(field: TextField): Caret | null {
  try {
    return { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection };
  } catch {
    return null; // input types without a selection (email, number) throw here
  }
}

function restoreCaret(field: TextField, caret: Caret): void {
  if (caret.start === null || caret.end === null) return;
  if (field.selectionStart === caret.start && field.selectionEnd === caret.end) return;
  try {
    field.setSelectionRange(caret.start, caret.end, caret.direction ?? undefined);
  } catch {
    // the field's type changed to one without a selection
  }
}
