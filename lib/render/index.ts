// justpy-ts/render: the component model (components.ts) and the live server that serves it. The
// wire protocol (wire.ts) stays inside: the browser runtime and justpy-ts/testing speak it.
export * from './components.js';
export { createRenderer, type Renderer } from './renderer.js';
export type { PageFactory } from './page-route.js';
export { DEFAULT_LIMITS, type RenderLimits } from './render-limits.js';
export { DEFAULT_SECURITY_HEADERS, type RendererOptions, type RenderLogger, type RenderTimers } from './render-options.js';
export { RENDER_ERRORS, type RenderErrorCode } from './errors.js';
