/** Keyboard handling for `pyglass top`: raw stdin bytes → actions on the view. */
import { SortColumn } from './stats.js';
import type { ViewState } from './render.js';

export type KeyAction =
  | { kind: 'sort'; column: SortColumn }
  | { kind: 'toggle-lines' }
  | { kind: 'reset' }
  | { kind: 'help' }
  | { kind: 'leave-help' }
  | { kind: 'quit' };

/**
 * The actions in one chunk of raw input. Escape sequences (arrows, function keys, mouse) are
 * skipped whole; a lone Esc leaves the help screen; unknown keys are ignored.
 */
export function parseKeys(input: string): KeyAction[] {
  const actions: KeyAction[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    switch (ch) {
      case '1':
      case '2':
      case '3':
      case '4':
        actions.push({ kind: 'sort', column: Number(ch) as SortColumn });
        break;
      case 'l':
      case 'L':
        actions.push({ kind: 'toggle-lines' });
        break;
      case 'r':
      case 'R':
        actions.push({ kind: 'reset' });
        break;
      case '?':
        actions.push({ kind: 'help' });
        break;
      case 'x':
      case 'X':
        actions.push({ kind: 'leave-help' });
        break;
      case 'q':
      case 'Q':
      case '\x03': // Ctrl-C in raw mode
      case '\x04': // Ctrl-D
        actions.push({ kind: 'quit' });
        break;
      case '\x1b': {
        const next = input[i + 1];
        if (next === '[' || next === 'O') {
          // CSI / SS3 sequence: parameters then one final byte in @..~
          let j = i + 2;
          while (j < input.length && !(input.charCodeAt(j) >= 0x40 && input.charCodeAt(j) <= 0x7e)) j++;
          i = j;
        } else if (next === undefined) {
          actions.push({ kind: 'leave-help' });
        } else {
          i++; // Alt+key: ignore
        }
        break;
      }
      default:
        break;
    }
  }
  return actions;
}

/**
 * Applies `action` to the view. Returns what else the caller must do: reset the statistics or
 * quit; `redraw` when the screen changed.
 */
export function applyKey(view: ViewState, action: KeyAction): { redraw: boolean; reset?: boolean; quit?: boolean } {
  switch (action.kind) {
    case 'sort':
      view.sort = action.column;
      view.help = false;
      return { redraw: true };
    case 'toggle-lines':
      view.mode = view.mode === 'line' ? 'function' : 'line';
      return { redraw: !view.help };
    case 'reset':
      return { redraw: true, reset: true };
    case 'help':
      view.help = !view.help;
      return { redraw: true };
    case 'leave-help':
      if (!view.help) return { redraw: false };
      view.help = false;
      return { redraw: true };
    case 'quit':
      return { redraw: false, quit: true };
  }
}
