/**
 * Registers Rehearse's matchers (`toHoldInvariant`, `toHaveDowntime`, `toHaveOutcome`) with
 * Vitest's `expect`, and their types with Vitest's `Assertion`. Use it as a setup file
 * (`test.setupFiles: ['rehearse-upgrades/vitest']`) or import it once in a test file.
 */
import './matchers';
import { expect } from 'vitest';
import { rehearseMatchers } from './matchers';

expect.extend(rehearseMatchers);
