// vitest globalSetup: builds the CLI once for the whole run, before any test file starts (the files'
// own buildCli() calls then return at once).
import { buildCli, cliBuiltEnv } from '../../../tools/testing/cli.js';

export default function setup(): void {
  buildCli();
  process.env[cliBuiltEnv] = '1';
}
