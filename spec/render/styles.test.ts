import { describe, expect, it } from 'vitest';
import { Styles } from '../../lib/render/styles.js';

describe('Styles', () => {
  it("has JustPy's button_bordered", () => {
    expect(Styles.button_bordered).toBe('bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 border border-blue-700 rounded');
  });

  it("has JustPy's other button and input styles", () => {
    expect(Styles.button_simple).toBe('bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded');
    expect(Styles.button_pill).toBe('bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full');
    expect(Object.keys(Styles)).toEqual([
      'button_simple', 'button_pill', 'button_outline', 'button_bordered', 'button_disabled', 'button_3d', 'button_elevated', 'input_classes',
    ]);
  });

  it('cannot be changed by an app', () => {
    expect(() => {
      (Styles as { button_bordered: string }).button_bordered = 'x';
    }).toThrow(TypeError);
  });
});
