// The one-call start (JustPy's `jp.justpy(...)`) and the app it assembles.
export { createJustpyApp, justpy, type JustpyApp, type JustpyCloseOptions, type RunningJustpyApp } from './justpy.js';
export { JUSTPY_DEFAULTS, type JustpyOptions, type JustpyParts, type JustpyRoutes } from './options.js';
