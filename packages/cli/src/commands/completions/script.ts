/**
 * `pyglass completions SHELL`: a completion script for bash, zsh or fish (like `py-spy completions`),
 * generated from the commander program itself so that it lists exactly the commands, options and
 * format choices the parser accepts.
 */
import type { Command, Option } from 'commander';

export const completionShells = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof completionShells)[number];

/** One option as the scripts need it. */
interface OptionSpec {
  short: string | undefined;
  long: string | undefined;
  description: string;
  /** The option takes a value. */
  takesValue: boolean;
  choices: readonly string[] | undefined;
  /** The value names a file (completed with file names). */
  file: boolean;
}

interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Positional choices (completions' shell names). */
  argumentChoices: readonly string[] | undefined;
}

/** Options whose value is a path. */
const fileOptions = new Set(['--output', '--core', '--root']);

function optionSpec(o: Option): OptionSpec {
  return {
    short: o.short,
    long: o.long,
    description: o.description,
    takesValue: o.required || o.optional,
    choices: o.argChoices,
    file: o.long !== undefined && fileOptions.has(o.long),
  };
}

function visibleOptions(cmd: Command): OptionSpec[] {
  return cmd.options.filter((o) => !o.hidden).map(optionSpec);
}

function commandSpecs(program: Command): CommandSpec[] {
  return program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    options: [...visibleOptions(c), { short: '-h', long: '--help', description: 'Print help', takesValue: false, choices: undefined, file: false }],
    argumentChoices: c.registeredArguments[0]?.argChoices,
  }));
}

function rootOptions(program: Command): OptionSpec[] {
  return [
    { short: '-h', long: '--help', description: 'Print help', takesValue: false, choices: undefined, file: false },
    ...visibleOptions(program),
  ];
}

/** The completion script for `shell`. */
export function completionScript(shell: CompletionShell, program: Command): string {
  const commands = commandSpecs(program);
  const root = rootOptions(program);
  switch (shell) {
    case 'bash':
      return bashScript(commands, root);
    case 'zsh':
      return zshScript(commands, root);
    case 'fish':
      return fishScript(commands, root);
  }
}

function flags(o: OptionSpec): string[] {
  return [o.short, o.long].filter((f): f is string => f !== undefined);
}

function bashScript(commands: CommandSpec[], root: OptionSpec[]): string {
  const names = commands.map((c) => c.name).join(' ');
  const valueCases: string[] = [];
  const all = [...root, ...commands.flatMap((c) => c.options)];
  const seen = new Set<string>();
  for (const o of all) {
    if (!o.takesValue) continue;
    const pattern = flags(o).filter((f) => !seen.has(f));
    if (pattern.length === 0) continue;
    for (const f of pattern) seen.add(f);
    const reply = o.choices ? `COMPREPLY=($(compgen -W "${o.choices.join(' ')}" -- "$cur"))` : o.file ? 'COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
    valueCases.push(`      ${pattern.join('|')}) ${reply}; return 0 ;;`);
  }
  const commandCases = commands.map((c) => {
    const words = c.argumentChoices ? c.argumentChoices.join(' ') : '';
    return `      ${c.name}) opts="${c.options.flatMap(flags).join(' ')}"; args="${words}" ;;`;
  });
  return `# bash completion for pyglass; load with: source <(pyglass completions bash)
_pyglass() {
  local cur prev cmd="" opts="" args="" i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      --) COMPREPLY=($(compgen -c -- "$cur")); [[ $i -lt $((COMP_CWORD - 1)) ]] && COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
      ${commands.map((c) => c.name).join('|')}) [[ -z "$cmd" ]] && cmd="\${COMP_WORDS[i]}" ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "${names} ${root.flatMap(flags).join(' ')}" -- "$cur"))
    return 0
  fi
  case "$prev" in
${valueCases.join('\n')}
  esac
  case "$cmd" in
${commandCases.join('\n')}
  esac
  if [[ "$cur" == -* || -z "$args" && -z "$cur" ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  fi
  return 0
}
complete -o default -F _pyglass pyglass
`;
}

/** A zsh single-quoted word. */
function zq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Text inside a zsh _arguments `[description]`. */
function zdesc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/:/g, '\\:');
}

function zshOption(o: OptionSpec): string[] {
  const action = !o.takesValue ? '' : o.choices ? `:value:(${o.choices.join(' ')})` : o.file ? ':file:_files' : ':value:';
  return flags(o).map((f) => zq(`${f}[${zdesc(o.description)}]${action}`));
}

function zshScript(commands: CommandSpec[], root: OptionSpec[]): string {
  const described = commands.map((c) => zq(`${c.name}:${c.description.replace(/:/g, '\\:')}`)).join(' ');
  const cases = commands.map((c) => {
    const specs = c.options.flatMap(zshOption);
    if (c.argumentChoices) specs.push(zq(`1:shell:(${c.argumentChoices.join(' ')})`));
    else specs.push(zq('*::program:_normal'));
    return `        (${c.name}) _arguments -s ${specs.join(' ')} ;;`;
  });
  return `#compdef pyglass
# zsh completion for pyglass; save as _pyglass in a directory of $fpath, or: source <(pyglass completions zsh)
_pyglass() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(${described})
  _arguments -C ${root.flatMap(zshOption).join(' ')} '1: :->command' '*:: :->args'
  case $state in
    (command) _describe -t commands 'pyglass command' commands ;;
    (args)
      case $words[1] in
${cases.join('\n')}
      esac ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _pyglass "$@"; else compdef _pyglass pyglass; fi
`;
}

/** A fish single-quoted word. */
function fq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishOption(condition: string, o: OptionSpec): string {
  const parts = ['complete -c pyglass', `-n ${fq(condition)}`];
  if (o.short !== undefined) parts.push(`-s ${o.short.slice(1)}`);
  if (o.long !== undefined) parts.push(`-l ${o.long.slice(2)}`);
  if (o.takesValue) parts.push(o.choices ? `-x -a ${fq(o.choices.join(' '))}` : o.file ? '-r -F' : '-x');
  parts.push(`-d ${fq(o.description)}`);
  return parts.join(' ');
}

function fishScript(commands: CommandSpec[], root: OptionSpec[]): string {
  const lines = ['# fish completion for pyglass; load with: pyglass completions fish | source', 'complete -c pyglass -f'];
  for (const c of commands) lines.push(`complete -c pyglass -n __fish_use_subcommand -a ${c.name} -d ${fq(c.description)}`);
  for (const o of root) lines.push(fishOption('__fish_use_subcommand', o));
  for (const c of commands) {
    const condition = `__fish_seen_subcommand_from ${c.name}`;
    for (const o of c.options) lines.push(fishOption(condition, o));
    if (c.argumentChoices) lines.push(`complete -c pyglass -n ${fq(condition)} -a ${fq(c.argumentChoices.join(' '))}`);
  }
  return lines.join('\n') + '\n';
}
