// The public API: sessions, the renderer and the one-call start. Sessions and the renderer are
// also available alone as `justpy-ts/session` (no renderer code loaded) and `justpy-ts/render`.
export * from './session/index.js';
export * from './render/index.js';
export * from './app/index.js';
