import { Component } from './component.js';
import { escapeHtml } from './html-escape.js';

/**
 * A bare text node between elements (parse_html uses it for mixed content such as
 * `Hello <b>world</b>!`). It has no element and no id: a change re-renders its parent.
 */
export class TextNode extends Component {
  constructor(text: string) {
    super(undefined, '#text');
    this._text = text;
  }

  override toHtml(): string {
    return this._show ? escapeHtml(this._text) : '';
  }

  /** @internal */
  override _touch(): void {
    const parent = this.parent;
    if (parent instanceof Component) {
      parent.page?._markDirty(parent);
    } else if (parent) {
      // A top-level text node: only the whole root can show the change.
      parent._markRootDirty();
    }
  }
}
