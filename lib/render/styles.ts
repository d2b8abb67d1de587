/**
 * JustPy's `Styles`: ready-made Tailwind class strings (same values as JustPy's
 * `htmlcomponents.Styles`), e.g. `classes: Styles.button_bordered + ' m-1 p-1'`.
 */
export const Styles = Object.freeze({
  button_simple: 'bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded',
  button_pill: 'bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full',
  button_outline:
    'bg-transparent hover:bg-blue-500 text-blue-700 font-semibold hover:text-white py-2 px-4 border border-blue-500 hover:border-transparent rounded',
  button_bordered: 'bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 border border-blue-700 rounded',
  button_disabled: 'bg-blue-500 text-white font-bold py-2 px-4 rounded opacity-50 cursor-not-allowed',
  button_3d:
    'bg-blue-500 hover:bg-blue-400 text-white font-bold py-2 px-4 border-b-4 border-blue-700 hover:border-blue-500 rounded',
  button_elevated: 'bg-white hover:bg-gray-100 text-gray-800 font-semibold py-2 px-4 border border-gray-400 rounded shadow',
  input_classes:
    'm-2 bg-gray-200 border-2 border-gray-200 rounded w-64 py-2 px-4 text-gray-700 focus:outline-none focus:bg-white focus:border-purple-500',
} as const);

export type StyleName = keyof typeof Styles;
