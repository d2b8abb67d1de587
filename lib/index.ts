// The public API: sessions and the renderer. Each is also available alone as
// `justpy-ts/session` (no renderer code loaded) and `justpy-ts/render`.
export * from './session/index.js';
export * from './render/index.js';
