export * from './template-syntax.js';
export * from './templates.js';
export * from './segments.js';
export * from './layout.js';
export * from './trie.js';
export * from './sample-layout.js';
export * from './estimate.js';
