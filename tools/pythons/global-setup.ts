/**
 * vitest globalSetup: provisions the interpreter matrix once per machine (cached under
 * ~/.cache/pyglass; a no-op after the first run) before any test file asks for interpreters.
 * Set PYGLASS_NO_PROVISION=1 to test only what is already installed.
 */
import { provision } from './pythons.js';

export default function setup(): void {
  if (process.env.PYGLASS_NO_PROVISION === '1') return;
  provision('all');
}
