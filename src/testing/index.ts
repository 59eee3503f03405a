/**
 * The engine for test authors: a fluent driver and Vitest matchers.
 */
export { sim, SimDriver } from './sim';
export type { When } from './sim';
export { rehearseMatchers } from './matchers';
