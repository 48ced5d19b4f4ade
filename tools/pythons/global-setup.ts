/**
 * vitest globalSetup: provisions the interpreter matrix once per machine (cached under
 * ~/.cache/pyglass; a no-op after the first run) before any test file asks for interpreters, then
 * probes the matrix once for the whole run (the test files read it from the environment).
 * Set PYGLASS_NO_PROVISION=1 to test only what is already installed (`npm test` provisions before
 * Nx starts the packages, and sets it).
 */
import { provision, shareMatrix } from './pythons.js';

export default function setup(): void {
  if (process.env.PYGLASS_NO_PROVISION !== '1') provision('all');
  shareMatrix();
}
