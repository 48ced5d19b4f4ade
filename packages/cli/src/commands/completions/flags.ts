/** `pyglass completions SHELL`: its argument and action (the scripts are in ./script.ts). */
import { Argument, type Command } from 'commander';
import { completionScript, completionShells, type CompletionShell } from './script.js';

/** Adds `completions` to the program: it writes the completion script of `program` for a shell. */
export function addCompletionsCommand(program: Command): Command {
  return program
    .command('completions')
    .description('Generate shell completions (bash, zsh or fish) on standard output')
    .addArgument(new Argument('<shell>', 'The shell to complete pyglass in').choices(completionShells))
    .action((shell: CompletionShell) => {
      process.stdout.write(completionScript(shell, program));
    });
}
