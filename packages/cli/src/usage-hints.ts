/**
 * Command-line mistakes as one line with the nearest fix, the way py-spy's parser answers them:
 * `pyglass dump 1234` → did you mean `--pid 1234`?, an unknown flag → the closest one (or the
 * command it belongs to), a flag before the command → the command first.
 */
import type { Command } from 'commander';

const pidLike = /^(0x[0-9a-f]+|\d+)$/i;

/** The one line to print for commander's error `code` (its message was `message`), given the arguments. */
export function usageErrorLine(program: Command, code: string, message: string, args: readonly string[]): string {
  const plain = message.trim().replace(/^error:\s*/, '');
  const command = program.commands.find((c) => c.name() === args[0]);
  const name = command ? `pyglass ${command.name()}` : 'pyglass';
  switch (code) {
    case 'commander.excessArguments': {
      const extra = command ? positionals(command, args.slice(1)) : [];
      const pid = extra.find((a) => pidLike.test(a));
      if (pid !== undefined) return `error: ${name} takes the process as an option: did you mean \`${name} --pid ${pid}\`?`;
      return `error: unexpected argument${extra.length === 1 ? '' : 's'} ${extra.map((a) => `'${a}'`).join(' ')} for '${name}' (it takes none; see ${name} --help).`;
    }
    case 'commander.unknownOption': {
      const flag = /unknown option '([^']+)'/.exec(plain)?.[1] ?? '';
      if (!command) {
        const rest = args.join(' ');
        return `error: unknown option '${flag}': the command comes first, as in \`pyglass record ${rest}\` (commands: ${visibleCommands(program).join(', ')}).`;
      }
      const owners = program.commands.filter((c) => c !== command && c.options.some((o) => o.long === flag || o.short === flag)).map((c) => c.name());
      if (owners.length > 0) return `error: ${flag} is not an option of '${name}' (it is one of ${owners.join(', ')}); see ${name} --help.`;
      const similar = /Did you mean (\S+?)\?/.exec(plain)?.[1];
      if (similar !== undefined) return `error: unknown option '${flag}' for '${name}': did you mean ${similar}?`;
      return `error: unknown option '${flag}' for '${name}'; see ${name} --help for its options.`;
    }
    case 'commander.unknownCommand': {
      const given = args[0] ?? '';
      if (pidLike.test(given)) return `error: '${given}' is not a command: did you mean \`pyglass dump --pid ${given}\` or \`pyglass record --pid ${given}\`?`;
      const similar = /Did you mean (\S+?)\?/.exec(plain)?.[1];
      return `error: unknown command '${given}'${similar ? `: did you mean ${similar}?` : ` (commands: ${visibleCommands(program).join(', ')}).`}`;
    }
    case 'commander.invalidArgument': {
      const m = /^option '([^']+)' argument '([^']*)' is invalid\.\s*(.*)$/s.exec(plain);
      if (m) return `error: ${m[1]}: ${m[3]!.trim() || `'${m[2]}' is not valid.`}`;
      return `error: ${oneLine(plain)}`;
    }
    default:
      // commander's other messages are one sentence, sometimes followed by a hint on a second line
      return `error: ${oneLine(plain)}`;
  }
}

function oneLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

function visibleCommands(program: Command): string[] {
  return program.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name());
}

/** The arguments of `command` that are neither options nor their values. */
function positionals(command: Command, args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i + 1)];
    if (a.startsWith('-') && a.length > 1) {
      const option = command.options.find((o) => o.long === a.split('=')[0] || o.short === a.slice(0, 2));
      if (option && (option.required || option.optional) && !a.includes('=') && !(option.short === a.slice(0, 2) && a.length > 2)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}
