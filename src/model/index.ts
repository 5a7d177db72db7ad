export * from './value.js';
export * from './estate.js';
