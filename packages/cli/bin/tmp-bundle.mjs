#!/usr/bin/env node
import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};
var __commonJS = (cb, mod) => function __require2() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var __export = (target2, all) => {
  for (var name in all)
    __defProp(target2, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key2 of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key2) && key2 !== except)
        __defProp(to, key2, { get: () => from[key2], enumerable: !(desc = __getOwnPropDesc(from, key2)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target2) => (target2 = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target2, "default", { value: mod, enumerable: true }) : target2,
  mod
));

// node_modules/commander/lib/error.js
var require_error = __commonJS({
  "node_modules/commander/lib/error.js"(exports) {
    var CommanderError2 = class extends Error {
      /**
       * Constructs the CommanderError class
       * @param {number} exitCode suggested exit code which could be used with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       */
      constructor(exitCode, code, message) {
        super(message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
        this.code = code;
        this.exitCode = exitCode;
        this.nestedError = void 0;
      }
    };
    var InvalidArgumentError2 = class extends CommanderError2 {
      /**
       * Constructs the InvalidArgumentError class
       * @param {string} [message] explanation of why argument is invalid
       */
      constructor(message) {
        super(1, "commander.invalidArgument", message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
      }
    };
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/lib/argument.js
var require_argument = __commonJS({
  "node_modules/commander/lib/argument.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Argument2 = class {
      /**
       * Initialize a new command argument with the given name and description.
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @param {string} name
       * @param {string} [description]
       */
      constructor(name, description) {
        this.description = description || "";
        this.variadic = false;
        this.parseArg = void 0;
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.argChoices = void 0;
        switch (name[0]) {
          case "<":
            this.required = true;
            this._name = name.slice(1, -1);
            break;
          case "[":
            this.required = false;
            this._name = name.slice(1, -1);
            break;
          default:
            this.required = true;
            this._name = name;
            break;
        }
        if (this._name.endsWith("...")) {
          this.variadic = true;
          this._name = this._name.slice(0, -3);
        }
      }
      /**
       * Return argument name.
       *
       * @return {string}
       */
      name() {
        return this._name;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Argument}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Set the custom handler for processing CLI command arguments into argument values.
       *
       * @param {Function} [fn]
       * @return {Argument}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Only allow argument value to be one of choices.
       *
       * @param {string[]} values
       * @return {Argument}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Make argument required.
       *
       * @returns {Argument}
       */
      argRequired() {
        this.required = true;
        return this;
      }
      /**
       * Make argument optional.
       *
       * @returns {Argument}
       */
      argOptional() {
        this.required = false;
        return this;
      }
    };
    function humanReadableArgName(arg) {
      const nameOutput = arg.name() + (arg.variadic === true ? "..." : "");
      return arg.required ? "<" + nameOutput + ">" : "[" + nameOutput + "]";
    }
    exports.Argument = Argument2;
    exports.humanReadableArgName = humanReadableArgName;
  }
});

// node_modules/commander/lib/help.js
var require_help = __commonJS({
  "node_modules/commander/lib/help.js"(exports) {
    var { humanReadableArgName } = require_argument();
    var Help2 = class {
      constructor() {
        this.helpWidth = void 0;
        this.minWidthToWrap = 40;
        this.sortSubcommands = false;
        this.sortOptions = false;
        this.showGlobalOptions = false;
      }
      /**
       * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
       * and just before calling `formatHelp()`.
       *
       * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
       *
       * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
       */
      prepareContext(contextOptions) {
        this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
      }
      /**
       * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
       *
       * @param {Command} cmd
       * @returns {Command[]}
       */
      visibleCommands(cmd) {
        const visibleCommands = cmd.commands.filter((cmd2) => !cmd2._hidden);
        const helpCommand = cmd._getHelpCommand();
        if (helpCommand && !helpCommand._hidden) {
          visibleCommands.push(helpCommand);
        }
        if (this.sortSubcommands) {
          visibleCommands.sort((a, b) => {
            return a.name().localeCompare(b.name());
          });
        }
        return visibleCommands;
      }
      /**
       * Compare options for sort.
       *
       * @param {Option} a
       * @param {Option} b
       * @returns {number}
       */
      compareOptions(a, b) {
        const getSortKey = (option) => {
          return option.short ? option.short.replace(/^-/, "") : option.long.replace(/^--/, "");
        };
        return getSortKey(a).localeCompare(getSortKey(b));
      }
      /**
       * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleOptions(cmd) {
        const visibleOptions = cmd.options.filter((option) => !option.hidden);
        const helpOption = cmd._getHelpOption();
        if (helpOption && !helpOption.hidden) {
          const removeShort = helpOption.short && cmd._findOption(helpOption.short);
          const removeLong = helpOption.long && cmd._findOption(helpOption.long);
          if (!removeShort && !removeLong) {
            visibleOptions.push(helpOption);
          } else if (helpOption.long && !removeLong) {
            visibleOptions.push(
              cmd.createOption(helpOption.long, helpOption.description)
            );
          } else if (helpOption.short && !removeShort) {
            visibleOptions.push(
              cmd.createOption(helpOption.short, helpOption.description)
            );
          }
        }
        if (this.sortOptions) {
          visibleOptions.sort(this.compareOptions);
        }
        return visibleOptions;
      }
      /**
       * Get an array of the visible global options. (Not including help.)
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleGlobalOptions(cmd) {
        if (!this.showGlobalOptions) return [];
        const globalOptions = [];
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          const visibleOptions = ancestorCmd.options.filter(
            (option) => !option.hidden
          );
          globalOptions.push(...visibleOptions);
        }
        if (this.sortOptions) {
          globalOptions.sort(this.compareOptions);
        }
        return globalOptions;
      }
      /**
       * Get an array of the arguments if any have a description.
       *
       * @param {Command} cmd
       * @returns {Argument[]}
       */
      visibleArguments(cmd) {
        if (cmd._argsDescription) {
          cmd.registeredArguments.forEach((argument) => {
            argument.description = argument.description || cmd._argsDescription[argument.name()] || "";
          });
        }
        if (cmd.registeredArguments.find((argument) => argument.description)) {
          return cmd.registeredArguments;
        }
        return [];
      }
      /**
       * Get the command term to show in the list of subcommands.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandTerm(cmd) {
        const args = cmd.registeredArguments.map((arg) => humanReadableArgName(arg)).join(" ");
        return cmd._name + (cmd._aliases[0] ? "|" + cmd._aliases[0] : "") + (cmd.options.length ? " [options]" : "") + // simplistic check for non-help option
        (args ? " " + args : "");
      }
      /**
       * Get the option term to show in the list of options.
       *
       * @param {Option} option
       * @returns {string}
       */
      optionTerm(option) {
        return option.flags;
      }
      /**
       * Get the argument term to show in the list of arguments.
       *
       * @param {Argument} argument
       * @returns {string}
       */
      argumentTerm(argument) {
        return argument.name();
      }
      /**
       * Get the longest command term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestSubcommandTermLength(cmd, helper) {
        return helper.visibleCommands(cmd).reduce((max, command) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleSubcommandTerm(helper.subcommandTerm(command))
            )
          );
        }, 0);
      }
      /**
       * Get the longest option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestOptionTermLength(cmd, helper) {
        return helper.visibleOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest global option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestGlobalOptionTermLength(cmd, helper) {
        return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest argument term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestArgumentTermLength(cmd, helper) {
        return helper.visibleArguments(cmd).reduce((max, argument) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleArgumentTerm(helper.argumentTerm(argument))
            )
          );
        }, 0);
      }
      /**
       * Get the command usage to be displayed at the top of the built-in help.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandUsage(cmd) {
        let cmdName = cmd._name;
        if (cmd._aliases[0]) {
          cmdName = cmdName + "|" + cmd._aliases[0];
        }
        let ancestorCmdNames = "";
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          ancestorCmdNames = ancestorCmd.name() + " " + ancestorCmdNames;
        }
        return ancestorCmdNames + cmdName + " " + cmd.usage();
      }
      /**
       * Get the description for the command.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandDescription(cmd) {
        return cmd.description();
      }
      /**
       * Get the subcommand summary to show in the list of subcommands.
       * (Fallback to description for backwards compatibility.)
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandDescription(cmd) {
        return cmd.summary() || cmd.description();
      }
      /**
       * Get the option description to show in the list of options.
       *
       * @param {Option} option
       * @return {string}
       */
      optionDescription(option) {
        const extraInfo = [];
        if (option.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (option.defaultValue !== void 0) {
          const showDefault = option.required || option.optional || option.isBoolean() && typeof option.defaultValue === "boolean";
          if (showDefault) {
            extraInfo.push(
              `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`
            );
          }
        }
        if (option.presetArg !== void 0 && option.optional) {
          extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
        }
        if (option.envVar !== void 0) {
          extraInfo.push(`env: ${option.envVar}`);
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (option.description) {
            return `${option.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return option.description;
      }
      /**
       * Get the argument description to show in the list of arguments.
       *
       * @param {Argument} argument
       * @return {string}
       */
      argumentDescription(argument) {
        const extraInfo = [];
        if (argument.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (argument.defaultValue !== void 0) {
          extraInfo.push(
            `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`
          );
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (argument.description) {
            return `${argument.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return argument.description;
      }
      /**
       * Format a list of items, given a heading and an array of formatted items.
       *
       * @param {string} heading
       * @param {string[]} items
       * @param {Help} helper
       * @returns string[]
       */
      formatItemList(heading, items, helper) {
        if (items.length === 0) return [];
        return [helper.styleTitle(heading), ...items, ""];
      }
      /**
       * Group items by their help group heading.
       *
       * @param {Command[] | Option[]} unsortedItems
       * @param {Command[] | Option[]} visibleItems
       * @param {Function} getGroup
       * @returns {Map<string, Command[] | Option[]>}
       */
      groupItems(unsortedItems, visibleItems, getGroup) {
        const result = /* @__PURE__ */ new Map();
        unsortedItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) result.set(group, []);
        });
        visibleItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) {
            result.set(group, []);
          }
          result.get(group).push(item);
        });
        return result;
      }
      /**
       * Generate the built-in help text.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {string}
       */
      formatHelp(cmd, helper) {
        const termWidth = helper.padWidth(cmd, helper);
        const helpWidth = helper.helpWidth ?? 80;
        function callFormatItem(term, description) {
          return helper.formatItem(term, termWidth, description, helper);
        }
        let output = [
          `${helper.styleTitle("Usage:")} ${helper.styleUsage(helper.commandUsage(cmd))}`,
          ""
        ];
        const commandDescription = helper.commandDescription(cmd);
        if (commandDescription.length > 0) {
          output = output.concat([
            helper.boxWrap(
              helper.styleCommandDescription(commandDescription),
              helpWidth
            ),
            ""
          ]);
        }
        const argumentList = helper.visibleArguments(cmd).map((argument) => {
          return callFormatItem(
            helper.styleArgumentTerm(helper.argumentTerm(argument)),
            helper.styleArgumentDescription(helper.argumentDescription(argument))
          );
        });
        output = output.concat(
          this.formatItemList("Arguments:", argumentList, helper)
        );
        const optionGroups = this.groupItems(
          cmd.options,
          helper.visibleOptions(cmd),
          (option) => option.helpGroupHeading ?? "Options:"
        );
        optionGroups.forEach((options, group) => {
          const optionList = options.map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(this.formatItemList(group, optionList, helper));
        });
        if (helper.showGlobalOptions) {
          const globalOptionList = helper.visibleGlobalOptions(cmd).map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(
            this.formatItemList("Global Options:", globalOptionList, helper)
          );
        }
        const commandGroups = this.groupItems(
          cmd.commands,
          helper.visibleCommands(cmd),
          (sub) => sub.helpGroup() || "Commands:"
        );
        commandGroups.forEach((commands, group) => {
          const commandList = commands.map((sub) => {
            return callFormatItem(
              helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
              helper.styleSubcommandDescription(helper.subcommandDescription(sub))
            );
          });
          output = output.concat(this.formatItemList(group, commandList, helper));
        });
        return output.join("\n");
      }
      /**
       * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
       *
       * @param {string} str
       * @returns {number}
       */
      displayWidth(str) {
        return stripColor(str).length;
      }
      /**
       * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
       *
       * @param {string} str
       * @returns {string}
       */
      styleTitle(str) {
        return str;
      }
      styleUsage(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word === "[command]") return this.styleSubcommandText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleCommandText(word);
        }).join(" ");
      }
      styleCommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleOptionDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleSubcommandDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleArgumentDescription(str) {
        return this.styleDescriptionText(str);
      }
      styleDescriptionText(str) {
        return str;
      }
      styleOptionTerm(str) {
        return this.styleOptionText(str);
      }
      styleSubcommandTerm(str) {
        return str.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleSubcommandText(word);
        }).join(" ");
      }
      styleArgumentTerm(str) {
        return this.styleArgumentText(str);
      }
      styleOptionText(str) {
        return str;
      }
      styleArgumentText(str) {
        return str;
      }
      styleSubcommandText(str) {
        return str;
      }
      styleCommandText(str) {
        return str;
      }
      /**
       * Calculate the pad width from the maximum term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      padWidth(cmd, helper) {
        return Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestGlobalOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper)
        );
      }
      /**
       * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
       *
       * @param {string} str
       * @returns {boolean}
       */
      preformatted(str) {
        return /\n[^\S\r\n]/.test(str);
      }
      /**
       * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
       *
       * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
       *   TTT  DDD DDDD
       *        DD DDD
       *
       * @param {string} term
       * @param {number} termWidth
       * @param {string} description
       * @param {Help} helper
       * @returns {string}
       */
      formatItem(term, termWidth, description, helper) {
        const itemIndent = 2;
        const itemIndentStr = " ".repeat(itemIndent);
        if (!description) return itemIndentStr + term;
        const paddedTerm = term.padEnd(
          termWidth + term.length - helper.displayWidth(term)
        );
        const spacerWidth = 2;
        const helpWidth = this.helpWidth ?? 80;
        const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
        let formattedDescription;
        if (remainingWidth < this.minWidthToWrap || helper.preformatted(description)) {
          formattedDescription = description;
        } else {
          const wrappedDescription = helper.boxWrap(description, remainingWidth);
          formattedDescription = wrappedDescription.replace(
            /\n/g,
            "\n" + " ".repeat(termWidth + spacerWidth)
          );
        }
        return itemIndentStr + paddedTerm + " ".repeat(spacerWidth) + formattedDescription.replace(/\n/g, `
${itemIndentStr}`);
      }
      /**
       * Wrap a string at whitespace, preserving existing line breaks.
       * Wrapping is skipped if the width is less than `minWidthToWrap`.
       *
       * @param {string} str
       * @param {number} width
       * @returns {string}
       */
      boxWrap(str, width) {
        if (width < this.minWidthToWrap) return str;
        const rawLines = str.split(/\r\n|\n/);
        const chunkPattern = /[\s]*[^\s]+/g;
        const wrappedLines = [];
        rawLines.forEach((line) => {
          const chunks = line.match(chunkPattern);
          if (chunks === null) {
            wrappedLines.push("");
            return;
          }
          let sumChunks = [chunks.shift()];
          let sumWidth = this.displayWidth(sumChunks[0]);
          chunks.forEach((chunk) => {
            const visibleWidth = this.displayWidth(chunk);
            if (sumWidth + visibleWidth <= width) {
              sumChunks.push(chunk);
              sumWidth += visibleWidth;
              return;
            }
            wrappedLines.push(sumChunks.join(""));
            const nextChunk = chunk.trimStart();
            sumChunks = [nextChunk];
            sumWidth = this.displayWidth(nextChunk);
          });
          wrappedLines.push(sumChunks.join(""));
        });
        return wrappedLines.join("\n");
      }
    };
    function stripColor(str) {
      const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
      return str.replace(sgrPattern, "");
    }
    exports.Help = Help2;
    exports.stripColor = stripColor;
  }
});

// node_modules/commander/lib/option.js
var require_option = __commonJS({
  "node_modules/commander/lib/option.js"(exports) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Option2 = class {
      /**
       * Initialize a new `Option` with the given `flags` and `description`.
       *
       * @param {string} flags
       * @param {string} [description]
       */
      constructor(flags, description) {
        this.flags = flags;
        this.description = description || "";
        this.required = flags.includes("<");
        this.optional = flags.includes("[");
        this.variadic = /\w\.\.\.[>\]]$/.test(flags);
        this.mandatory = false;
        const optionFlags = splitOptionFlags(flags);
        this.short = optionFlags.shortFlag;
        this.long = optionFlags.longFlag;
        this.negate = false;
        if (this.long) {
          this.negate = this.long.startsWith("--no-");
        }
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.presetArg = void 0;
        this.envVar = void 0;
        this.parseArg = void 0;
        this.hidden = false;
        this.argChoices = void 0;
        this.conflictsWith = [];
        this.implied = void 0;
        this.helpGroupHeading = void 0;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Option}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Preset to use when option used without option-argument, especially optional but also boolean and negated.
       * The custom processing (parseArg) is called.
       *
       * @example
       * new Option('--color').default('GREYSCALE').preset('RGB');
       * new Option('--donate [amount]').preset('20').argParser(parseFloat);
       *
       * @param {*} arg
       * @return {Option}
       */
      preset(arg) {
        this.presetArg = arg;
        return this;
      }
      /**
       * Add option name(s) that conflict with this option.
       * An error will be displayed if conflicting options are found during parsing.
       *
       * @example
       * new Option('--rgb').conflicts('cmyk');
       * new Option('--js').conflicts(['ts', 'jsx']);
       *
       * @param {(string | string[])} names
       * @return {Option}
       */
      conflicts(names) {
        this.conflictsWith = this.conflictsWith.concat(names);
        return this;
      }
      /**
       * Specify implied option values for when this option is set and the implied options are not.
       *
       * The custom processing (parseArg) is not called on the implied values.
       *
       * @example
       * program
       *   .addOption(new Option('--log', 'write logging information to file'))
       *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
       *
       * @param {object} impliedOptionValues
       * @return {Option}
       */
      implies(impliedOptionValues) {
        let newImplied = impliedOptionValues;
        if (typeof impliedOptionValues === "string") {
          newImplied = { [impliedOptionValues]: true };
        }
        this.implied = Object.assign(this.implied || {}, newImplied);
        return this;
      }
      /**
       * Set environment variable to check for option value.
       *
       * An environment variable is only used if when processed the current option value is
       * undefined, or the source of the current value is 'default' or 'config' or 'env'.
       *
       * @param {string} name
       * @return {Option}
       */
      env(name) {
        this.envVar = name;
        return this;
      }
      /**
       * Set the custom handler for processing CLI option arguments into option values.
       *
       * @param {Function} [fn]
       * @return {Option}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Whether the option is mandatory and must have a value after parsing.
       *
       * @param {boolean} [mandatory=true]
       * @return {Option}
       */
      makeOptionMandatory(mandatory = true) {
        this.mandatory = !!mandatory;
        return this;
      }
      /**
       * Hide option in help.
       *
       * @param {boolean} [hide=true]
       * @return {Option}
       */
      hideHelp(hide = true) {
        this.hidden = !!hide;
        return this;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Only allow option value to be one of choices.
       *
       * @param {string[]} values
       * @return {Option}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Return option name.
       *
       * @return {string}
       */
      name() {
        if (this.long) {
          return this.long.replace(/^--/, "");
        }
        return this.short.replace(/^-/, "");
      }
      /**
       * Return option name, in a camelcase format that can be used
       * as an object attribute key.
       *
       * @return {string}
       */
      attributeName() {
        if (this.negate) {
          return camelcase(this.name().replace(/^no-/, ""));
        }
        return camelcase(this.name());
      }
      /**
       * Set the help group heading.
       *
       * @param {string} heading
       * @return {Option}
       */
      helpGroup(heading) {
        this.helpGroupHeading = heading;
        return this;
      }
      /**
       * Check if `arg` matches the short or long flag.
       *
       * @param {string} arg
       * @return {boolean}
       * @package
       */
      is(arg) {
        return this.short === arg || this.long === arg;
      }
      /**
       * Return whether a boolean option.
       *
       * Options are one of boolean, negated, required argument, or optional argument.
       *
       * @return {boolean}
       * @package
       */
      isBoolean() {
        return !this.required && !this.optional && !this.negate;
      }
    };
    var DualOptions = class {
      /**
       * @param {Option[]} options
       */
      constructor(options) {
        this.positiveOptions = /* @__PURE__ */ new Map();
        this.negativeOptions = /* @__PURE__ */ new Map();
        this.dualOptions = /* @__PURE__ */ new Set();
        options.forEach((option) => {
          if (option.negate) {
            this.negativeOptions.set(option.attributeName(), option);
          } else {
            this.positiveOptions.set(option.attributeName(), option);
          }
        });
        this.negativeOptions.forEach((value, key2) => {
          if (this.positiveOptions.has(key2)) {
            this.dualOptions.add(key2);
          }
        });
      }
      /**
       * Did the value come from the option, and not from possible matching dual option?
       *
       * @param {*} value
       * @param {Option} option
       * @returns {boolean}
       */
      valueFromOption(value, option) {
        const optionKey = option.attributeName();
        if (!this.dualOptions.has(optionKey)) return true;
        const preset = this.negativeOptions.get(optionKey).presetArg;
        const negativeValue = preset !== void 0 ? preset : false;
        return option.negate === (negativeValue === value);
      }
    };
    function camelcase(str) {
      return str.split("-").reduce((str2, word) => {
        return str2 + word[0].toUpperCase() + word.slice(1);
      });
    }
    function splitOptionFlags(flags) {
      let shortFlag;
      let longFlag;
      const shortFlagExp = /^-[^-]$/;
      const longFlagExp = /^--[^-]/;
      const flagParts = flags.split(/[ |,]+/).concat("guard");
      if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
      if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
      if (!shortFlag && shortFlagExp.test(flagParts[0]))
        shortFlag = flagParts.shift();
      if (!shortFlag && longFlagExp.test(flagParts[0])) {
        shortFlag = longFlag;
        longFlag = flagParts.shift();
      }
      if (flagParts[0].startsWith("-")) {
        const unsupportedFlag = flagParts[0];
        const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
        if (/^-[^-][^-]/.test(unsupportedFlag))
          throw new Error(
            `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`
          );
        if (shortFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many short flags`);
        if (longFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many long flags`);
        throw new Error(`${baseError}
- unrecognised flag format`);
      }
      if (shortFlag === void 0 && longFlag === void 0)
        throw new Error(
          `option creation failed due to no flags found in '${flags}'.`
        );
      return { shortFlag, longFlag };
    }
    exports.Option = Option2;
    exports.DualOptions = DualOptions;
  }
});

// node_modules/commander/lib/suggestSimilar.js
var require_suggestSimilar = __commonJS({
  "node_modules/commander/lib/suggestSimilar.js"(exports) {
    var maxDistance = 3;
    function editDistance(a, b) {
      if (Math.abs(a.length - b.length) > maxDistance)
        return Math.max(a.length, b.length);
      const d = [];
      for (let i = 0; i <= a.length; i++) {
        d[i] = [i];
      }
      for (let j = 0; j <= b.length; j++) {
        d[0][j] = j;
      }
      for (let j = 1; j <= b.length; j++) {
        for (let i = 1; i <= a.length; i++) {
          let cost = 1;
          if (a[i - 1] === b[j - 1]) {
            cost = 0;
          } else {
            cost = 1;
          }
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            // deletion
            d[i][j - 1] + 1,
            // insertion
            d[i - 1][j - 1] + cost
            // substitution
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    }
    function suggestSimilar(word, candidates) {
      if (!candidates || candidates.length === 0) return "";
      candidates = Array.from(new Set(candidates));
      const searchingOptions = word.startsWith("--");
      if (searchingOptions) {
        word = word.slice(2);
        candidates = candidates.map((candidate) => candidate.slice(2));
      }
      let similar = [];
      let bestDistance = maxDistance;
      const minSimilarity = 0.4;
      candidates.forEach((candidate) => {
        if (candidate.length <= 1) return;
        const distance = editDistance(word, candidate);
        const length = Math.max(word.length, candidate.length);
        const similarity = (length - distance) / length;
        if (similarity > minSimilarity) {
          if (distance < bestDistance) {
            bestDistance = distance;
            similar = [candidate];
          } else if (distance === bestDistance) {
            similar.push(candidate);
          }
        }
      });
      similar.sort((a, b) => a.localeCompare(b));
      if (searchingOptions) {
        similar = similar.map((candidate) => `--${candidate}`);
      }
      if (similar.length > 1) {
        return `
(Did you mean one of ${similar.join(", ")}?)`;
      }
      if (similar.length === 1) {
        return `
(Did you mean ${similar[0]}?)`;
      }
      return "";
    }
    exports.suggestSimilar = suggestSimilar;
  }
});

// node_modules/commander/lib/command.js
var require_command = __commonJS({
  "node_modules/commander/lib/command.js"(exports) {
    var EventEmitter = __require("node:events").EventEmitter;
    var childProcess = __require("node:child_process");
    var path = __require("node:path");
    var fs = __require("node:fs");
    var process2 = __require("node:process");
    var { Argument: Argument2, humanReadableArgName } = require_argument();
    var { CommanderError: CommanderError2 } = require_error();
    var { Help: Help2, stripColor } = require_help();
    var { Option: Option2, DualOptions } = require_option();
    var { suggestSimilar } = require_suggestSimilar();
    var Command2 = class _Command extends EventEmitter {
      /**
       * Initialize a new `Command`.
       *
       * @param {string} [name]
       */
      constructor(name) {
        super();
        this.commands = [];
        this.options = [];
        this.parent = null;
        this._allowUnknownOption = false;
        this._allowExcessArguments = false;
        this.registeredArguments = [];
        this._args = this.registeredArguments;
        this.args = [];
        this.rawArgs = [];
        this.processedArgs = [];
        this._scriptPath = null;
        this._name = name || "";
        this._optionValues = {};
        this._optionValueSources = {};
        this._storeOptionsAsProperties = false;
        this._actionHandler = null;
        this._executableHandler = false;
        this._executableFile = null;
        this._executableDir = null;
        this._defaultCommandName = null;
        this._exitCallback = null;
        this._aliases = [];
        this._combineFlagAndOptionalValue = true;
        this._description = "";
        this._summary = "";
        this._argsDescription = void 0;
        this._enablePositionalOptions = false;
        this._passThroughOptions = false;
        this._lifeCycleHooks = {};
        this._showHelpAfterError = false;
        this._showSuggestionAfterError = true;
        this._savedState = null;
        this._outputConfiguration = {
          writeOut: (str) => process2.stdout.write(str),
          writeErr: (str) => process2.stderr.write(str),
          outputError: (str, write) => write(str),
          getOutHelpWidth: () => process2.stdout.isTTY ? process2.stdout.columns : void 0,
          getErrHelpWidth: () => process2.stderr.isTTY ? process2.stderr.columns : void 0,
          getOutHasColors: () => useColor() ?? (process2.stdout.isTTY && process2.stdout.hasColors?.()),
          getErrHasColors: () => useColor() ?? (process2.stderr.isTTY && process2.stderr.hasColors?.()),
          stripColor: (str) => stripColor(str)
        };
        this._hidden = false;
        this._helpOption = void 0;
        this._addImplicitHelpCommand = void 0;
        this._helpCommand = void 0;
        this._helpConfiguration = {};
        this._helpGroupHeading = void 0;
        this._defaultCommandGroup = void 0;
        this._defaultOptionGroup = void 0;
      }
      /**
       * Copy settings that are useful to have in common across root command and subcommands.
       *
       * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
       *
       * @param {Command} sourceCommand
       * @return {Command} `this` command for chaining
       */
      copyInheritedSettings(sourceCommand) {
        this._outputConfiguration = sourceCommand._outputConfiguration;
        this._helpOption = sourceCommand._helpOption;
        this._helpCommand = sourceCommand._helpCommand;
        this._helpConfiguration = sourceCommand._helpConfiguration;
        this._exitCallback = sourceCommand._exitCallback;
        this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
        this._combineFlagAndOptionalValue = sourceCommand._combineFlagAndOptionalValue;
        this._allowExcessArguments = sourceCommand._allowExcessArguments;
        this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
        this._showHelpAfterError = sourceCommand._showHelpAfterError;
        this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;
        return this;
      }
      /**
       * @returns {Command[]}
       * @private
       */
      _getCommandAndAncestors() {
        const result = [];
        for (let command = this; command; command = command.parent) {
          result.push(command);
        }
        return result;
      }
      /**
       * Define a command.
       *
       * There are two styles of command: pay attention to where to put the description.
       *
       * @example
       * // Command implemented using action handler (description is supplied separately to `.command`)
       * program
       *   .command('clone <source> [destination]')
       *   .description('clone a repository into a newly created directory')
       *   .action((source, destination) => {
       *     console.log('clone command called');
       *   });
       *
       * // Command implemented using separate executable file (description is second parameter to `.command`)
       * program
       *   .command('start <service>', 'start named service')
       *   .command('stop [service]', 'stop named service, or all if no name supplied');
       *
       * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
       * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
       * @param {object} [execOpts] - configuration options (for executable)
       * @return {Command} returns new command for action handler, or `this` for executable command
       */
      command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
        let desc = actionOptsOrExecDesc;
        let opts = execOpts;
        if (typeof desc === "object" && desc !== null) {
          opts = desc;
          desc = null;
        }
        opts = opts || {};
        const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const cmd = this.createCommand(name);
        if (desc) {
          cmd.description(desc);
          cmd._executableHandler = true;
        }
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        cmd._hidden = !!(opts.noHelp || opts.hidden);
        cmd._executableFile = opts.executableFile || null;
        if (args) cmd.arguments(args);
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd.copyInheritedSettings(this);
        if (desc) return this;
        return cmd;
      }
      /**
       * Factory routine to create a new unattached command.
       *
       * See .command() for creating an attached subcommand, which uses this routine to
       * create the command. You can override createCommand to customise subcommands.
       *
       * @param {string} [name]
       * @return {Command} new command
       */
      createCommand(name) {
        return new _Command(name);
      }
      /**
       * You can customise the help with a subclass of Help by overriding createHelp,
       * or by overriding Help properties using configureHelp().
       *
       * @return {Help}
       */
      createHelp() {
        return Object.assign(new Help2(), this.configureHelp());
      }
      /**
       * You can customise the help by overriding Help properties using configureHelp(),
       * or with a subclass of Help by overriding createHelp().
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureHelp(configuration) {
        if (configuration === void 0) return this._helpConfiguration;
        this._helpConfiguration = configuration;
        return this;
      }
      /**
       * The default output goes to stdout and stderr. You can customise this for special
       * applications. You can also customise the display of errors by overriding outputError.
       *
       * The configuration properties are all functions:
       *
       *     // change how output being written, defaults to stdout and stderr
       *     writeOut(str)
       *     writeErr(str)
       *     // change how output being written for errors, defaults to writeErr
       *     outputError(str, write) // used for displaying errors and not used for displaying help
       *     // specify width for wrapping help
       *     getOutHelpWidth()
       *     getErrHelpWidth()
       *     // color support, currently only used with Help
       *     getOutHasColors()
       *     getErrHasColors()
       *     stripColor() // used to remove ANSI escape codes if output does not have colors
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureOutput(configuration) {
        if (configuration === void 0) return this._outputConfiguration;
        this._outputConfiguration = {
          ...this._outputConfiguration,
          ...configuration
        };
        return this;
      }
      /**
       * Display the help or a custom message after an error occurs.
       *
       * @param {(boolean|string)} [displayHelp]
       * @return {Command} `this` command for chaining
       */
      showHelpAfterError(displayHelp = true) {
        if (typeof displayHelp !== "string") displayHelp = !!displayHelp;
        this._showHelpAfterError = displayHelp;
        return this;
      }
      /**
       * Display suggestion of similar commands for unknown commands, or options for unknown options.
       *
       * @param {boolean} [displaySuggestion]
       * @return {Command} `this` command for chaining
       */
      showSuggestionAfterError(displaySuggestion = true) {
        this._showSuggestionAfterError = !!displaySuggestion;
        return this;
      }
      /**
       * Add a prepared subcommand.
       *
       * See .command() for creating an attached subcommand which inherits settings from its parent.
       *
       * @param {Command} cmd - new subcommand
       * @param {object} [opts] - configuration options
       * @return {Command} `this` command for chaining
       */
      addCommand(cmd, opts) {
        if (!cmd._name) {
          throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
        }
        opts = opts || {};
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        if (opts.noHelp || opts.hidden) cmd._hidden = true;
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd._checkForBrokenPassThrough();
        return this;
      }
      /**
       * Factory routine to create a new unattached argument.
       *
       * See .argument() for creating an attached argument, which uses this routine to
       * create the argument. You can override createArgument to return a custom argument.
       *
       * @param {string} name
       * @param {string} [description]
       * @return {Argument} new argument
       */
      createArgument(name, description) {
        return new Argument2(name, description);
      }
      /**
       * Define argument syntax for command.
       *
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @example
       * program.argument('<input-file>');
       * program.argument('[output-file]');
       *
       * @param {string} name
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom argument processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      argument(name, description, parseArg, defaultValue) {
        const argument = this.createArgument(name, description);
        if (typeof parseArg === "function") {
          argument.default(defaultValue).argParser(parseArg);
        } else {
          argument.default(parseArg);
        }
        this.addArgument(argument);
        return this;
      }
      /**
       * Define argument syntax for command, adding multiple at once (without descriptions).
       *
       * See also .argument().
       *
       * @example
       * program.arguments('<cmd> [env]');
       *
       * @param {string} names
       * @return {Command} `this` command for chaining
       */
      arguments(names) {
        names.trim().split(/ +/).forEach((detail) => {
          this.argument(detail);
        });
        return this;
      }
      /**
       * Define argument syntax for command, adding a prepared argument.
       *
       * @param {Argument} argument
       * @return {Command} `this` command for chaining
       */
      addArgument(argument) {
        const previousArgument = this.registeredArguments.slice(-1)[0];
        if (previousArgument?.variadic) {
          throw new Error(
            `only the last argument can be variadic '${previousArgument.name()}'`
          );
        }
        if (argument.required && argument.defaultValue !== void 0 && argument.parseArg === void 0) {
          throw new Error(
            `a default value for a required argument is never used: '${argument.name()}'`
          );
        }
        this.registeredArguments.push(argument);
        return this;
      }
      /**
       * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
       *
       * @example
       *    program.helpCommand('help [cmd]');
       *    program.helpCommand('help [cmd]', 'show help');
       *    program.helpCommand(false); // suppress default help command
       *    program.helpCommand(true); // add help command even if no subcommands
       *
       * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
       * @param {string} [description] - custom description
       * @return {Command} `this` command for chaining
       */
      helpCommand(enableOrNameAndArgs, description) {
        if (typeof enableOrNameAndArgs === "boolean") {
          this._addImplicitHelpCommand = enableOrNameAndArgs;
          if (enableOrNameAndArgs && this._defaultCommandGroup) {
            this._initCommandGroup(this._getHelpCommand());
          }
          return this;
        }
        const nameAndArgs = enableOrNameAndArgs ?? "help [command]";
        const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const helpDescription = description ?? "display help for command";
        const helpCommand = this.createCommand(helpName);
        helpCommand.helpOption(false);
        if (helpArgs) helpCommand.arguments(helpArgs);
        if (helpDescription) helpCommand.description(helpDescription);
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Add prepared custom help command.
       *
       * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
       * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
       * @return {Command} `this` command for chaining
       */
      addHelpCommand(helpCommand, deprecatedDescription) {
        if (typeof helpCommand !== "object") {
          this.helpCommand(helpCommand, deprecatedDescription);
          return this;
        }
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Lazy create help command.
       *
       * @return {(Command|null)}
       * @package
       */
      _getHelpCommand() {
        const hasImplicitHelpCommand = this._addImplicitHelpCommand ?? (this.commands.length && !this._actionHandler && !this._findCommand("help"));
        if (hasImplicitHelpCommand) {
          if (this._helpCommand === void 0) {
            this.helpCommand(void 0, void 0);
          }
          return this._helpCommand;
        }
        return null;
      }
      /**
       * Add hook for life cycle event.
       *
       * @param {string} event
       * @param {Function} listener
       * @return {Command} `this` command for chaining
       */
      hook(event, listener) {
        const allowedValues = ["preSubcommand", "preAction", "postAction"];
        if (!allowedValues.includes(event)) {
          throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        if (this._lifeCycleHooks[event]) {
          this._lifeCycleHooks[event].push(listener);
        } else {
          this._lifeCycleHooks[event] = [listener];
        }
        return this;
      }
      /**
       * Register callback to use as replacement for calling process.exit.
       *
       * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
       * @return {Command} `this` command for chaining
       */
      exitOverride(fn) {
        if (fn) {
          this._exitCallback = fn;
        } else {
          this._exitCallback = (err) => {
            if (err.code !== "commander.executeSubCommandAsync") {
              throw err;
            } else {
            }
          };
        }
        return this;
      }
      /**
       * Call process.exit, and _exitCallback if defined.
       *
       * @param {number} exitCode exit code for using with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       * @return never
       * @private
       */
      _exit(exitCode, code, message) {
        if (this._exitCallback) {
          this._exitCallback(new CommanderError2(exitCode, code, message));
        }
        process2.exit(exitCode);
      }
      /**
       * Register callback `fn` for the command.
       *
       * @example
       * program
       *   .command('serve')
       *   .description('start service')
       *   .action(function() {
       *      // do work here
       *   });
       *
       * @param {Function} fn
       * @return {Command} `this` command for chaining
       */
      action(fn) {
        const listener = (args) => {
          const expectedArgsCount = this.registeredArguments.length;
          const actionArgs = args.slice(0, expectedArgsCount);
          if (this._storeOptionsAsProperties) {
            actionArgs[expectedArgsCount] = this;
          } else {
            actionArgs[expectedArgsCount] = this.opts();
          }
          actionArgs.push(this);
          return fn.apply(this, actionArgs);
        };
        this._actionHandler = listener;
        return this;
      }
      /**
       * Factory routine to create a new unattached option.
       *
       * See .option() for creating an attached option, which uses this routine to
       * create the option. You can override createOption to return a custom option.
       *
       * @param {string} flags
       * @param {string} [description]
       * @return {Option} new option
       */
      createOption(flags, description) {
        return new Option2(flags, description);
      }
      /**
       * Wrap parseArgs to catch 'commander.invalidArgument'.
       *
       * @param {(Option | Argument)} target
       * @param {string} value
       * @param {*} previous
       * @param {string} invalidArgumentMessage
       * @private
       */
      _callParseArg(target2, value, previous, invalidArgumentMessage) {
        try {
          return target2.parseArg(value, previous);
        } catch (err) {
          if (err.code === "commander.invalidArgument") {
            const message = `${invalidArgumentMessage} ${err.message}`;
            this.error(message, { exitCode: err.exitCode, code: err.code });
          }
          throw err;
        }
      }
      /**
       * Check for option flag conflicts.
       * Register option if no conflicts found, or throw on conflict.
       *
       * @param {Option} option
       * @private
       */
      _registerOption(option) {
        const matchingOption = option.short && this._findOption(option.short) || option.long && this._findOption(option.long);
        if (matchingOption) {
          const matchingFlag = option.long && this._findOption(option.long) ? option.long : option.short;
          throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
        }
        this._initOptionGroup(option);
        this.options.push(option);
      }
      /**
       * Check for command name and alias conflicts with existing commands.
       * Register command if no conflicts found, or throw on conflict.
       *
       * @param {Command} command
       * @private
       */
      _registerCommand(command) {
        const knownBy = (cmd) => {
          return [cmd.name()].concat(cmd.aliases());
        };
        const alreadyUsed = knownBy(command).find(
          (name) => this._findCommand(name)
        );
        if (alreadyUsed) {
          const existingCmd = knownBy(this._findCommand(alreadyUsed)).join("|");
          const newCmd = knownBy(command).join("|");
          throw new Error(
            `cannot add command '${newCmd}' as already have command '${existingCmd}'`
          );
        }
        this._initCommandGroup(command);
        this.commands.push(command);
      }
      /**
       * Add an option.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addOption(option) {
        this._registerOption(option);
        const oname = option.name();
        const name = option.attributeName();
        if (option.negate) {
          const positiveLongFlag = option.long.replace(/^--no-/, "--");
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              name,
              option.defaultValue === void 0 ? true : option.defaultValue,
              "default"
            );
          }
        } else if (option.defaultValue !== void 0) {
          this.setOptionValueWithSource(name, option.defaultValue, "default");
        }
        const handleOptionValue = (val, invalidValueMessage, valueSource) => {
          if (val == null && option.presetArg !== void 0) {
            val = option.presetArg;
          }
          const oldValue = this.getOptionValue(name);
          if (val !== null && option.parseArg) {
            val = this._callParseArg(option, val, oldValue, invalidValueMessage);
          } else if (val !== null && option.variadic) {
            val = option._collectValue(val, oldValue);
          }
          if (val == null) {
            if (option.negate) {
              val = false;
            } else if (option.isBoolean() || option.optional) {
              val = true;
            } else {
              val = "";
            }
          }
          this.setOptionValueWithSource(name, val, valueSource);
        };
        this.on("option:" + oname, (val) => {
          const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
          handleOptionValue(val, invalidValueMessage, "cli");
        });
        if (option.envVar) {
          this.on("optionEnv:" + oname, (val) => {
            const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
            handleOptionValue(val, invalidValueMessage, "env");
          });
        }
        return this;
      }
      /**
       * Internal implementation shared by .option() and .requiredOption()
       *
       * @return {Command} `this` command for chaining
       * @private
       */
      _optionEx(config, flags, description, fn, defaultValue) {
        if (typeof flags === "object" && flags instanceof Option2) {
          throw new Error(
            "To add an Option object use addOption() instead of option() or requiredOption()"
          );
        }
        const option = this.createOption(flags, description);
        option.makeOptionMandatory(!!config.mandatory);
        if (typeof fn === "function") {
          option.default(defaultValue).argParser(fn);
        } else if (fn instanceof RegExp) {
          const regex = fn;
          fn = (val, def) => {
            const m = regex.exec(val);
            return m ? m[0] : def;
          };
          option.default(defaultValue).argParser(fn);
        } else {
          option.default(fn);
        }
        return this.addOption(option);
      }
      /**
       * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
       * option-argument is indicated by `<>` and an optional option-argument by `[]`.
       *
       * See the README for more details, and see also addOption() and requiredOption().
       *
       * @example
       * program
       *     .option('-p, --pepper', 'add pepper')
       *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
       *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
       *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      option(flags, description, parseArg, defaultValue) {
        return this._optionEx({}, flags, description, parseArg, defaultValue);
      }
      /**
       * Add a required option which must have a value after parsing. This usually means
       * the option must be specified on the command line. (Otherwise the same as .option().)
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      requiredOption(flags, description, parseArg, defaultValue) {
        return this._optionEx(
          { mandatory: true },
          flags,
          description,
          parseArg,
          defaultValue
        );
      }
      /**
       * Alter parsing of short flags with optional values.
       *
       * @example
       * // for `.option('-f,--flag [value]'):
       * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
       * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
       *
       * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
       * @return {Command} `this` command for chaining
       */
      combineFlagAndOptionalValue(combine = true) {
        this._combineFlagAndOptionalValue = !!combine;
        return this;
      }
      /**
       * Allow unknown options on the command line.
       *
       * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
       * @return {Command} `this` command for chaining
       */
      allowUnknownOption(allowUnknown = true) {
        this._allowUnknownOption = !!allowUnknown;
        return this;
      }
      /**
       * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
       *
       * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
       * @return {Command} `this` command for chaining
       */
      allowExcessArguments(allowExcess = true) {
        this._allowExcessArguments = !!allowExcess;
        return this;
      }
      /**
       * Enable positional options. Positional means global options are specified before subcommands which lets
       * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
       * The default behaviour is non-positional and global options may appear anywhere on the command line.
       *
       * @param {boolean} [positional]
       * @return {Command} `this` command for chaining
       */
      enablePositionalOptions(positional = true) {
        this._enablePositionalOptions = !!positional;
        return this;
      }
      /**
       * Pass through options that come after command-arguments rather than treat them as command-options,
       * so actual command-options come before command-arguments. Turning this on for a subcommand requires
       * positional options to have been enabled on the program (parent commands).
       * The default behaviour is non-positional and options may appear before or after command-arguments.
       *
       * @param {boolean} [passThrough] for unknown options.
       * @return {Command} `this` command for chaining
       */
      passThroughOptions(passThrough = true) {
        this._passThroughOptions = !!passThrough;
        this._checkForBrokenPassThrough();
        return this;
      }
      /**
       * @private
       */
      _checkForBrokenPassThrough() {
        if (this.parent && this._passThroughOptions && !this.parent._enablePositionalOptions) {
          throw new Error(
            `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`
          );
        }
      }
      /**
       * Whether to store option values as properties on command object,
       * or store separately (specify false). In both cases the option values can be accessed using .opts().
       *
       * @param {boolean} [storeAsProperties=true]
       * @return {Command} `this` command for chaining
       */
      storeOptionsAsProperties(storeAsProperties = true) {
        if (this.options.length) {
          throw new Error("call .storeOptionsAsProperties() before adding options");
        }
        if (Object.keys(this._optionValues).length) {
          throw new Error(
            "call .storeOptionsAsProperties() before setting option values"
          );
        }
        this._storeOptionsAsProperties = !!storeAsProperties;
        return this;
      }
      /**
       * Retrieve option value.
       *
       * @param {string} key
       * @return {object} value
       */
      getOptionValue(key2) {
        if (this._storeOptionsAsProperties) {
          return this[key2];
        }
        return this._optionValues[key2];
      }
      /**
       * Store option value.
       *
       * @param {string} key
       * @param {object} value
       * @return {Command} `this` command for chaining
       */
      setOptionValue(key2, value) {
        return this.setOptionValueWithSource(key2, value, void 0);
      }
      /**
       * Store option value and where the value came from.
       *
       * @param {string} key
       * @param {object} value
       * @param {string} source - expected values are default/config/env/cli/implied
       * @return {Command} `this` command for chaining
       */
      setOptionValueWithSource(key2, value, source) {
        if (this._storeOptionsAsProperties) {
          this[key2] = value;
        } else {
          this._optionValues[key2] = value;
        }
        this._optionValueSources[key2] = source;
        return this;
      }
      /**
       * Get source of option value.
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSource(key2) {
        return this._optionValueSources[key2];
      }
      /**
       * Get source of option value. See also .optsWithGlobals().
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSourceWithGlobals(key2) {
        let source;
        this._getCommandAndAncestors().forEach((cmd) => {
          if (cmd.getOptionValueSource(key2) !== void 0) {
            source = cmd.getOptionValueSource(key2);
          }
        });
        return source;
      }
      /**
       * Get user arguments from implied or explicit arguments.
       * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
       *
       * @private
       */
      _prepareUserArgs(argv, parseOptions) {
        if (argv !== void 0 && !Array.isArray(argv)) {
          throw new Error("first parameter to parse must be array or undefined");
        }
        parseOptions = parseOptions || {};
        if (argv === void 0 && parseOptions.from === void 0) {
          if (process2.versions?.electron) {
            parseOptions.from = "electron";
          }
          const execArgv = process2.execArgv ?? [];
          if (execArgv.includes("-e") || execArgv.includes("--eval") || execArgv.includes("-p") || execArgv.includes("--print")) {
            parseOptions.from = "eval";
          }
        }
        if (argv === void 0) {
          argv = process2.argv;
        }
        this.rawArgs = argv.slice();
        let userArgs;
        switch (parseOptions.from) {
          case void 0:
          case "node":
            this._scriptPath = argv[1];
            userArgs = argv.slice(2);
            break;
          case "electron":
            if (process2.defaultApp) {
              this._scriptPath = argv[1];
              userArgs = argv.slice(2);
            } else {
              userArgs = argv.slice(1);
            }
            break;
          case "user":
            userArgs = argv.slice(0);
            break;
          case "eval":
            userArgs = argv.slice(1);
            break;
          default:
            throw new Error(
              `unexpected parse option { from: '${parseOptions.from}' }`
            );
        }
        if (!this._name && this._scriptPath)
          this.nameFromFilename(this._scriptPath);
        this._name = this._name || "program";
        return userArgs;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Use parseAsync instead of parse if any of your action handlers are async.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * program.parse(); // parse process.argv and auto-detect electron and special node flags
       * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
       * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv] - optional, defaults to process.argv
       * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
       * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
       * @return {Command} `this` command for chaining
       */
      parse(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        this._parseCommand([], userArgs);
        return this;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
       * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
       * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv]
       * @param {object} [parseOptions]
       * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
       * @return {Promise}
       */
      async parseAsync(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        await this._parseCommand([], userArgs);
        return this;
      }
      _prepareForParse() {
        if (this._savedState === null) {
          this.saveStateBeforeParse();
        } else {
          this.restoreStateBeforeParse();
        }
      }
      /**
       * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state saved.
       */
      saveStateBeforeParse() {
        this._savedState = {
          // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
          _name: this._name,
          // option values before parse have default values (including false for negated options)
          // shallow clones
          _optionValues: { ...this._optionValues },
          _optionValueSources: { ...this._optionValueSources }
        };
      }
      /**
       * Restore state before parse for calls after the first.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state restored.
       */
      restoreStateBeforeParse() {
        if (this._storeOptionsAsProperties)
          throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);
        this._name = this._savedState._name;
        this._scriptPath = null;
        this.rawArgs = [];
        this._optionValues = { ...this._savedState._optionValues };
        this._optionValueSources = { ...this._savedState._optionValueSources };
        this.args = [];
        this.processedArgs = [];
      }
      /**
       * Throw if expected executable is missing. Add lots of help for author.
       *
       * @param {string} executableFile
       * @param {string} executableDir
       * @param {string} subcommandName
       */
      _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
        if (fs.existsSync(executableFile)) return;
        const executableDirMessage = executableDir ? `searched for local subcommand relative to directory '${executableDir}'` : "no directory for search for local subcommand, use .executableDir() to supply a custom directory";
        const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
        throw new Error(executableMissing);
      }
      /**
       * Execute a sub-command executable.
       *
       * @private
       */
      _executeSubCommand(subcommand, args) {
        args = args.slice();
        let launchWithNode = false;
        const sourceExt = [".js", ".ts", ".tsx", ".mjs", ".cjs"];
        function findFile(baseDir, baseName) {
          const localBin = path.resolve(baseDir, baseName);
          if (fs.existsSync(localBin)) return localBin;
          if (sourceExt.includes(path.extname(baseName))) return void 0;
          const foundExt = sourceExt.find(
            (ext) => fs.existsSync(`${localBin}${ext}`)
          );
          if (foundExt) return `${localBin}${foundExt}`;
          return void 0;
        }
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        let executableFile = subcommand._executableFile || `${this._name}-${subcommand._name}`;
        let executableDir = this._executableDir || "";
        if (this._scriptPath) {
          let resolvedScriptPath;
          try {
            resolvedScriptPath = fs.realpathSync(this._scriptPath);
          } catch {
            resolvedScriptPath = this._scriptPath;
          }
          executableDir = path.resolve(
            path.dirname(resolvedScriptPath),
            executableDir
          );
        }
        if (executableDir) {
          let localFile = findFile(executableDir, executableFile);
          if (!localFile && !subcommand._executableFile && this._scriptPath) {
            const legacyName = path.basename(
              this._scriptPath,
              path.extname(this._scriptPath)
            );
            if (legacyName !== this._name) {
              localFile = findFile(
                executableDir,
                `${legacyName}-${subcommand._name}`
              );
            }
          }
          executableFile = localFile || executableFile;
        }
        launchWithNode = sourceExt.includes(path.extname(executableFile));
        let proc;
        if (process2.platform !== "win32") {
          if (launchWithNode) {
            args.unshift(executableFile);
            args = incrementNodeInspectorPort(process2.execArgv).concat(args);
            proc = childProcess.spawn(process2.argv[0], args, { stdio: "inherit" });
          } else {
            proc = childProcess.spawn(executableFile, args, { stdio: "inherit" });
          }
        } else {
          this._checkForMissingExecutable(
            executableFile,
            executableDir,
            subcommand._name
          );
          args.unshift(executableFile);
          args = incrementNodeInspectorPort(process2.execArgv).concat(args);
          proc = childProcess.spawn(process2.execPath, args, { stdio: "inherit" });
        }
        if (!proc.killed) {
          const signals = ["SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGHUP"];
          signals.forEach((signal) => {
            process2.on(signal, () => {
              if (proc.killed === false && proc.exitCode === null) {
                proc.kill(signal);
              }
            });
          });
        }
        const exitCallback = this._exitCallback;
        proc.on("close", (code) => {
          code = code ?? 1;
          if (!exitCallback) {
            process2.exit(code);
          } else {
            exitCallback(
              new CommanderError2(
                code,
                "commander.executeSubCommandAsync",
                "(close)"
              )
            );
          }
        });
        proc.on("error", (err) => {
          if (err.code === "ENOENT") {
            this._checkForMissingExecutable(
              executableFile,
              executableDir,
              subcommand._name
            );
          } else if (err.code === "EACCES") {
            throw new Error(`'${executableFile}' not executable`);
          }
          if (!exitCallback) {
            process2.exit(1);
          } else {
            const wrappedError = new CommanderError2(
              1,
              "commander.executeSubCommandAsync",
              "(error)"
            );
            wrappedError.nestedError = err;
            exitCallback(wrappedError);
          }
        });
        this.runningCommand = proc;
      }
      /**
       * @private
       */
      _dispatchSubcommand(commandName, operands, unknown) {
        const subCommand = this._findCommand(commandName);
        if (!subCommand) this.help({ error: true });
        subCommand._prepareForParse();
        let promiseChain;
        promiseChain = this._chainOrCallSubCommandHook(
          promiseChain,
          subCommand,
          "preSubcommand"
        );
        promiseChain = this._chainOrCall(promiseChain, () => {
          if (subCommand._executableHandler) {
            this._executeSubCommand(subCommand, operands.concat(unknown));
          } else {
            return subCommand._parseCommand(operands, unknown);
          }
        });
        return promiseChain;
      }
      /**
       * Invoke help directly if possible, or dispatch if necessary.
       * e.g. help foo
       *
       * @private
       */
      _dispatchHelpCommand(subcommandName) {
        if (!subcommandName) {
          this.help();
        }
        const subCommand = this._findCommand(subcommandName);
        if (subCommand && !subCommand._executableHandler) {
          subCommand.help();
        }
        return this._dispatchSubcommand(
          subcommandName,
          [],
          [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? "--help"]
        );
      }
      /**
       * Check this.args against expected this.registeredArguments.
       *
       * @private
       */
      _checkNumberOfArguments() {
        this.registeredArguments.forEach((arg, i) => {
          if (arg.required && this.args[i] == null) {
            this.missingArgument(arg.name());
          }
        });
        if (this.registeredArguments.length > 0 && this.registeredArguments[this.registeredArguments.length - 1].variadic) {
          return;
        }
        if (this.args.length > this.registeredArguments.length) {
          this._excessArguments(this.args);
        }
      }
      /**
       * Process this.args using this.registeredArguments and save as this.processedArgs!
       *
       * @private
       */
      _processArguments() {
        const myParseArg = (argument, value, previous) => {
          let parsedValue = value;
          if (value !== null && argument.parseArg) {
            const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
            parsedValue = this._callParseArg(
              argument,
              value,
              previous,
              invalidValueMessage
            );
          }
          return parsedValue;
        };
        this._checkNumberOfArguments();
        const processedArgs = [];
        this.registeredArguments.forEach((declaredArg, index) => {
          let value = declaredArg.defaultValue;
          if (declaredArg.variadic) {
            if (index < this.args.length) {
              value = this.args.slice(index);
              if (declaredArg.parseArg) {
                value = value.reduce((processed, v) => {
                  return myParseArg(declaredArg, v, processed);
                }, declaredArg.defaultValue);
              }
            } else if (value === void 0) {
              value = [];
            }
          } else if (index < this.args.length) {
            value = this.args[index];
            if (declaredArg.parseArg) {
              value = myParseArg(declaredArg, value, declaredArg.defaultValue);
            }
          }
          processedArgs[index] = value;
        });
        this.processedArgs = processedArgs;
      }
      /**
       * Once we have a promise we chain, but call synchronously until then.
       *
       * @param {(Promise|undefined)} promise
       * @param {Function} fn
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCall(promise, fn) {
        if (promise?.then && typeof promise.then === "function") {
          return promise.then(() => fn());
        }
        return fn();
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallHooks(promise, event) {
        let result = promise;
        const hooks = [];
        this._getCommandAndAncestors().reverse().filter((cmd) => cmd._lifeCycleHooks[event] !== void 0).forEach((hookedCommand) => {
          hookedCommand._lifeCycleHooks[event].forEach((callback) => {
            hooks.push({ hookedCommand, callback });
          });
        });
        if (event === "postAction") {
          hooks.reverse();
        }
        hooks.forEach((hookDetail) => {
          result = this._chainOrCall(result, () => {
            return hookDetail.callback(hookDetail.hookedCommand, this);
          });
        });
        return result;
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {Command} subCommand
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallSubCommandHook(promise, subCommand, event) {
        let result = promise;
        if (this._lifeCycleHooks[event] !== void 0) {
          this._lifeCycleHooks[event].forEach((hook) => {
            result = this._chainOrCall(result, () => {
              return hook(this, subCommand);
            });
          });
        }
        return result;
      }
      /**
       * Process arguments in context of this command.
       * Returns action result, in case it is a promise.
       *
       * @private
       */
      _parseCommand(operands, unknown) {
        const parsed = this.parseOptions(unknown);
        this._parseOptionsEnv();
        this._parseOptionsImplied();
        operands = operands.concat(parsed.operands);
        unknown = parsed.unknown;
        this.args = operands.concat(unknown);
        if (operands && this._findCommand(operands[0])) {
          return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
        }
        if (this._getHelpCommand() && operands[0] === this._getHelpCommand().name()) {
          return this._dispatchHelpCommand(operands[1]);
        }
        if (this._defaultCommandName) {
          this._outputHelpIfRequested(unknown);
          return this._dispatchSubcommand(
            this._defaultCommandName,
            operands,
            unknown
          );
        }
        if (this.commands.length && this.args.length === 0 && !this._actionHandler && !this._defaultCommandName) {
          this.help({ error: true });
        }
        this._outputHelpIfRequested(parsed.unknown);
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        const checkForUnknownOptions = () => {
          if (parsed.unknown.length > 0) {
            this.unknownOption(parsed.unknown[0]);
          }
        };
        const commandEvent = `command:${this.name()}`;
        if (this._actionHandler) {
          checkForUnknownOptions();
          this._processArguments();
          let promiseChain;
          promiseChain = this._chainOrCallHooks(promiseChain, "preAction");
          promiseChain = this._chainOrCall(
            promiseChain,
            () => this._actionHandler(this.processedArgs)
          );
          if (this.parent) {
            promiseChain = this._chainOrCall(promiseChain, () => {
              this.parent.emit(commandEvent, operands, unknown);
            });
          }
          promiseChain = this._chainOrCallHooks(promiseChain, "postAction");
          return promiseChain;
        }
        if (this.parent?.listenerCount(commandEvent)) {
          checkForUnknownOptions();
          this._processArguments();
          this.parent.emit(commandEvent, operands, unknown);
        } else if (operands.length) {
          if (this._findCommand("*")) {
            return this._dispatchSubcommand("*", operands, unknown);
          }
          if (this.listenerCount("command:*")) {
            this.emit("command:*", operands, unknown);
          } else if (this.commands.length) {
            this.unknownCommand();
          } else {
            checkForUnknownOptions();
            this._processArguments();
          }
        } else if (this.commands.length) {
          checkForUnknownOptions();
          this.help({ error: true });
        } else {
          checkForUnknownOptions();
          this._processArguments();
        }
      }
      /**
       * Find matching command.
       *
       * @private
       * @return {Command | undefined}
       */
      _findCommand(name) {
        if (!name) return void 0;
        return this.commands.find(
          (cmd) => cmd._name === name || cmd._aliases.includes(name)
        );
      }
      /**
       * Return an option matching `arg` if any.
       *
       * @param {string} arg
       * @return {Option}
       * @package
       */
      _findOption(arg) {
        return this.options.find((option) => option.is(arg));
      }
      /**
       * Display an error message if a mandatory option does not have a value.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForMissingMandatoryOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd.options.forEach((anOption) => {
            if (anOption.mandatory && cmd.getOptionValue(anOption.attributeName()) === void 0) {
              cmd.missingMandatoryOptionValue(anOption);
            }
          });
        });
      }
      /**
       * Display an error message if conflicting options are used together in this.
       *
       * @private
       */
      _checkForConflictingLocalOptions() {
        const definedNonDefaultOptions = this.options.filter((option) => {
          const optionKey = option.attributeName();
          if (this.getOptionValue(optionKey) === void 0) {
            return false;
          }
          return this.getOptionValueSource(optionKey) !== "default";
        });
        const optionsWithConflicting = definedNonDefaultOptions.filter(
          (option) => option.conflictsWith.length > 0
        );
        optionsWithConflicting.forEach((option) => {
          const conflictingAndDefined = definedNonDefaultOptions.find(
            (defined) => option.conflictsWith.includes(defined.attributeName())
          );
          if (conflictingAndDefined) {
            this._conflictingOption(option, conflictingAndDefined);
          }
        });
      }
      /**
       * Display an error message if conflicting options are used together.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForConflictingOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd._checkForConflictingLocalOptions();
        });
      }
      /**
       * Parse options from `argv` removing known options,
       * and return argv split into operands and unknown arguments.
       *
       * Side effects: modifies command by storing options. Does not reset state if called again.
       *
       * Examples:
       *
       *     argv => operands, unknown
       *     --known kkk op => [op], []
       *     op --known kkk => [op], []
       *     sub --unknown uuu op => [sub], [--unknown uuu op]
       *     sub -- --unknown uuu op => [sub --unknown uuu op], []
       *
       * @param {string[]} args
       * @return {{operands: string[], unknown: string[]}}
       */
      parseOptions(args) {
        const operands = [];
        const unknown = [];
        let dest = operands;
        function maybeOption(arg) {
          return arg.length > 1 && arg[0] === "-";
        }
        const negativeNumberArg = (arg) => {
          if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
          return !this._getCommandAndAncestors().some(
            (cmd) => cmd.options.map((opt) => opt.short).some((short) => /^-\d$/.test(short))
          );
        };
        let activeVariadicOption = null;
        let activeGroup = null;
        let i = 0;
        while (i < args.length || activeGroup) {
          const arg = activeGroup ?? args[i++];
          activeGroup = null;
          if (arg === "--") {
            if (dest === unknown) dest.push(arg);
            dest.push(...args.slice(i));
            break;
          }
          if (activeVariadicOption && (!maybeOption(arg) || negativeNumberArg(arg))) {
            this.emit(`option:${activeVariadicOption.name()}`, arg);
            continue;
          }
          activeVariadicOption = null;
          if (maybeOption(arg)) {
            const option = this._findOption(arg);
            if (option) {
              if (option.required) {
                const value = args[i++];
                if (value === void 0) this.optionMissingArgument(option);
                this.emit(`option:${option.name()}`, value);
              } else if (option.optional) {
                let value = null;
                if (i < args.length && (!maybeOption(args[i]) || negativeNumberArg(args[i]))) {
                  value = args[i++];
                }
                this.emit(`option:${option.name()}`, value);
              } else {
                this.emit(`option:${option.name()}`);
              }
              activeVariadicOption = option.variadic ? option : null;
              continue;
            }
          }
          if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
            const option = this._findOption(`-${arg[1]}`);
            if (option) {
              if (option.required || option.optional && this._combineFlagAndOptionalValue) {
                this.emit(`option:${option.name()}`, arg.slice(2));
              } else {
                this.emit(`option:${option.name()}`);
                activeGroup = `-${arg.slice(2)}`;
              }
              continue;
            }
          }
          if (/^--[^=]+=/.test(arg)) {
            const index = arg.indexOf("=");
            const option = this._findOption(arg.slice(0, index));
            if (option && (option.required || option.optional)) {
              this.emit(`option:${option.name()}`, arg.slice(index + 1));
              continue;
            }
          }
          if (dest === operands && maybeOption(arg) && !(this.commands.length === 0 && negativeNumberArg(arg))) {
            dest = unknown;
          }
          if ((this._enablePositionalOptions || this._passThroughOptions) && operands.length === 0 && unknown.length === 0) {
            if (this._findCommand(arg)) {
              operands.push(arg);
              unknown.push(...args.slice(i));
              break;
            } else if (this._getHelpCommand() && arg === this._getHelpCommand().name()) {
              operands.push(arg, ...args.slice(i));
              break;
            } else if (this._defaultCommandName) {
              unknown.push(arg, ...args.slice(i));
              break;
            }
          }
          if (this._passThroughOptions) {
            dest.push(arg, ...args.slice(i));
            break;
          }
          dest.push(arg);
        }
        return { operands, unknown };
      }
      /**
       * Return an object containing local option values as key-value pairs.
       *
       * @return {object}
       */
      opts() {
        if (this._storeOptionsAsProperties) {
          const result = {};
          const len = this.options.length;
          for (let i = 0; i < len; i++) {
            const key2 = this.options[i].attributeName();
            result[key2] = key2 === this._versionOptionName ? this._version : this[key2];
          }
          return result;
        }
        return this._optionValues;
      }
      /**
       * Return an object containing merged local and global option values as key-value pairs.
       *
       * @return {object}
       */
      optsWithGlobals() {
        return this._getCommandAndAncestors().reduce(
          (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
          {}
        );
      }
      /**
       * Display error message and exit (or call exitOverride).
       *
       * @param {string} message
       * @param {object} [errorOptions]
       * @param {string} [errorOptions.code] - an id string representing the error
       * @param {number} [errorOptions.exitCode] - used with process.exit
       */
      error(message, errorOptions) {
        this._outputConfiguration.outputError(
          `${message}
`,
          this._outputConfiguration.writeErr
        );
        if (typeof this._showHelpAfterError === "string") {
          this._outputConfiguration.writeErr(`${this._showHelpAfterError}
`);
        } else if (this._showHelpAfterError) {
          this._outputConfiguration.writeErr("\n");
          this.outputHelp({ error: true });
        }
        const config = errorOptions || {};
        const exitCode = config.exitCode || 1;
        const code = config.code || "commander.error";
        this._exit(exitCode, code, message);
      }
      /**
       * Apply any option related environment variables, if option does
       * not have a value from cli or client code.
       *
       * @private
       */
      _parseOptionsEnv() {
        this.options.forEach((option) => {
          if (option.envVar && option.envVar in process2.env) {
            const optionKey = option.attributeName();
            if (this.getOptionValue(optionKey) === void 0 || ["default", "config", "env"].includes(
              this.getOptionValueSource(optionKey)
            )) {
              if (option.required || option.optional) {
                this.emit(`optionEnv:${option.name()}`, process2.env[option.envVar]);
              } else {
                this.emit(`optionEnv:${option.name()}`);
              }
            }
          }
        });
      }
      /**
       * Apply any implied option values, if option is undefined or default value.
       *
       * @private
       */
      _parseOptionsImplied() {
        const dualHelper = new DualOptions(this.options);
        const hasCustomOptionValue = (optionKey) => {
          return this.getOptionValue(optionKey) !== void 0 && !["default", "implied"].includes(this.getOptionValueSource(optionKey));
        };
        this.options.filter(
          (option) => option.implied !== void 0 && hasCustomOptionValue(option.attributeName()) && dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option
          )
        ).forEach((option) => {
          Object.keys(option.implied).filter((impliedKey) => !hasCustomOptionValue(impliedKey)).forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              "implied"
            );
          });
        });
      }
      /**
       * Argument `name` is missing.
       *
       * @param {string} name
       * @private
       */
      missingArgument(name) {
        const message = `error: missing required argument '${name}'`;
        this.error(message, { code: "commander.missingArgument" });
      }
      /**
       * `Option` is missing an argument.
       *
       * @param {Option} option
       * @private
       */
      optionMissingArgument(option) {
        const message = `error: option '${option.flags}' argument missing`;
        this.error(message, { code: "commander.optionMissingArgument" });
      }
      /**
       * `Option` does not have a value, and is a mandatory option.
       *
       * @param {Option} option
       * @private
       */
      missingMandatoryOptionValue(option) {
        const message = `error: required option '${option.flags}' not specified`;
        this.error(message, { code: "commander.missingMandatoryOptionValue" });
      }
      /**
       * `Option` conflicts with another option.
       *
       * @param {Option} option
       * @param {Option} conflictingOption
       * @private
       */
      _conflictingOption(option, conflictingOption) {
        const findBestOptionFromValue = (option2) => {
          const optionKey = option2.attributeName();
          const optionValue = this.getOptionValue(optionKey);
          const negativeOption = this.options.find(
            (target2) => target2.negate && optionKey === target2.attributeName()
          );
          const positiveOption = this.options.find(
            (target2) => !target2.negate && optionKey === target2.attributeName()
          );
          if (negativeOption && (negativeOption.presetArg === void 0 && optionValue === false || negativeOption.presetArg !== void 0 && optionValue === negativeOption.presetArg)) {
            return negativeOption;
          }
          return positiveOption || option2;
        };
        const getErrorMessage = (option2) => {
          const bestOption = findBestOptionFromValue(option2);
          const optionKey = bestOption.attributeName();
          const source = this.getOptionValueSource(optionKey);
          if (source === "env") {
            return `environment variable '${bestOption.envVar}'`;
          }
          return `option '${bestOption.flags}'`;
        };
        const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
        this.error(message, { code: "commander.conflictingOption" });
      }
      /**
       * Unknown option `flag`.
       *
       * @param {string} flag
       * @private
       */
      unknownOption(flag) {
        if (this._allowUnknownOption) return;
        let suggestion = "";
        if (flag.startsWith("--") && this._showSuggestionAfterError) {
          let candidateFlags = [];
          let command = this;
          do {
            const moreFlags = command.createHelp().visibleOptions(command).filter((option) => option.long).map((option) => option.long);
            candidateFlags = candidateFlags.concat(moreFlags);
            command = command.parent;
          } while (command && !command._enablePositionalOptions);
          suggestion = suggestSimilar(flag, candidateFlags);
        }
        const message = `error: unknown option '${flag}'${suggestion}`;
        this.error(message, { code: "commander.unknownOption" });
      }
      /**
       * Excess arguments, more than expected.
       *
       * @param {string[]} receivedArgs
       * @private
       */
      _excessArguments(receivedArgs) {
        if (this._allowExcessArguments) return;
        const expected = this.registeredArguments.length;
        const s = expected === 1 ? "" : "s";
        const forSubcommand = this.parent ? ` for '${this.name()}'` : "";
        const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
        this.error(message, { code: "commander.excessArguments" });
      }
      /**
       * Unknown command.
       *
       * @private
       */
      unknownCommand() {
        const unknownName = this.args[0];
        let suggestion = "";
        if (this._showSuggestionAfterError) {
          const candidateNames = [];
          this.createHelp().visibleCommands(this).forEach((command) => {
            candidateNames.push(command.name());
            if (command.alias()) candidateNames.push(command.alias());
          });
          suggestion = suggestSimilar(unknownName, candidateNames);
        }
        const message = `error: unknown command '${unknownName}'${suggestion}`;
        this.error(message, { code: "commander.unknownCommand" });
      }
      /**
       * Get or set the program version.
       *
       * This method auto-registers the "-V, --version" option which will print the version number.
       *
       * You can optionally supply the flags and description to override the defaults.
       *
       * @param {string} [str]
       * @param {string} [flags]
       * @param {string} [description]
       * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
       */
      version(str, flags, description) {
        if (str === void 0) return this._version;
        this._version = str;
        flags = flags || "-V, --version";
        description = description || "output the version number";
        const versionOption = this.createOption(flags, description);
        this._versionOptionName = versionOption.attributeName();
        this._registerOption(versionOption);
        this.on("option:" + versionOption.name(), () => {
          this._outputConfiguration.writeOut(`${str}
`);
          this._exit(0, "commander.version", str);
        });
        return this;
      }
      /**
       * Set the description.
       *
       * @param {string} [str]
       * @param {object} [argsDescription]
       * @return {(string|Command)}
       */
      description(str, argsDescription) {
        if (str === void 0 && argsDescription === void 0)
          return this._description;
        this._description = str;
        if (argsDescription) {
          this._argsDescription = argsDescription;
        }
        return this;
      }
      /**
       * Set the summary. Used when listed as subcommand of parent.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      summary(str) {
        if (str === void 0) return this._summary;
        this._summary = str;
        return this;
      }
      /**
       * Set an alias for the command.
       *
       * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
       *
       * @param {string} [alias]
       * @return {(string|Command)}
       */
      alias(alias) {
        if (alias === void 0) return this._aliases[0];
        let command = this;
        if (this.commands.length !== 0 && this.commands[this.commands.length - 1]._executableHandler) {
          command = this.commands[this.commands.length - 1];
        }
        if (alias === command._name)
          throw new Error("Command alias can't be the same as its name");
        const matchingCommand = this.parent?._findCommand(alias);
        if (matchingCommand) {
          const existingCmd = [matchingCommand.name()].concat(matchingCommand.aliases()).join("|");
          throw new Error(
            `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`
          );
        }
        command._aliases.push(alias);
        return this;
      }
      /**
       * Set aliases for the command.
       *
       * Only the first alias is shown in the auto-generated help.
       *
       * @param {string[]} [aliases]
       * @return {(string[]|Command)}
       */
      aliases(aliases) {
        if (aliases === void 0) return this._aliases;
        aliases.forEach((alias) => this.alias(alias));
        return this;
      }
      /**
       * Set / get the command usage `str`.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      usage(str) {
        if (str === void 0) {
          if (this._usage) return this._usage;
          const args = this.registeredArguments.map((arg) => {
            return humanReadableArgName(arg);
          });
          return [].concat(
            this.options.length || this._helpOption !== null ? "[options]" : [],
            this.commands.length ? "[command]" : [],
            this.registeredArguments.length ? args : []
          ).join(" ");
        }
        this._usage = str;
        return this;
      }
      /**
       * Get or set the name of the command.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      name(str) {
        if (str === void 0) return this._name;
        this._name = str;
        return this;
      }
      /**
       * Set/get the help group heading for this subcommand in parent command's help.
       *
       * @param {string} [heading]
       * @return {Command | string}
       */
      helpGroup(heading) {
        if (heading === void 0) return this._helpGroupHeading ?? "";
        this._helpGroupHeading = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for subcommands added to this command.
       * (This does not override a group set directly on the subcommand using .helpGroup().)
       *
       * @example
       * program.commandsGroup('Development Commands:);
       * program.command('watch')...
       * program.command('lint')...
       * ...
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      commandsGroup(heading) {
        if (heading === void 0) return this._defaultCommandGroup ?? "";
        this._defaultCommandGroup = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for options added to this command.
       * (This does not override a group set directly on the option using .helpGroup().)
       *
       * @example
       * program
       *   .optionsGroup('Development Options:')
       *   .option('-d, --debug', 'output extra debugging')
       *   .option('-p, --profile', 'output profiling information')
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      optionsGroup(heading) {
        if (heading === void 0) return this._defaultOptionGroup ?? "";
        this._defaultOptionGroup = heading;
        return this;
      }
      /**
       * @param {Option} option
       * @private
       */
      _initOptionGroup(option) {
        if (this._defaultOptionGroup && !option.helpGroupHeading)
          option.helpGroup(this._defaultOptionGroup);
      }
      /**
       * @param {Command} cmd
       * @private
       */
      _initCommandGroup(cmd) {
        if (this._defaultCommandGroup && !cmd.helpGroup())
          cmd.helpGroup(this._defaultCommandGroup);
      }
      /**
       * Set the name of the command from script filename, such as process.argv[1],
       * or require.main.filename, or __filename.
       *
       * (Used internally and public although not documented in README.)
       *
       * @example
       * program.nameFromFilename(require.main.filename);
       *
       * @param {string} filename
       * @return {Command}
       */
      nameFromFilename(filename) {
        this._name = path.basename(filename, path.extname(filename));
        return this;
      }
      /**
       * Get or set the directory for searching for executable subcommands of this command.
       *
       * @example
       * program.executableDir(__dirname);
       * // or
       * program.executableDir('subcommands');
       *
       * @param {string} [path]
       * @return {(string|null|Command)}
       */
      executableDir(path2) {
        if (path2 === void 0) return this._executableDir;
        this._executableDir = path2;
        return this;
      }
      /**
       * Return program help documentation.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
       * @return {string}
       */
      helpInformation(contextOptions) {
        const helper = this.createHelp();
        const context = this._getOutputContext(contextOptions);
        helper.prepareContext({
          error: context.error,
          helpWidth: context.helpWidth,
          outputHasColors: context.hasColors
        });
        const text = helper.formatHelp(this, helper);
        if (context.hasColors) return text;
        return this._outputConfiguration.stripColor(text);
      }
      /**
       * @typedef HelpContext
       * @type {object}
       * @property {boolean} error
       * @property {number} helpWidth
       * @property {boolean} hasColors
       * @property {function} write - includes stripColor if needed
       *
       * @returns {HelpContext}
       * @private
       */
      _getOutputContext(contextOptions) {
        contextOptions = contextOptions || {};
        const error = !!contextOptions.error;
        let baseWrite;
        let hasColors;
        let helpWidth;
        if (error) {
          baseWrite = (str) => this._outputConfiguration.writeErr(str);
          hasColors = this._outputConfiguration.getErrHasColors();
          helpWidth = this._outputConfiguration.getErrHelpWidth();
        } else {
          baseWrite = (str) => this._outputConfiguration.writeOut(str);
          hasColors = this._outputConfiguration.getOutHasColors();
          helpWidth = this._outputConfiguration.getOutHelpWidth();
        }
        const write = (str) => {
          if (!hasColors) str = this._outputConfiguration.stripColor(str);
          return baseWrite(str);
        };
        return { error, write, hasColors, helpWidth };
      }
      /**
       * Output help information for this command.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      outputHelp(contextOptions) {
        let deprecatedCallback;
        if (typeof contextOptions === "function") {
          deprecatedCallback = contextOptions;
          contextOptions = void 0;
        }
        const outputContext = this._getOutputContext(contextOptions);
        const eventContext = {
          error: outputContext.error,
          write: outputContext.write,
          command: this
        };
        this._getCommandAndAncestors().reverse().forEach((command) => command.emit("beforeAllHelp", eventContext));
        this.emit("beforeHelp", eventContext);
        let helpInformation = this.helpInformation({ error: outputContext.error });
        if (deprecatedCallback) {
          helpInformation = deprecatedCallback(helpInformation);
          if (typeof helpInformation !== "string" && !Buffer.isBuffer(helpInformation)) {
            throw new Error("outputHelp callback must return a string or a Buffer");
          }
        }
        outputContext.write(helpInformation);
        if (this._getHelpOption()?.long) {
          this.emit(this._getHelpOption().long);
        }
        this.emit("afterHelp", eventContext);
        this._getCommandAndAncestors().forEach(
          (command) => command.emit("afterAllHelp", eventContext)
        );
      }
      /**
       * You can pass in flags and a description to customise the built-in help option.
       * Pass in false to disable the built-in help option.
       *
       * @example
       * program.helpOption('-?, --help' 'show help'); // customise
       * program.helpOption(false); // disable
       *
       * @param {(string | boolean)} flags
       * @param {string} [description]
       * @return {Command} `this` command for chaining
       */
      helpOption(flags, description) {
        if (typeof flags === "boolean") {
          if (flags) {
            if (this._helpOption === null) this._helpOption = void 0;
            if (this._defaultOptionGroup) {
              this._initOptionGroup(this._getHelpOption());
            }
          } else {
            this._helpOption = null;
          }
          return this;
        }
        this._helpOption = this.createOption(
          flags ?? "-h, --help",
          description ?? "display help for command"
        );
        if (flags || description) this._initOptionGroup(this._helpOption);
        return this;
      }
      /**
       * Lazy create help option.
       * Returns null if has been disabled with .helpOption(false).
       *
       * @returns {(Option | null)} the help option
       * @package
       */
      _getHelpOption() {
        if (this._helpOption === void 0) {
          this.helpOption(void 0, void 0);
        }
        return this._helpOption;
      }
      /**
       * Supply your own option to use for the built-in help option.
       * This is an alternative to using helpOption() to customise the flags and description etc.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addHelpOption(option) {
        this._helpOption = option;
        this._initOptionGroup(option);
        return this;
      }
      /**
       * Output help information and exit.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      help(contextOptions) {
        this.outputHelp(contextOptions);
        let exitCode = Number(process2.exitCode ?? 0);
        if (exitCode === 0 && contextOptions && typeof contextOptions !== "function" && contextOptions.error) {
          exitCode = 1;
        }
        this._exit(exitCode, "commander.help", "(outputHelp)");
      }
      /**
       * // Do a little typing to coordinate emit and listener for the help text events.
       * @typedef HelpTextEventContext
       * @type {object}
       * @property {boolean} error
       * @property {Command} command
       * @property {function} write
       */
      /**
       * Add additional text to be displayed with the built-in help.
       *
       * Position is 'before' or 'after' to affect just this command,
       * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
       *
       * @param {string} position - before or after built-in help
       * @param {(string | Function)} text - string to add, or a function returning a string
       * @return {Command} `this` command for chaining
       */
      addHelpText(position, text) {
        const allowedValues = ["beforeAll", "before", "after", "afterAll"];
        if (!allowedValues.includes(position)) {
          throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        const helpEvent = `${position}Help`;
        this.on(helpEvent, (context) => {
          let helpStr;
          if (typeof text === "function") {
            helpStr = text({ error: context.error, command: context.command });
          } else {
            helpStr = text;
          }
          if (helpStr) {
            context.write(`${helpStr}
`);
          }
        });
        return this;
      }
      /**
       * Output help information if help flags specified
       *
       * @param {Array} args - array of options to search for help flags
       * @private
       */
      _outputHelpIfRequested(args) {
        const helpOption = this._getHelpOption();
        const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
        if (helpRequested) {
          this.outputHelp();
          this._exit(0, "commander.helpDisplayed", "(outputHelp)");
        }
      }
    };
    function incrementNodeInspectorPort(args) {
      return args.map((arg) => {
        if (!arg.startsWith("--inspect")) {
          return arg;
        }
        let debugOption;
        let debugHost = "127.0.0.1";
        let debugPort = "9229";
        let match;
        if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
          debugOption = match[1];
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null) {
          debugOption = match[1];
          if (/^\d+$/.test(match[3])) {
            debugPort = match[3];
          } else {
            debugHost = match[3];
          }
        } else if ((match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null) {
          debugOption = match[1];
          debugHost = match[3];
          debugPort = match[4];
        }
        if (debugOption && debugPort !== "0") {
          return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
        }
        return arg;
      });
    }
    function useColor() {
      if (process2.env.NO_COLOR || process2.env.FORCE_COLOR === "0" || process2.env.FORCE_COLOR === "false")
        return false;
      if (process2.env.FORCE_COLOR || process2.env.CLICOLOR_FORCE !== void 0)
        return true;
      return void 0;
    }
    exports.Command = Command2;
    exports.useColor = useColor;
  }
});

// node_modules/commander/index.js
var require_commander = __commonJS({
  "node_modules/commander/index.js"(exports) {
    var { Argument: Argument2 } = require_argument();
    var { Command: Command2 } = require_command();
    var { CommanderError: CommanderError2, InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var { Help: Help2 } = require_help();
    var { Option: Option2 } = require_option();
    exports.program = new Command2();
    exports.createCommand = (name) => new Command2(name);
    exports.createOption = (flags, description) => new Option2(flags, description);
    exports.createArgument = (name, description) => new Argument2(name, description);
    exports.Command = Command2;
    exports.Option = Option2;
    exports.Argument = Argument2;
    exports.Help = Help2;
    exports.CommanderError = CommanderError2;
    exports.InvalidArgumentError = InvalidArgumentError2;
    exports.InvalidOptionArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/esm.mjs
var import_index, program, createCommand, createArgument, createOption, CommanderError, InvalidArgumentError, InvalidOptionArgumentError, Command, Argument, Option, Help;
var init_esm = __esm({
  "node_modules/commander/esm.mjs"() {
    import_index = __toESM(require_commander(), 1);
    ({
      program,
      createCommand,
      createArgument,
      createOption,
      CommanderError,
      InvalidArgumentError,
      InvalidOptionArgumentError,
      Command: (
        // deprecated old name
        Command
      ),
      Argument,
      Option,
      Help
    } = import_index.default);
  }
});

// packages/cli/dist/errors.js
function describeError(error) {
  if (error instanceof Error) {
    const message = error.message.split("\n")[0] ?? "";
    if (error.name === "UsageError" || error.name === "CommanderError")
      return message;
    return message || error.name;
  }
  return String(error);
}
var UsageError;
var init_errors = __esm({
  "packages/cli/dist/errors.js"() {
    "use strict";
    UsageError = class extends Error {
      exitCode;
      name = "UsageError";
      constructor(message, exitCode = 2) {
        super(message);
        this.exitCode = exitCode;
      }
    };
  }
});

// packages/cli/dist/options.js
function parsePid(value) {
  const v = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v.slice(2), 16) : /^\d+$/.test(v) ? parseInt(v, 10) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError(`'${value}' is not a process id (decimal or 0x-prefixed hex).`);
  return n;
}
function parseRate(value) {
  const v = value.trim();
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > maxRate) {
    throw new InvalidArgumentError(`the rate must be a whole number of samples per second from 1 to ${maxRate}, not '${value}'.`);
  }
  return n;
}
function parseDuration(value) {
  const v = value.trim().toLowerCase();
  if (v === "unlimited")
    return void 0;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`the duration must be a positive whole number of seconds or 'unlimited', not '${value}'.`);
  return n;
}
function parseDelay(value) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`the delay must be a positive number of seconds, not '${value}'.`);
  return n;
}
function requireTarget(pid, program2, command) {
  if (pid !== void 0 && program2.length > 0)
    throw new UsageError(`pyglass ${command}: give either --pid or a program to run, not both.`);
  if (pid === void 0 && program2.length === 0) {
    throw new UsageError(`pyglass ${command}: nothing to profile: give --pid PID or a program after '--' (e.g. pyglass ${command} -- python3 app.py).`);
  }
}
var maxRate;
var init_options = __esm({
  "packages/cli/dist/options.js"() {
    "use strict";
    init_esm();
    init_errors();
    maxRate = 1e5;
  }
});

// packages/memory-reader/dist/types.js
function toAddress(value) {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`address 0x${value.toString(16)} is outside the range pyglass can represent`);
  }
  return Number(value);
}
var init_types = __esm({
  "packages/memory-reader/dist/types.js"() {
    "use strict";
  }
});

// packages/memory-reader/dist/errors.js
var MemoryReaderError, ProcessNotFound, ProcessExited, PermissionDenied, AlreadyTraced, BadAddress;
var init_errors2 = __esm({
  "packages/memory-reader/dist/errors.js"() {
    "use strict";
    MemoryReaderError = class extends Error {
      name = "MemoryReaderError";
      /** The target process id, when known. */
      pid;
      /** The errno the failing system call reported, when there was one. */
      errno;
      constructor(message, pid, errno2) {
        super(message);
        this.pid = pid;
        this.errno = errno2;
      }
    };
    ProcessNotFound = class extends MemoryReaderError {
      name = "ProcessNotFound";
      constructor(pid, errno2) {
        super(`Process ${pid} not found: no such process (check the pid; it may already have exited)`, pid, errno2);
      }
    };
    ProcessExited = class extends MemoryReaderError {
      name = "ProcessExited";
      constructor(pid, errno2) {
        super(`Process ${pid} has exited: it can no longer be read`, pid, errno2);
      }
    };
    PermissionDenied = class extends MemoryReaderError {
      name = "PermissionDenied";
      constructor(pid, errno2, what = "reading") {
        super(`Permission denied ${what} process ${pid}: run as root or grant CAP_SYS_PTRACE (inside Docker add --cap-add SYS_PTRACE); also check /proc/sys/kernel/yama/ptrace_scope`, pid, errno2);
      }
    };
    AlreadyTraced = class extends PermissionDenied {
      name = "AlreadyTraced";
      tracerPid;
      constructor(pid, tracerPid, tracerName, errno2) {
        super(pid, errno2, "pausing");
        this.tracerPid = tracerPid;
        this.message = `Process ${pid} is already being traced by process ${tracerPid}${tracerName ? ` (${tracerName})` : ""}: only one debugger or profiler can pause it at a time; stop that one, or use --nonblocking`;
      }
    };
    BadAddress = class extends MemoryReaderError {
      name = "BadAddress";
      address;
      length;
      constructor(pid, address, length, errno2) {
        super(`Bad address reading process ${pid}: 0x${address.toString(16)} (${length} bytes) is not mapped or not readable in the target`, pid, errno2);
        this.address = address;
        this.length = length;
      }
    };
  }
});

// packages/memory-reader/dist/native.js
import { createRequire } from "node:module";
function koffi() {
  return koffiModule ??= require2("koffi");
}
function errno() {
  return koffi().errno();
}
function addressOf(buf) {
  return Number(koffi().address(buf));
}
function linuxLibc() {
  if (libc)
    return libc;
  const k = koffi();
  const lib = k.load("libc.so.6");
  libc = {
    processVmReadv: lib.func("process_vm_readv", "intptr_t", ["int", "void *", "unsigned long", "void *", "unsigned long", "unsigned long"]),
    ptrace: lib.func("long ptrace(int request, ...)"),
    waitpid: lib.func("int waitpid(int pid, _Out_ int *status, int options)")
  };
  return libc;
}
function putU64(arr, index32, value) {
  arr[index32] = value >>> 0;
  arr[index32 + 1] = Math.floor(value / 4294967296);
}
var require2, koffiModule, libc, ESRCH, EINTR, EIO, ECHILD, EPERM, EACCES, EFAULT, ENOSYS;
var init_native = __esm({
  "packages/memory-reader/dist/native.js"() {
    "use strict";
    require2 = createRequire(import.meta.url);
    ESRCH = 3;
    EINTR = 4;
    EIO = 5;
    ECHILD = 10;
    EPERM = 1;
    EACCES = 13;
    EFAULT = 14;
    ENOSYS = 38;
  }
});

// packages/memory-reader/dist/batch.js
function destAddress(dest) {
  if (dest === lastDest)
    return lastDestAddress;
  let a = destAddresses.get(dest);
  if (a === void 0) {
    a = addressOf(dest);
    destAddresses.set(dest, a);
  }
  lastDest = dest;
  lastDestAddress = a;
  return a;
}
var RangeBatch, IOV_MAX, lastDest, lastDestAddress, destAddresses, IovecReadBatch;
var init_batch = __esm({
  "packages/memory-reader/dist/batch.js"() {
    "use strict";
    init_native();
    RangeBatch = class {
      count = 0;
      capacity;
      /** Remote addresses. */
      addresses;
      lengths;
      destOffsets;
      dests;
      /** 1 when the range was read completely by the last readBatch. */
      ok;
      constructor(capacity = 64) {
        this.capacity = Math.max(1, capacity | 0);
        this.addresses = new Float64Array(this.capacity);
        this.lengths = new Float64Array(this.capacity);
        this.destOffsets = new Float64Array(this.capacity);
        this.dests = new Array(this.capacity);
        this.ok = new Uint8Array(this.capacity);
      }
      add(address, length, dest, destOffset = 0) {
        if (!(length >= 0 && length <= 4294967295 && destOffset >= 0 && destOffset + length <= dest.length)) {
          throw new RangeError(`ReadBatch.add: ${length} bytes at offset ${destOffset} do not fit a destination of ${dest.length} bytes`);
        }
        if (!(address >= 0 && address <= Number.MAX_SAFE_INTEGER)) {
          throw new RangeError(`ReadBatch.add: address ${address} is not a valid address`);
        }
        const i = this.count;
        if (i === this.capacity)
          this.grow(this.capacity * 2);
        this.addresses[i] = address;
        this.lengths[i] = length;
        this.destOffsets[i] = destOffset;
        this.dests[i] = dest;
        this.ok[i] = 0;
        this.packed(i, address, length, dest, destOffset);
        this.count = i + 1;
        return i;
      }
      succeeded(index) {
        return index >= 0 && index < this.count && this.ok[index] === 1;
      }
      clear() {
        this.count = 0;
      }
      /** Hook for subclasses that mirror each range into native structures. */
      packed(_i, _address, _length, _dest, _destOffset) {
      }
      grow(capacity) {
        const grownF = (a) => {
          const b = new Float64Array(capacity);
          b.set(a);
          return b;
        };
        this.addresses = grownF(this.addresses);
        this.lengths = grownF(this.lengths);
        this.destOffsets = grownF(this.destOffsets);
        const ok = new Uint8Array(capacity);
        ok.set(this.ok);
        this.ok = ok;
        this.dests.length = capacity;
        this.capacity = capacity;
      }
    };
    IOV_MAX = 1024;
    lastDestAddress = 0;
    destAddresses = /* @__PURE__ */ new WeakMap();
    IovecReadBatch = class extends RangeBatch {
      /** Local iovecs: {iov_base, iov_len} as little-endian u64 pairs in u32 halves. */
      local;
      remote;
      localChunks = [];
      remoteChunks = [];
      constructor(capacity = 64) {
        super(capacity);
        this.local = new Uint32Array(this.capacity * 4);
        this.remote = new Uint32Array(this.capacity * 4);
      }
      packed(i, address, length, dest, destOffset) {
        const j = i * 4;
        const l = this.local;
        const r = this.remote;
        putU64(l, j, destAddress(dest) + destOffset);
        l[j + 2] = length;
        l[j + 3] = 0;
        putU64(r, j, address);
        r[j + 2] = length;
        r[j + 3] = 0;
      }
      grow(capacity) {
        super.grow(capacity);
        const l = new Uint32Array(capacity * 4);
        l.set(this.local);
        this.local = l;
        const r = new Uint32Array(capacity * 4);
        r.set(this.remote);
        this.remote = r;
        this.localChunks = [];
        this.remoteChunks = [];
      }
      /** The local iovec array starting at range `i` (cached views at IOV_MAX boundaries). */
      localFrom(i) {
        if (i === 0)
          return this.local;
        if (i % IOV_MAX === 0)
          return this.localChunks[i / IOV_MAX] ??= this.local.subarray(i * 4);
        return this.local.subarray(i * 4);
      }
      remoteFrom(i) {
        if (i === 0)
          return this.remote;
        if (i % IOV_MAX === 0)
          return this.remoteChunks[i / IOV_MAX] ??= this.remote.subarray(i * 4);
        return this.remote.subarray(i * 4);
      }
    };
  }
});

// packages/memory-reader/dist/darwin.js
function machLib() {
  if (mach)
    return mach;
  const k = koffi();
  const sys = k.load("/usr/lib/libSystem.B.dylib");
  mach = {
    selfTask: k.decode(sys.symbol("mach_task_self_"), "uint32_t"),
    taskForPid: sys.func("int task_for_pid(uint32_t target_tport, int pid, _Out_ uint32_t *task)"),
    readOverwrite: sys.func("int mach_vm_read_overwrite(uint32_t target_task, uint64_t address, uint64_t size, uint64_t data, _Out_ uint64_t *outsize)")
  };
  return mach;
}
var KERN_SUCCESS, KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, mach, DarwinProcessMemory;
var init_darwin = __esm({
  "packages/memory-reader/dist/darwin.js"() {
    "use strict";
    init_batch();
    init_errors2();
    init_native();
    KERN_SUCCESS = 0;
    KERN_INVALID_ADDRESS = 1;
    KERN_PROTECTION_FAILURE = 2;
    DarwinProcessMemory = class {
      pid;
      task;
      outSize = [0];
      constructor(pid) {
        this.pid = pid;
        const m = machLib();
        const t = [0];
        const kr = m.taskForPid(m.selfTask, pid, t);
        if (kr !== KERN_SUCCESS)
          throw new PermissionDenied(pid, kr);
        this.task = t[0];
      }
      read(address, length) {
        const buf = Buffer.allocUnsafe(length);
        this.readInto(address, buf, 0, length);
        return buf;
      }
      readInto(address, dest, destOffset = 0, length = dest.length - destOffset) {
        if (!this.tryRead(address, dest, destOffset, length))
          throw new BadAddress(this.pid, address, length);
      }
      tryRead(address, dest, destOffset, length) {
        if (length === 0)
          return true;
        const kr = machLib().readOverwrite(this.task, address, length, addressOf(dest) + destOffset, this.outSize);
        if (kr === KERN_SUCCESS)
          return Number(this.outSize[0]) === length;
        if (kr === KERN_INVALID_ADDRESS || kr === KERN_PROTECTION_FAILURE)
          return false;
        throw new MemoryReaderError(`mach_vm_read_overwrite on process ${this.pid} failed with kern_return ${kr}`, this.pid, kr);
      }
      createBatch(capacity = 64) {
        return new RangeBatch(capacity);
      }
      readBatch(batch) {
        if (!(batch instanceof RangeBatch))
          throw new TypeError("readBatch: the batch must come from createBatch()");
        let done = 0;
        for (let i = 0; i < batch.count; i++) {
          const ok = this.tryRead(batch.addresses[i], batch.dests[i], batch.destOffsets[i], batch.lengths[i]);
          batch.ok[i] = ok ? 1 : 0;
          if (ok)
            done++;
        }
        return done;
      }
      close() {
      }
    };
  }
});

// packages/memory-reader/dist/proc.js
import { existsSync, readFileSync, readdirSync, readlinkSync, statSync } from "node:fs";
function parseMapsLine(line) {
  const m = MAPS_LINE.exec(line);
  if (!m)
    return void 0;
  const perms = m[3];
  let path = m[7] ?? "";
  let deleted = false;
  if (path.endsWith(DELETED)) {
    path = path.slice(0, -DELETED.length);
    deleted = true;
  }
  const map = {
    start: parseInt(m[1], 16),
    end: parseInt(m[2], 16),
    perms,
    readable: perms[0] === "r",
    writable: perms[1] === "w",
    executable: perms[2] === "x",
    offset: parseInt(m[4], 16),
    dev: m[5],
    inode: Number(m[6]),
    path
  };
  if (deleted)
    map.deleted = true;
  return map;
}
function parseMaps(text) {
  const out = [];
  for (const line of text.split("\n")) {
    if (!line)
      continue;
    const m = parseMapsLine(line);
    if (m)
      out.push(m);
  }
  return out;
}
function parseStat(line) {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open)
    throw new MemoryReaderError(`Malformed /proc stat line: ${JSON.stringify(line.slice(0, 80))}`);
  const rest = line.slice(close + 1).trim().split(/\s+/);
  const state = rest[0] ?? "";
  const ppid = Number(rest[1]);
  const pid = Number(line.slice(0, open).trim());
  if (state.length !== 1 || !Number.isInteger(ppid) || !Number.isInteger(pid)) {
    throw new MemoryReaderError(`Malformed /proc stat line: ${JSON.stringify(line.slice(0, 80))}`);
  }
  return { pid, comm: line.slice(open + 1, close), state, ppid };
}
function parseStatState(line) {
  return parseStat(line).state;
}
function parseCmdline(text) {
  return text.split("\0").filter((s) => s.length > 0);
}
function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch (e) {
    throw procError(pid, e);
  }
}
function procError(pid, e) {
  const code = e.code;
  if (code === "ENOENT" || code === "ESRCH")
    return new ProcessNotFound(pid);
  if (code === "EACCES" || code === "EPERM")
    return new PermissionDenied(pid);
  return e instanceof Error ? e : new Error(String(e));
}
function processExists(pid) {
  return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`);
}
function readMaps(pid) {
  return parseMaps(readProc(pid, "maps"));
}
function listThreads(pid) {
  let names;
  try {
    names = readdirSync(`/proc/${pid}/task`);
  } catch (e) {
    throw procError(pid, e);
  }
  const tids = [];
  for (const n of names) {
    const t = Number(n);
    if (Number.isInteger(t) && t > 0)
      tids.push(t);
  }
  return tids.sort((a, b) => a - b);
}
function threadState(pid, tid) {
  return parseStatState(readProc(pid, `task/${tid}/stat`));
}
function processCmdline(pid) {
  return parseCmdline(readProc(pid, "cmdline"));
}
function processExe(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch (e) {
    throw procError(pid, e);
  }
}
function childProcesses(pid) {
  const byParent = /* @__PURE__ */ new Map();
  for (const name of readdirSync("/proc")) {
    const p = Number(name);
    if (!Number.isInteger(p) || p <= 0)
      continue;
    let ppid;
    try {
      ppid = parseStat(readFileSync(`/proc/${p}/stat`, "utf8")).ppid;
    } catch {
      continue;
    }
    const list = byParent.get(ppid);
    if (list)
      list.push(p);
    else
      byParent.set(ppid, [p]);
  }
  const out = [];
  const queue = [pid];
  const seen = /* @__PURE__ */ new Set([pid]);
  while (queue.length) {
    const parent = queue.shift();
    for (const child of byParent.get(parent) ?? []) {
      if (seen.has(child))
        continue;
      seen.add(child);
      out.push({ pid: child, ppid: parent });
      queue.push(child);
    }
  }
  return out;
}
function hostPathFor(pid, path) {
  return path.startsWith("/") ? `/proc/${pid}/root${path}` : `/proc/${pid}/cwd/${path}`;
}
var MAPS_LINE, DELETED;
var init_proc = __esm({
  "packages/memory-reader/dist/proc.js"() {
    "use strict";
    init_errors2();
    MAPS_LINE = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S+)\s+([0-9a-f]+)\s+(\S+)\s+(\d+)(?: +(.*))?$/;
    DELETED = " (deleted)";
  }
});

// packages/memory-reader/dist/linux.js
import { closeSync, openSync, readSync } from "node:fs";
var ENOMEM, LiveProcessMemory;
var init_linux = __esm({
  "packages/memory-reader/dist/linux.js"() {
    "use strict";
    init_batch();
    init_errors2();
    init_native();
    init_proc();
    ENOMEM = 12;
    LiveProcessMemory = class {
      pid;
      /** True once reads go through /proc/PID/mem. */
      usingProcMem;
      fd = -1;
      pvr;
      localIov = new Uint32Array(4);
      remoteIov = new Uint32Array(4);
      constructor(pid, options = {}) {
        if (!processExists(pid))
          throw new ProcessNotFound(pid);
        this.pid = pid;
        this.usingProcMem = options.procMem ?? process.env.PYGLASS_NO_PROCESS_VM_READV === "1";
      }
      read(address, length) {
        const buf = Buffer.allocUnsafe(length);
        this.readInto(address, buf, 0, length);
        return buf;
      }
      readInto(address, dest, destOffset = 0, length = dest.length - destOffset) {
        if (!(length >= 0 && destOffset >= 0 && destOffset + length <= dest.length)) {
          throw new RangeError(`readInto: ${length} bytes at offset ${destOffset} do not fit a destination of ${dest.length} bytes`);
        }
        if (length === 0)
          return;
        if (this.usingProcMem) {
          this.preadAll(address, dest, destOffset, length);
          return;
        }
        const l = this.localIov;
        const r = this.remoteIov;
        putU64(l, 0, destAddress(dest) + destOffset);
        l[2] = length;
        putU64(r, 0, address);
        r[2] = length;
        const n = (this.pvr ??= linuxLibc().processVmReadv)(this.pid, l, 1, r, 1, 0);
        if (n === length)
          return;
        if (n >= 0)
          throw this.shortReadError(address, length);
        const e = errno();
        if (e === EPERM || e === ENOSYS) {
          this.switchToProcMem(e);
          this.preadAll(address, dest, destOffset, length);
          return;
        }
        throw this.errnoError(e, address, length);
      }
      createBatch(capacity = 64) {
        return new IovecReadBatch(capacity);
      }
      readBatch(batch) {
        if (!(batch instanceof RangeBatch))
          throw new TypeError("readBatch: the batch must come from createBatch()");
        if (this.usingProcMem || !(batch instanceof IovecReadBatch))
          return this.preadBatch(batch, 0, 0);
        const pvr = this.pvr ??= linuxLibc().processVmReadv;
        const count = batch.count;
        const lengths = batch.lengths;
        const ok = batch.ok;
        let done = 0;
        let i = 0;
        while (i < count) {
          const end = Math.min(count, i + IOV_MAX);
          const n = end - i;
          let got = pvr(this.pid, batch.localFrom(i), n, batch.remoteFrom(i), n, 0);
          if (got < 0) {
            const e = errno();
            if (e === EFAULT || e === EIO || e === ENOMEM) {
              got = 0;
            } else if (e === EPERM || e === ENOSYS) {
              this.switchToProcMem(e);
              return this.preadBatch(batch, i, done);
            } else {
              throw this.errnoError(e, batch.addresses[i], lengths[i]);
            }
          }
          while (i < end && got >= lengths[i]) {
            got -= lengths[i];
            ok[i] = 1;
            done++;
            i++;
          }
          if (i < end)
            ok[i++] = 0;
        }
        return done;
      }
      /** Closes the /proc/PID/mem descriptor, if one was opened. Further reads reopen it. */
      close() {
        if (this.fd >= 0) {
          try {
            closeSync(this.fd);
          } catch {
          }
          this.fd = -1;
        }
      }
      switchToProcMem(_e) {
        this.usingProcMem = true;
      }
      memFd() {
        if (this.fd >= 0)
          return this.fd;
        try {
          this.fd = openSync(`/proc/${this.pid}/mem`, "r");
        } catch (err) {
          const code = err.code;
          if (code === "EACCES" || code === "EPERM")
            throw new PermissionDenied(this.pid, EACCES);
          if (code === "ENOENT" || code === "ESRCH")
            throw new ProcessExited(this.pid, ESRCH);
          throw new MemoryReaderError(`Cannot open /proc/${this.pid}/mem: ${err.message}`, this.pid);
        }
        return this.fd;
      }
      /** Reads a range through /proc/PID/mem; returns bytes read, or -1 on EIO/EFAULT. */
      pread(address, dest, destOffset, length) {
        const fd = this.memFd();
        let total = 0;
        try {
          while (total < length) {
            const n = readSync(fd, dest, destOffset + total, length - total, address + total);
            if (n <= 0)
              break;
            total += n;
          }
        } catch (err) {
          const code = err.code;
          if (code === "EIO" || code === "EFAULT")
            return total;
          if (code === "EACCES" || code === "EPERM")
            throw new PermissionDenied(this.pid, EPERM);
          if (code === "ESRCH")
            throw new ProcessExited(this.pid, ESRCH);
          throw new MemoryReaderError(`Reading /proc/${this.pid}/mem at 0x${address.toString(16)} failed: ${err.message}`, this.pid);
        }
        return total;
      }
      preadAll(address, dest, destOffset, length) {
        if (this.pread(address, dest, destOffset, length) !== length)
          throw this.shortReadError(address, length);
      }
      preadBatch(batch, from, done) {
        for (let i = from; i < batch.count; i++) {
          const len = batch.lengths[i];
          const ok = len === 0 || this.pread(batch.addresses[i], batch.dests[i], batch.destOffsets[i], len) === len;
          batch.ok[i] = ok ? 1 : 0;
          if (ok)
            done++;
        }
        if (done === 0 && batch.count > from && !processExists(this.pid))
          throw new ProcessExited(this.pid);
        return done;
      }
      shortReadError(address, length) {
        if (!processExists(this.pid))
          return new ProcessExited(this.pid);
        return new BadAddress(this.pid, address, length, EFAULT);
      }
      errnoError(e, address, length) {
        switch (e) {
          case ESRCH:
            return new ProcessExited(this.pid, e);
          case EPERM:
          case EACCES:
            return new PermissionDenied(this.pid, e);
          case EFAULT:
          case EIO:
          case ENOMEM:
            return this.shortReadError(address, length);
          default:
            return new MemoryReaderError(`process_vm_readv on process ${this.pid} at 0x${address.toString(16)} (${length} bytes) failed with errno ${e}`, this.pid, e);
        }
      }
    };
  }
});

// packages/memory-reader/dist/windows.js
function kernel32() {
  if (k32)
    return k32;
  const lib = koffi().load("kernel32.dll");
  k32 = {
    openProcess: lib.func("void * __stdcall OpenProcess(uint32_t dwDesiredAccess, bool bInheritHandle, uint32_t dwProcessId)"),
    readProcessMemory: lib.func("bool __stdcall ReadProcessMemory(void *hProcess, uint64_t lpBaseAddress, uint64_t lpBuffer, size_t nSize, _Out_ size_t *lpNumberOfBytesRead)"),
    closeHandle: lib.func("bool __stdcall CloseHandle(void *hObject)"),
    getLastError: lib.func("uint32_t __stdcall GetLastError()")
  };
  return k32;
}
var PROCESS_VM_READ, PROCESS_QUERY_INFORMATION, ERROR_ACCESS_DENIED, k32, WindowsProcessMemory;
var init_windows = __esm({
  "packages/memory-reader/dist/windows.js"() {
    "use strict";
    init_batch();
    init_errors2();
    init_native();
    PROCESS_VM_READ = 16;
    PROCESS_QUERY_INFORMATION = 1024;
    ERROR_ACCESS_DENIED = 5;
    WindowsProcessMemory = class {
      pid;
      handle;
      nread = [0];
      constructor(pid) {
        this.pid = pid;
        const k = kernel32();
        this.handle = k.openProcess(PROCESS_VM_READ | PROCESS_QUERY_INFORMATION, false, pid);
        if (!this.handle) {
          const e = k.getLastError();
          if (e === ERROR_ACCESS_DENIED)
            throw new PermissionDenied(pid, e);
          throw new ProcessNotFound(pid, e);
        }
      }
      read(address, length) {
        const buf = Buffer.allocUnsafe(length);
        this.readInto(address, buf, 0, length);
        return buf;
      }
      readInto(address, dest, destOffset = 0, length = dest.length - destOffset) {
        if (!this.tryRead(address, dest, destOffset, length))
          throw new BadAddress(this.pid, address, length);
      }
      tryRead(address, dest, destOffset, length) {
        if (length === 0)
          return true;
        const ok = kernel32().readProcessMemory(this.handle, address, addressOf(dest) + destOffset, length, this.nread);
        return ok && Number(this.nread[0]) === length;
      }
      createBatch(capacity = 64) {
        return new RangeBatch(capacity);
      }
      readBatch(batch) {
        if (!(batch instanceof RangeBatch))
          throw new TypeError("readBatch: the batch must come from createBatch()");
        let done = 0;
        for (let i = 0; i < batch.count; i++) {
          const ok = this.tryRead(batch.addresses[i], batch.dests[i], batch.destOffsets[i], batch.lengths[i]);
          batch.ok[i] = ok ? 1 : 0;
          if (ok)
            done++;
        }
        return done;
      }
      close() {
        if (this.handle)
          kernel32().closeHandle(this.handle);
        this.handle = null;
      }
    };
  }
});

// packages/memory-reader/dist/open.js
function openProcessMemory(pid, options) {
  switch (process.platform) {
    case "linux":
      return new LiveProcessMemory(pid, options);
    case "darwin":
      return new DarwinProcessMemory(pid);
    case "win32":
      return new WindowsProcessMemory(pid);
    default:
      throw new MemoryReaderError(`Reading process memory is not supported on ${process.platform}`, pid);
  }
}
var init_open = __esm({
  "packages/memory-reader/dist/open.js"() {
    "use strict";
    init_darwin();
    init_errors2();
    init_linux();
    init_windows();
  }
});

// packages/memory-reader/dist/lock.js
import { readFileSync as readFileSync2 } from "node:fs";
function unlockAll() {
  for (const l of [...activeLocks])
    l.unlock();
}
function installExitHooks() {
  if (hooksInstalled)
    return;
  hooksInstalled = true;
  process.on("exit", unlockAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    const handler = () => {
      unlockAll();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}
function sleepMs(ms) {
  Atomics.wait(spinWait, 0, 0, ms);
}
function reapedExitStatus(pid) {
  const st = reaped.get(pid);
  if (st === void 0)
    return void 0;
  return (st & 127) === 0 ? st >> 8 & 255 : 128 + (st & 127);
}
function waitForStop(tid, pid) {
  const { ptrace, waitpid } = linuxLibc();
  for (let attempt = 0; ; attempt++) {
    const r = waitpid(tid, status, WALL | WNOHANG);
    if (r === 0) {
      if (attempt > 50) {
        if (attempt % 10 === 0) {
          let st2;
          try {
            st2 = threadState(pid, tid);
          } catch {
            return "gone";
          }
          if (st2 === "Z" || st2 === "X")
            return "gone";
          ptrace(PTRACE_INTERRUPT, "int", tid, "void *", null, "void *", null);
        }
        sleepMs(0.1);
      }
      continue;
    }
    if (r < 0) {
      const e = errno();
      if (e === EINTR)
        continue;
      if (e === ECHILD || e === ESRCH)
        return "gone";
      throw new MemoryReaderError(`waitpid on thread ${tid} of process ${pid} failed with errno ${e}`, pid, e);
    }
    const st = status[0];
    if ((st & 255) !== 127) {
      if (r === pid)
        reaped.set(pid, st);
      return "gone";
    }
    const sig = st >> 8 & 255;
    const event = st >> 16 & 255;
    if (event === PTRACE_EVENT_STOP)
      return "stopped";
    if (event !== 0)
      return "stopped";
    const inject = sig === SIGTRAP ? 0 : sig;
    if (ptrace(PTRACE_CONT, "int", tid, "void *", null, "intptr_t", inject) < 0 && errno() === ESRCH)
      return "gone";
  }
}
function lockProcess(pid) {
  if (process.platform !== "linux")
    throw new MemoryReaderError(`lockProcess is only implemented on Linux (this is ${process.platform})`, pid);
  if (!processExists(pid))
    throw new ProcessNotFound(pid);
  installExitHooks();
  const lock = new LinuxProcessLock(pid);
  activeLocks.add(lock);
  const seen = /* @__PURE__ */ new Set();
  try {
    for (; ; ) {
      let tids;
      try {
        tids = listThreads(pid);
      } catch {
        throw new ProcessExited(pid);
      }
      const fresh = [];
      let added = 0;
      for (const tid of tids) {
        if (seen.has(tid))
          continue;
        seen.add(tid);
        added++;
        const other = lockedTids.get(tid);
        if (other && other.locked)
          throw new MemoryReaderError(`Thread ${tid} of process ${pid} is already locked by this process: unlock the previous lock first`, pid);
        if (lock.interruptThread(tid))
          fresh.push(tid);
      }
      for (const tid of fresh)
        waitForStop(tid, pid);
      if (added === 0)
        break;
    }
    if (lock.threads.length === 0)
      throw new ProcessExited(pid);
  } catch (e) {
    lock.unlock();
    throw e;
  }
  return lock;
}
function getRegisters(tid) {
  const { ptrace } = linuxLibc();
  const all = {};
  if (process.arch === "x64") {
    const regs = regsBuf ??= new BigUint64Array(34);
    if (ptrace(PTRACE_GETREGS, "int", tid, "void *", null, "void *", regs) < 0)
      throw registersError(tid);
    for (let i = 0; i < X86_64_REGS.length; i++)
      all[X86_64_REGS[i]] = Number(regs[i]);
    return { arch: "x86_64", pc: all.rip, sp: all.rsp, fp: all.rbp, all };
  }
  if (process.arch === "arm64") {
    const regs = regsBuf ??= new BigUint64Array(34);
    if (!regsIov) {
      regsIov = new Uint32Array(4);
      putU64(regsIov, 0, addressOf(new Uint8Array(regs.buffer)));
      regsIov[2] = 34 * 8;
    }
    const iov = regsIov;
    if (ptrace(PTRACE_GETREGSET, "int", tid, "intptr_t", NT_PRSTATUS, "void *", iov) < 0)
      throw registersError(tid);
    for (let i = 0; i < 31; i++)
      all[`x${i}`] = Number(regs[i]);
    all.sp = Number(regs[31]);
    all.pc = Number(regs[32]);
    all.pstate = Number(regs[33]);
    return { arch: "aarch64", pc: all.pc, sp: all.sp, fp: all.x29, all };
  }
  throw new MemoryReaderError(`getRegisters is not implemented on ${process.arch}`);
}
function registersError(tid) {
  const e = errno();
  if (e === ESRCH) {
    return new MemoryReaderError(`Cannot read the registers of thread ${tid}: it is not stopped by lockProcess (lock the process first) or has exited`, void 0, e);
  }
  return new MemoryReaderError(`Reading the registers of thread ${tid} failed with errno ${e}`, void 0, e);
}
function tracerOf(pid, tid) {
  try {
    const status2 = readFileSync2(`/proc/${pid}/task/${tid}/status`, "latin1");
    const tracer = Number(/^TracerPid:\s*(\d+)/m.exec(status2)?.[1] ?? 0);
    if (!tracer || tracer === process.pid)
      return void 0;
    let name = "";
    try {
      name = readFileSync2(`/proc/${tracer}/comm`, "latin1").trim();
    } catch {
    }
    return { pid: tracer, name };
  } catch {
    return void 0;
  }
}
var PTRACE_CONT, PTRACE_GETREGS, PTRACE_DETACH, PTRACE_GETREGSET, PTRACE_SEIZE, PTRACE_INTERRUPT, PTRACE_EVENT_STOP, NT_PRSTATUS, WNOHANG, WALL, SIGTRAP, activeLocks, lockedTids, hooksInstalled, status, spinWait, reaped, LinuxProcessLock, X86_64_REGS, regsBuf, regsIov;
var init_lock = __esm({
  "packages/memory-reader/dist/lock.js"() {
    "use strict";
    init_errors2();
    init_native();
    init_proc();
    PTRACE_CONT = 7;
    PTRACE_GETREGS = 12;
    PTRACE_DETACH = 17;
    PTRACE_GETREGSET = 16900;
    PTRACE_SEIZE = 16902;
    PTRACE_INTERRUPT = 16903;
    PTRACE_EVENT_STOP = 128;
    NT_PRSTATUS = 1;
    WNOHANG = 1;
    WALL = 1073741824;
    SIGTRAP = 5;
    activeLocks = /* @__PURE__ */ new Set();
    lockedTids = /* @__PURE__ */ new Map();
    hooksInstalled = false;
    status = [0];
    spinWait = new Int32Array(new SharedArrayBuffer(4));
    reaped = /* @__PURE__ */ new Map();
    LinuxProcessLock = class {
      pid;
      tids = [];
      locked = true;
      constructor(pid) {
        this.pid = pid;
      }
      get threads() {
        return this.tids;
      }
      /** Seizes and stops one thread; false when it vanished. */
      stopThread(tid) {
        return this.interruptThread(tid) && waitForStop(tid, this.pid) === "stopped";
      }
      /**
       * Seizes one thread and asks it to stop, without waiting (lockProcess interrupts every thread
       * first and waits afterwards, so the threads stop in parallel); false when it vanished.
       */
      interruptThread(tid) {
        const { ptrace } = linuxLibc();
        if (ptrace(PTRACE_SEIZE, "int", tid, "void *", null, "void *", null) < 0) {
          const e = errno();
          if (e === ESRCH)
            return false;
          if (e === EPERM) {
            if (!processExists(tid))
              return false;
            const tracer = tracerOf(this.pid, tid);
            if (tracer)
              throw new AlreadyTraced(this.pid, tracer.pid, tracer.name, e);
            throw new PermissionDenied(this.pid, e, "pausing");
          }
          throw new MemoryReaderError(`PTRACE_SEIZE of thread ${tid} of process ${this.pid} failed with errno ${e}`, this.pid, e);
        }
        this.tids.push(tid);
        lockedTids.set(tid, this);
        if (ptrace(PTRACE_INTERRUPT, "int", tid, "void *", null, "void *", null) < 0) {
          if (errno() === ESRCH)
            return false;
        }
        return true;
      }
      unlock() {
        if (!this.locked)
          return;
        this.locked = false;
        activeLocks.delete(this);
        let ptrace;
        try {
          ptrace = linuxLibc().ptrace;
        } catch {
        }
        for (const tid of this.tids) {
          lockedTids.delete(tid);
          try {
            ptrace?.(PTRACE_DETACH, "int", tid, "void *", null, "void *", null);
          } catch {
          }
        }
      }
    };
    X86_64_REGS = [
      "r15",
      "r14",
      "r13",
      "r12",
      "rbp",
      "rbx",
      "r11",
      "r10",
      "r9",
      "r8",
      "rax",
      "rcx",
      "rdx",
      "rsi",
      "rdi",
      "orig_rax",
      "rip",
      "cs",
      "eflags",
      "rsp",
      "ss",
      "fs_base",
      "gs_base",
      "ds",
      "es",
      "fs",
      "gs"
    ];
  }
});

// packages/memory-reader/dist/index.js
var init_dist = __esm({
  "packages/memory-reader/dist/index.js"() {
    "use strict";
    init_types();
    init_errors2();
    init_open();
    init_lock();
    init_proc();
  }
});

// packages/sampler/dist/types.js
function defaultConfig(overrides = {}) {
  return {
    blocking: LockingStrategy.Lock,
    native: false,
    samplingRate: 100,
    duration: void 0,
    includeIdle: false,
    includeThreadIds: false,
    subprocesses: false,
    gilOnly: false,
    dumpLocals: 0,
    fullFilenames: false,
    lineNo: LineNo.LastInstruction,
    showLineNumbers: true,
    ...overrides
  };
}
var LockingStrategy, LineNo;
var init_types2 = __esm({
  "packages/sampler/dist/types.js"() {
    "use strict";
    (function(LockingStrategy2) {
      LockingStrategy2["NonBlocking"] = "nonblocking";
      LockingStrategy2["AlreadyLocked"] = "already-locked";
      LockingStrategy2["Lock"] = "lock";
    })(LockingStrategy || (LockingStrategy = {}));
    (function(LineNo2) {
      LineNo2["NoLine"] = "none";
      LineNo2["First"] = "first";
      LineNo2["LastInstruction"] = "last-instruction";
    })(LineNo || (LineNo = {}));
  }
});

// packages/cpython-layouts/dist/errors.js
var UnsupportedPythonVersion, InvalidDebugOffsets;
var init_errors3 = __esm({
  "packages/cpython-layouts/dist/errors.js"() {
    "use strict";
    UnsupportedPythonVersion = class extends Error {
      version;
      supported;
      name = "UnsupportedPythonVersion";
      constructor(version, supported) {
        super(`Unsupported Python version ${version}: pyglass has layout tables for ${supported}; for a newer 3.13+ interpreter use decodeDebugOffsets(), or add its headers and run \`npm run generate -w @pyglass/cpython-layouts\``);
        this.version = version;
        this.supported = supported;
      }
    };
    InvalidDebugOffsets = class extends Error {
      reason;
      name = "InvalidDebugOffsets";
      constructor(reason) {
        super(`Invalid _Py_DebugOffsets: ${reason}; check that the address is the start of _PyRuntime (3.13+ only) and that the read succeeded`);
        this.reason = reason;
      }
    };
  }
});

// packages/cpython-layouts/dist/version.js
function decodePyVersionHex(hex) {
  if (!Number.isInteger(hex) || hex < 0 || hex > 4294967295)
    return void 0;
  const releaseLevel = LEVELS[hex >>> 4 & 15];
  if (!releaseLevel)
    return void 0;
  return { major: hex >>> 24, minor: hex >>> 16 & 255, patch: hex >>> 8 & 255, releaseLevel, serial: hex & 15, hex };
}
var LEVELS;
var init_version = __esm({
  "packages/cpython-layouts/dist/version.js"() {
    "use strict";
    LEVELS = { 10: "alpha", 11: "beta", 12: "candidate", 15: "final" };
  }
});

// packages/cpython-layouts/dist/freeze.js
function deepFreeze(value) {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value))
      deepFreeze(v);
  }
  return value;
}
var init_freeze = __esm({
  "packages/cpython-layouts/dist/freeze.js"() {
    "use strict";
  }
});

// packages/cpython-layouts/dist/gen/v2_7.js
var v2_7;
var init_v2_7 = __esm({
  "packages/cpython-layouts/dist/gen/v2_7.js"() {
    "use strict";
    init_freeze();
    v2_7 = deepFreeze({
      key: "v2_7",
      major: 2,
      minor: 7,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "2.7.18 (pyenv)",
      interpreter_state: { size: 80, next: 0, threads_head: 8, imports_modules: 16, sysdict: 24, builtins: 32 },
      thread_state: { size: 168, next: 0, interp: 8, frame: 16, thread_id: 144 },
      frame_object: { size: 384, f_back: 24, f_code: 32, f_lasti: 120, f_lineno: 124, f_localsplus: 376 },
      code_object: {
        size: 128,
        filename: 80,
        name: 88,
        firstlineno: 96,
        argcount: 16,
        flags: 28,
        nlocals: 20,
        lnotab: 104,
        varnames: 56,
        code: 32
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 392, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 872 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 36 },
      string_object: { size: 40, ob_size: 16, ob_sval: 36, ob_shash: 24, ob_sstate: 32 },
      py2_unicode_object: { size: 48, length: 16, str: 24, unicode_size: 4 },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      int_object: { size: 24, ob_ival: 16 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 248, ma_used: 24, ma_mask: 32, ma_table: 40 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_INT_SUBCLASS: 8388608,
        Py_TPFLAGS_STRING_SUBCLASS: 134217728,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_6.js
var v3_6;
var init_v3_6 = __esm({
  "packages/cpython-layouts/dist/gen/v3_6.js"() {
    "use strict";
    init_freeze();
    v3_6 = deepFreeze({
      key: "v3_6",
      major: 3,
      minor: 6,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.6.15 (pyenv)",
      interpreter_state: { size: 120, next: 0, threads_head: 8, imports_modules: 16, sysdict: 32, builtins: 40 },
      thread_state: { size: 2272, prev: 0, next: 8, interp: 16, frame: 24, thread_id: 152 },
      frame_object: { size: 384, f_back: 24, f_code: 32, f_lasti: 120, f_lineno: 124, f_localsplus: 376 },
      code_object: {
        size: 144,
        filename: 96,
        name: 104,
        firstlineno: 36,
        argcount: 16,
        kwonlyargcount: 20,
        flags: 32,
        nlocals: 24,
        lnotab: 112,
        varnames: 64,
        code: 40
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 400, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 864, ht_cached_keys: 856 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 80, asciiobject_size: 48, compactobject_size: 72, length: 16, state: 32, hash: 24, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        ready_shift: 7,
        ready_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 48, dk_size: 8, dk_nentries: 32, dk_indices: 40 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_7.js
var v3_7;
var init_v3_7 = __esm({
  "packages/cpython-layouts/dist/gen/v3_7.js"() {
    "use strict";
    init_freeze();
    v3_7 = deepFreeze({
      key: "v3_7",
      major: 3,
      minor: 7,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.7.16 (pyenv)",
      runtime_state: { size: 1520, interpreters_head: 24, tstate_current: 1480, ceval_gil: 1264, finalizing: 8 },
      interpreter_state: { size: 2568, next: 0, id: 16, threads_head: 8, imports_modules: 40, sysdict: 56, builtins: 64 },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: { size: 280, prev: 0, next: 8, interp: 16, frame: 24, thread_id: 176 },
      frame_object: { size: 368, f_back: 24, f_code: 32, f_lasti: 104, f_lineno: 108, f_localsplus: 360 },
      code_object: {
        size: 144,
        filename: 96,
        name: 104,
        firstlineno: 36,
        argcount: 16,
        kwonlyargcount: 20,
        flags: 32,
        nlocals: 24,
        lnotab: 112,
        varnames: 64,
        code: 40
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 400, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 864, ht_cached_keys: 856 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 80, asciiobject_size: 48, compactobject_size: 72, length: 16, state: 32, hash: 24, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        ready_shift: 7,
        ready_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 40, dk_size: 8, dk_nentries: 32, dk_indices: 40 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_8.js
var v3_8;
var init_v3_8 = __esm({
  "packages/cpython-layouts/dist/gen/v3_8.js"() {
    "use strict";
    init_freeze();
    v3_8 = deepFreeze({
      key: "v3_8",
      major: 3,
      minor: 8,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.8.18 (pyenv)",
      runtime_state: { size: 1464, interpreters_head: 32, tstate_current: 1368, ceval_gil: 1152, finalizing: 16 },
      interpreter_state: { size: 2720, next: 0, id: 16, threads_head: 8, imports_modules: 56, sysdict: 72, builtins: 80 },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: { size: 264, prev: 0, next: 8, interp: 16, frame: 24, thread_id: 176 },
      frame_object: { size: 368, f_back: 24, f_code: 32, f_lasti: 104, f_lineno: 108, f_localsplus: 360 },
      code_object: {
        size: 176,
        filename: 104,
        name: 112,
        firstlineno: 40,
        argcount: 16,
        kwonlyargcount: 24,
        posonlyargcount: 20,
        flags: 36,
        nlocals: 28,
        lnotab: 120,
        varnames: 72,
        code: 48
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 416, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 880, ht_cached_keys: 872 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 80, asciiobject_size: 48, compactobject_size: 72, length: 16, state: 32, hash: 24, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        ready_shift: 7,
        ready_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 40, dk_size: 8, dk_nentries: 32, dk_indices: 40 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_9.js
var v3_9;
var init_v3_9 = __esm({
  "packages/cpython-layouts/dist/gen/v3_9.js"() {
    "use strict";
    init_freeze();
    v3_9 = deepFreeze({
      key: "v3_9",
      major: 3,
      minor: 9,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.9.18 (pyenv)",
      runtime_state: { size: 656, interpreters_head: 32, tstate_current: 568, ceval_gil: 352, finalizing: 16 },
      interpreter_state: { size: 5656, next: 0, id: 24, threads_head: 8, imports_modules: 856, sysdict: 872, builtins: 880 },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: { size: 264, prev: 0, next: 8, interp: 16, frame: 24, thread_id: 176 },
      frame_object: { size: 368, f_back: 24, f_code: 32, f_lasti: 104, f_lineno: 108, f_localsplus: 360 },
      code_object: {
        size: 176,
        filename: 104,
        name: 112,
        firstlineno: 40,
        argcount: 16,
        kwonlyargcount: 24,
        posonlyargcount: 20,
        flags: 36,
        nlocals: 28,
        lnotab: 120,
        varnames: 72,
        code: 48
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 408, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 880, ht_cached_keys: 864 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 80, asciiobject_size: 48, compactobject_size: 72, length: 16, state: 32, hash: 24, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        ready_shift: 7,
        ready_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 40, dk_size: 8, dk_nentries: 32, dk_indices: 40 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_10.js
var v3_10;
var init_v3_10 = __esm({
  "packages/cpython-layouts/dist/gen/v3_10.js"() {
    "use strict";
    init_freeze();
    v3_10 = deepFreeze({
      key: "v3_10",
      major: 3,
      minor: 10,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.10.13 (pyenv)",
      runtime_state: { size: 672, interpreters_head: 32, tstate_current: 568, ceval_gil: 352, finalizing: 16 },
      interpreter_state: { size: 113528, next: 0, id: 24, threads_head: 8, imports_modules: 856, sysdict: 872, builtins: 880 },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: { size: 280, prev: 0, next: 8, interp: 16, frame: 24, thread_id: 176 },
      frame_object: { size: 360, f_back: 24, f_code: 32, f_lasti: 96, f_lineno: 100, f_localsplus: 352 },
      code_object: {
        size: 176,
        filename: 104,
        name: 112,
        firstlineno: 40,
        argcount: 16,
        kwonlyargcount: 24,
        posonlyargcount: 20,
        flags: 36,
        nlocals: 28,
        linetable: 120,
        varnames: 72,
        code: 48
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 408, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 888, ht_cached_keys: 872 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 80, asciiobject_size: 48, compactobject_size: 72, length: 16, state: 32, hash: 24, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        ready_shift: 7,
        ready_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 40, dk_size: 8, dk_nentries: 32, dk_indices: 40 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_11.js
var v3_11;
var init_v3_11 = __esm({
  "packages/cpython-layouts/dist/gen/v3_11.js"() {
    "use strict";
    init_freeze();
    v3_11 = deepFreeze({
      key: "v3_11",
      major: 3,
      minor: 11,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.11.2 (debian), 3.11.7 (pyenv)",
      runtime_state: { size: 166688, interpreters_head: 40, tstate_current: 576, ceval_gil: 360, finalizing: 24 },
      interpreter_state: { size: 107752, next: 0, id: 48, threads_head: 16, imports_modules: 888, sysdict: 904, builtins: 912 },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 360,
        prev: 0,
        next: 8,
        interp: 16,
        cframe: 56,
        thread_id: 152,
        native_thread_id: 160,
        datastack_chunk: 296,
        datastack_top: 304,
        datastack_limit: 312
      },
      cframe: { size: 24, current_frame: 8, previous: 16 },
      interpreter_frame: { size: 80, previous: 48, executable: 32, instr_ptr: 56, localsplus: 72, owner: 69, is_entry: 68 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 192,
        filename: 112,
        name: 120,
        firstlineno: 72,
        argcount: 56,
        kwonlyargcount: 64,
        posonlyargcount: 60,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 76,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 184
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 408, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 904, ht_cached_keys: 872 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 80, asciiobject_size: 48, compactobject_size: 72, length: 16, state: 32, hash: 24, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        ready_shift: 7,
        ready_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 8, values: 0 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        MANAGED_DICT_OFFSET: -24,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_12.js
var v3_12;
var init_v3_12 = __esm({
  "packages/cpython-layouts/dist/gen/v3_12.js"() {
    "use strict";
    init_freeze();
    v3_12 = deepFreeze({
      key: "v3_12",
      major: 3,
      minor: 12,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.12.1 (pyenv)",
      runtime_state: { size: 459944, interpreters_head: 40, finalizing: 24 },
      interpreter_state: {
        size: 383552,
        next: 0,
        id: 8,
        threads_head: 72,
        imports_modules: 944,
        ceval_gil: 384,
        gil_runtime_state: 1040,
        sysdict: 352,
        builtins: 360
      },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 288,
        prev: 0,
        next: 8,
        interp: 16,
        cframe: 56,
        thread_id: 136,
        native_thread_id: 144,
        datastack_chunk: 232,
        datastack_top: 240,
        datastack_limit: 248,
        status: 24
      },
      cframe: { size: 16, current_frame: 0, previous: 8 },
      interpreter_frame: { size: 80, previous: 8, executable: 0, instr_ptr: 56, localsplus: 72, owner: 70 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 200,
        filename: 112,
        name: 120,
        firstlineno: 68,
        argcount: 52,
        kwonlyargcount: 60,
        posonlyargcount: 56,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 72,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 192
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 416, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 920, ht_cached_keys: 880 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 64, asciiobject_size: 40, compactobject_size: 56, length: 16, state: 32, hash: 24, data: 56 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 8, values: 0 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        MANAGED_WEAKREF_OFFSET: -32,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_CSTACK: 3,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_13.js
var v3_13;
var init_v3_13 = __esm({
  "packages/cpython-layouts/dist/gen/v3_13.js"() {
    "use strict";
    init_freeze();
    v3_13 = deepFreeze({
      key: "v3_13",
      major: 3,
      minor: 13,
      patchMin: 1,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.13.18 (debian-sid)",
      runtime_state: { size: 283408, interpreters_head: 632, finalizing: 608 },
      interpreter_state: {
        size: 194984,
        next: 7264,
        id: 7272,
        threads_head: 7344,
        threads_main: 7352,
        imports_modules: 7656,
        ceval_gil: 16,
        gil_runtime_state: 7752,
        sysdict: 7640,
        builtins: 7648
      },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 312,
        prev: 0,
        next: 8,
        interp: 16,
        current_frame: 72,
        thread_id: 152,
        native_thread_id: 160,
        datastack_chunk: 232,
        datastack_top: 240,
        datastack_limit: 248,
        status: 32,
        state: 40
      },
      interpreter_frame: { size: 80, previous: 8, executable: 0, instr_ptr: 56, localsplus: 72, owner: 70 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 208,
        filename: 112,
        name: 120,
        firstlineno: 68,
        argcount: 52,
        kwonlyargcount: 60,
        posonlyargcount: 56,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 72,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 200
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 416, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 928, ht_cached_keys: 880 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 64, asciiobject_size: 40, compactobject_size: 56, length: 16, state: 32, hash: 24, data: 56 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 16, values: 8 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        Py_TPFLAGS_INLINE_VALUES: 4,
        MANAGED_DICT_OFFSET: -24,
        MANAGED_WEAKREF_OFFSET: -32,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_CSTACK: 3,
        Py_TAG_DEFERRED: 1,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _Py_THREAD_DETACHED: 0,
        _Py_THREAD_ATTACHED: 1,
        _Py_THREAD_SUSPENDED: 2,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_13_0.js
var v3_13_0;
var init_v3_13_0 = __esm({
  "packages/cpython-layouts/dist/gen/v3_13_0.js"() {
    "use strict";
    init_freeze();
    v3_13_0 = deepFreeze({
      key: "v3_13_0",
      major: 3,
      minor: 13,
      patchMax: 0,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.13.0 (pyenv)",
      runtime_state: { size: 283320, interpreters_head: 632, finalizing: 608 },
      interpreter_state: {
        size: 194968,
        next: 7264,
        id: 7272,
        threads_head: 7344,
        threads_main: 7352,
        imports_modules: 7656,
        ceval_gil: 16,
        gil_runtime_state: 7752,
        sysdict: 7640,
        builtins: 7648
      },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 304,
        prev: 0,
        next: 8,
        interp: 16,
        current_frame: 72,
        thread_id: 152,
        native_thread_id: 160,
        datastack_chunk: 232,
        datastack_top: 240,
        datastack_limit: 248,
        status: 32,
        state: 40
      },
      interpreter_frame: { size: 80, previous: 8, executable: 0, instr_ptr: 56, localsplus: 72, owner: 70 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 208,
        filename: 112,
        name: 120,
        firstlineno: 68,
        argcount: 52,
        kwonlyargcount: 60,
        posonlyargcount: 56,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 72,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 200
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 416, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 928, ht_cached_keys: 880 },
      tuple_object: { size: 32, ob_size: 16, ob_item: 24 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 64, asciiobject_size: 40, compactobject_size: 56, length: 16, state: 32, hash: 24, data: 56 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 16, values: 8 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        Py_TPFLAGS_INLINE_VALUES: 4,
        MANAGED_DICT_OFFSET: -24,
        MANAGED_WEAKREF_OFFSET: -32,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_CSTACK: 3,
        Py_TAG_DEFERRED: 1,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _Py_THREAD_DETACHED: 0,
        _Py_THREAD_ATTACHED: 1,
        _Py_THREAD_SUSPENDED: 2,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_13t.js
var v3_13t;
var init_v3_13t = __esm({
  "packages/cpython-layouts/dist/gen/v3_13t.js"() {
    "use strict";
    init_freeze();
    v3_13t = deepFreeze({
      key: "v3_13t",
      major: 3,
      minor: 13,
      freeThreaded: true,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.13.15 (source build, free-threaded)",
      runtime_state: { size: 328384, interpreters_head: 632, finalizing: 608 },
      interpreter_state: {
        size: 215616,
        next: 7264,
        id: 7272,
        threads_head: 7344,
        threads_main: 7352,
        imports_modules: 7664,
        ceval_gil: 16,
        gil_runtime_state: 7760,
        sysdict: 7648,
        builtins: 7656
      },
      gil_runtime_state: { size: 216, locked: 24, last_holder: 16, enabled: 0 },
      thread_state: {
        size: 312,
        prev: 0,
        next: 8,
        interp: 16,
        current_frame: 72,
        thread_id: 152,
        native_thread_id: 160,
        datastack_chunk: 232,
        datastack_top: 240,
        datastack_limit: 248,
        status: 32,
        state: 40
      },
      interpreter_frame: { size: 80, previous: 8, executable: 0, instr_ptr: 56, localsplus: 72, owner: 70 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 224,
        filename: 128,
        name: 136,
        firstlineno: 84,
        argcount: 68,
        kwonlyargcount: 76,
        posonlyargcount: 72,
        flags: 64,
        nlocals: 96,
        linetable: 152,
        qualname: 144,
        nlocalsplus: 88,
        localsplusnames: 112,
        localspluskinds: 120,
        co_code_adaptive: 216
      },
      pyobject: { size: 32, ob_type: 24, ob_tid: 0, ob_ref_local: 12, ob_ref_shared: 16 },
      type_object: { size: 432, tp_name: 40, tp_basicsize: 48, tp_flags: 184, tp_dictoffset: 304, tp_repr: 104 },
      heap_type_object: { size: 944, ht_cached_keys: 896 },
      tuple_object: { size: 48, ob_size: 32, ob_item: 40 },
      list_object: { size: 56, ob_size: 32, ob_item: 40 },
      bytes_object: { size: 56, ob_size: 32, ob_sval: 48 },
      unicode_object: { size: 80, asciiobject_size: 56, compactobject_size: 72, length: 32, state: 48, hash: 40, data: 72 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 48, lv_tag: 32, ob_digit: 40, digit_bits: 30, digit_size: 4 },
      float_object: { size: 40, ob_fval: 32 },
      dict_object: { size: 64, ma_used: 32, ma_keys: 48, ma_values: 56 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 16, values: 8 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        Py_TPFLAGS_INLINE_VALUES: 4,
        MANAGED_DICT_OFFSET: -8,
        MANAGED_WEAKREF_OFFSET: -16,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_CSTACK: 3,
        Py_TAG_DEFERRED: 1,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _Py_THREAD_DETACHED: 0,
        _Py_THREAD_ATTACHED: 1,
        _Py_THREAD_SUSPENDED: 2,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_14.js
var v3_14;
var init_v3_14 = __esm({
  "packages/cpython-layouts/dist/gen/v3_14.js"() {
    "use strict";
    init_freeze();
    v3_14 = deepFreeze({
      key: "v3_14",
      major: 3,
      minor: 14,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.14.10 (debian-sid)",
      runtime_state: { size: 316616, interpreters_head: 808, finalizing: 784 },
      interpreter_state: {
        size: 225864,
        next: 7272,
        id: 7280,
        threads_head: 7344,
        threads_main: 7360,
        imports_modules: 7688,
        ceval_gil: 16,
        gil_runtime_state: 7784,
        sysdict: 7672,
        builtins: 7680
      },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 832,
        prev: 0,
        next: 8,
        interp: 16,
        current_frame: 72,
        thread_id: 152,
        native_thread_id: 160,
        datastack_chunk: 232,
        datastack_top: 240,
        datastack_limit: 248,
        status: 32,
        state: 44,
        holds_gil: 36
      },
      interpreter_frame: { size: 88, previous: 8, executable: 0, instr_ptr: 56, localsplus: 80, owner: 74, stackpointer: 64 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 216,
        filename: 112,
        name: 120,
        firstlineno: 68,
        argcount: 52,
        kwonlyargcount: 60,
        posonlyargcount: 56,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 72,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 208
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 416, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 936, ht_cached_keys: 880 },
      tuple_object: { size: 40, ob_size: 16, ob_item: 32 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 64, asciiobject_size: 40, compactobject_size: 56, length: 16, state: 32, hash: 24, data: 56 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 16, values: 8 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        Py_TPFLAGS_INLINE_VALUES: 4,
        MANAGED_DICT_OFFSET: -24,
        MANAGED_WEAKREF_OFFSET: -32,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_CSTACK: 4,
        FRAME_OWNED_BY_INTERPRETER: 3,
        Py_TAG_BITS: 3,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _Py_THREAD_DETACHED: 0,
        _Py_THREAD_ATTACHED: 1,
        _Py_THREAD_SUSPENDED: 2,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_14d.js
var v3_14d;
var init_v3_14d = __esm({
  "packages/cpython-layouts/dist/gen/v3_14d.js"() {
    "use strict";
    init_freeze();
    v3_14d = deepFreeze({
      key: "v3_14d",
      major: 3,
      minor: 14,
      freeThreaded: false,
      debug: true,
      pointerSize: 8,
      generatedFrom: "3.14.10 (debian-sid, debug)",
      runtime_state: { size: 332632, interpreters_head: 808, finalizing: 784 },
      interpreter_state: {
        size: 225880,
        next: 7272,
        id: 7280,
        threads_head: 7344,
        threads_main: 7360,
        imports_modules: 7688,
        ceval_gil: 16,
        gil_runtime_state: 7784,
        sysdict: 7672,
        builtins: 7680
      },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 832,
        prev: 0,
        next: 8,
        interp: 16,
        current_frame: 72,
        thread_id: 152,
        native_thread_id: 160,
        datastack_chunk: 232,
        datastack_top: 240,
        datastack_limit: 248,
        status: 32,
        state: 44,
        holds_gil: 36
      },
      interpreter_frame: { size: 88, previous: 8, executable: 0, instr_ptr: 56, localsplus: 80, owner: 74, stackpointer: 64 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 216,
        filename: 112,
        name: 120,
        firstlineno: 68,
        argcount: 52,
        kwonlyargcount: 60,
        posonlyargcount: 56,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 72,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 208
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 416, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 936, ht_cached_keys: 880 },
      tuple_object: { size: 40, ob_size: 16, ob_item: 32 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 64, asciiobject_size: 40, compactobject_size: 56, length: 16, state: 32, hash: 24, data: 56 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 16, values: 8 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        Py_TPFLAGS_INLINE_VALUES: 4,
        MANAGED_DICT_OFFSET: -24,
        MANAGED_WEAKREF_OFFSET: -32,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_CSTACK: 4,
        FRAME_OWNED_BY_INTERPRETER: 3,
        Py_TAG_BITS: 3,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _Py_THREAD_DETACHED: 0,
        _Py_THREAD_ATTACHED: 1,
        _Py_THREAD_SUSPENDED: 2,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/v3_15.js
var v3_15;
var init_v3_15 = __esm({
  "packages/cpython-layouts/dist/gen/v3_15.js"() {
    "use strict";
    init_freeze();
    v3_15 = deepFreeze({
      key: "v3_15",
      major: 3,
      minor: 15,
      freeThreaded: false,
      debug: false,
      pointerSize: 8,
      generatedFrom: "3.15.2 (debian-sid)",
      runtime_state: { size: 346568, interpreters_head: 936, finalizing: 912 },
      interpreter_state: {
        size: 226240,
        next: 7264,
        id: 7272,
        threads_head: 7336,
        threads_main: 7352,
        imports_modules: 7592,
        ceval_gil: 16,
        gil_runtime_state: 7736,
        sysdict: 7576,
        builtins: 7584
      },
      gil_runtime_state: { size: 208, locked: 16, last_holder: 8 },
      thread_state: {
        size: 888,
        prev: 0,
        next: 8,
        interp: 16,
        current_frame: 72,
        thread_id: 176,
        native_thread_id: 184,
        datastack_chunk: 256,
        datastack_top: 264,
        datastack_limit: 272,
        status: 32,
        state: 48,
        holds_gil: 36
      },
      interpreter_frame: { size: 88, previous: 8, executable: 0, instr_ptr: 56, localsplus: 80, owner: 74, stackpointer: 64 },
      stack_chunk: { size: 32, previous: 0, chunk_size: 8, top: 16, data: 24 },
      code_object: {
        size: 216,
        filename: 112,
        name: 120,
        firstlineno: 68,
        argcount: 52,
        kwonlyargcount: 60,
        posonlyargcount: 56,
        flags: 48,
        nlocals: 80,
        linetable: 136,
        qualname: 128,
        nlocalsplus: 72,
        localsplusnames: 96,
        localspluskinds: 104,
        co_code_adaptive: 208
      },
      pyobject: { size: 16, ob_type: 8, ob_refcnt: 0 },
      type_object: { size: 424, tp_name: 24, tp_basicsize: 32, tp_flags: 168, tp_dictoffset: 288, tp_repr: 88 },
      heap_type_object: { size: 944, ht_cached_keys: 888 },
      tuple_object: { size: 40, ob_size: 16, ob_item: 32 },
      list_object: { size: 40, ob_size: 16, ob_item: 24 },
      bytes_object: { size: 40, ob_size: 16, ob_sval: 32 },
      unicode_object: { size: 64, asciiobject_size: 40, compactobject_size: 56, length: 16, state: 32, hash: 24, data: 56 },
      unicode_state_bits: {
        interned_shift: 0,
        interned_bits: 2,
        kind_shift: 2,
        kind_bits: 3,
        compact_shift: 5,
        compact_bits: 1,
        ascii_shift: 6,
        ascii_bits: 1,
        statically_allocated_shift: 7,
        statically_allocated_bits: 1
      },
      long_object: { size: 32, lv_tag: 16, ob_digit: 24, digit_bits: 30, digit_size: 4 },
      float_object: { size: 24, ob_fval: 16 },
      dict_object: { size: 48, ma_used: 16, ma_keys: 32, ma_values: 40 },
      dict_keys_object: { size: 32, dk_log2_size: 8, dk_log2_index_bytes: 9, dk_kind: 10, dk_nentries: 24, dk_indices: 32 },
      dict_entry: { size: 24, me_hash: 0, me_key: 8, me_value: 16 },
      dict_unicode_entry: { size: 16, me_key: 0, me_value: 8 },
      dict_values: { size: 16, values: 8 },
      constants: {
        Py_TPFLAGS_HEAPTYPE: 512,
        Py_TPFLAGS_LONG_SUBCLASS: 16777216,
        Py_TPFLAGS_LIST_SUBCLASS: 33554432,
        Py_TPFLAGS_TUPLE_SUBCLASS: 67108864,
        Py_TPFLAGS_BYTES_SUBCLASS: 134217728,
        Py_TPFLAGS_UNICODE_SUBCLASS: 268435456,
        Py_TPFLAGS_DICT_SUBCLASS: 536870912,
        Py_TPFLAGS_MANAGED_DICT: 16,
        Py_TPFLAGS_MANAGED_WEAKREF: 8,
        Py_TPFLAGS_INLINE_VALUES: 4,
        MANAGED_DICT_OFFSET: -24,
        MANAGED_WEAKREF_OFFSET: -32,
        FRAME_OWNED_BY_THREAD: 0,
        FRAME_OWNED_BY_GENERATOR: 1,
        FRAME_OWNED_BY_FRAME_OBJECT: 2,
        FRAME_OWNED_BY_INTERPRETER: 3,
        Py_TAG_BITS: 3,
        CO_FAST_HIDDEN: 16,
        CO_FAST_LOCAL: 32,
        CO_FAST_CELL: 64,
        CO_FAST_FREE: 128,
        _Py_THREAD_DETACHED: 0,
        _Py_THREAD_ATTACHED: 1,
        _Py_THREAD_SUSPENDED: 2,
        _PyLong_NON_SIZE_BITS: 3,
        _PyLong_SIGN_MASK: 3,
        CO_VARARGS: 4,
        CO_VARKEYWORDS: 8
      }
    });
  }
});

// packages/cpython-layouts/dist/gen/debug_offsets.js
var debugOffsetsLayouts;
var init_debug_offsets = __esm({
  "packages/cpython-layouts/dist/gen/debug_offsets.js"() {
    "use strict";
    init_freeze();
    debugOffsetsLayouts = deepFreeze([
      {
        key: "v3_13",
        major: 3,
        minor: 13,
        generatedFrom: "3.13, 3.13-sid, 3.13t",
        size: 584,
        runtimeOffset: 0,
        fields: {
          cookie: 0,
          version: 8,
          free_threaded: 16,
          "runtime_state.size": 24,
          "runtime_state.finalizing": 32,
          "runtime_state.interpreters_head": 40,
          "interpreter_state.size": 48,
          "interpreter_state.id": 56,
          "interpreter_state.next": 64,
          "interpreter_state.threads_head": 72,
          "interpreter_state.gc": 80,
          "interpreter_state.imports_modules": 88,
          "interpreter_state.sysdict": 96,
          "interpreter_state.builtins": 104,
          "interpreter_state.ceval_gil": 112,
          "interpreter_state.gil_runtime_state": 120,
          "interpreter_state.gil_runtime_state_enabled": 128,
          "interpreter_state.gil_runtime_state_locked": 136,
          "interpreter_state.gil_runtime_state_holder": 144,
          "thread_state.size": 152,
          "thread_state.prev": 160,
          "thread_state.next": 168,
          "thread_state.interp": 176,
          "thread_state.current_frame": 184,
          "thread_state.thread_id": 192,
          "thread_state.native_thread_id": 200,
          "thread_state.datastack_chunk": 208,
          "thread_state.status": 216,
          "interpreter_frame.size": 224,
          "interpreter_frame.previous": 232,
          "interpreter_frame.executable": 240,
          "interpreter_frame.instr_ptr": 248,
          "interpreter_frame.localsplus": 256,
          "interpreter_frame.owner": 264,
          "code_object.size": 272,
          "code_object.filename": 280,
          "code_object.name": 288,
          "code_object.qualname": 296,
          "code_object.linetable": 304,
          "code_object.firstlineno": 312,
          "code_object.argcount": 320,
          "code_object.localsplusnames": 328,
          "code_object.localspluskinds": 336,
          "code_object.co_code_adaptive": 344,
          "pyobject.size": 352,
          "pyobject.ob_type": 360,
          "type_object.size": 368,
          "type_object.tp_name": 376,
          "type_object.tp_repr": 384,
          "type_object.tp_flags": 392,
          "tuple_object.size": 400,
          "tuple_object.ob_item": 408,
          "tuple_object.ob_size": 416,
          "list_object.size": 424,
          "list_object.ob_item": 432,
          "list_object.ob_size": 440,
          "dict_object.size": 448,
          "dict_object.ma_keys": 456,
          "dict_object.ma_values": 464,
          "float_object.size": 472,
          "float_object.ob_fval": 480,
          "long_object.size": 488,
          "long_object.lv_tag": 496,
          "long_object.ob_digit": 504,
          "bytes_object.size": 512,
          "bytes_object.ob_size": 520,
          "bytes_object.ob_sval": 528,
          "unicode_object.size": 536,
          "unicode_object.state": 544,
          "unicode_object.length": 552,
          "unicode_object.asciiobject_size": 560,
          "gc.size": 568,
          "gc.collecting": 576
        }
      },
      {
        key: "v3_14",
        major: 3,
        minor: 14,
        generatedFrom: "3.14-sid, 3.14d-sid",
        size: 760,
        runtimeOffset: 0,
        fields: {
          cookie: 0,
          version: 8,
          free_threaded: 16,
          "runtime_state.size": 24,
          "runtime_state.finalizing": 32,
          "runtime_state.interpreters_head": 40,
          "interpreter_state.size": 48,
          "interpreter_state.id": 56,
          "interpreter_state.next": 64,
          "interpreter_state.threads_head": 72,
          "interpreter_state.threads_main": 80,
          "interpreter_state.gc": 88,
          "interpreter_state.imports_modules": 96,
          "interpreter_state.sysdict": 104,
          "interpreter_state.builtins": 112,
          "interpreter_state.ceval_gil": 120,
          "interpreter_state.gil_runtime_state": 128,
          "interpreter_state.gil_runtime_state_enabled": 136,
          "interpreter_state.gil_runtime_state_locked": 144,
          "interpreter_state.gil_runtime_state_holder": 152,
          "interpreter_state.code_object_generation": 160,
          "interpreter_state.tlbc_generation": 168,
          "thread_state.size": 176,
          "thread_state.prev": 184,
          "thread_state.next": 192,
          "thread_state.interp": 200,
          "thread_state.current_frame": 208,
          "thread_state.thread_id": 216,
          "thread_state.native_thread_id": 224,
          "thread_state.datastack_chunk": 232,
          "thread_state.status": 240,
          "interpreter_frame.size": 248,
          "interpreter_frame.previous": 256,
          "interpreter_frame.executable": 264,
          "interpreter_frame.instr_ptr": 272,
          "interpreter_frame.localsplus": 280,
          "interpreter_frame.owner": 288,
          "interpreter_frame.stackpointer": 296,
          "interpreter_frame.tlbc_index": 304,
          "code_object.size": 312,
          "code_object.filename": 320,
          "code_object.name": 328,
          "code_object.qualname": 336,
          "code_object.linetable": 344,
          "code_object.firstlineno": 352,
          "code_object.argcount": 360,
          "code_object.localsplusnames": 368,
          "code_object.localspluskinds": 376,
          "code_object.co_code_adaptive": 384,
          "code_object.co_tlbc": 392,
          "pyobject.size": 400,
          "pyobject.ob_type": 408,
          "type_object.size": 416,
          "type_object.tp_name": 424,
          "type_object.tp_repr": 432,
          "type_object.tp_flags": 440,
          "tuple_object.size": 448,
          "tuple_object.ob_item": 456,
          "tuple_object.ob_size": 464,
          "list_object.size": 472,
          "list_object.ob_item": 480,
          "list_object.ob_size": 488,
          "set_object.size": 496,
          "set_object.used": 504,
          "set_object.table": 512,
          "set_object.mask": 520,
          "dict_object.size": 528,
          "dict_object.ma_keys": 536,
          "dict_object.ma_values": 544,
          "float_object.size": 552,
          "float_object.ob_fval": 560,
          "long_object.size": 568,
          "long_object.lv_tag": 576,
          "long_object.ob_digit": 584,
          "bytes_object.size": 592,
          "bytes_object.ob_size": 600,
          "bytes_object.ob_sval": 608,
          "unicode_object.size": 616,
          "unicode_object.state": 624,
          "unicode_object.length": 632,
          "unicode_object.asciiobject_size": 640,
          "gc.size": 648,
          "gc.collecting": 656,
          "gen_object.size": 664,
          "gen_object.gi_name": 672,
          "gen_object.gi_iframe": 680,
          "gen_object.gi_frame_state": 688,
          "llist_node.next": 696,
          "llist_node.prev": 704,
          "debugger_support.eval_breaker": 712,
          "debugger_support.remote_debugger_support": 720,
          "debugger_support.remote_debugging_enabled": 728,
          "debugger_support.debugger_pending_call": 736,
          "debugger_support.debugger_script_path": 744,
          "debugger_support.debugger_script_path_size": 752
        }
      },
      {
        key: "v3_15",
        major: 3,
        minor: 15,
        generatedFrom: "3.15-sid",
        size: 888,
        runtimeOffset: 0,
        fields: {
          cookie: 0,
          version: 8,
          free_threaded: 16,
          "runtime_state.size": 24,
          "runtime_state.finalizing": 32,
          "runtime_state.interpreters_head": 40,
          "interpreter_state.size": 48,
          "interpreter_state.id": 56,
          "interpreter_state.next": 64,
          "interpreter_state.threads_head": 72,
          "interpreter_state.threads_main": 80,
          "interpreter_state.gc": 88,
          "interpreter_state.imports_modules": 96,
          "interpreter_state.sysdict": 104,
          "interpreter_state.builtins": 112,
          "interpreter_state.ceval_gil": 120,
          "interpreter_state.gil_runtime_state": 128,
          "interpreter_state.gil_runtime_state_enabled": 136,
          "interpreter_state.gil_runtime_state_locked": 144,
          "interpreter_state.gil_runtime_state_holder": 152,
          "interpreter_state.code_object_generation": 160,
          "interpreter_state.tlbc_generation": 168,
          "thread_state.size": 176,
          "thread_state.prev": 184,
          "thread_state.next": 192,
          "thread_state.interp": 200,
          "thread_state.current_frame": 208,
          "thread_state.base_frame": 216,
          "thread_state.last_profiled_frame": 224,
          "thread_state.last_profiled_frame_seq": 232,
          "thread_state.thread_id": 240,
          "thread_state.native_thread_id": 248,
          "thread_state.datastack_chunk": 256,
          "thread_state.status": 264,
          "thread_state.holds_gil": 272,
          "thread_state.gil_requested": 280,
          "thread_state.current_exception": 288,
          "thread_state.exc_state": 296,
          "err_stackitem.exc_value": 304,
          "interpreter_frame.size": 312,
          "interpreter_frame.previous": 320,
          "interpreter_frame.executable": 328,
          "interpreter_frame.instr_ptr": 336,
          "interpreter_frame.localsplus": 344,
          "interpreter_frame.owner": 352,
          "interpreter_frame.stackpointer": 360,
          "interpreter_frame.tlbc_index": 368,
          "code_object.size": 376,
          "code_object.filename": 384,
          "code_object.name": 392,
          "code_object.qualname": 400,
          "code_object.linetable": 408,
          "code_object.firstlineno": 416,
          "code_object.argcount": 424,
          "code_object.localsplusnames": 432,
          "code_object.localspluskinds": 440,
          "code_object.co_code_adaptive": 448,
          "code_object.co_tlbc": 456,
          "pyobject.size": 464,
          "pyobject.ob_type": 472,
          "type_object.size": 480,
          "type_object.tp_name": 488,
          "type_object.tp_repr": 496,
          "type_object.tp_flags": 504,
          "type_object.tp_basicsize": 512,
          "type_object.tp_dictoffset": 520,
          "heap_type_object.size": 528,
          "heap_type_object.ht_cached_keys": 536,
          "tuple_object.size": 544,
          "tuple_object.ob_item": 552,
          "tuple_object.ob_size": 560,
          "list_object.size": 568,
          "list_object.ob_item": 576,
          "list_object.ob_size": 584,
          "set_object.size": 592,
          "set_object.used": 600,
          "set_object.table": 608,
          "set_object.mask": 616,
          "dict_object.size": 624,
          "dict_object.ma_keys": 632,
          "dict_object.ma_values": 640,
          "float_object.size": 648,
          "float_object.ob_fval": 656,
          "long_object.size": 664,
          "long_object.lv_tag": 672,
          "long_object.ob_digit": 680,
          "bytes_object.size": 688,
          "bytes_object.ob_size": 696,
          "bytes_object.ob_sval": 704,
          "unicode_object.size": 712,
          "unicode_object.state": 720,
          "unicode_object.length": 728,
          "unicode_object.asciiobject_size": 736,
          "unicode_object.compactunicodeobject_size": 744,
          "gc.size": 752,
          "gc.collecting": 760,
          "gc.frame": 768,
          "gc.generation_stats_size": 776,
          "gc.generation_stats": 784,
          "gen_object.size": 792,
          "gen_object.gi_name": 800,
          "gen_object.gi_iframe": 808,
          "gen_object.gi_frame_state": 816,
          "llist_node.next": 824,
          "llist_node.prev": 832,
          "debugger_support.eval_breaker": 840,
          "debugger_support.remote_debugger_support": 848,
          "debugger_support.remote_debugging_enabled": 856,
          "debugger_support.debugger_pending_call": 864,
          "debugger_support.debugger_script_path": 872,
          "debugger_support.debugger_script_path_size": 880
        }
      }
    ]);
  }
});

// packages/cpython-layouts/dist/gen/index.js
var generatedLayouts;
var init_gen = __esm({
  "packages/cpython-layouts/dist/gen/index.js"() {
    "use strict";
    init_v2_7();
    init_v3_6();
    init_v3_7();
    init_v3_8();
    init_v3_9();
    init_v3_10();
    init_v3_11();
    init_v3_12();
    init_v3_13();
    init_v3_13_0();
    init_v3_13t();
    init_v3_14();
    init_v3_14d();
    init_v3_15();
    init_debug_offsets();
    generatedLayouts = Object.freeze([
      v2_7,
      v3_6,
      v3_7,
      v3_8,
      v3_9,
      v3_10,
      v3_11,
      v3_12,
      v3_13,
      v3_13_0,
      v3_13t,
      v3_14,
      v3_14d,
      v3_15
    ]);
  }
});

// packages/cpython-layouts/dist/layouts.js
function supportedRange() {
  const fmt2 = (ls) => {
    const minors = [...new Set(ls.map((l) => `${l.major}.${l.minor}`))];
    const parts = [];
    let runStart = 0;
    for (let i = 1; i <= minors.length; i++) {
      const prev = minors[i - 1].split(".").map(Number);
      const cur = minors[i]?.split(".").map(Number);
      if (cur && cur[0] === prev[0] && cur[1] === prev[1] + 1)
        continue;
      parts.push(runStart === i - 1 ? minors[runStart] : `${minors[runStart]}\u2013${minors[i - 1]}`);
      runStart = i;
    }
    return parts.join(", ");
  };
  const ft = generatedLayouts.filter((l) => l.freeThreaded);
  const dbg = generatedLayouts.filter((l) => l.debug);
  return `${fmt2(generatedLayouts.filter((l) => !l.freeThreaded && !l.debug))}` + (ft.length ? `; free-threaded: ${fmt2(ft)}` : "") + (dbg.length ? `; debug: ${fmt2(dbg)} (other debug builds use the release table)` : "");
}
function parseVersion(v) {
  if (typeof v !== "string")
    return v;
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(t?)(d?)\s*$/.exec(v);
  if (!m)
    throw new UnsupportedPythonVersion(v, supportedRange());
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    ...m[3] === void 0 ? {} : { patch: Number(m[3]) },
    ...m[4] ? { freeThreaded: true } : {},
    ...m[5] ? { debug: true } : {}
  };
}
function describe(v, o) {
  return `${v.major}.${v.minor}${v.patch === void 0 ? "" : `.${v.patch}`}${o.freeThreaded ? "t" : ""}${o.debug ? "d" : ""}`;
}
function pickPatch(candidates, patch) {
  if (patch === void 0)
    return candidates.find((l) => l.patchMax === void 0) ?? candidates[candidates.length - 1];
  return candidates.find((l) => (l.patchMin ?? 0) <= patch && patch <= (l.patchMax ?? Infinity));
}
function layoutFor(version, options = {}) {
  const v = parseVersion(version);
  const ft = options.freeThreaded ?? v.freeThreaded ?? false;
  const debug = options.debug ?? v.debug ?? false;
  const flavour = generatedLayouts.filter((l) => l.major === v.major && l.minor === v.minor && l.freeThreaded === ft);
  let candidates = flavour.filter((l) => l.debug === debug);
  if (!candidates.length && debug)
    candidates = flavour.filter((l) => !l.debug);
  const found = pickPatch(candidates, v.patch);
  if (!found)
    throw new UnsupportedPythonVersion(describe(v, { freeThreaded: ft, debug }), supportedRange());
  return found;
}
var init_layouts = __esm({
  "packages/cpython-layouts/dist/layouts.js"() {
    "use strict";
    init_errors3();
    init_gen();
  }
});

// packages/cpython-layouts/dist/debug-offsets.js
function target(path, raw) {
  const v = raw[path];
  switch (path) {
    case "interpreter_state.gil_runtime_state_locked":
      return ["gil_runtime_state", "locked", v - raw["interpreter_state.gil_runtime_state"]];
    case "interpreter_state.gil_runtime_state_holder":
      return ["gil_runtime_state", "last_holder", v - raw["interpreter_state.gil_runtime_state"]];
    // already relative to struct _gil_runtime_state
    case "interpreter_state.gil_runtime_state_enabled":
      return ["gil_runtime_state", "enabled", v];
    case "unicode_object.compactunicodeobject_size":
      return ["unicode_object", "compactobject_size", v];
  }
  const dot = path.indexOf(".");
  if (dot < 0)
    return void 0;
  return [path.slice(0, dot), path.slice(dot + 1), v];
}
function structLayoutFor(v) {
  const exact = debugOffsetsLayouts.find((l) => l.major === v.major && l.minor === v.minor);
  if (exact)
    return { struct: exact, exact: true };
  const newest = debugOffsetsLayouts[debugOffsetsLayouts.length - 1];
  if (v.major === newest.major && v.minor > newest.minor)
    return { struct: newest, exact: false };
  throw new InvalidDebugOffsets(`version ${v.major}.${v.minor}.${v.patch} has no _Py_DebugOffsets (they exist from 3.13)`);
}
function baseLayout(v, freeThreaded, debug) {
  const byDistance = (l) => (l.minor <= v.minor ? v.minor - l.minor : 1e3 + l.minor - v.minor) + (l.freeThreaded === freeThreaded ? 0 : 1e4) + (l.debug === debug ? 0 : 100) + (l.patchMax === void 0 ? 0 : 1);
  const candidates = generatedLayouts.filter((l) => l.major === v.major && l.minor >= 13);
  let best = candidates[0];
  for (const l of candidates)
    if (byDistance(l) < byDistance(best))
      best = l;
  return { base: best, exact: best.minor === v.minor && best.freeThreaded === freeThreaded };
}
function decodeDebugOffsets(bytes, options = {}) {
  if (!(bytes instanceof Uint8Array))
    throw new InvalidDebugOffsets("input is not a Uint8Array");
  if (bytes.length < 24)
    throw new InvalidDebugOffsets(`got ${bytes.length} bytes, need at least 24 for the header`);
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== DEBUG_OFFSETS_COOKIE.charCodeAt(i))
      throw new InvalidDebugOffsets('the cookie is not "xdebugpy"');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u642 = (off, what) => {
    const lo = view.getUint32(off, true);
    const hi = view.getUint32(off + 4, true);
    if (hi !== 0)
      throw new InvalidDebugOffsets(`${what} = 0x${hi.toString(16)}${lo.toString(16).padStart(8, "0")} does not fit in 32 bits`);
    return lo;
  };
  const hex = u642(8, "version");
  const version = decodePyVersionHex(hex);
  if (!version || version.major !== 3 || version.minor < 13) {
    throw new InvalidDebugOffsets(`version 0x${hex.toString(16)} is not a PY_VERSION_HEX of 3.13 or later`);
  }
  const ftRaw = u642(16, "free_threaded");
  if (ftRaw > 1)
    throw new InvalidDebugOffsets(`free_threaded = ${ftRaw}, expected 0 or 1`);
  const freeThreaded = ftRaw === 1;
  const { struct, exact: exactStruct } = structLayoutFor(version);
  let needed = 0;
  for (const off of Object.values(struct.fields))
    needed = Math.max(needed, off + 8);
  if (bytes.length < needed)
    throw new InvalidDebugOffsets(`got ${bytes.length} bytes, the ${struct.key} struct needs ${needed}`);
  const raw = {};
  for (const [path, off] of Object.entries(struct.fields)) {
    if (path === "cookie")
      continue;
    const value = u642(off, path);
    if (value >= 1 << 24 && path !== "version")
      throw new InvalidDebugOffsets(`${path} = ${value} is not a plausible offset or size`);
    raw[path] = value;
  }
  const { base, exact: exactBase } = baseLayout(version, freeThreaded, options.debug ?? false);
  const groups = {};
  const fromDebugOffsets = [];
  for (const [path] of Object.entries(raw)) {
    if (ZERO_MEANS_ABSENT.has(path) && raw[path] === 0)
      continue;
    const t = target(path, raw);
    if (!t)
      continue;
    const [group, field, value] = t;
    if (!(group in base))
      continue;
    (groups[group] ??= {})[field] = value;
    fromDebugOffsets.push(`${group}.${field}`);
  }
  const fromStaticTable = [];
  const merged = {};
  for (const [key2, value] of Object.entries(base)) {
    if (value === null || typeof value !== "object") {
      merged[key2] = value;
      continue;
    }
    const over = groups[key2] ?? {};
    for (const f of Object.keys(value))
      if (!(f in over))
        fromStaticTable.push(`${key2}.${f}`);
    merged[key2] = { ...value, ...over };
  }
  for (const [key2, over] of Object.entries(groups))
    if (!(key2 in merged))
      merged[key2] = { ...over };
  const v = `${version.major}.${version.minor}.${version.patch}`;
  Object.assign(merged, {
    key: `${base.key}+debug_offsets`,
    major: version.major,
    minor: version.minor,
    patchMin: void 0,
    patchMax: void 0,
    freeThreaded,
    debug: options.debug ?? false,
    generatedFrom: `_Py_DebugOffsets of ${v}${freeThreaded ? " (free-threaded)" : ""} over ${base.key} (${base.generatedFrom})`
  });
  return deepFreeze({
    version,
    freeThreaded,
    layout: merged,
    baseKey: base.key,
    exactBase,
    structKey: struct.key,
    exactStruct,
    fromDebugOffsets,
    fromStaticTable,
    raw
  });
}
var DEBUG_OFFSETS_COOKIE, DEBUG_OFFSETS_READ_SIZE, ZERO_MEANS_ABSENT;
var init_debug_offsets2 = __esm({
  "packages/cpython-layouts/dist/debug-offsets.js"() {
    "use strict";
    init_errors3();
    init_freeze();
    init_gen();
    init_version();
    DEBUG_OFFSETS_COOKIE = "xdebugpy";
    DEBUG_OFFSETS_READ_SIZE = Math.max(...debugOffsetsLayouts.map((l) => l.size));
    ZERO_MEANS_ABSENT = /* @__PURE__ */ new Set([
      "interpreter_state.gil_runtime_state_enabled",
      "interpreter_state.tlbc_generation",
      "interpreter_frame.tlbc_index",
      "code_object.co_tlbc"
    ]);
  }
});

// packages/cpython-layouts/dist/index.js
var init_dist2 = __esm({
  "packages/cpython-layouts/dist/index.js"() {
    "use strict";
    init_layouts();
    init_debug_offsets2();
  }
});

// packages/sampler/dist/errors.js
var NotPythonProcess, InterpreterNotFound, SamplingFailed;
var init_errors4 = __esm({
  "packages/sampler/dist/errors.js"() {
    "use strict";
    NotPythonProcess = class extends Error {
      pid;
      name = "NotPythonProcess";
      constructor(pid, detail = "") {
        super(`PID ${pid} does not look like a Python process (no libpython or python binary mapped)${detail ? `: ${detail}` : ""}`);
        this.pid = pid;
      }
    };
    InterpreterNotFound = class extends Error {
      pid;
      reason;
      name = "InterpreterNotFound";
      constructor(pid, reason) {
        super(`Failed to find the Python interpreter state in process ${pid}: ${reason}; the interpreter may still be starting (retry) or be an unsupported build`);
        this.pid = pid;
        this.reason = reason;
      }
    };
    SamplingFailed = class extends Error {
      pid;
      name = "SamplingFailed";
      constructor(pid, reason) {
        super(`Failed to read the Python stacks of process ${pid}: ${reason}`);
        this.pid = pid;
      }
    };
  }
});

// packages/sampler/dist/filenames.js
import { existsSync as existsSync2 } from "node:fs";
function shortFilename(filename, root = "", cwd = "", exists = existsSync2) {
  if (!filename.includes("/"))
    return filename;
  const abs = filename.startsWith("/");
  const host = (dir) => abs ? `${root}${dir}` : `${cwd}${cwd && dir ? "/" : ""}${dir}`;
  let path = filename;
  for (let depth = 0; depth < 64; depth++) {
    const slash = path.lastIndexOf("/");
    const parent = slash > 0 ? path.slice(0, slash) : slash === 0 ? "/" : "";
    path = parent;
    if (parent === "/" || parent === "")
      break;
    if (!exists(`${host(parent)}/__init__.py`))
      break;
  }
  if (path === "")
    return filename;
  let rest = filename.slice(path.length);
  while (rest.startsWith("/"))
    rest = rest.slice(1);
  return rest || filename;
}
var init_filenames = __esm({
  "packages/sampler/dist/filenames.js"() {
    "use strict";
  }
});

// packages/unwinder/dist/errors.js
var ObjectFileError;
var init_errors5 = __esm({
  "packages/unwinder/dist/errors.js"() {
    "use strict";
    ObjectFileError = class extends Error {
      name = "ObjectFileError";
      /** The file that was being parsed. */
      file;
      constructor(file, problem) {
        super(`${file}: ${problem}`);
        this.file = file;
      }
    };
  }
});

// packages/unwinder/dist/source.js
import { closeSync as closeSync2, fstatSync, openSync as openSync2, readSync as readSync2 } from "node:fs";
function checkRange(src, offset, length, what) {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > src.size) {
    throw new ObjectFileError(src.path, `${what} (offset ${offset}, ${length} bytes) lies outside the file (${src.size} bytes): the file is truncated or corrupt`);
  }
}
function openFd(path) {
  try {
    return openSync2(path, "r");
  } catch (e) {
    const code = e.code ?? "error";
    throw new ObjectFileError(path, `cannot be opened (${code}): check the path and permissions`);
  }
}
function cString(table, off, path, what) {
  if (off < 0 || off >= table.length) {
    if (off === 0 && table.length === 0)
      return "";
    throw new ObjectFileError(path, `${what}: string offset ${off} is outside the string table (${table.length} bytes)`);
  }
  const end = table.indexOf(0, off);
  if (end < 0)
    throw new ObjectFileError(path, `${what}: string at offset ${off} is not NUL-terminated before the end of the string table`);
  return table.toString("utf8", off, end);
}
function checkCount(path, what, count, entrySize, available) {
  if (!Number.isSafeInteger(count) || count < 0 || count * entrySize > available) {
    throw new ObjectFileError(path, `${what}: ${count} entries of ${entrySize} bytes do not fit in the ${available} bytes available (corrupt count)`);
  }
}
var BufferSource, FileSource, SliceSource, Fields;
var init_source = __esm({
  "packages/unwinder/dist/source.js"() {
    "use strict";
    init_errors5();
    BufferSource = class _BufferSource {
      path;
      buf;
      size;
      constructor(path, buf) {
        this.path = path;
        this.buf = buf;
        this.size = buf.length;
      }
      read(offset, length, what) {
        checkRange(this, offset, length, what);
        return this.buf.subarray(offset, offset + length);
      }
      readInto(offset, dest, destOffset, length, what) {
        dest.set(this.read(offset, length, what), destOffset);
      }
      slice(offset, length, what) {
        return new _BufferSource(this.path, this.read(offset, length, what));
      }
      close() {
      }
    };
    FileSource = class {
      path;
      size;
      fd;
      constructor(path, fd) {
        this.path = path;
        this.fd = fd ?? openFd(path);
        try {
          this.size = fstatSync(this.fd).size;
        } catch (e) {
          closeSync2(this.fd);
          throw e;
        }
      }
      read(offset, length, what) {
        checkRange(this, offset, length, what);
        const buf = Buffer.allocUnsafe(length);
        this.readInto(offset, buf, 0, length, what);
        return buf;
      }
      readInto(offset, dest, destOffset, length, what) {
        checkRange(this, offset, length, what);
        if (this.fd < 0)
          throw new ObjectFileError(this.path, `cannot read ${what}: the file was closed (evicted from the cache); open it again`);
        let done = 0;
        while (done < length) {
          const n = readSync2(this.fd, dest, destOffset + done, length - done, offset + done);
          if (n <= 0)
            throw new ObjectFileError(this.path, `${what}: unexpected end of file at offset ${offset + done} (the file shrank while being read)`);
          done += n;
        }
      }
      slice(offset, length, what) {
        checkRange(this, offset, length, what);
        return new SliceSource(this, offset, length);
      }
      close() {
        if (this.fd >= 0)
          closeSync2(this.fd);
        this.fd = -1;
      }
    };
    SliceSource = class _SliceSource {
      parent;
      base;
      size;
      path;
      constructor(parent, base, size) {
        this.parent = parent;
        this.base = base;
        this.size = size;
        this.path = parent.path;
      }
      read(offset, length, what) {
        checkRange(this, offset, length, what);
        return this.parent.read(this.base + offset, length, what);
      }
      readInto(offset, dest, destOffset, length, what) {
        checkRange(this, offset, length, what);
        this.parent.readInto(this.base + offset, dest, destOffset, length, what);
      }
      slice(offset, length, what) {
        checkRange(this, offset, length, what);
        return new _SliceSource(this, offset, length);
      }
      close() {
        this.parent.close();
      }
    };
    Fields = class {
      buf;
      little;
      path;
      what;
      view;
      constructor(buf, little, path, what) {
        this.buf = buf;
        this.little = little;
        this.path = path;
        this.what = what;
        this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      get length() {
        return this.buf.length;
      }
      check(off, n) {
        if (off < 0 || off + n > this.buf.length) {
          throw new ObjectFileError(this.path, `${this.what} is truncated: needs ${off + n} bytes, has ${this.buf.length}`);
        }
      }
      u8(off) {
        this.check(off, 1);
        return this.buf[off];
      }
      u16(off) {
        this.check(off, 2);
        return this.view.getUint16(off, this.little);
      }
      i32(off) {
        this.check(off, 4);
        return this.view.getInt32(off, this.little);
      }
      u32(off) {
        this.check(off, 4);
        return this.view.getUint32(off, this.little);
      }
      u64(off) {
        this.check(off, 8);
        return this.view.getBigUint64(off, this.little);
      }
      /** A u64 that must fit a JS number (file offsets, counts): ObjectFileError otherwise. */
      u64n(off, field) {
        const v = this.u64(off);
        if (v > 0x1fffffffffffffn)
          throw new ObjectFileError(this.path, `${this.what}: ${field} 0x${v.toString(16)} is absurdly large`);
        return Number(v);
      }
      /** A word of the file's class: 8 bytes when `is64`, else 4 bytes. */
      word(off, is64) {
        return is64 ? this.u64(off) : BigInt(this.u32(off));
      }
      wordn(off, is64, field) {
        return is64 ? this.u64n(off, field) : this.u32(off);
      }
      /** A NUL-padded fixed-size string (Mach-O segment names, PE section names, core fname). */
      fixedString(off, n) {
        this.check(off, n);
        let end = off;
        while (end < off + n && this.buf[end] !== 0)
          end++;
        return this.buf.toString("latin1", off, end);
      }
    };
  }
});

// packages/unwinder/dist/elf.js
function parseNotes(path, data, little, out) {
  const f = new Fields(data, little, path, "note");
  let off = 0;
  while (off + 12 <= data.length) {
    const namesz = f.u32(off);
    const descsz = f.u32(off + 4);
    const type = f.u32(off + 8);
    const nameOff = off + 12;
    const descOff = nameOff + (namesz + 3 & ~3);
    const end = descOff + (descsz + 3 & ~3);
    if (namesz > data.length || descsz > data.length || descOff + descsz > data.length) {
      throw new ObjectFileError(path, `note at offset ${off} (name ${namesz} bytes, desc ${descsz} bytes) runs past the end of its note area (${data.length} bytes)`);
    }
    let nameEnd = nameOff;
    while (nameEnd < nameOff + namesz && data[nameEnd] !== 0)
      nameEnd++;
    out.push({ name: data.toString("latin1", nameOff, nameEnd), type, desc: data.subarray(descOff, descOff + descsz) });
    off = end;
  }
}
var ET_CORE, PT_LOAD, PT_NOTE, SHT_SYMTAB, SHT_STRTAB, SHT_NOBITS, SHT_NOTE, SHT_DYNSYM, STT_FUNC, STT_SECTION, STT_FILE, STT_TLS, STT_GNU_IFUNC, STB_LOCAL, SHN_UNDEF, NT_GNU_BUILD_ID, EM_X86_64, EM_AARCH64, MAX_SAFE, SymbolTable, ElfFile;
var init_elf = __esm({
  "packages/unwinder/dist/elf.js"() {
    "use strict";
    init_errors5();
    init_source();
    ET_CORE = 4;
    PT_LOAD = 1;
    PT_NOTE = 4;
    SHT_SYMTAB = 2;
    SHT_STRTAB = 3;
    SHT_NOBITS = 8;
    SHT_NOTE = 7;
    SHT_DYNSYM = 11;
    STT_FUNC = 2;
    STT_SECTION = 3;
    STT_FILE = 4;
    STT_TLS = 6;
    STT_GNU_IFUNC = 10;
    STB_LOCAL = 0;
    SHN_UNDEF = 0;
    NT_GNU_BUILD_ID = 3;
    EM_X86_64 = 62;
    EM_AARCH64 = 183;
    MAX_SAFE = 0x1fffffffffffffn;
    SymbolTable = class {
      elf;
      kind;
      section;
      strtab;
      data;
      view;
      strings;
      byName;
      count;
      entSize;
      constructor(elf, kind, section, strtab) {
        this.elf = elf;
        this.kind = kind;
        this.section = section;
        this.strtab = strtab;
        this.entSize = elf.is64 ? 24 : 16;
        if (section.entsize !== 0 && section.entsize !== this.entSize) {
          throw new ObjectFileError(elf.path, `.${kind} entry size ${section.entsize} is not ${this.entSize}`);
        }
        this.count = Math.floor(section.fileSize / this.entSize);
      }
      load() {
        if (this.data)
          return;
        this.data = this.elf.sectionData(this.section);
        this.view = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
        this.strings = this.elf.sectionData(this.strtab);
      }
      nameOffset(i) {
        return this.view.getUint32(i * this.entSize, this.elf.little);
      }
      info(i) {
        return this.data[i * this.entSize + (this.elf.is64 ? 4 : 12)];
      }
      shndx(i) {
        return this.view.getUint16(i * this.entSize + (this.elf.is64 ? 6 : 14), this.elf.little);
      }
      value(i) {
        const off = i * this.entSize;
        return this.elf.is64 ? this.view.getBigUint64(off + 8, this.elf.little) : BigInt(this.view.getUint32(off + 4, this.elf.little));
      }
      /** True for entries worth indexing: defined, named, not section/file symbols. */
      defined(i) {
        const type = this.info(i) & 15;
        return this.shndx(i) !== SHN_UNDEF && type !== STT_SECTION && type !== STT_FILE;
      }
      get(i) {
        this.load();
        const off = i * this.entSize;
        const v = this.view;
        const little = this.elf.little;
        const info = this.info(i);
        const size = this.elf.is64 ? v.getBigUint64(off + 16, little) : BigInt(v.getUint32(off + 8, little));
        return {
          name: cString(this.strings, this.nameOffset(i), this.elf.path, `.${this.kind} symbol ${i} name`),
          value: this.value(i),
          size,
          type: info & 15,
          bind: info >> 4,
          sectionIndex: this.shndx(i),
          table: this.kind
        };
      }
      indexOf(name) {
        if (!this.byName)
          this.buildIndex();
        return this.byName.get(name);
      }
      buildIndex() {
        this.load();
        const map = /* @__PURE__ */ new Map();
        const strings = this.strings;
        const path = this.elf.path;
        for (let i = 1; i < this.count; i++) {
          if (!this.defined(i))
            continue;
          const so = this.nameOffset(i);
          if (so === 0)
            continue;
          if (so >= strings.length)
            throw new ObjectFileError(path, `.${this.kind} symbol ${i}: name offset ${so} is outside the string table (${strings.length} bytes)`);
          const end = strings.indexOf(0, so);
          if (end < 0)
            throw new ObjectFileError(path, `.${this.kind} symbol ${i}: name is not NUL-terminated before the end of the string table`);
          const name = strings.toString("latin1", so, end);
          const prev = map.get(name);
          if (prev === void 0)
            map.set(name, i);
          else if (this.info(prev) >> 4 === STB_LOCAL && this.info(i) >> 4 !== STB_LOCAL)
            map.set(name, i);
        }
        this.byName = map;
      }
      /** Calls `fn(index, value)` for every defined function symbol with a nonzero address. */
      forEachFunction(fn) {
        this.load();
        for (let i = 1; i < this.count; i++) {
          const type = this.info(i) & 15;
          if (type !== STT_FUNC && type !== STT_GNU_IFUNC || this.shndx(i) === SHN_UNDEF)
            continue;
          const value = this.value(i);
          if (value !== 0n)
            fn(i, value);
        }
      }
    };
    ElfFile = class _ElfFile {
      source;
      format = "elf";
      is64;
      little;
      /** e_type: ET_EXEC, ET_DYN, ET_CORE … */
      type;
      /** e_machine: EM_X86_64, EM_AARCH64 … */
      machine;
      entry;
      segments;
      sections;
      byName = /* @__PURE__ */ new Map();
      dynsym;
      symtab;
      sortedAddrs;
      sortedRefs;
      buildIdCache;
      dataCache = /* @__PURE__ */ new Map();
      /** Parses the ELF at `path` (positional reads: only headers are read now). */
      static open(path) {
        const src = new FileSource(path);
        try {
          return new _ElfFile(src);
        } catch (e) {
          src.close();
          throw e;
        }
      }
      /** Parses an ELF image held in memory. */
      static fromBuffer(buf, path = "<buffer>") {
        return new _ElfFile(new BufferSource(path, buf));
      }
      constructor(source) {
        this.source = source;
        const path = source.path;
        if (source.size < 16)
          throw new ObjectFileError(path, `is not an ELF file (${source.size} bytes, too short for an ELF header)`);
        const ident = source.read(0, 16, "ELF identification");
        if (ident[0] !== 127 || ident[1] !== 69 || ident[2] !== 76 || ident[3] !== 70)
          throw new ObjectFileError(path, "is not an ELF file (bad magic)");
        if (ident[4] !== 1 && ident[4] !== 2)
          throw new ObjectFileError(path, `has an invalid ELF class ${ident[4]}`);
        if (ident[5] !== 1 && ident[5] !== 2)
          throw new ObjectFileError(path, `has an invalid ELF data encoding ${ident[5]}`);
        this.is64 = ident[4] === 2;
        this.little = ident[5] === 1;
        const is64 = this.is64;
        const h = new Fields(source.read(0, is64 ? 64 : 52, "ELF header"), this.little, path, "ELF header");
        this.type = h.u16(16);
        this.machine = h.u16(18);
        this.entry = h.word(24, is64);
        const phoff = h.wordn(is64 ? 32 : 28, is64, "e_phoff");
        const shoff = h.wordn(is64 ? 40 : 32, is64, "e_shoff");
        const phentsize = h.u16(is64 ? 54 : 42);
        let phnum = h.u16(is64 ? 56 : 44);
        const shentsize = h.u16(is64 ? 58 : 46);
        let shnum = h.u16(is64 ? 60 : 48);
        let shstrndx = h.u16(is64 ? 62 : 50);
        const shMin = is64 ? 64 : 40;
        const phMin = is64 ? 56 : 32;
        let sh0;
        if (shoff !== 0 && (shnum === 0 || shstrndx === 65535 || phnum === 65535)) {
          if (shentsize < shMin)
            throw new ObjectFileError(path, `section header size ${shentsize} is smaller than ${shMin}`);
          sh0 = new Fields(source.read(shoff, shMin, "section header 0"), this.little, path, "section header 0");
          if (shnum === 0)
            shnum = sh0.wordn(is64 ? 32 : 20, is64, "extended section count");
          if (shstrndx === 65535)
            shstrndx = sh0.u32(is64 ? 40 : 24);
          if (phnum === 65535)
            phnum = sh0.u32(is64 ? 44 : 28);
        }
        const segments = [];
        if (phnum > 0 && phoff !== 0) {
          if (phentsize < phMin)
            throw new ObjectFileError(path, `program header size ${phentsize} is smaller than ${phMin}`);
          checkCount(path, "program header table", phnum, phentsize, Math.max(0, source.size - phoff));
          const ph = new Fields(source.read(phoff, phnum * phentsize, "program header table"), this.little, path, "program header table");
          for (let i = 0; i < phnum; i++) {
            const o = i * phentsize;
            segments.push(is64 ? { type: ph.u32(o), flags: ph.u32(o + 4), offset: ph.u64n(o + 8, "p_offset"), vaddr: ph.u64(o + 16), paddr: ph.u64(o + 24), filesz: ph.u64n(o + 32, "p_filesz"), memsz: ph.u64(o + 40), align: ph.u64(o + 48) } : { type: ph.u32(o), offset: ph.u32(o + 4), vaddr: BigInt(ph.u32(o + 8)), paddr: BigInt(ph.u32(o + 12)), filesz: ph.u32(o + 16), memsz: BigInt(ph.u32(o + 20)), flags: ph.u32(o + 24), align: BigInt(ph.u32(o + 28)) });
          }
        }
        this.segments = segments;
        const sections = [];
        if (shnum > 0 && shoff !== 0) {
          if (shentsize < shMin)
            throw new ObjectFileError(path, `section header size ${shentsize} is smaller than ${shMin}`);
          checkCount(path, "section header table", shnum, shentsize, Math.max(0, source.size - shoff));
          const sh = new Fields(source.read(shoff, shnum * shentsize, "section header table"), this.little, path, "section header table");
          const raw = [];
          for (let i = 0; i < shnum; i++) {
            const o = i * shentsize;
            const type = sh.u32(o + 4);
            const s = is64 ? { name: "", index: i, type, flags: sh.u64(o + 8), address: sh.u64(o + 16), fileOffset: sh.u64n(o + 24, "sh_offset"), size: sh.u64(o + 32), fileSize: 0, link: sh.u32(o + 40), info: sh.u32(o + 44), addralign: sh.u64(o + 48), entsize: sh.u64n(o + 56, "sh_entsize") } : { name: "", index: i, type, flags: BigInt(sh.u32(o + 8)), address: BigInt(sh.u32(o + 12)), fileOffset: sh.u32(o + 16), size: BigInt(sh.u32(o + 20)), fileSize: 0, link: sh.u32(o + 24), info: sh.u32(o + 28), addralign: BigInt(sh.u32(o + 32)), entsize: sh.u32(o + 36) };
            if (type !== SHT_NOBITS && i !== 0) {
              if (s.size > MAX_SAFE)
                throw new ObjectFileError(path, `section ${i} size 0x${s.size.toString(16)} is absurdly large`);
              s.fileSize = Number(s.size);
            }
            raw.push({ nameOff: sh.u32(o), s });
            sections.push(s);
          }
          if (shstrndx !== 0 && shstrndx < shnum) {
            const strSec = sections[shstrndx];
            const names = source.read(strSec.fileOffset, strSec.fileSize, "section name string table");
            for (const { nameOff, s } of raw) {
              if (s.index === 0 && nameOff === 0)
                continue;
              s.name = cString(names, nameOff, path, `section ${s.index} name`);
            }
          } else if (shstrndx >= shnum) {
            throw new ObjectFileError(path, `section name table index ${shstrndx} is past the ${shnum} sections`);
          }
        }
        this.sections = sections;
        for (const s of sections)
          if (s.name && !this.byName.has(s.name))
            this.byName.set(s.name, s);
      }
      get path() {
        return this.source.path;
      }
      section(name) {
        return this.byName.get(name);
      }
      sectionData(section) {
        if (section.fileSize === 0)
          return Buffer.alloc(0);
        const cached = this.dataCache.get(section.index);
        if (cached)
          return cached;
        const data = this.source.read(section.fileOffset, section.fileSize, `section ${section.name || section.index}`);
        this.dataCache.set(section.index, data);
        return data;
      }
      /** PT_LOAD segments in file order. */
      get loadSegments() {
        return this.segments.filter((s) => s.type === PT_LOAD);
      }
      table(kind) {
        const existing = kind === "dynsym" ? this.dynsym : this.symtab;
        if (existing !== void 0)
          return existing;
        const wanted = kind === "dynsym" ? SHT_DYNSYM : SHT_SYMTAB;
        let t = null;
        const sec = this.sections.find((s) => s.type === wanted);
        if (sec) {
          const str = this.sections[sec.link];
          if (!str || str.type !== SHT_STRTAB)
            throw new ObjectFileError(this.path, `.${kind} links to section ${sec.link}, which is not a string table`);
          t = new SymbolTable(this, kind, sec, str);
        }
        if (kind === "dynsym")
          this.dynsym = t;
        else
          this.symtab = t;
        return t;
      }
      /** True when the file has a .symtab (it is not stripped). */
      get hasSymtab() {
        return this.table("symtab") !== null;
      }
      /**
       * A defined symbol by name: .dynsym first (what the dynamic linker sees), then .symtab (statics
       * like interp_head). Indexes each table on first use; later lookups are O(1).
       */
      symbol(name) {
        return this.symbolIn("dynsym", name) ?? this.symbolIn("symtab", name);
      }
      /** A defined symbol from one table only. */
      symbolIn(kind, name) {
        const t = this.table(kind);
        if (!t)
          return void 0;
        const i = t.indexOf(name);
        return i === void 0 ? void 0 : t.get(i);
      }
      /**
       * The function symbol at or before file address `address` (nearest preceding; check `offset`
       * against `symbol.size` if you need containment). The sorted address array is built on first use.
       */
      symbolForAddress(address) {
        if (!this.sortedAddrs)
          this.buildAddressIndex();
        const addrs = this.sortedAddrs;
        const a = Number(address);
        let lo = 0;
        let hi = addrs.length - 1;
        if (hi < 0 || a < addrs[0])
          return void 0;
        while (lo < hi) {
          const mid = lo + hi + 1 >>> 1;
          if (addrs[mid] <= a)
            lo = mid;
          else
            hi = mid - 1;
        }
        const ref = this.sortedRefs[lo];
        const t = ref < 0 ? this.table("dynsym") : this.table("symtab");
        const symbol2 = t.get(ref < 0 ? ~ref : ref);
        return { symbol: symbol2, offset: a - addrs[lo] };
      }
      buildAddressIndex() {
        const entries = [];
        const add = (t, neg) => {
          t?.forEachFunction((i, value) => {
            if (value <= MAX_SAFE)
              entries.push({ a: Number(value), ref: neg ? ~i : i, sized: true });
          });
        };
        add(this.table("symtab"), false);
        add(this.table("dynsym"), true);
        entries.sort((x, y) => x.a - y.a);
        const addrs = [];
        const refs = [];
        for (const e of entries) {
          if (addrs.length && addrs[addrs.length - 1] === e.a)
            continue;
          addrs.push(e.a);
          refs.push(e.ref);
        }
        this.sortedAddrs = Float64Array.from(addrs);
        this.sortedRefs = Int32Array.from(refs);
      }
      /** Notes from SHT_NOTE sections, or PT_NOTE segments when the file has no section headers. */
      notes() {
        const out = [];
        const noteSections = this.sections.filter((s) => s.type === SHT_NOTE);
        if (noteSections.length)
          for (const s of noteSections)
            parseNotes(this.path, this.sectionData(s), this.little, out);
        else
          for (const p of this.segments)
            if (p.type === PT_NOTE)
              parseNotes(this.path, this.source.read(p.offset, p.filesz, "PT_NOTE segment"), this.little, out);
        return out;
      }
      /** The GNU build-id as lowercase hex, if the file has one. */
      get buildId() {
        if (this.buildIdCache === void 0) {
          this.buildIdCache = null;
          const sec = this.section(".note.gnu.build-id");
          const notes = [];
          if (sec)
            parseNotes(this.path, this.sectionData(sec), this.little, notes);
          else
            notes.push(...this.notes());
          const n = notes.find((x) => x.name === "GNU" && x.type === NT_GNU_BUILD_ID);
          if (n)
            this.buildIdCache = n.desc.toString("hex");
        }
        return this.buildIdCache ?? void 0;
      }
      /** `.gnu_debuglink`: the separate debug file's name and CRC32. */
      get debugLink() {
        const sec = this.section(".gnu_debuglink");
        if (!sec)
          return void 0;
        const data = this.sectionData(sec);
        const name = cString(data, 0, this.path, ".gnu_debuglink");
        const crcOff = Buffer.byteLength(name) + 1 + 3 & ~3;
        const f = new Fields(data, this.little, this.path, ".gnu_debuglink");
        return { name, crc: f.u32(crcOff) };
      }
      /** The PT_LOAD segment whose file range contains `fileOffset` (page-aligned start allowed). */
      loadSegmentForOffset(fileOffset, pageSize = 4096) {
        for (const s of this.segments) {
          if (s.type !== PT_LOAD)
            continue;
          const alignedOff = s.offset - s.offset % pageSize;
          if (fileOffset >= alignedOff && fileOffset < s.offset + Math.max(s.filesz, 1))
            return s;
        }
        return void 0;
      }
      /**
       * Load bias (runtime address − file address) given one mapping of this file: it starts at
       * `mapStart` and maps file offset `mapOffset` (a /proc/PID/maps line). Undefined when no PT_LOAD
       * covers that offset.
       */
      loadBias(mapStart, mapOffset, pageSize = 4096) {
        const seg = this.loadSegmentForOffset(mapOffset, pageSize);
        if (!seg)
          return void 0;
        return mapStart - (Number(seg.vaddr) + (mapOffset - seg.offset));
      }
      /** File address (vaddr) of a file offset, via the PT_LOAD segments. */
      offsetToAddress(fileOffset) {
        for (const s of this.segments) {
          if (s.type === PT_LOAD && fileOffset >= s.offset && fileOffset < s.offset + s.filesz)
            return s.vaddr + BigInt(fileOffset - s.offset);
        }
        return void 0;
      }
      /** File offset of a file address (vaddr), via the PT_LOAD segments; undefined for .bss. */
      addressToOffset(address) {
        for (const s of this.segments) {
          if (s.type === PT_LOAD && address >= s.vaddr && address < s.vaddr + BigInt(s.filesz))
            return s.offset + Number(address - s.vaddr);
        }
        return void 0;
      }
      close() {
        this.source.close();
      }
    };
  }
});

// packages/unwinder/dist/core.js
function safe(v) {
  return Number(v);
}
var CoreBadAddress, NT_PRSTATUS2, NT_PRPSINFO, NT_AUXV, NT_FILE, X86_64_REGS2, ElfCore, CoreReadBatch, CoreMemory;
var init_core = __esm({
  "packages/unwinder/dist/core.js"() {
    "use strict";
    init_dist();
    init_errors5();
    init_elf();
    init_source();
    CoreBadAddress = class extends BadAddress {
      constructor(core, pid, address, length) {
        super(pid, address, length);
        this.message = `Bad address reading core file ${core}: 0x${address.toString(16)} (${length} bytes) is outside every PT_LOAD segment of the core`;
      }
    };
    NT_PRSTATUS2 = 1;
    NT_PRPSINFO = 3;
    NT_AUXV = 6;
    NT_FILE = 1179208773;
    X86_64_REGS2 = ["r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs"];
    ElfCore = class _ElfCore extends ElfFile {
      format = "elf-core";
      threads = [];
      processInfo;
      files = [];
      /** PT_LOAD segments sorted by address. */
      memorySegments;
      auxv;
      static open(path) {
        const src = new FileSource(path);
        try {
          return new _ElfCore(src);
        } catch (e) {
          src.close();
          throw e;
        }
      }
      static fromBuffer(buf, path = "<buffer>") {
        return new _ElfCore(new BufferSource(path, buf));
      }
      constructor(source) {
        try {
          super(source);
        } catch (e) {
          if (e instanceof ObjectFileError)
            throw new ObjectFileError(source.path, `is not an ELF core file (${e.message.slice(source.path.length + 2)})`);
          throw e;
        }
        if (this.type !== ET_CORE)
          throw new ObjectFileError(this.path, `is not an ELF core file (ELF type ${this.type}, expected ET_CORE = 4)`);
        const notes = [];
        for (const p of this.segments) {
          if (p.type === PT_NOTE)
            parseNotes(this.path, source.read(p.offset, p.filesz, "PT_NOTE segment"), this.little, notes);
        }
        this.memorySegments = this.segments.filter((p) => p.type === PT_LOAD).map((p) => ({ vaddr: Number(p.vaddr), memsz: Number(p.memsz), filesz: p.filesz, offset: p.offset, flags: p.flags })).sort((a, b) => a.vaddr - b.vaddr);
        for (const n of notes) {
          if (n.name === "CORE" && n.type === NT_PRPSINFO)
            this.processInfo = this.parsePrpsinfo(n.desc);
          else if (n.name === "CORE" && n.type === NT_AUXV)
            this.auxv = n.desc;
        }
        for (const n of notes) {
          if (n.name !== "CORE")
            continue;
          if (n.type === NT_PRSTATUS2)
            this.threads.push(this.parsePrstatus(n.desc));
          else if (n.type === NT_FILE)
            this.files.push(...this.parseFileNote(n.desc));
        }
      }
      /** Process id of the dumped process (NT_PRPSINFO, else the first thread's id). */
      get pid() {
        return this.processInfo?.pid ?? this.threads[0]?.tid ?? 0;
      }
      parsePrpsinfo(desc) {
        const f = new Fields(desc, this.little, this.path, "NT_PRPSINFO note");
        const b = this.is64 ? 16 : 8;
        const uidW = this.is64 ? 4 : 2;
        const idBase = b + 2 * uidW;
        const rd = (o) => uidW === 4 ? f.u32(o) : f.u16(o);
        return {
          state: String.fromCharCode(f.u8(1)),
          uid: rd(b),
          gid: rd(b + uidW),
          pid: f.i32(idBase),
          ppid: f.i32(idBase + 4),
          fname: f.fixedString(idBase + 16, 16),
          psargs: f.fixedString(idBase + 32, 80).trimEnd()
        };
      }
      parsePrstatus(desc) {
        const f = new Fields(desc, this.little, this.path, "NT_PRSTATUS note");
        const cursig = f.u16(12);
        if (!this.is64) {
          return { tid: f.i32(24), ppid: f.i32(28), pid: this.processInfo?.pid ?? f.i32(24), cursig };
        }
        const tid = f.i32(32);
        const thread = { tid, ppid: f.i32(36), pid: this.processInfo?.pid ?? tid, cursig };
        const regBase = 112;
        if (this.machine === EM_X86_64) {
          const all = {};
          X86_64_REGS2.forEach((name, i) => {
            all[name] = safe(f.u64(regBase + i * 8));
          });
          thread.registers = { arch: "x86_64", pc: all.rip, sp: all.rsp, fp: all.rbp, all };
        } else if (this.machine === EM_AARCH64) {
          const all = {};
          for (let i = 0; i < 31; i++)
            all[`x${i}`] = safe(f.u64(regBase + i * 8));
          all.sp = safe(f.u64(regBase + 31 * 8));
          all.pc = safe(f.u64(regBase + 32 * 8));
          all.pstate = safe(f.u64(regBase + 33 * 8));
          thread.registers = { arch: "aarch64", pc: all.pc, sp: all.sp, fp: all.x29, all };
        }
        return thread;
      }
      parseFileNote(desc) {
        const f = new Fields(desc, this.little, this.path, "NT_FILE note");
        const w = this.is64 ? 8 : 4;
        const count = f.wordn(0, this.is64, "NT_FILE count");
        const pageSize = f.wordn(w, this.is64, "NT_FILE page size");
        if (count * 3 * w + 2 * w > desc.length)
          throw new ObjectFileError(this.path, `NT_FILE note claims ${count} files but holds only ${desc.length} bytes`);
        let strOff = 2 * w + count * 3 * w;
        const out = [];
        for (let i = 0; i < count; i++) {
          const o = 2 * w + i * 3 * w;
          const end = desc.indexOf(0, strOff);
          if (end < 0)
            throw new ObjectFileError(this.path, `NT_FILE note: path ${i} is not NUL-terminated`);
          out.push({
            start: f.wordn(o, this.is64, "NT_FILE start"),
            end: f.wordn(o + w, this.is64, "NT_FILE end"),
            offset: f.wordn(o + 2 * w, this.is64, "NT_FILE offset") * pageSize,
            path: desc.toString("utf8", strOff, end)
          });
          strOff = end + 1;
        }
        return out;
      }
      /** A ProcessMemory reading this core's PT_LOAD segments (see CoreMemoryOptions). */
      memory(options = {}) {
        return new CoreMemory(this, options);
      }
    };
    CoreReadBatch = class {
      count = 0;
      addrs = [];
      lens = [];
      dests = [];
      offs = [];
      ok;
      constructor(capacity) {
        this.ok = new Uint8Array(Math.max(1, capacity));
      }
      add(address, length, dest, destOffset = 0) {
        const i = this.count++;
        this.addrs[i] = address;
        this.lens[i] = length;
        this.dests[i] = dest;
        this.offs[i] = destOffset;
        if (i >= this.ok.length) {
          const grown = new Uint8Array(this.ok.length * 2);
          grown.set(this.ok);
          this.ok = grown;
        }
        this.ok[i] = 0;
        return i;
      }
      succeeded(index) {
        return index < this.count && this.ok[index] === 1;
      }
      clear() {
        this.count = 0;
      }
    };
    CoreMemory = class {
      core;
      pid;
      segs;
      starts;
      last = 0;
      files;
      resolve;
      opened = /* @__PURE__ */ new Map();
      constructor(core, options = {}) {
        this.core = core;
        this.pid = core.pid;
        this.segs = core.memorySegments;
        this.starts = Float64Array.from(this.segs.map((s) => s.vaddr));
        const rf = options.readMappedFiles;
        this.resolve = rf === true ? (p) => p : rf || void 0;
        this.files = this.resolve ? [...core.files].sort((a, b) => a.start - b.start) : [];
      }
      /** Closes the mapped files opened for `readMappedFiles` (the core itself stays open). */
      close() {
        for (const s of this.opened.values())
          s?.close();
        this.opened.clear();
      }
      fromMappedFile(addr, dest, pos, left) {
        const f = this.files.find((x) => addr >= x.start && addr < x.end);
        if (!f)
          return 0;
        let src = this.opened.get(f.path);
        if (src === void 0) {
          try {
            src = new FileSource(this.resolve(f.path));
          } catch {
            src = null;
          }
          this.opened.set(f.path, src);
        }
        if (!src)
          return 0;
        const off = f.offset + (addr - f.start);
        const n = Math.min(left, f.end - addr, src.size - off);
        if (n <= 0)
          return 0;
        src.readInto(off, dest, pos, n, `mapped file ${f.path}`);
        return n;
      }
      find(address) {
        const last = this.segs[this.last];
        if (last && address >= last.vaddr && address < last.vaddr + last.memsz)
          return this.last;
        const st = this.starts;
        let lo = 0;
        let hi = st.length - 1;
        if (hi < 0 || address < st[0])
          return -1;
        while (lo < hi) {
          const mid = lo + hi + 1 >>> 1;
          if (st[mid] <= address)
            lo = mid;
          else
            hi = mid - 1;
        }
        const s = this.segs[lo];
        if (address >= s.vaddr + s.memsz)
          return -1;
        this.last = lo;
        return lo;
      }
      /** True when every byte of the range is inside some segment. */
      fill(address, dest, destOffset, length) {
        let addr = address;
        let pos = destOffset;
        let left = length;
        while (left > 0) {
          const i = this.find(addr);
          if (i < 0) {
            const n2 = this.files.length ? this.fromMappedFile(addr, dest, pos, left) : 0;
            if (n2 === 0)
              return false;
            addr += n2;
            pos += n2;
            left -= n2;
            continue;
          }
          const s = this.segs[i];
          const inSeg = addr - s.vaddr;
          const n = Math.min(left, s.memsz - inSeg);
          const fromFile = Math.max(0, Math.min(n, s.filesz - inSeg));
          if (fromFile > 0) {
            this.core.source.readInto(s.offset + inSeg, dest, pos, fromFile, `core memory at 0x${addr.toString(16)}`);
          }
          if (fromFile < n)
            dest.fill(0, pos + fromFile, pos + n);
          addr += n;
          pos += n;
          left -= n;
        }
        return true;
      }
      read(address, length) {
        const buf = Buffer.alloc(length);
        this.readInto(address, buf, 0, length);
        return buf;
      }
      readInto(address, dest, destOffset = 0, length = dest.length - destOffset) {
        if (!this.fill(address, dest, destOffset, length))
          throw new CoreBadAddress(this.core.path, this.pid, address, length);
      }
      readBatch(batch) {
        if (!(batch instanceof CoreReadBatch))
          throw new TypeError("CoreMemory.readBatch needs a batch made by its createBatch()");
        let ok = 0;
        for (let i = 0; i < batch.count; i++) {
          const good = this.fill(batch.addrs[i], batch.dests[i], batch.offs[i], batch.lens[i]);
          batch.ok[i] = good ? 1 : 0;
          if (good)
            ok++;
        }
        return ok;
      }
      createBatch(capacity = 64) {
        return new CoreReadBatch(capacity);
      }
    };
  }
});

// packages/unwinder/dist/macho.js
function defaultArch() {
  return process.arch === "arm64" ? "arm64" : "x86_64";
}
function fatArchitectures(src) {
  if (src.size < 8)
    return [];
  const h = new Fields(src.read(0, 8, "fat header"), false, src.path, "fat header");
  const magic = h.u32(0);
  if (magic !== FAT_MAGIC && magic !== FAT_MAGIC_64)
    return [];
  const n = h.u32(4);
  const entry = magic === FAT_MAGIC_64 ? 32 : 20;
  checkCount(src.path, "fat architecture table", n, entry, src.size - 8);
  const t = new Fields(src.read(8, n * entry, "fat architecture table"), false, src.path, "fat architecture table");
  const out = [];
  for (let i = 0; i < n; i++) {
    const o = i * entry;
    const cputype = t.u32(o);
    const a = magic === FAT_MAGIC_64 ? { cputype, cpusubtype: t.u32(o + 4), offset: t.u64n(o + 8, "fat arch offset"), size: t.u64n(o + 16, "fat arch size") } : { cputype, cpusubtype: t.u32(o + 4), offset: t.u32(o + 8), size: t.u32(o + 12) };
    a.arch = archByCpu.get(cputype);
    out.push(a);
  }
  return out;
}
var MH_MAGIC, MH_MAGIC_64, FAT_MAGIC, FAT_MAGIC_64, CPU_TYPE_X86_64, CPU_TYPE_ARM64, CPU_TYPE_I386, CPU_TYPE_ARM, LC_SEGMENT, LC_SYMTAB, LC_SEGMENT_64, LC_UUID, N_STAB, N_TYPE, N_SECT, N_ABS, N_EXT, archByCpu, cpuByArch, MachOFile;
var init_macho = __esm({
  "packages/unwinder/dist/macho.js"() {
    "use strict";
    init_errors5();
    init_source();
    MH_MAGIC = 4277009102;
    MH_MAGIC_64 = 4277009103;
    FAT_MAGIC = 3405691582;
    FAT_MAGIC_64 = 3405691583;
    CPU_TYPE_X86_64 = 16777223;
    CPU_TYPE_ARM64 = 16777228;
    CPU_TYPE_I386 = 7;
    CPU_TYPE_ARM = 12;
    LC_SEGMENT = 1;
    LC_SYMTAB = 2;
    LC_SEGMENT_64 = 25;
    LC_UUID = 27;
    N_STAB = 224;
    N_TYPE = 14;
    N_SECT = 14;
    N_ABS = 2;
    N_EXT = 1;
    archByCpu = /* @__PURE__ */ new Map([[CPU_TYPE_X86_64, "x86_64"], [CPU_TYPE_ARM64, "arm64"], [CPU_TYPE_I386, "i386"], [CPU_TYPE_ARM, "arm"]]);
    cpuByArch = new Map([...archByCpu].map(([c, a]) => [a, c]));
    MachOFile = class _MachOFile {
      format = "macho";
      is64;
      little;
      cputype;
      arch;
      /** MH_EXECUTE, MH_DYLIB, MH_OBJECT … */
      fileType;
      segments = [];
      sections = [];
      uuid;
      /** When the file is fat: every architecture it holds. */
      fatArchs;
      symtabCmd;
      symbols;
      rawSymbols;
      source;
      outer;
      static open(path, arch) {
        const src = new FileSource(path);
        try {
          return new _MachOFile(src, arch);
        } catch (e) {
          src.close();
          throw e;
        }
      }
      static fromBuffer(buf, path = "<buffer>", arch) {
        return new _MachOFile(new BufferSource(path, buf), arch);
      }
      /** `arch` picks the slice of a fat file (default: this machine's architecture, else the first 64-bit one). */
      constructor(source, arch) {
        this.outer = source;
        const path = source.path;
        this.fatArchs = fatArchitectures(source);
        if (this.fatArchs.length) {
          const want = cpuByArch.get(arch ?? defaultArch());
          const pick = this.fatArchs.find((a) => a.cputype === want) ?? (arch ? void 0 : this.fatArchs.find((a) => (a.cputype & 16777216) !== 0));
          if (!pick)
            throw new ObjectFileError(path, `fat Mach-O file has no ${arch ?? defaultArch()} slice (it has ${this.fatArchs.map((a) => a.arch ?? `cpu 0x${a.cputype.toString(16)}`).join(", ")})`);
          source = source.slice(pick.offset, pick.size, "fat architecture slice");
        }
        this.source = source;
        if (source.size < 28)
          throw new ObjectFileError(path, "is not a Mach-O file (too short)");
        const m = source.read(0, 4, "Mach-O magic");
        const le = m.readUInt32LE(0);
        const be = m.readUInt32BE(0);
        if (le === MH_MAGIC_64 || le === MH_MAGIC)
          this.little = true;
        else if (be === MH_MAGIC_64 || be === MH_MAGIC)
          this.little = false;
        else
          throw new ObjectFileError(path, "is not a Mach-O file (bad magic)");
        this.is64 = (this.little ? le : be) === MH_MAGIC_64;
        const hsize = this.is64 ? 32 : 28;
        const h = new Fields(source.read(0, hsize, "Mach-O header"), this.little, path, "Mach-O header");
        this.cputype = h.u32(4);
        this.arch = archByCpu.get(this.cputype);
        this.fileType = h.u32(12);
        const ncmds = h.u32(16);
        const sizeofcmds = h.u32(20);
        if (sizeofcmds > source.size - hsize)
          throw new ObjectFileError(path, `load commands (${sizeofcmds} bytes) run past the end of the file`);
        checkCount(path, "load commands", ncmds, 8, sizeofcmds);
        const cmds = new Fields(source.read(hsize, sizeofcmds, "load commands"), this.little, path, "load commands");
        let off = 0;
        for (let i = 0; i < ncmds; i++) {
          const cmd = cmds.u32(off);
          const size = cmds.u32(off + 4);
          if (size < 8 || off + size > sizeofcmds)
            throw new ObjectFileError(path, `load command ${i} has an invalid size ${size}`);
          if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT)
            this.parseSegment(cmds, off, size, cmd === LC_SEGMENT_64);
          else if (cmd === LC_SYMTAB) {
            this.symtabCmd = { symoff: cmds.u32(off + 8), nsyms: cmds.u32(off + 12), stroff: cmds.u32(off + 16), strsize: cmds.u32(off + 20) };
          } else if (cmd === LC_UUID) {
            this.uuid = cmds.buf.subarray(off + 8, off + 24).toString("hex");
            if (this.uuid.length !== 32)
              throw new ObjectFileError(path, "LC_UUID is truncated");
          }
          off += size;
        }
      }
      parseSegment(c, off, size, is64) {
        const segHdr = is64 ? 72 : 56;
        const secSize = is64 ? 80 : 68;
        if (size < segHdr)
          throw new ObjectFileError(this.source.path, `segment command at ${off} is truncated`);
        const seg = is64 ? { name: c.fixedString(off + 8, 16), vmaddr: c.u64(off + 24), vmsize: c.u64(off + 32), fileoff: c.u64n(off + 40, "fileoff"), filesize: c.u64n(off + 48, "filesize"), maxprot: c.u32(off + 56), initprot: c.u32(off + 60) } : { name: c.fixedString(off + 8, 16), vmaddr: BigInt(c.u32(off + 24)), vmsize: BigInt(c.u32(off + 28)), fileoff: c.u32(off + 32), filesize: c.u32(off + 36), maxprot: c.u32(off + 40), initprot: c.u32(off + 44) };
        const nsects = c.u32(off + (is64 ? 64 : 48));
        checkCount(this.source.path, `sections of segment ${seg.name}`, nsects, secSize, size - segHdr);
        this.segments.push(seg);
        for (let j = 0; j < nsects; j++) {
          const s = off + segHdr + j * secSize;
          const sizeField = is64 ? c.u64(s + 40) : BigInt(c.u32(s + 36));
          const fo = c.u32(s + (is64 ? 48 : 40));
          const flags = c.u32(s + (is64 ? 64 : 56));
          const type = flags & 255;
          const zerofill = type === 1 || type === 12 || type === 18;
          this.sections.push({
            name: c.fixedString(s, 16),
            segment: c.fixedString(s + 16, 16),
            index: this.sections.length + 1,
            address: is64 ? c.u64(s + 32) : BigInt(c.u32(s + 32)),
            size: sizeField,
            fileOffset: fo,
            fileSize: zerofill || sizeField > 0xffffffffn ? 0 : Number(sizeField),
            flags
          });
        }
      }
      get path() {
        return this.outer.path;
      }
      get buildId() {
        return this.uuid;
      }
      /** A section by "segment,section" ("__DATA,PyRuntime") or by section name alone ("__bss"). */
      section(name) {
        const comma = name.indexOf(",");
        if (comma >= 0) {
          const seg = name.slice(0, comma);
          const sect = name.slice(comma + 1);
          return this.sections.find((s) => s.segment === seg && s.name === sect);
        }
        return this.sections.find((s) => s.name === name);
      }
      segment(name) {
        return this.segments.find((s) => s.name === name);
      }
      sectionData(section) {
        if (section.fileSize === 0)
          return Buffer.alloc(0);
        return this.source.read(section.fileOffset, section.fileSize, `section ${section.name}`);
      }
      loadSymbols() {
        const byName = /* @__PURE__ */ new Map();
        const byRaw = /* @__PURE__ */ new Map();
        this.symbols = byName;
        this.rawSymbols = byRaw;
        const st = this.symtabCmd;
        if (!st || st.nsyms === 0)
          return;
        const path = this.source.path;
        const entry = this.is64 ? 16 : 12;
        checkCount(path, "LC_SYMTAB symbols", st.nsyms, entry, Math.max(0, this.source.size - st.symoff));
        const t = new Fields(this.source.read(st.symoff, st.nsyms * entry, "symbol table"), this.little, path, "symbol table");
        const strings = this.source.read(st.stroff, st.strsize, "string table");
        for (let i = 0; i < st.nsyms; i++) {
          const o = i * entry;
          const strx = t.u32(o);
          const type = t.u8(o + 4);
          if (type & N_STAB)
            continue;
          const kind = type & N_TYPE;
          if (kind !== N_SECT && kind !== N_ABS)
            continue;
          if (strx === 0)
            continue;
          if (strx >= strings.length)
            throw new ObjectFileError(path, `symbol ${i}: name offset ${strx} is outside the string table (${strings.length} bytes)`);
          const end = strings.indexOf(0, strx);
          if (end < 0)
            throw new ObjectFileError(path, `symbol ${i}: name is not NUL-terminated before the end of the string table`);
          const rawName = strings.toString("utf8", strx, end);
          const sym = {
            rawName,
            name: rawName.startsWith("_") ? rawName.slice(1) : rawName,
            value: this.is64 ? t.u64(o + 8) : BigInt(t.u32(o + 8)),
            size: 0n,
            type,
            sectionIndex: t.u8(o + 5),
            external: (type & N_EXT) !== 0
          };
          const prev = byName.get(sym.name);
          if (!prev || !prev.external && sym.external)
            byName.set(sym.name, sym);
          if (!byRaw.has(rawName))
            byRaw.set(rawName, sym);
        }
      }
      /** A defined symbol by C name ("PyRuntime" finds "_PyRuntime"), or by its raw stored name. */
      symbol(name) {
        if (!this.symbols)
          this.loadSymbols();
        return this.symbols.get(name) ?? this.rawSymbols.get(name);
      }
      /** Every defined symbol (loads the table). */
      allSymbols() {
        if (!this.symbols)
          this.loadSymbols();
        return [...this.rawSymbols.values()];
      }
      close() {
        this.outer.close();
      }
    };
  }
});

// packages/unwinder/dist/pe.js
var PeFile;
var init_pe = __esm({
  "packages/unwinder/dist/pe.js"() {
    "use strict";
    init_errors5();
    init_source();
    PeFile = class _PeFile {
      source;
      format = "pe";
      machine;
      is64;
      /** Preferred load address (OptionalHeader.ImageBase). */
      imageBase;
      sizeOfImage;
      sections = [];
      buildId = void 0;
      dataDirs = [];
      exports;
      dataCache = /* @__PURE__ */ new Map();
      /** The DLL's own name from the export directory. */
      dllName;
      static open(path) {
        const src = new FileSource(path);
        try {
          return new _PeFile(src);
        } catch (e) {
          src.close();
          throw e;
        }
      }
      static fromBuffer(buf, path = "<buffer>") {
        return new _PeFile(new BufferSource(path, buf));
      }
      constructor(source) {
        this.source = source;
        const path = source.path;
        if (source.size < 64)
          throw new ObjectFileError(path, "is not a PE file (too short for a DOS header)");
        const dos = new Fields(source.read(0, 64, "DOS header"), true, path, "DOS header");
        if (dos.u16(0) !== 23117)
          throw new ObjectFileError(path, "is not a PE file (no MZ signature)");
        const peOff = dos.u32(60);
        const coff = new Fields(source.read(peOff, 24, "PE header"), true, path, "PE header");
        if (coff.u32(0) !== 17744)
          throw new ObjectFileError(path, `is not a PE file (no PE signature at offset ${peOff})`);
        this.machine = coff.u16(4);
        const nsect = coff.u16(6);
        const symPtr = coff.u32(12);
        const nsyms = coff.u32(16);
        const optSize = coff.u16(20);
        const opt = new Fields(source.read(peOff + 24, optSize, "optional header"), true, path, "optional header");
        const magic = opt.u16(0);
        if (magic !== 267 && magic !== 523)
          throw new ObjectFileError(path, `has an unknown optional header magic 0x${magic.toString(16)}`);
        this.is64 = magic === 523;
        this.imageBase = this.is64 ? opt.u64(24) : BigInt(opt.u32(28));
        this.sizeOfImage = opt.u32(56);
        const ndirOff = this.is64 ? 108 : 92;
        const ndir = Math.min(opt.u32(ndirOff), 16);
        checkCount(path, "data directories", ndir, 8, optSize - ndirOff - 4);
        for (let i = 0; i < ndir; i++)
          this.dataDirs.push({ rva: opt.u32(ndirOff + 4 + i * 8), size: opt.u32(ndirOff + 8 + i * 8) });
        const secOff = peOff + 24 + optSize;
        checkCount(path, "section table", nsect, 40, Math.max(0, source.size - secOff));
        const st = new Fields(source.read(secOff, nsect * 40, "section table"), true, path, "section table");
        let strtab;
        for (let i = 0; i < nsect; i++) {
          const o = i * 40;
          let name = st.fixedString(o, 8);
          if (/^\/\d+$/.test(name) && symPtr !== 0) {
            if (!strtab) {
              const strOff = symPtr + nsyms * 18;
              const len = new Fields(source.read(strOff, 4, "COFF string table"), true, path, "COFF string table").u32(0);
              strtab = source.read(strOff, len, "COFF string table");
            }
            name = cString(strtab, Number(name.slice(1)), path, `section ${i} long name`);
          }
          const virtualSize = st.u32(o + 8);
          const rawSize = st.u32(o + 16);
          this.sections.push({
            name,
            index: i + 1,
            address: BigInt(st.u32(o + 12)),
            size: BigInt(virtualSize || rawSize),
            fileOffset: st.u32(o + 20),
            fileSize: virtualSize ? Math.min(rawSize, virtualSize) : rawSize,
            characteristics: st.u32(o + 36)
          });
        }
      }
      get path() {
        return this.source.path;
      }
      /** A section by name; a name longer than 8 characters also matches its truncation ("PyRuntime" → "PyRuntim"). */
      section(name) {
        return this.sections.find((s) => s.name === name) ?? (name.length > 8 ? this.sections.find((s) => s.name === name.slice(0, 8)) : void 0);
      }
      sectionData(section) {
        if (section.fileSize === 0)
          return Buffer.alloc(0);
        let data = this.dataCache.get(section.index);
        if (!data) {
          data = this.source.read(section.fileOffset, section.fileSize, `section ${section.name}`);
          this.dataCache.set(section.index, data);
        }
        return data;
      }
      /** File offset of an RVA, or undefined when it is not backed by file data. */
      rvaToOffset(rva) {
        for (const s of this.sections) {
          const a = Number(s.address);
          if (rva >= a && rva < a + s.fileSize)
            return s.fileOffset + (rva - a);
        }
        return void 0;
      }
      readRva(rva, length, what) {
        const off = this.rvaToOffset(rva);
        if (off === void 0)
          throw new ObjectFileError(this.path, `${what} at RVA 0x${rva.toString(16)} is not inside any section's file data`);
        return this.source.read(off, length, what);
      }
      loadExports() {
        const map = /* @__PURE__ */ new Map();
        this.exports = map;
        const dir = this.dataDirs[0];
        if (!dir || dir.rva === 0 || dir.size === 0)
          return map;
        const path = this.path;
        const d = new Fields(this.readRva(dir.rva, 40, "export directory"), true, path, "export directory");
        const base = d.u32(16);
        const nfuncs = d.u32(20);
        const nnames = d.u32(24);
        const funcsRva = d.u32(28);
        const namesRva = d.u32(32);
        const ordsRva = d.u32(36);
        checkCount(path, "export address table", nfuncs, 4, this.source.size);
        checkCount(path, "export name table", nnames, 4, this.source.size);
        try {
          this.dllName = cString(this.readSectionTail(d.u32(12)), 0, path, "export DLL name");
        } catch (e) {
          if (!(e instanceof ObjectFileError))
            throw e;
        }
        if (nnames === 0)
          return map;
        const funcs = new Fields(this.readRva(funcsRva, nfuncs * 4, "export address table"), true, path, "export address table");
        const names = new Fields(this.readRva(namesRva, nnames * 4, "export name table"), true, path, "export name table");
        const ords = new Fields(this.readRva(ordsRva, nnames * 2, "export ordinal table"), true, path, "export ordinal table");
        for (let i = 0; i < nnames; i++) {
          const name = cString(this.readSectionTail(names.u32(i * 4)), 0, path, `export name ${i}`);
          const idx = ords.u16(i * 2);
          if (idx >= nfuncs)
            throw new ObjectFileError(path, `export ${name} has ordinal index ${idx} past the ${nfuncs} exported functions`);
          const rva = funcs.u32(idx * 4);
          const exp = { name, value: BigInt(rva), size: 0n, ordinal: idx + base };
          if (rva >= dir.rva && rva < dir.rva + dir.size)
            exp.forwarder = cString(this.readSectionTail(rva), 0, path, `forwarder of ${name}`);
          if (!map.has(name))
            map.set(name, exp);
        }
        return map;
      }
      /** Bytes from `rva` to the end of its section's file data (for NUL-terminated strings). */
      readSectionTail(rva) {
        for (const s of this.sections) {
          const a = Number(s.address);
          if (rva >= a && rva < a + s.fileSize)
            return this.sectionData(s).subarray(rva - a);
        }
        throw new ObjectFileError(this.path, `string at RVA 0x${rva.toString(16)} is not inside any section's file data`);
      }
      /** An export by name; `value` is its RVA. */
      symbol(name) {
        return (this.exports ?? this.loadExports()).get(name);
      }
      /** Every named export. */
      allExports() {
        return [...(this.exports ?? this.loadExports()).values()];
      }
      close() {
        this.source.close();
      }
    };
  }
});

// packages/unwinder/dist/open.js
import { closeSync as closeSync3, fstatSync as fstatSync2 } from "node:fs";
function parseObject(source, opts = {}) {
  if (source.size < 4)
    throw new ObjectFileError(source.path, `is not an object file (${source.size} bytes)`);
  const head = source.read(0, Math.min(source.size, 20), "file header");
  if (head[0] === 127 && head[1] === 69 && head[2] === 76 && head[3] === 70) {
    const type = head.length >= 18 ? head[5] === 2 ? head.readUInt16BE(16) : head.readUInt16LE(16) : -1;
    return type === ET_CORE ? new ElfCore(source) : new ElfFile(source);
  }
  const be = head.readUInt32BE(0);
  const le = head.readUInt32LE(0);
  if (be === FAT_MAGIC || be === FAT_MAGIC_64 || le === MH_MAGIC || le === MH_MAGIC_64 || be === MH_MAGIC || be === MH_MAGIC_64) {
    return new MachOFile(source, opts.arch);
  }
  if (head[0] === 77 && head[1] === 90)
    return new PeFile(source);
  throw new ObjectFileError(source.path, "is not an ELF, Mach-O or PE file (unknown magic number)");
}
function openObjectFile(path, opts = {}) {
  const fd = openFd(path);
  let keep = false;
  try {
    const st = fstatSync2(fd);
    if (!st.isFile())
      throw new ObjectFileError(path, "is not a regular file");
    const key2 = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${opts.arch ?? ""}`;
    const hit = cache.get(key2);
    if (hit) {
      cache.delete(key2);
      cache.set(key2, hit);
      return hit;
    }
    const file = parseObject(new FileSource(path, fd), opts);
    keep = true;
    cache.set(key2, file);
    if (cache.size > CACHE_CAPACITY) {
      const [oldKey, old] = cache.entries().next().value;
      cache.delete(oldKey);
      old.close();
    }
    return file;
  } finally {
    if (!keep)
      closeSync3(fd);
  }
}
function openElf(path) {
  const f = openObjectFile(path);
  if (!(f instanceof ElfFile))
    throw new ObjectFileError(path, `is a ${f.format} file, not ELF`);
  return f;
}
var CACHE_CAPACITY, cache;
var init_open2 = __esm({
  "packages/unwinder/dist/open.js"() {
    "use strict";
    init_core();
    init_elf();
    init_errors5();
    init_macho();
    init_pe();
    init_source();
    CACHE_CAPACITY = 32;
    cache = /* @__PURE__ */ new Map();
  }
});

// packages/unwinder/dist/process.js
import { statSync as statSync2 } from "node:fs";
function isPythonLibrary(path) {
  const slash = path.lastIndexOf("/");
  return PYTHON_LIB.test(slash >= 0 ? path.slice(slash + 1) : path);
}
function resolveHostPath(pid, path, map) {
  const candidates = [hostPathFor(pid, path), path, `/proc/${pid}/map_files/${map.start.toString(16)}-${map.end.toString(16)}`];
  let firstExisting;
  for (const c of candidates) {
    try {
      const st = statSync2(c);
      if (!st.isFile())
        continue;
      if (st.ino === map.inode)
        return c;
      firstExisting ??= c;
    } catch {
    }
  }
  return firstExisting ?? candidates[0];
}
function openProcessImage(pid, path, maps, hostPath) {
  const own = maps.filter((m) => m.path === path).sort((a, b) => a.start - b.start);
  if (own.length === 0)
    throw new ObjectFileError(path, `is not mapped in process ${pid} (no line of /proc/${pid}/maps names it)`);
  let lowest = own[0];
  for (const m of own)
    if (m.offset < lowest.offset)
      lowest = m;
  const opened = hostPath ?? resolveHostPath(pid, path, lowest);
  const file = openElf(opened);
  const bias = file.loadBias(lowest.start, lowest.offset);
  if (bias === void 0)
    throw new ObjectFileError(opened, `no PT_LOAD segment covers file offset 0x${lowest.offset.toString(16)} mapped at 0x${lowest.start.toString(16)} in process ${pid}: the file on disk is not the one the process mapped`);
  let start = Infinity;
  let end = 0;
  for (const m of own) {
    if (m.start < start)
      start = m.start;
    if (m.end > end)
      end = m.end;
  }
  return new Image(path, opened, file, bias, start, end, own);
}
function findPythonImages(pid) {
  const maps = readMaps(pid);
  const result = { pid, maps };
  let libError;
  const libMap = maps.find((m) => isPythonLibrary(m.path));
  if (libMap) {
    try {
      result.libpython = openProcessImage(pid, libMap.path, maps);
    } catch (e) {
      libError = e;
    }
  }
  let exePath = processExe(pid);
  if (exePath.endsWith(" (deleted)"))
    exePath = exePath.slice(0, -" (deleted)".length);
  if (maps.some((m) => m.path === exePath)) {
    try {
      result.executable = openProcessImage(pid, exePath, maps, `/proc/${pid}/exe`);
    } catch (e) {
      if (!result.libpython)
        throw e;
    }
  }
  if (libError && !result.executable)
    throw libError;
  return result;
}
var PYTHON_LIB, SHF_ALLOC, Image;
var init_process = __esm({
  "packages/unwinder/dist/process.js"() {
    "use strict";
    init_dist();
    init_elf();
    init_errors5();
    init_open2();
    PYTHON_LIB = /^libpython\d\.\d+[a-z]*\.(?:so(?:\.[\d.]+)?|dylib)$/;
    SHF_ALLOC = 2n;
    Image = class {
      path;
      hostPath;
      file;
      loadBias;
      start;
      end;
      maps;
      constructor(path, hostPath, file, loadBias, start, end, maps) {
        this.path = path;
        this.hostPath = hostPath;
        this.file = file;
        this.loadBias = loadBias;
        this.start = start;
        this.end = end;
        this.maps = maps;
      }
      symbolAddress(name) {
        const s = this.file.symbol(name);
        if (!s || s.type === STT_TLS || s.sectionIndex === SHN_UNDEF)
          return void 0;
        return toAddress(s.value) + this.loadBias;
      }
      sectionRange(name) {
        const s = this.file.section(name);
        if (!s || (s.flags & SHF_ALLOC) === 0n)
          return void 0;
        return { address: toAddress(s.address) + this.loadBias, size: toAddress(s.size) };
      }
    };
  }
});

// packages/unwinder/dist/native/arch.js
function archInfo(arch) {
  return arch === "x86_64" ? X86_64 : AARCH64;
}
function loadRegisters(registers, regs, valid) {
  const info = archInfo(registers.arch);
  valid.fill(0);
  const all = registers.all;
  const names = info.names;
  for (let i = 0; i < names.length; i++) {
    const v = all[names[i]];
    if (v !== void 0) {
      regs[i] = v;
      valid[i] = 1;
    }
  }
  regs[info.pc] = registers.pc;
  regs[info.sp] = registers.sp;
  regs[info.fp] = registers.fp;
  valid[info.pc] = valid[info.sp] = valid[info.fp] = 1;
  return info;
}
var NREGS, X86_64_NAMES, AARCH64_NAMES, X86_64, AARCH64;
var init_arch = __esm({
  "packages/unwinder/dist/native/arch.js"() {
    "use strict";
    NREGS = 33;
    X86_64_NAMES = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"];
    AARCH64_NAMES = [...Array.from({ length: 31 }, (_, i) => `x${i}`), "sp", "pc"];
    X86_64 = { arch: "x86_64", pc: 16, sp: 7, fp: 6, ra: 16, names: X86_64_NAMES };
    AARCH64 = { arch: "aarch64", pc: 32, sp: 31, fp: 29, ra: 30, names: AARCH64_NAMES };
  }
});

// packages/unwinder/dist/native/errors.js
var NativeUnwindError;
var init_errors6 = __esm({
  "packages/unwinder/dist/native/errors.js"() {
    "use strict";
    NativeUnwindError = class extends Error {
      name = "NativeUnwindError";
    };
  }
});

// packages/unwinder/dist/native/reader.js
function baseOrThrow(base, kind, path) {
  if (base === void 0)
    throw new NativeUnwindError(`${path}: a ${kind} pointer needs a base address the file does not provide`);
  return base;
}
var DW_EH_PE_absptr, DW_EH_PE_uleb128, DW_EH_PE_udata2, DW_EH_PE_udata4, DW_EH_PE_udata8, DW_EH_PE_sleb128, DW_EH_PE_sdata2, DW_EH_PE_sdata4, DW_EH_PE_sdata8, DW_EH_PE_pcrel, DW_EH_PE_textrel, DW_EH_PE_datarel, DW_EH_PE_funcrel, DW_EH_PE_aligned, DW_EH_PE_indirect, DW_EH_PE_omit, TWO32, ByteReader;
var init_reader = __esm({
  "packages/unwinder/dist/native/reader.js"() {
    "use strict";
    init_errors6();
    DW_EH_PE_absptr = 0;
    DW_EH_PE_uleb128 = 1;
    DW_EH_PE_udata2 = 2;
    DW_EH_PE_udata4 = 3;
    DW_EH_PE_udata8 = 4;
    DW_EH_PE_sleb128 = 9;
    DW_EH_PE_sdata2 = 10;
    DW_EH_PE_sdata4 = 11;
    DW_EH_PE_sdata8 = 12;
    DW_EH_PE_pcrel = 16;
    DW_EH_PE_textrel = 32;
    DW_EH_PE_datarel = 48;
    DW_EH_PE_funcrel = 64;
    DW_EH_PE_aligned = 80;
    DW_EH_PE_indirect = 128;
    DW_EH_PE_omit = 255;
    TWO32 = 4294967296;
    ByteReader = class {
      buf;
      path;
      little;
      addressSize;
      pos;
      view;
      constructor(buf, path, pos = 0, little = true, addressSize = 8) {
        this.buf = buf;
        this.path = path;
        this.little = little;
        this.addressSize = addressSize;
        this.pos = pos;
        this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      need(n) {
        if (this.pos + n > this.buf.length) {
          throw new NativeUnwindError(`${this.path}: call frame data ends early (need ${n} bytes at offset ${this.pos} of ${this.buf.length}): the section is truncated or corrupt`);
        }
      }
      u8() {
        this.need(1);
        return this.buf[this.pos++];
      }
      u16() {
        this.need(2);
        const v = this.view.getUint16(this.pos, this.little);
        this.pos += 2;
        return v;
      }
      s16() {
        this.need(2);
        const v = this.view.getInt16(this.pos, this.little);
        this.pos += 2;
        return v;
      }
      u32() {
        this.need(4);
        const v = this.view.getUint32(this.pos, this.little);
        this.pos += 4;
        return v;
      }
      s32() {
        this.need(4);
        const v = this.view.getInt32(this.pos, this.little);
        this.pos += 4;
        return v;
      }
      u64() {
        this.need(8);
        const lo = this.view.getUint32(this.pos + (this.little ? 0 : 4), this.little);
        const hi = this.view.getUint32(this.pos + (this.little ? 4 : 0), this.little);
        this.pos += 8;
        return hi * TWO32 + lo;
      }
      s64() {
        this.need(8);
        const lo = this.view.getUint32(this.pos + (this.little ? 0 : 4), this.little);
        const hi = this.view.getInt32(this.pos + (this.little ? 4 : 0), this.little);
        this.pos += 8;
        return hi * TWO32 + lo;
      }
      uleb() {
        let result = 0;
        let mul = 1;
        for (; ; ) {
          const b = this.u8();
          result += (b & 127) * mul;
          mul *= 128;
          if ((b & 128) === 0)
            return result;
        }
      }
      sleb() {
        let result = 0;
        let mul = 1;
        for (; ; ) {
          const b = this.u8();
          result += (b & 127) * mul;
          mul *= 128;
          if ((b & 128) === 0) {
            if (b & 64)
              result -= mul;
            return result;
          }
        }
      }
      /** A NUL-terminated string. */
      cstring() {
        const end = this.buf.indexOf(0, this.pos);
        if (end < 0)
          throw new NativeUnwindError(`${this.path}: unterminated string at offset ${this.pos} in call frame data`);
        const s = this.buf.toString("latin1", this.pos, end);
        this.pos = end + 1;
        return s;
      }
      /** A value in the DW_EH_PE format `enc & 0x0f` with no base applied. */
      encodedValue(enc) {
        switch (enc & 15) {
          case DW_EH_PE_absptr:
            return this.addressSize === 8 ? this.u64() : this.u32();
          case DW_EH_PE_uleb128:
            return this.uleb();
          case DW_EH_PE_udata2:
            return this.u16();
          case DW_EH_PE_udata4:
            return this.u32();
          case DW_EH_PE_udata8:
            return this.u64();
          case DW_EH_PE_sleb128:
            return this.sleb();
          case DW_EH_PE_sdata2:
            return this.s16();
          case DW_EH_PE_sdata4:
            return this.s32();
          case DW_EH_PE_sdata8:
            return this.s64();
          default:
            throw new NativeUnwindError(`${this.path}: unsupported pointer encoding 0x${enc.toString(16)} at offset ${this.pos} in call frame data`);
        }
      }
      /** A DW_EH_PE-encoded pointer, bases applied; undefined for DW_EH_PE_omit. */
      pointer(enc, bases, indirect) {
        if (enc === DW_EH_PE_omit)
          return void 0;
        const at = this.pos;
        if ((enc & 112) === DW_EH_PE_aligned) {
          const a = this.addressSize;
          this.pos = Math.ceil(this.pos / a) * a;
        }
        let v = this.encodedValue(enc);
        switch (enc & 112) {
          case 0:
          case DW_EH_PE_aligned:
            break;
          case DW_EH_PE_pcrel:
            v += bases.section + at;
            break;
          case DW_EH_PE_textrel:
            v += baseOrThrow(bases.text, "textrel", this.path);
            break;
          case DW_EH_PE_datarel:
            v += baseOrThrow(bases.data, "datarel", this.path);
            break;
          case DW_EH_PE_funcrel:
            v += baseOrThrow(bases.func, "funcrel", this.path);
            break;
          default:
            throw new NativeUnwindError(`${this.path}: unsupported pointer application 0x${(enc & 112).toString(16)} in call frame data`);
        }
        if (this.addressSize === 8) {
          if (v >= 2 ** 64)
            v -= 2 ** 64;
        } else {
          v = v >>> 0;
        }
        if (enc & DW_EH_PE_indirect && indirect)
          return indirect(v);
        return v;
      }
    };
  }
});

// packages/unwinder/dist/native/cfa.js
function execute(section, fde, start, end, row, initial, pc, loc, depth) {
  const cie = fde ? fde.cie : void 0;
  const caf = cie ? cie.codeAlign : 1;
  const daf = cie ? cie.dataAlign : 1;
  const r = new ByteReader(section.data, section.path, start, true, cie ? cie.addressSize : 8);
  const advance = (delta) => {
    const next = loc.v + delta * caf;
    if (next > pc) {
      row.end = next;
      return false;
    }
    loc.v = next;
    row.start = next;
    return true;
  };
  while (r.pos < end) {
    const op = r.u8();
    const high = op & 192;
    if (high === 64) {
      if (!advance(op & 63))
        return false;
      continue;
    }
    if (high === 128) {
      row.setRule(op & 63, RULE_OFFSET, r.uleb() * daf);
      continue;
    }
    if (high === 192) {
      restore(row, initial, op & 63);
      continue;
    }
    switch (op) {
      case 0:
        break;
      // nop
      case 1: {
        const next = r.pointer(cie ? cie.fdeEncoding : 0, { section: section.address }) ?? 0;
        if (next > pc) {
          row.end = next;
          return false;
        }
        loc.v = next;
        row.start = next;
        break;
      }
      case 2:
        if (!advance(r.u8()))
          return false;
        break;
      case 3:
        if (!advance(r.u16()))
          return false;
        break;
      case 4:
        if (!advance(r.u32()))
          return false;
        break;
      case 5: {
        const reg = r.uleb();
        row.setRule(reg, RULE_OFFSET, r.uleb() * daf);
        break;
      }
      case 6:
        restore(row, initial, r.uleb());
        break;
      case 7:
        row.setRule(r.uleb(), RULE_UNDEFINED, 0);
        break;
      case 8:
        row.setRule(r.uleb(), RULE_SAME, 0);
        break;
      case 9: {
        const reg = r.uleb();
        row.setRule(reg, RULE_REGISTER, r.uleb());
        break;
      }
      case 10: {
        if (stateStack.length >= depth + 64)
          throw new NativeUnwindError(`${section.path}: DW_CFA_remember_state nests too deeply in the FDE at offset ${fde?.offset}`);
        stateStack.push(row.clone());
        break;
      }
      case 11: {
        if (stateStack.length <= depth)
          break;
        const saved = stateStack.pop();
        const { start: s } = row;
        row.copyFrom(saved);
        row.start = s;
        break;
      }
      case 12:
        row.cfaRegister = r.uleb();
        row.cfaOffset = r.uleb();
        row.cfaExpression = null;
        break;
      case 13:
        row.cfaRegister = r.uleb();
        row.cfaExpression = null;
        break;
      case 14:
        row.cfaOffset = r.uleb();
        row.cfaExpression = null;
        break;
      case 15: {
        const len = r.uleb();
        row.cfaExpression = section.data.subarray(r.pos, r.pos + len);
        r.pos += len;
        break;
      }
      case 16:
      case 22: {
        const reg = r.uleb();
        const len = r.uleb();
        row.setRule(reg, op === 16 ? RULE_EXPRESSION : RULE_VAL_EXPRESSION, 0, section.data.subarray(r.pos, r.pos + len));
        r.pos += len;
        break;
      }
      case 17: {
        const reg = r.uleb();
        row.setRule(reg, RULE_OFFSET, r.sleb() * daf);
        break;
      }
      case 18:
        row.cfaRegister = r.uleb();
        row.cfaOffset = r.sleb() * daf;
        row.cfaExpression = null;
        break;
      case 19:
        row.cfaOffset = r.sleb() * daf;
        row.cfaExpression = null;
        break;
      case 20: {
        const reg = r.uleb();
        row.setRule(reg, RULE_VAL_OFFSET, r.uleb() * daf);
        break;
      }
      case 21: {
        const reg = r.uleb();
        row.setRule(reg, RULE_VAL_OFFSET, r.sleb() * daf);
        break;
      }
      case 45:
        break;
      // GNU_window_save (SPARC) / AARCH64_negate_ra_state: pointer-auth bits are stripped by the unwinder
      case 46:
        r.uleb();
        break;
      // GNU_args_size
      case 47: {
        const reg = r.uleb();
        row.setRule(reg, RULE_OFFSET, -r.uleb() * daf);
        break;
      }
      // GNU_negative_offset_extended
      default:
        throw new NativeUnwindError(`${section.path}: unknown call frame instruction 0x${op.toString(16)} at offset ${r.pos - 1}`);
    }
  }
  return true;
}
function restore(row, initial, reg) {
  if (reg >= NREGS)
    return;
  if (initial)
    row.setRule(reg, initial.kind[reg], initial.value[reg], initial.expressions?.[reg] ?? null);
  else
    row.setRule(reg, RULE_SAME, 0);
}
function computeRow(fde, pc, out = new UnwindRow()) {
  const section = fde.section;
  const cie = fde.cie;
  const depth = stateStack.length;
  try {
    const init = initialScratch;
    init.kind.fill(0);
    init.value.fill(0);
    init.expressions = null;
    init.cfaRegister = 0;
    init.cfaOffset = 0;
    init.cfaExpression = null;
    init.raRegister = cie.raRegister;
    init.signalFrame = cie.signalFrame;
    const loc = { v: fde.pcBegin };
    execute(section, fde, cie.instStart, cie.instEnd, init, null, Number.POSITIVE_INFINITY, loc, depth);
    stateStack.length = depth;
    out.copyFrom(init);
    out.start = fde.pcBegin;
    out.end = fde.pcEnd;
    loc.v = fde.pcBegin;
    const initial = init.clone();
    if (execute(section, fde, fde.instStart, fde.instEnd, out, initial, pc, loc, depth))
      out.end = fde.pcEnd;
    return out;
  } finally {
    stateStack.length = depth;
  }
}
var RULE_SAME, RULE_UNDEFINED, RULE_OFFSET, RULE_VAL_OFFSET, RULE_REGISTER, RULE_EXPRESSION, RULE_VAL_EXPRESSION, UnwindRow, stateStack, initialScratch;
var init_cfa = __esm({
  "packages/unwinder/dist/native/cfa.js"() {
    "use strict";
    init_arch();
    init_reader();
    init_errors6();
    RULE_SAME = 0;
    RULE_UNDEFINED = 1;
    RULE_OFFSET = 2;
    RULE_VAL_OFFSET = 3;
    RULE_REGISTER = 4;
    RULE_EXPRESSION = 5;
    RULE_VAL_EXPRESSION = 6;
    UnwindRow = class _UnwindRow {
      /** CFA = reg[cfaRegister] + cfaOffset, unless cfaExpression is set. */
      cfaRegister = 0;
      cfaOffset = 0;
      cfaExpression = null;
      kind = new Uint8Array(NREGS);
      value = new Float64Array(NREGS);
      expressions = null;
      /** Return-address column (from the CIE). */
      raRegister = 16;
      /** The FDE's CIE has the 'S' augmentation (a signal trampoline). */
      signalFrame = false;
      /** Link-time pc range [start, end) this row covers. */
      start = 0;
      end = 0;
      copyFrom(o) {
        this.cfaRegister = o.cfaRegister;
        this.cfaOffset = o.cfaOffset;
        this.cfaExpression = o.cfaExpression;
        this.kind.set(o.kind);
        this.value.set(o.value);
        this.expressions = o.expressions ? o.expressions.slice() : null;
        this.raRegister = o.raRegister;
        this.signalFrame = o.signalFrame;
      }
      clone() {
        const r = new _UnwindRow();
        r.copyFrom(this);
        r.start = this.start;
        r.end = this.end;
        return r;
      }
      setRule(reg, kind, value, expr = null) {
        if (reg >= NREGS)
          return;
        this.kind[reg] = kind;
        this.value[reg] = value;
        if (expr || this.expressions) {
          this.expressions ??= new Array(NREGS).fill(null);
          this.expressions[reg] = expr;
        }
      }
    };
    stateStack = [];
    initialScratch = new UnwindRow();
  }
});

// packages/unwinder/dist/native/expr.js
function u64(a) {
  return BigInt.asUintN(64, BigInt(Math.trunc(a)));
}
function fromU64(b) {
  return Number(BigInt.asUintN(64, b));
}
function small(a, b) {
  return a >= 0 && a < 2147483648 && b >= 0 && b < 2147483648;
}
function evaluateExpression(expr, ctx, initial) {
  let sp = 0;
  if (initial !== void 0)
    stack[sp++] = initial;
  const r = new ByteReader(expr, "<dwarf expression>");
  const end = expr.length;
  try {
    while (r.pos < end) {
      const op = r.u8();
      if (sp >= MAX_STACK - 1)
        return void 0;
      if (op >= 48 && op <= 79) {
        stack[sp++] = op - 48;
        continue;
      }
      if (op >= 112 && op <= 143) {
        const v = ctx.reg(op - 112);
        const off = r.sleb();
        if (v === void 0)
          return void 0;
        stack[sp++] = v + off;
        continue;
      }
      if (op >= 80 && op <= 111) {
        const v = ctx.reg(op - 80);
        if (v === void 0)
          return void 0;
        stack[sp++] = v;
        continue;
      }
      switch (op) {
        case 3:
          stack[sp++] = r.u64() + ctx.bias;
          break;
        // addr
        case 6: {
          if (sp < 1)
            return void 0;
          const v = ctx.read(stack[sp - 1], 8);
          if (v === void 0)
            return void 0;
          stack[sp - 1] = v;
          break;
        }
        case 148: {
          const size = r.u8();
          if (sp < 1)
            return void 0;
          const v = ctx.read(stack[sp - 1], size);
          if (v === void 0)
            return void 0;
          stack[sp - 1] = v;
          break;
        }
        case 8:
          stack[sp++] = r.u8();
          break;
        // const1u
        case 9: {
          const v = r.u8();
          stack[sp++] = v > 127 ? v - 256 : v;
          break;
        }
        // const1s
        case 10:
          stack[sp++] = r.u16();
          break;
        case 11:
          stack[sp++] = r.s16();
          break;
        case 12:
          stack[sp++] = r.u32();
          break;
        case 13:
          stack[sp++] = r.s32();
          break;
        case 14:
          stack[sp++] = r.u64();
          break;
        case 15:
          stack[sp++] = r.s64();
          break;
        case 16:
          stack[sp++] = r.uleb();
          break;
        // constu
        case 17:
          stack[sp++] = r.sleb();
          break;
        // consts
        case 18:
          if (sp < 1)
            return void 0;
          stack[sp] = stack[sp - 1];
          sp++;
          break;
        // dup
        case 19:
          if (sp < 1)
            return void 0;
          sp--;
          break;
        // drop
        case 20:
          if (sp < 2)
            return void 0;
          stack[sp] = stack[sp - 2];
          sp++;
          break;
        // over
        case 21: {
          const i = r.u8();
          if (i >= sp)
            return void 0;
          stack[sp] = stack[sp - 1 - i];
          sp++;
          break;
        }
        // pick
        case 22: {
          if (sp < 2)
            return void 0;
          const t = stack[sp - 1];
          stack[sp - 1] = stack[sp - 2];
          stack[sp - 2] = t;
          break;
        }
        // swap
        case 23: {
          if (sp < 3)
            return void 0;
          const a = stack[sp - 1], b = stack[sp - 2], c = stack[sp - 3];
          stack[sp - 1] = b;
          stack[sp - 2] = c;
          stack[sp - 3] = a;
          break;
        }
        case 25:
          if (sp < 1)
            return void 0;
          stack[sp - 1] = Math.abs(stack[sp - 1]);
          break;
        // abs
        case 31:
          if (sp < 1)
            return void 0;
          stack[sp - 1] = -stack[sp - 1];
          break;
        // neg
        case 32:
          if (sp < 1)
            return void 0;
          stack[sp - 1] = fromU64(~u64(stack[sp - 1]));
          break;
        // not
        case 35:
          if (sp < 1)
            return void 0;
          stack[sp - 1] = stack[sp - 1] + r.uleb();
          break;
        // plus_uconst
        case 26:
        case 27:
        case 28:
        case 29:
        case 30:
        case 33:
        case 34:
        case 36:
        case 37:
        case 38:
        case 39:
        case 41:
        case 42:
        case 43:
        case 44:
        case 45:
        case 46: {
          if (sp < 2)
            return void 0;
          const b = stack[--sp];
          const a = stack[sp - 1];
          let v;
          switch (op) {
            case 26:
              v = small(a, b) ? a & b : fromU64(u64(a) & u64(b));
              break;
            // and
            case 27:
              if (b === 0)
                return void 0;
              v = Math.trunc(a / b);
              break;
            // div (signed)
            case 28:
              v = a - b;
              break;
            // minus
            case 29:
              if (b === 0)
                return void 0;
              v = fromU64(u64(a) % u64(b));
              break;
            // mod
            case 30:
              v = a * b;
              break;
            // mul
            case 33:
              v = small(a, b) ? a | b : fromU64(u64(a) | u64(b));
              break;
            // or
            case 34:
              v = a + b;
              break;
            // plus
            case 36:
              v = b >= 64 ? 0 : fromU64(u64(a) << BigInt(b));
              break;
            // shl
            case 37:
              v = b >= 64 ? 0 : fromU64(u64(a) >> BigInt(b));
              break;
            // shr
            case 38:
              v = b >= 64 ? a < 0 ? -1 : 0 : Math.floor(a / 2 ** b);
              break;
            // shra
            case 39:
              v = small(a, b) ? a ^ b : fromU64(u64(a) ^ u64(b));
              break;
            // xor
            case 41:
              v = a === b ? 1 : 0;
              break;
            // eq
            case 42:
              v = a >= b ? 1 : 0;
              break;
            // ge
            case 43:
              v = a > b ? 1 : 0;
              break;
            // gt
            case 44:
              v = a <= b ? 1 : 0;
              break;
            // le
            case 45:
              v = a < b ? 1 : 0;
              break;
            // lt
            default:
              v = a !== b ? 1 : 0;
              break;
          }
          stack[sp - 1] = v;
          break;
        }
        case 47: {
          const off = r.s16();
          r.pos += off;
          if (r.pos < 0 || r.pos > end)
            return void 0;
          break;
        }
        // skip
        case 40: {
          const off = r.s16();
          if (sp < 1)
            return void 0;
          if (stack[--sp] !== 0) {
            r.pos += off;
            if (r.pos < 0 || r.pos > end)
              return void 0;
          }
          break;
        }
        case 144: {
          const v = ctx.reg(r.uleb());
          if (v === void 0)
            return void 0;
          stack[sp++] = v;
          break;
        }
        // regx
        case 146: {
          const v = ctx.reg(r.uleb());
          const off = r.sleb();
          if (v === void 0)
            return void 0;
          stack[sp++] = v + off;
          break;
        }
        case 150:
          break;
        // nop
        default:
          return void 0;
      }
    }
  } catch {
    return void 0;
  }
  return sp > 0 ? stack[sp - 1] : void 0;
}
var MAX_STACK, stack;
var init_expr = __esm({
  "packages/unwinder/dist/native/expr.js"() {
    "use strict";
    init_reader();
    MAX_STACK = 64;
    stack = new Float64Array(MAX_STACK);
  }
});

// packages/unwinder/dist/native/ehframe.js
var FrameSection, EhFrameHdr, CallFrameInfo;
var init_ehframe = __esm({
  "packages/unwinder/dist/native/ehframe.js"() {
    "use strict";
    init_reader();
    init_errors6();
    FrameSection = class {
      data;
      path;
      address;
      debugFrame;
      cies = /* @__PURE__ */ new Map();
      bases;
      addressSize;
      little;
      indirect;
      /** Sorted pc_begin values and FDE offsets, built on first linear lookup. */
      sortedPcs;
      sortedOffsets;
      constructor(data, path, opts) {
        this.data = data;
        this.path = path;
        this.address = opts.address;
        this.debugFrame = opts.debugFrame ?? false;
        this.addressSize = opts.addressSize ?? 8;
        this.little = opts.little ?? true;
        this.indirect = opts.indirect;
        this.bases = { section: opts.address, ...opts.text !== void 0 ? { text: opts.text } : {}, ...opts.data !== void 0 ? { data: opts.data } : {} };
      }
      reader(pos) {
        return new ByteReader(this.data, this.path, pos, this.little, this.addressSize);
      }
      /** Reads an entry header at `offset`: [length-field end, entry end, id-field position, 64-bit]. */
      header(r) {
        const start = r.pos;
        if (start + 4 > this.data.length)
          return void 0;
        let len = r.u32();
        let dwarf64 = false;
        if (len === 4294967295) {
          len = r.u64();
          dwarf64 = true;
        }
        if (len === 0)
          return { end: r.pos, idPos: r.pos, id: -1, dwarf64 };
        const end = r.pos + len;
        if (end > this.data.length)
          throw new NativeUnwindError(`${this.path}: call frame entry at offset ${start} (length ${len}) runs past the end of the section (${this.data.length} bytes)`);
        const idPos = r.pos;
        const id = dwarf64 ? r.u64() : r.u32();
        return { end, idPos, id, dwarf64 };
      }
      isCieId(id, dwarf64) {
        if (!this.debugFrame)
          return id === 0;
        return dwarf64 ? id >= 4294967295 * 4294967296 : id === 4294967295;
      }
      /** The CIE at `offset` (cached). */
      cie(offset) {
        const cached = this.cies.get(offset);
        if (cached)
          return cached;
        const r = this.reader(offset);
        const h = this.header(r);
        if (!h || h.id === -1 || !this.isCieId(h.id, h.dwarf64)) {
          throw new NativeUnwindError(`${this.path}: no CIE at offset ${offset} of the call frame section`);
        }
        const version = r.u8();
        if (version !== 1 && version !== 3 && version !== 4)
          throw new NativeUnwindError(`${this.path}: CIE at offset ${offset} has unsupported version ${version}`);
        const augmentation = r.cstring();
        let addressSize = this.addressSize;
        if (version === 4) {
          addressSize = r.u8();
          r.u8();
        }
        if (augmentation.includes("eh"))
          r.pos += this.addressSize;
        const codeAlign = r.uleb();
        const dataAlign = r.sleb();
        const raRegister = version === 1 ? r.u8() : r.uleb();
        let fdeEncoding = DW_EH_PE_absptr;
        let lsdaEncoding = DW_EH_PE_omit;
        let signalFrame = false;
        const hasAugmentationData = augmentation.startsWith("z");
        if (hasAugmentationData) {
          const augLen = r.uleb();
          const augEnd = r.pos + augLen;
          for (let i = 1; i < augmentation.length; i++) {
            const c = augmentation[i];
            if (c === "R")
              fdeEncoding = r.u8();
            else if (c === "L")
              lsdaEncoding = r.u8();
            else if (c === "P") {
              const enc = r.u8();
              r.pointer(enc & 127, this.bases);
            } else if (c === "S")
              signalFrame = true;
            else if (c === "B" || c === "G")
              continue;
            else
              break;
          }
          r.pos = augEnd;
        } else if (augmentation.includes("S")) {
          signalFrame = true;
        }
        const cie = { offset, version, augmentation, codeAlign, dataAlign, raRegister, fdeEncoding, lsdaEncoding, signalFrame, hasAugmentationData, addressSize, instStart: r.pos, instEnd: h.end };
        this.cies.set(offset, cie);
        return cie;
      }
      /** The FDE at `offset`, or undefined when the entry there is a CIE or a terminator. */
      fde(offset) {
        const r = this.reader(offset);
        const h = this.header(r);
        if (!h || h.id === -1 || this.isCieId(h.id, h.dwarf64))
          return void 0;
        const cieOffset = this.debugFrame ? h.id : h.idPos - h.id;
        const cie = this.cie(cieOffset);
        const bases = this.bases;
        const pcBegin = r.pointer(cie.fdeEncoding, bases, this.indirect) ?? 0;
        const pcRange = r.encodedValue(cie.fdeEncoding & 15);
        if (cie.hasAugmentationData) {
          const augLen = r.uleb();
          r.pos += augLen;
        }
        return { section: this, offset, cie, pcBegin, pcEnd: pcBegin + pcRange, instStart: r.pos, instEnd: h.end };
      }
      /** Every FDE in section order. */
      *fdes() {
        const r = this.reader(0);
        while (r.pos < this.data.length) {
          const start = r.pos;
          const h = this.header(r);
          if (!h)
            break;
          if (h.id === -1) {
            if (!this.debugFrame)
              break;
            r.pos = h.end;
            continue;
          }
          if (!this.isCieId(h.id, h.dwarf64)) {
            const f = this.fde(start);
            if (f)
              yield f;
          }
          r.pos = h.end;
        }
      }
      /** The FDE covering `pc` by a binary search over a sorted index built on first use. */
      findLinear(pc) {
        if (!this.sortedPcs)
          this.buildIndex();
        const pcs = this.sortedPcs;
        let lo = 0;
        let hi = pcs.length - 1;
        if (hi < 0 || pc < pcs[0])
          return void 0;
        while (lo < hi) {
          const mid = lo + hi + 1 >>> 1;
          if (pcs[mid] <= pc)
            lo = mid;
          else
            hi = mid - 1;
        }
        for (let i = lo; i >= 0 && i > lo - 4; i--) {
          const f = this.fde(this.sortedOffsets[i]);
          if (f && pc >= f.pcBegin && pc < f.pcEnd)
            return f;
        }
        return void 0;
      }
      buildIndex() {
        const entries = [];
        for (const f of this.fdes())
          if (f.pcEnd > f.pcBegin && f.pcBegin !== 0)
            entries.push([f.pcBegin, f.offset]);
        entries.sort((a, b) => a[0] - b[0]);
        this.sortedPcs = Float64Array.from(entries, (e) => e[0]);
        this.sortedOffsets = Float64Array.from(entries, (e) => e[1]);
      }
    };
    EhFrameHdr = class {
      data;
      address;
      path;
      /** Link-time address of .eh_frame, as the header records it. */
      ehFramePtr;
      count;
      view;
      tableStart;
      fastPath;
      pcs;
      fdeAddrs;
      constructor(data, address, path, little = true) {
        this.data = data;
        this.address = address;
        this.path = path;
        const r = new ByteReader(data, path, 0, little);
        const version = r.u8();
        if (version !== 1)
          throw new NativeUnwindError(`${path}: .eh_frame_hdr version ${version} is not 1`);
        const ptrEnc = r.u8();
        const countEnc = r.u8();
        const tableEnc = r.u8();
        const bases = { section: address, data: address };
        this.ehFramePtr = r.pointer(ptrEnc, bases) ?? 0;
        this.count = countEnc === DW_EH_PE_omit || tableEnc === DW_EH_PE_omit ? 0 : r.pointer(countEnc, bases) ?? 0;
        this.tableStart = r.pos;
        this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
        this.fastPath = tableEnc === (DW_EH_PE_datarel | DW_EH_PE_sdata4) && little;
        if (this.fastPath) {
          if (this.tableStart + this.count * 8 > data.length)
            throw new NativeUnwindError(`${path}: .eh_frame_hdr table (${this.count} entries) runs past the end of the section`);
        } else if (this.count > 0) {
          const pcs = new Float64Array(this.count);
          const addrs = new Float64Array(this.count);
          for (let i = 0; i < this.count; i++) {
            pcs[i] = r.pointer(tableEnc, bases) ?? 0;
            addrs[i] = r.pointer(tableEnc, bases) ?? 0;
          }
          this.pcs = pcs;
          this.fdeAddrs = addrs;
        }
      }
      /** Link-time address of the FDE whose initial location is the greatest ≤ pc, if any. */
      lookup(pc) {
        const n = this.count;
        if (n === 0)
          return void 0;
        if (this.fastPath) {
          const v = this.view;
          const base = this.tableStart;
          const rel = pc - this.address;
          if (rel < v.getInt32(base, true))
            return void 0;
          let lo2 = 0;
          let hi2 = n - 1;
          while (lo2 < hi2) {
            const mid = lo2 + hi2 + 1 >>> 1;
            if (v.getInt32(base + mid * 8, true) <= rel)
              lo2 = mid;
            else
              hi2 = mid - 1;
          }
          return this.address + v.getInt32(base + lo2 * 8 + 4, true);
        }
        const pcs = this.pcs;
        if (pc < pcs[0])
          return void 0;
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = lo + hi + 1 >>> 1;
          if (pcs[mid] <= pc)
            lo = mid;
          else
            hi = mid - 1;
        }
        return this.fdeAddrs[lo];
      }
    };
    CallFrameInfo = class {
      ehFrame;
      hdr;
      debugFrame;
      constructor(ehFrame, hdr, debugFrame) {
        this.ehFrame = ehFrame;
        this.hdr = hdr;
        this.debugFrame = debugFrame;
      }
      /** The FDE covering link-time address `pc`, if any. */
      findFde(pc) {
        const eh = this.ehFrame;
        if (eh) {
          if (this.hdr && this.hdr.count > 0) {
            const addr = this.hdr.lookup(pc);
            if (addr !== void 0) {
              const f = eh.fde(addr - eh.address);
              if (f && pc >= f.pcBegin && pc < f.pcEnd)
                return f;
            }
          } else {
            const f = eh.findLinear(pc);
            if (f)
              return f;
          }
        }
        return this.debugFrame?.findLinear(pc);
      }
    };
  }
});

// packages/unwinder/dist/native/module.js
import { existsSync as existsSync3, statSync as statSync3 } from "node:fs";
import { join } from "node:path";
function findDebugFile(elf, root = "") {
  const id = elf.buildId;
  if (!id || id.length < 4)
    return void 0;
  const rel = join("/usr/lib/debug/.build-id", id.slice(0, 2), `${id.slice(2)}.debug`);
  for (const candidate of root ? [join(root, rel), rel] : [rel]) {
    if (!existsSync3(candidate))
      continue;
    try {
      const f = ElfFile.open(candidate);
      if (f.buildId === id && f.hasSymtab)
        return f;
      f.close();
    } catch {
    }
  }
  return void 0;
}
function loadCallFrameInfo(elf) {
  const little = elf.little;
  const addressSize = elf.is64 ? 8 : 4;
  const text = elf.section(".text");
  const got = elf.section(".got");
  const common = {
    addressSize,
    little,
    ...text ? { text: toAddress(text.address) } : {},
    ...got ? { data: toAddress(got.address) } : {}
  };
  let eh;
  let hdr;
  const ehSec = elf.section(".eh_frame");
  const hdrSec = elf.section(".eh_frame_hdr");
  if (ehSec && ehSec.fileSize > 0) {
    eh = new FrameSection(elf.sectionData(ehSec), elf.path, { ...common, address: toAddress(ehSec.address) });
    if (hdrSec && hdrSec.fileSize > 0)
      hdr = new EhFrameHdr(elf.sectionData(hdrSec), toAddress(hdrSec.address), elf.path, little);
  } else {
    const seg = elf.segments.find((s) => s.type === PT_GNU_EH_FRAME);
    if (seg && seg.filesz > 0) {
      hdr = new EhFrameHdr(elf.source.read(seg.offset, seg.filesz, "PT_GNU_EH_FRAME segment"), toAddress(seg.vaddr), elf.path, little);
      const ehAddr = hdr.ehFramePtr;
      const load = elf.segments.find((s) => s.type === PT_LOAD2 && ehAddr >= Number(s.vaddr) && ehAddr < Number(s.vaddr) + s.filesz);
      if (load) {
        const off = load.offset + (ehAddr - Number(load.vaddr));
        const len = load.offset + load.filesz - off;
        eh = new FrameSection(elf.source.read(off, len, ".eh_frame (from PT_GNU_EH_FRAME)"), elf.path, { ...common, address: ehAddr });
      } else {
        hdr = void 0;
      }
    }
  }
  let debug;
  const dbgSec = elf.section(".debug_frame");
  if (dbgSec && dbgSec.fileSize > 0)
    debug = new FrameSection(elf.sectionData(dbgSec), elf.path, { ...common, address: 0, debugFrame: true });
  if (!eh && !debug)
    return null;
  return new CallFrameInfo(eh, hdr, debug);
}
function openNativeModule(hostPath, root = "") {
  const st = statSync3(hostPath);
  const key2 = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  let m = modules.get(key2);
  if (!m) {
    m = new NativeModule(ElfFile.open(hostPath), root);
    modules.set(key2, m);
  }
  return m;
}
var PT_GNU_EH_FRAME, PT_LOAD2, ROW_CACHE_LIMIT, NativeModule, modules;
var init_module = __esm({
  "packages/unwinder/dist/native/module.js"() {
    "use strict";
    init_elf();
    init_dist();
    init_ehframe();
    init_cfa();
    PT_GNU_EH_FRAME = 1685382480;
    PT_LOAD2 = 1;
    ROW_CACHE_LIMIT = 65536;
    NativeModule = class {
      elf;
      root;
      cfiCache;
      rows = /* @__PURE__ */ new Map();
      symbolFile;
      /** Why the call frame information could not be loaded, if it could not. */
      cfiError;
      constructor(elf, root = "") {
        this.elf = elf;
        this.root = root;
      }
      get path() {
        return this.elf.path;
      }
      /** .eh_frame (+ .eh_frame_hdr) and .debug_frame, parsed on first use; null when there is none. */
      get cfi() {
        if (this.cfiCache === void 0) {
          try {
            this.cfiCache = loadCallFrameInfo(this.elf);
          } catch (e) {
            this.cfiError = e.message;
            this.cfiCache = null;
          }
        }
        return this.cfiCache;
      }
      /**
       * The unwind row for link-time address `pc` (cached), or null when no FDE covers it or its
       * instructions cannot be interpreted.
       */
      row(pc) {
        const hit = this.rows.get(pc);
        if (hit !== void 0)
          return hit;
        let row = null;
        const cfi = this.cfi;
        if (cfi) {
          try {
            const fde = cfi.findFde(pc);
            if (fde)
              row = computeRow(fde, pc);
          } catch {
            row = null;
          }
        }
        if (this.rows.size >= ROW_CACHE_LIMIT)
          this.rows.clear();
        this.rows.set(pc, row);
        return row;
      }
      /**
       * The function symbol containing link-time address `address`: the nearest preceding function
       * symbol whose [value, value+size) holds it, or the nearest preceding one when its size is 0.
       * Uses .symtab, else .dynsym plus the separate debug file found by build-id.
       */
      symbol(address) {
        const file = this.symbols();
        const hit = file.symbolForAddress(address);
        if (!hit)
          return void 0;
        const size = Number(hit.symbol.size);
        if (size > 0 && hit.offset >= size)
          return void 0;
        if (size === 0 && this.sectionIndexAt(address) !== hit.symbol.sectionIndex)
          return void 0;
        if (file !== this.elf) {
          const pub = this.elf.symbolForAddress(address);
          if (pub && pub.symbol.value === hit.symbol.value)
            return { name: pub.symbol.name, offset: hit.offset };
        }
        return { name: hit.symbol.name, offset: hit.offset };
      }
      sectionStarts;
      sectionEnds;
      sectionIndexes;
      /** Index of the allocated section holding link-time `address` (-1 if none). */
      sectionIndexAt(address) {
        if (!this.sectionStarts) {
          const secs = this.elf.sections.filter((s) => (s.flags & 2n) !== 0n && s.size > 0n).sort((a, b) => Number(a.address - b.address));
          this.sectionStarts = Float64Array.from(secs, (s) => Number(s.address));
          this.sectionEnds = Float64Array.from(secs, (s) => Number(s.address + s.size));
          this.sectionIndexes = Int32Array.from(secs, (s) => s.index);
        }
        const starts = this.sectionStarts;
        for (let i = starts.length - 1; i >= 0; i--) {
          if (address >= starts[i])
            return address < this.sectionEnds[i] ? this.sectionIndexes[i] : -1;
        }
        return -1;
      }
      symbols() {
        if (this.symbolFile === void 0) {
          this.symbolFile = null;
          if (!this.elf.hasSymtab) {
            const debug = findDebugFile(this.elf, this.root);
            if (debug)
              this.symbolFile = debug;
          }
        }
        return this.symbolFile ?? this.elf;
      }
    };
    modules = /* @__PURE__ */ new Map();
  }
});

// packages/unwinder/dist/native/unwinder.js
import { statSync as statSync4 } from "node:fs";
import { join as join2 } from "node:path";
function upperBound(a, x) {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (a[mid] <= x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}
var TWO322, StackWindow, NativeUnwinder, STEP_OK, STEP_END, STEP_FAIL;
var init_unwinder = __esm({
  "packages/unwinder/dist/native/unwinder.js"() {
    "use strict";
    init_dist();
    init_elf();
    init_arch();
    init_cfa();
    init_expr();
    init_module();
    TWO322 = 4294967296;
    StackWindow = class {
      memory;
      buf;
      view;
      base = 0;
      len = 0;
      scratch = Buffer.alloc(8);
      scratchView;
      /** Reads that missed the window (for statistics/tests). */
      misses = 0;
      constructor(memory, size) {
        this.memory = memory;
        this.buf = Buffer.alloc(size);
        this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
        this.scratchView = new DataView(this.scratch.buffer, this.scratch.byteOffset, 8);
      }
      load(sp, limit) {
        this.base = sp;
        let len = Math.min(this.buf.length, Math.max(0, limit - sp));
        this.len = 0;
        while (len >= 64) {
          try {
            this.memory.readInto(sp, this.buf, 0, len);
            this.len = len;
            return;
          } catch {
            len >>>= 2;
          }
        }
      }
      read(address, size) {
        const off = address - this.base;
        let view;
        let at;
        if (off >= 0 && off + size <= this.len) {
          view = this.view;
          at = off;
        } else {
          if (!(address > 0) || size > 8)
            return void 0;
          this.misses++;
          try {
            this.memory.readInto(address, this.scratch, 0, size);
          } catch {
            return void 0;
          }
          view = this.scratchView;
          at = 0;
        }
        switch (size) {
          case 8:
            return view.getUint32(at + 4, true) * TWO322 + view.getUint32(at, true);
          case 4:
            return view.getUint32(at, true);
          case 2:
            return view.getUint16(at, true);
          case 1:
            return view.getUint8(at);
          default:
            return void 0;
        }
      }
      /** A code pointer: on aarch64 the pointer-authentication bits above bit 47 are cleared. */
      readCode(address, aarch64) {
        if (!aarch64)
          return this.read(address, 8);
        const lo = this.read(address, 4);
        const hi = this.read(address + 4, 4);
        if (lo === void 0 || hi === void 0)
          return void 0;
        return (hi & 65535) * TWO322 + lo;
      }
    };
    NativeUnwinder = class {
      pid;
      memory;
      rootPrefix;
      fixedMaps;
      maps = [];
      code = [];
      codeStarts = new Float64Array(0);
      mapStarts = new Float64Array(0);
      lastCode;
      window;
      maxFrames;
      symbols = /* @__PURE__ */ new Map();
      needsReload = false;
      // Per-frame register files (swapped each step): no allocation while unwinding.
      regs = new Float64Array(NREGS);
      valid = new Uint8Array(NREGS);
      nregs = new Float64Array(NREGS);
      nvalid = new Uint8Array(NREGS);
      exprCtx;
      exprBias = 0;
      /** Frames unwound with frame pointers because no call frame information covered their pc. */
      fpFrames = 0;
      /** Stack reads that fell outside the per-unwind stack window (each one is a separate read). */
      get windowMisses() {
        return this.window.misses;
      }
      constructor(pid, memory, options = {}) {
        this.pid = pid;
        this.memory = memory;
        this.rootPrefix = options.rootPrefix ?? `/proc/${pid}/root`;
        this.fixedMaps = options.maps !== void 0;
        this.window = new StackWindow(memory, options.stackWindow ?? 32 * 1024);
        this.maxFrames = options.maxFrames ?? 1024;
        const self = this;
        this.exprCtx = {
          reg: (n) => n < NREGS && self.valid[n] ? self.regs[n] : void 0,
          read: (address, size) => self.window.read(address, size),
          get bias() {
            return self.exprBias;
          }
        };
        this.setMaps(options.maps ?? readMaps(pid));
      }
      /** Re-reads /proc/PID/maps (after dlopen/dlclose); parsed modules stay cached. */
      reload(maps) {
        this.setMaps(maps ?? readMaps(this.pid));
        this.symbols.clear();
        this.needsReload = false;
      }
      setMaps(maps) {
        const sorted = maps.slice().sort((a, b) => a.start - b.start);
        const previous = /* @__PURE__ */ new Map();
        for (const c of this.code)
          previous.set(`${c.start}:${c.end}:${c.map.path}:${c.map.inode}`, c);
        this.maps = sorted;
        this.mapStarts = Float64Array.from(sorted, (m) => m.start);
        this.code = sorted.filter((m) => m.executable && m.path !== "[vsyscall]").map((m) => previous.get(`${m.start}:${m.end}:${m.path}:${m.inode}`) ?? { start: m.start, end: m.end, map: m });
        this.codeStarts = Float64Array.from(this.code, (c) => c.start);
        this.lastCode = void 0;
      }
      /** The code mapping containing `address`, if any. */
      codeFor(address) {
        const last = this.lastCode;
        if (last && address >= last.start && address < last.end)
          return last;
        const i = upperBound(this.codeStarts, address) - 1;
        if (i < 0)
          return void 0;
        const c = this.code[i];
        if (address >= c.end)
          return void 0;
        this.lastCode = c;
        return c;
      }
      /** The image mapped at `address` (opened on first use), or undefined. */
      imageFor(address) {
        const c = this.codeFor(address);
        if (!c)
          return void 0;
        if (c.image === void 0)
          c.image = this.openImage(c) ?? null;
        return c.image ?? void 0;
      }
      openImage(c) {
        const path = c.map.path;
        if (!path)
          return void 0;
        try {
          if (path === "[vdso]") {
            const buf = this.memory.read(c.start, c.end - c.start);
            const elf = ElfFile.fromBuffer(Buffer.from(buf), "[vdso]");
            const module2 = new NativeModule(elf);
            const bias2 = elf.loadBias(c.start, 0) ?? c.start;
            return { path, hostPath: "[vdso]", module: module2, bias: bias2 };
          }
          if (path.startsWith("["))
            return void 0;
          let lowest = c.map;
          for (const m of this.maps)
            if (m.path === path && m.inode === c.map.inode && m.offset < lowest.offset)
              lowest = m;
          const hostPath = this.resolveHostPath(path, c.map);
          const module = openNativeModule(hostPath, this.rootPrefix);
          const bias = module.elf.loadBias(lowest.start, lowest.offset);
          if (bias === void 0)
            return void 0;
          return { path, hostPath, module, bias };
        } catch {
          return void 0;
        }
      }
      /** Where to open a mapped file from: the target's root first, checked by inode; then map_files. */
      resolveHostPath(path, map) {
        const candidates = [join2(this.rootPrefix, path), `/proc/${this.pid}/map_files/${map.start.toString(16)}-${map.end.toString(16)}`, path];
        let first;
        for (const c of candidates) {
          try {
            const st = statSync4(c);
            if (!st.isFile())
              continue;
            if (map.inode === 0 || st.ino === map.inode)
              return c;
            first ??= c;
          } catch {
          }
        }
        return first ?? candidates[0];
      }
      /** End of the mapping holding `address` (to bound the stack window), or address + 1 MiB. */
      mapEnd(address) {
        const i = upperBound(this.mapStarts, address) - 1;
        if (i >= 0) {
          const m = this.maps[i];
          if (address < m.end)
            return m.end;
        }
        return address + (1 << 20);
      }
      /**
       * Walks the stack of a stopped thread: returns the pc of the innermost frame followed by the
       * return address of each caller. Stops at pc 0, at a non-increasing sp, at an undefined return
       * address (the outermost frame: _start, clone) or after `maxFrames` frames.
       * With `sps`, also fills in each frame's stack pointer (its locals lie in [sps[i], sps[i+1])).
       */
      unwind(registers, out = [], sps) {
        if (this.needsReload && !this.fixedMaps)
          this.reload();
        out.length = 0;
        if (sps)
          sps.length = 0;
        const info = loadRegisters(registers, this.regs, this.valid);
        this.window.load(registers.sp, this.mapEnd(registers.sp));
        let signal = false;
        for (let n = 0; n < this.maxFrames; n++) {
          const pc = this.regs[info.pc];
          if (!this.valid[info.pc] || pc === 0)
            break;
          out.push(pc);
          if (sps)
            sps.push(this.regs[info.sp]);
          const lookup = n === 0 || signal ? pc : pc - 1;
          const image = this.imageFor(lookup);
          if (!image && !this.codeFor(lookup) && !this.fixedMaps)
            this.needsReload = true;
          const row = image ? image.module.row(lookup - image.bias) : null;
          let step;
          if (row) {
            this.exprBias = image.bias;
            step = this.stepCfi(info, row);
            signal = row.signalFrame;
          } else {
            step = this.stepFramePointer(info);
            signal = false;
            if (step === STEP_OK)
              this.fpFrames++;
          }
          if (step !== STEP_OK)
            break;
          const r = this.regs;
          this.regs = this.nregs;
          this.nregs = r;
          const v = this.valid;
          this.valid = this.nvalid;
          this.nvalid = v;
          const newSp = this.regs[info.sp];
          const oldSp = this.nregs[info.sp];
          if (!signal && newSp <= oldSp)
            break;
        }
        return out;
      }
      stepCfi(info, row) {
        const regs = this.regs;
        const valid = this.valid;
        const nregs = this.nregs;
        const nvalid = this.nvalid;
        let cfa;
        if (row.cfaExpression)
          cfa = evaluateExpression(row.cfaExpression, this.exprCtx);
        else if (valid[row.cfaRegister])
          cfa = regs[row.cfaRegister] + row.cfaOffset;
        if (cfa === void 0)
          return STEP_FAIL;
        const ra = row.raRegister;
        if (ra >= NREGS || row.kind[ra] === RULE_UNDEFINED)
          return STEP_END;
        const aarch64 = info.arch === "aarch64";
        const win = this.window;
        const last = aarch64 ? 31 : NREGS - 1;
        for (let i = 0; i <= last; i++) {
          const value = row.value[i];
          let v;
          switch (row.kind[i]) {
            case RULE_SAME:
              nregs[i] = regs[i];
              nvalid[i] = valid[i];
              continue;
            case RULE_UNDEFINED:
              nvalid[i] = 0;
              continue;
            case RULE_OFFSET:
              v = i === ra ? win.readCode(cfa + value, aarch64) : win.read(cfa + value, 8);
              break;
            case RULE_VAL_OFFSET:
              v = cfa + value;
              break;
            case RULE_REGISTER:
              v = value < NREGS && valid[value] ? regs[value] : void 0;
              break;
            case RULE_EXPRESSION: {
              const addr = evaluateExpression(row.expressions[i], this.exprCtx, cfa);
              v = addr === void 0 ? void 0 : win.read(addr, 8);
              break;
            }
            case RULE_VAL_EXPRESSION:
              v = evaluateExpression(row.expressions[i], this.exprCtx, cfa);
              break;
          }
          if (v === void 0)
            nvalid[i] = 0;
          else {
            nregs[i] = v;
            nvalid[i] = 1;
          }
        }
        if (row.kind[info.sp] === RULE_SAME) {
          nregs[info.sp] = cfa;
          nvalid[info.sp] = 1;
        }
        if (!nvalid[ra])
          return STEP_FAIL;
        let pc = nregs[ra];
        if (aarch64 && pc >= 2 ** 48)
          pc %= 2 ** 48;
        nregs[info.pc] = pc;
        nvalid[info.pc] = 1;
        return STEP_OK;
      }
      /** x86_64: [rbp] = caller's rbp, [rbp+8] = return address; aarch64: [x29], [x29+8]. */
      stepFramePointer(info) {
        const fp = this.regs[info.fp];
        const sp = this.regs[info.sp];
        if (!this.valid[info.fp] || fp === 0 || fp < sp || fp % 8 !== 0)
          return STEP_FAIL;
        const savedFp = this.window.read(fp, 8);
        const ra = this.window.readCode(fp + 8, info.arch === "aarch64");
        if (savedFp === void 0 || ra === void 0)
          return STEP_FAIL;
        this.nvalid.fill(0);
        this.nregs[info.fp] = savedFp;
        this.nvalid[info.fp] = 1;
        this.nregs[info.sp] = fp + 16;
        this.nvalid[info.sp] = 1;
        this.nregs[info.pc] = ra;
        this.nvalid[info.pc] = 1;
        if (info.arch === "aarch64") {
          this.nregs[30] = ra;
          this.nvalid[30] = 1;
        }
        return STEP_OK;
      }
      /**
       * The module and function of a runtime address (cached). Undefined when no file-backed mapping
       * holds it. For return addresses, pass `address - 1` to name the calling function exactly.
       */
      symbolize(address) {
        const hit = this.symbols.get(address);
        if (hit !== void 0)
          return hit ?? void 0;
        let result = null;
        const image = this.imageFor(address);
        if (image) {
          const link = address - image.bias;
          let sym;
          try {
            sym = image.module.symbol(link);
          } catch {
            sym = void 0;
          }
          result = sym ? { address, module: image.path, name: sym.name, offset: sym.offset } : { address, module: image.path, offset: link };
        } else {
          const c = this.codeFor(address);
          if (c && c.map.path)
            result = { address, module: c.map.path, offset: address - c.start };
        }
        if (this.symbols.size >= 65536)
          this.symbols.clear();
        this.symbols.set(address, result);
        return result ?? void 0;
      }
      /**
       * Symbolizes the output of `unwind`: frame 0 at its pc, callers at return address − 1 (the call
       * instruction), falling back to the address itself when that names nothing (a signal trampoline
       * such as __restore_rt is entered, not called). Unknown addresses get module "?".
       */
      symbolizeStack(pcs) {
        const out = new Array(pcs.length);
        for (let i = 0; i < pcs.length; i++) {
          const pc = pcs[i];
          let s = this.symbolize(i === 0 ? pc : pc - 1);
          if (i > 0 && s && s.name === void 0) {
            const exact = this.symbolize(pc);
            if (exact?.name !== void 0)
              s = exact;
          }
          out[i] = s ?? { address: pc, module: "?", offset: 0 };
        }
        return out;
      }
      /** `unwind` then `symbolizeStack`. */
      backtrace(registers) {
        return this.symbolizeStack(this.unwind(registers));
      }
      /** The module path and load bias of the image mapped at `address`, if any (for diagnostics). */
      moduleFor(address) {
        const im = this.imageFor(address);
        return im ? { path: im.path, hostPath: im.hostPath, bias: im.bias } : void 0;
      }
    };
    STEP_OK = 0;
    STEP_END = 1;
    STEP_FAIL = 2;
  }
});

// packages/unwinder/dist/native/index.js
var init_native2 = __esm({
  "packages/unwinder/dist/native/index.js"() {
    "use strict";
    init_unwinder();
  }
});

// packages/unwinder/dist/index.js
var init_dist3 = __esm({
  "packages/unwinder/dist/index.js"() {
    "use strict";
    init_core();
    init_process();
    init_native2();
  }
});

// packages/sampler/dist/version.js
function formatVersion(major, minor, patch, release = "", buildMetadata) {
  return `${major}.${minor}.${patch}${release}${buildMetadata === void 0 ? "" : `+${buildMetadata}`}`;
}
function make(major, minor, patch, release = "", buildMetadata) {
  return { major, minor, patch, release, buildMetadata, string: formatVersion(major, minor, patch, release, buildMetadata) };
}
function versionFromHex(hex) {
  const major = hex >>> 24;
  const minor = hex >>> 16 & 255;
  const patch = hex >>> 8 & 255;
  const level = hex >>> 4 & 15;
  const serial = hex & 15;
  if (major !== 2 && major !== 3)
    return void 0;
  if (minor > 50 || ![10, 11, 12, 15].includes(level))
    return void 0;
  const release = level === 10 ? `a${serial}` : level === 11 ? `b${serial}` : level === 12 ? `rc${serial}` : "";
  return make(major, minor, patch, release);
}
function scanVersion(bytes) {
  const text = typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const re = new RegExp(VERSION_RE.source, "gs");
  let m;
  while (m = re.exec(text)) {
    const major = Number(m[2]);
    const minor = Number(m[3]);
    const plausible = major === 2 ? minor <= 9 : minor <= 40;
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 0;
    if (plausible && !(before >= 48 && before <= 57) && !(before === 46)) {
      const build = m[7] === void 0 ? void 0 : m[7].slice(1);
      return make(major, minor, Number(m[4]), m[5] ?? "", build);
    }
    re.lastIndex = m.index + 1;
  }
  return void 0;
}
function versionFromFilename(path) {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const m = /^(?:lib)?python(\d)\.(\d{1,2})/.exec(base);
  if (!m)
    return void 0;
  return make(Number(m[1]), Number(m[2]), 0);
}
var VERSION_RE;
var init_version2 = __esm({
  "packages/sampler/dist/version.js"() {
    "use strict";
    VERSION_RE = /((2|3)\.(\d{1,2})\.(\d{1,2}))((a|b|c|rc)\d{1,2})?(\+(?:[0-9a-z-]+(?:[.][0-9a-z-]+)*)?)? (.{1,64})/s;
  }
});

// packages/sampler/dist/locate.js
function readU64(mem, address) {
  const b = mem.read(address, 8);
  return b.readUInt32LE(0) + b.readUInt32LE(4) * 2 ** 32;
}
function imagesOf(images) {
  return [images.executable, images.libpython].filter((x) => x !== void 0);
}
function symbol(images, name) {
  for (const img of imagesOf(images)) {
    const a = img.symbolAddress(name);
    if (a !== void 0 && a !== 0)
      return a;
  }
  return void 0;
}
function sectionsOf(images, names) {
  const out = [];
  for (const img of imagesOf(images)) {
    for (const n of names) {
      const r = img.sectionRange(n);
      if (r && r.size > 0)
        out.push(r);
    }
  }
  return out;
}
function detectVersion(mem, images) {
  const pyVersion = symbol(images, "Py_Version");
  if (pyVersion !== void 0) {
    try {
      const v = versionFromHex(mem.read(pyVersion, 4).readUInt32LE(0));
      if (v)
        return v;
    } catch {
    }
  }
  for (const name of ["Py_GetVersion.version", "version"]) {
    const a = symbol(images, name);
    if (a === void 0)
      continue;
    try {
      const v = scanVersion(mem.read(a, 128));
      if (v)
        return v;
    } catch {
    }
  }
  for (const range of sectionsOf(images, [".bss", ".data", ".rodata"])) {
    const size = Math.min(range.size, 64 << 20);
    try {
      const v = scanVersion(mem.read(range.address, size));
      if (v)
        return v;
    } catch {
    }
  }
  for (const img of imagesOf(images)) {
    const v = versionFromFilename(img.path);
    if (v)
      return v;
  }
  throw new InterpreterNotFound(images.pid, "could not find the Python version in the process (no Py_Version symbol, no version string in .data/.bss)");
}
function isFreeThreadedName(images) {
  return imagesOf(images).some((i) => /python\d\.\d+t/.test(i.path.slice(i.path.lastIndexOf("/") + 1)));
}
function isDebugBuild(images) {
  if (imagesOf(images).some((i) => /python\d\.\d+t?d(?:$|[.-])/.test(i.path.slice(i.path.lastIndexOf("/") + 1))))
    return true;
  return symbol(images, "_Py_NegativeRefcount") !== void 0 || symbol(images, "_Py_RefTotal") !== void 0;
}
function runtimeAddress(images) {
  return symbol(images, "_PyRuntime") ?? sectionsOf(images, [".PyRuntime"])[0]?.address;
}
function looksLikeInterpreter(mem, layout, maps, interp) {
  if (!interp || interp % 8 !== 0 || !maps.contains(interp))
    return false;
  try {
    const head = readU64(mem, interp + layout.interpreter_state.threads_head);
    if (!head || head % 8 !== 0 || !maps.contains(head))
      return false;
    return readU64(mem, head + layout.thread_state.interp) === interp;
  } catch {
    return false;
  }
}
function threadsLookReal(mem, layout, maps, interp) {
  const ts = layout.thread_state;
  try {
    let t = readU64(mem, interp + layout.interpreter_state.threads_head);
    let bound = 0;
    for (let i = 0; t && i < 256; i++) {
      if (t % 8 !== 0 || !maps.contains(t) || readU64(mem, t + ts.interp) !== interp)
        return false;
      const id = readU64(mem, t + ts.thread_id);
      if (id !== 0) {
        if (!maps.contains(id))
          return false;
        bound++;
      }
      t = readU64(mem, t + ts.next);
    }
    return bound > 0;
  } catch {
    return false;
  }
}
function locateInterpreter(pid, mem, validate, given) {
  let images;
  try {
    images = given ?? findPythonImages(pid);
  } catch (e) {
    if (e.name === "ProcessNotFound" || e.name === "PermissionDenied" || e.name === "AlreadyTraced")
      throw e;
    throw new NotPythonProcess(pid, e.message);
  }
  const isPython = (img) => img !== void 0 && /python/i.test(img.path.slice(img.path.lastIndexOf("/") + 1));
  if (!images.libpython && !isPython(images.executable)) {
    if (!images.executable || images.executable.symbolAddress("_PyRuntime") === void 0 && images.executable.symbolAddress("interp_head") === void 0 && images.executable.symbolAddress("Py_Version") === void 0) {
      throw new NotPythonProcess(pid);
    }
  }
  const executable = images.executable?.path ?? images.libpython.path;
  const version = detectVersion(mem, images);
  let debug = isDebugBuild(images);
  let freeThreaded = isFreeThreadedName(images);
  const runtime = version.major === 3 && version.minor >= 7 ? runtimeAddress(images) : void 0;
  let layout;
  let via = "static table";
  if (version.major === 3 && version.minor >= 13 && runtime !== void 0) {
    try {
      const decoded = decodeDebugOffsets(mem.read(runtime, DEBUG_OFFSETS_READ_SIZE), { debug });
      if (decoded.version.major === version.major && decoded.version.minor === version.minor) {
        layout = decoded.layout;
        freeThreaded = decoded.freeThreaded;
        via = `_Py_DebugOffsets over ${decoded.baseKey}`;
      }
    } catch {
    }
  }
  layout ??= layoutFor({ major: version.major, minor: version.minor, patch: version.patch }, { freeThreaded, debug });
  debug = debug || layout.debug;
  const maps = new MapIndex(images.maps);
  const make2 = (interp, how) => {
    const gil = {};
    if (!freeThreaded) {
      if (version.major === 2 || version.minor <= 6)
        gil.tstatePointer = symbol(images, "_PyThreadState_Current");
      else if (version.minor <= 11) {
        const off = layout.runtime_state?.tstate_current;
        if (runtime !== void 0 && off !== void 0)
          gil.tstatePointer = runtime + off;
      } else if (layout.interpreter_state.ceval_gil !== void 0)
        gil.gilPointer = interp + layout.interpreter_state.ceval_gil;
    }
    return {
      version,
      layout,
      freeThreaded,
      debug,
      images,
      executable,
      runtime,
      interp,
      gil,
      codeType: symbol(images, "PyCode_Type"),
      via: `${via}; interpreter from ${how}`
    };
  };
  const attempt = (interp, how) => {
    if (!looksLikeInterpreter(mem, layout, maps, interp))
      return void 0;
    const loc = make2(interp, how);
    return validate(loc) ? loc : void 0;
  };
  const fromSymbols = [];
  try {
    if (version.major === 2 || version.minor <= 6) {
      const head = symbol(images, "interp_head");
      if (head !== void 0)
        fromSymbols.push([readU64(mem, head), "interp_head"]);
    } else if (runtime !== void 0 && layout.runtime_state?.interpreters_head !== void 0) {
      fromSymbols.push([readU64(mem, runtime + layout.runtime_state.interpreters_head), "_PyRuntime.interpreters.head"]);
    }
  } catch {
  }
  for (const [addr, how] of fromSymbols) {
    if (!looksLikeInterpreter(mem, layout, maps, addr))
      continue;
    const loc = make2(addr, how);
    if (validate(loc))
      return loc;
    throw new InterpreterNotFound(pid, `Python ${version.string}: the interpreter at ${how} did not validate (a thread's stack could not be walked)`);
  }
  for (const range of sectionsOf(images, [".PyRuntime", ".data", ".bss"])) {
    let buf;
    try {
      buf = mem.read(range.address, Math.min(range.size, 32 << 20));
    } catch {
      continue;
    }
    for (let off = 0; off + 8 <= buf.length; off += 8) {
      const v = buf.readUInt32LE(off) + buf.readUInt32LE(off + 4) * 2 ** 32;
      if (v === 0 || v % 8 !== 0 || !maps.contains(v) || !threadsLookReal(mem, layout, maps, v))
        continue;
      const loc = attempt(v, `a pointer in ${range.address.toString(16)}+${off}`);
      if (loc)
        return loc;
    }
  }
  throw new InterpreterNotFound(pid, `Python ${version.string}: no valid PyInterpreterState (${fromSymbols.length ? "the symbol pointed to an invalid one" : "no _PyRuntime/interp_head symbol"} and the .data/.bss scan found none)`);
}
var MapIndex;
var init_locate = __esm({
  "packages/sampler/dist/locate.js"() {
    "use strict";
    init_dist2();
    init_dist3();
    init_errors4();
    init_version2();
    MapIndex = class {
      starts;
      ends;
      constructor(maps) {
        const sorted = maps.filter((m) => m.readable).sort((a, b) => a.start - b.start);
        this.starts = sorted.map((m) => m.start);
        this.ends = sorted.map((m) => m.end);
      }
      contains(address) {
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo <= hi) {
          const mid = lo + hi >> 1;
          if (this.starts[mid] > address)
            hi = mid - 1;
          else if (this.ends[mid] <= address)
            lo = mid + 1;
          else
            return true;
        }
        return false;
      }
    };
  }
});

// packages/sampler/dist/native.js
function demangleCython(name) {
  const m = CYTHON_PREFIX.exec(name);
  if (!m)
    return name;
  let current = name.slice(m[0].length);
  let next = current;
  for (; ; ) {
    if (next.charCodeAt(0) !== 95)
      break;
    let end = 1;
    while (end < next.length && next.charCodeAt(end) >= 48 && next.charCodeAt(end) <= 57)
      end++;
    if (end === 1)
      break;
    const len = Number(next.slice(1, end));
    current = next.slice(end);
    if (len >= current.length)
      break;
    next = current.slice(len);
  }
  return current;
}
function nativeFrame(name, module) {
  return {
    name,
    filename: module,
    module,
    shortFilename: void 0,
    line: 0,
    locals: void 0,
    isEntry: true,
    isShimEntry: true
  };
}
var NativeStacksUnavailable, CYTHON_HELPERS, STARTUP_FRAMES, KEPT_TOKENS, CYTHON_PREFIX, LAST_FRAME_SPAN, EVAL, IGNORE, STARTUP, NativeStacks;
var init_native3 = __esm({
  "packages/sampler/dist/native.js"() {
    "use strict";
    init_dist();
    init_dist3();
    NativeStacksUnavailable = class extends Error {
      name = "NativeStacksUnavailable";
      constructor(reason) {
        super(`Can't get native stack traces: ${reason}`);
      }
    };
    CYTHON_HELPERS = /* @__PURE__ */ new Set([
      "__Pyx_PyFunction_FastCallDict",
      "__Pyx_PyObject_CallOneArg",
      "__Pyx_PyObject_Call",
      "__pyx_FusedFunction_call"
    ]);
    STARTUP_FRAMES = /* @__PURE__ */ new Set(["__libc_start_main", "__libc_start_call_main", "_start", "__clone", "__clone3", "start_thread"]);
    KEPT_TOKENS = /* @__PURE__ */ new Set(["time", "sys", "gc", "os", "unicode", "thread", "stringio", "sre", "PyGilState", "PyThread", "lock"]);
    CYTHON_PREFIX = /^_?(?:__pyx_fuse_\d+(?:_\d+)*)?__pyx_(?:pf|pw|f)(?=_\d)/;
    LAST_FRAME_SPAN = 64 * 1024;
    EVAL = 1;
    IGNORE = 2;
    STARTUP = 3;
    NativeStacks = class {
      unwinder;
      interpreterModules;
      evalNames;
      kinds = /* @__PURE__ */ new Map();
      captures = /* @__PURE__ */ new Map();
      entryOwners = [];
      L;
      constructor(pid, memory, location) {
        this.unwinder = new NativeUnwinder(pid, memory);
        this.interpreterModules = /* @__PURE__ */ new Set();
        for (const img of [location.images.executable, location.images.libpython])
          if (img)
            this.interpreterModules.add(img.path);
        this.interpreterModules.add(location.executable);
        this.evalNames = location.version.major === 2 ? (t) => t[0] === "PyEval" && t[1] === "EvalFrameEx" : (t) => t[0] === "PyEval" && t[1] === "EvalFrameDefault";
        this.L = location.layout;
        const c = this.L.constants;
        if (this.L.major === 3 && this.L.minor >= 12 && this.L.interpreter_frame) {
          if (c.FRAME_OWNED_BY_CSTACK !== void 0)
            this.entryOwners.push(c.FRAME_OWNED_BY_CSTACK);
          if (c.FRAME_OWNED_BY_INTERPRETER !== void 0)
            this.entryOwners.push(c.FRAME_OWNED_BY_INTERPRETER);
        }
      }
      /**
       * Call while the process is locked: unwinds the native stack of thread `tid` and, on 3.12+,
       * collects the entry frames of its thread state `tstate` through `m` (the sample's page cache).
       * Returns a capture reused for this tid, or undefined when the registers cannot be read.
       */
      capture(tid, tstate, m) {
        let c = this.captures.get(tid);
        if (!c) {
          c = { pcs: [], sps: [], entries: [] };
          this.captures.set(tid, c);
        }
        c.entries.length = 0;
        try {
          this.unwinder.unwind(getRegisters(tid), c.pcs, c.sps);
        } catch {
          c.pcs.length = 0;
          c.sps.length = 0;
          return void 0;
        }
        if (this.entryOwners.length) {
          try {
            this.collectEntries(tstate, m, c.entries);
          } catch {
            c.entries.length = 0;
          }
        }
        return c;
      }
      /** Forgets the buffers of threads that are gone. */
      retain(live) {
        if (this.captures.size <= live.size)
          return;
        const keep = new Set(live.values());
        for (const tid of this.captures.keys())
          if (!keep.has(tid))
            this.captures.delete(tid);
      }
      collectEntries(t, m, out) {
        const L = this.L;
        const ts = L.thread_state;
        const I = L.interpreter_frame;
        let f;
        if (ts.current_frame !== void 0)
          f = m.u64(t + ts.current_frame);
        else {
          const cf = m.u64(t + ts.cframe);
          f = cf ? m.u64(cf + L.cframe.current_frame) : 0;
        }
        const [o1, o2] = this.entryOwners;
        for (let n = 0; f && n < 4096; n++) {
          const owner = m.u8(f + I.owner);
          if (owner === o1 || owner === o2)
            out.push(f);
          f = m.u64(f + I.previous);
        }
        if (out.length > 1)
          out.sort((a, b) => a - b);
      }
      /**
       * Merges a native capture with the thread's Python frames (innermost first). Never loses
       * Python frames: those no eval-loop frame claimed are appended after the native ones.
       */
      merge(c, python) {
        const { pcs, sps, entries } = c;
        let bySp = false;
        const top = sps.length ? sps[sps.length - 1] + LAST_FRAME_SPAN : 0;
        if (entries.length && sps.length === pcs.length) {
          const lo = sps[0];
          for (const e2 of entries) {
            if (e2 >= lo && e2 < top) {
              bySp = true;
              break;
            }
          }
        }
        const out = [];
        let p = 0;
        let e = 0;
        for (let i = 0; i < pcs.length; i++) {
          let kind = this.kindOf(pcs[i], i === 0);
          let evals = kind === EVAL ? 1 : 0;
          if (bySp) {
            const hi = i + 1 < sps.length ? sps[i + 1] : top;
            while (e < entries.length && entries[e] < sps[i])
              e++;
            evals = 0;
            while (e < entries.length && entries[e] < hi) {
              evals++;
              e++;
            }
            if (evals === 0 && kind === EVAL)
              kind = IGNORE;
          }
          if (evals > 0) {
            for (; evals > 0; evals--) {
              while (p < python.length) {
                const f = python[p++];
                out.push(f);
                if (f.isEntry || f.isShimEntry)
                  break;
              }
            }
            continue;
          }
          if (kind === IGNORE)
            continue;
          if (kind === STARTUP) {
            const last = out[out.length - 1];
            if (last && last.line === 0 && last.name.startsWith("0x") && out.length > p)
              out.pop();
            continue;
          }
          if (kind === EVAL)
            continue;
          out.push(kind);
        }
        while (p < python.length)
          out.push(python[p++]);
        return out;
      }
      /** The classification of the frame at `pc` (cached). Frame 0 is looked up at its pc, callers at pc − 1. */
      kindOf(pc, innermost) {
        const key2 = innermost ? -pc : pc;
        const hit = this.kinds.get(key2);
        if (hit !== void 0)
          return hit;
        let sym = this.unwinder.symbolize(innermost ? pc : pc - 1);
        if (!innermost && sym && sym.name === void 0) {
          const exact = this.unwinder.symbolize(pc);
          if (exact?.name !== void 0)
            sym = exact;
        }
        const kind = this.classify(sym, pc);
        if (this.kinds.size >= 65536)
          this.kinds.clear();
        this.kinds.set(key2, kind);
        return kind;
      }
      classify(sym, pc) {
        const name = sym?.name;
        if (sym && this.interpreterModules.has(sym.module)) {
          if (name === void 0)
            return IGNORE;
          const tokens = name.split(/[_.]/).filter((t) => t.length > 0);
          if (this.evalNames(tokens))
            return EVAL;
          if (tokens.length > 0 && KEPT_TOKENS.has(tokens[0]))
            return nativeFrame(name, sym.module);
          return IGNORE;
        }
        if (name !== void 0 && STARTUP_FRAMES.has(name))
          return STARTUP;
        if (name !== void 0 && CYTHON_HELPERS.has(name))
          return IGNORE;
        const module = sym?.module ?? "?";
        if (name === void 0)
          return nativeFrame(`0x${pc.toString(16)}`, module);
        return nativeFrame(demangleCython(name), module);
      }
    };
  }
});

// packages/sampler/dist/linetable.js
function decodeLnotab(table, firstLine, signedLines = true) {
  const b = new Builder();
  let line = firstLine;
  let addr = 0;
  const n = Math.min(table.length, MAX_LINE_TABLE) & ~1;
  for (let i = 0; i < n; i += 2) {
    const sdelta = table[i];
    let ldelta = table[i + 1];
    if (signedLines && ldelta >= 128)
      ldelta -= 256;
    if (sdelta > 0)
      b.push(addr + sdelta, line);
    addr += sdelta;
    line += ldelta;
  }
  return b.build(firstLine, line);
}
function decodeLinetable310(table, firstLine) {
  const b = new Builder();
  let line = firstLine;
  let addr = 0;
  const n = Math.min(table.length, MAX_LINE_TABLE) & ~1;
  for (let i = 0; i < n; i += 2) {
    const sdelta = table[i];
    let ldelta = table[i + 1];
    if (ldelta >= 128)
      ldelta -= 256;
    if (ldelta !== -128)
      line += ldelta;
    if (sdelta > 0)
      b.push(addr + sdelta, line);
    addr += sdelta;
  }
  return b.build(firstLine, line);
}
function decodeLocationTable(table, firstLine) {
  const b = new Builder();
  let line = firstLine;
  let addr = 0;
  let i = 0;
  const n = Math.min(table.length, MAX_LINE_TABLE);
  const varint = () => {
    let shift = 0;
    let v = 0;
    for (; ; ) {
      if (i >= n)
        return v;
      const x = table[i++];
      v += (x & 63) * 2 ** shift;
      shift += 6;
      if ((x & 64) === 0 || shift > 42)
        return v;
    }
  };
  const svarint = () => {
    const v = varint();
    return v % 2 === 1 ? -Math.floor(v / 2) : Math.floor(v / 2);
  };
  while (i < n) {
    const first = table[i++];
    if ((first & 128) === 0)
      break;
    const length = ((first & 7) + 1) * 2;
    const code = first >> 3 & 15;
    let entryLine = line;
    let hasLine = true;
    if (code === 15) {
      hasLine = false;
    } else if (code === 14) {
      line += svarint();
      varint();
      varint();
      varint();
      entryLine = line;
    } else if (code === 13) {
      line += svarint();
      entryLine = line;
    } else if (code >= 10) {
      line += code - 10;
      i += 2;
      entryLine = line;
    } else {
      i += 1;
    }
    b.push(addr + length, hasLine ? entryLine : line);
    addr += length;
  }
  return b.build(firstLine, line);
}
function lineAt(table, offset) {
  const ends = table.ends;
  let lo = 0;
  let hi = ends.length;
  if (offset < 0)
    return table.firstLine;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (ends[mid] > offset)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo < ends.length ? table.lines[lo] : table.tailLine;
}
function decodeLnotabUnsigned(table, firstLine) {
  return decodeLnotab(table, firstLine, false);
}
function lineTableDecoder(major, minor) {
  if (major < 3 || minor <= 5)
    return decodeLnotabUnsigned;
  if (minor <= 9)
    return decodeLnotab;
  if (minor === 10)
    return decodeLinetable310;
  return decodeLocationTable;
}
var MAX_LINE_TABLE, Builder;
var init_linetable = __esm({
  "packages/sampler/dist/linetable.js"() {
    "use strict";
    MAX_LINE_TABLE = 65536;
    Builder = class {
      ends = [];
      lines = [];
      push(end, line) {
        const n = this.ends.length;
        if (n > 0 && this.lines[n - 1] === line) {
          this.ends[n - 1] = end;
          return;
        }
        this.ends.push(end);
        this.lines.push(line);
      }
      build(firstLine, tailLine) {
        return { ends: Int32Array.from(this.ends), lines: Int32Array.from(this.lines), tailLine, firstLine };
      }
    };
  }
});

// packages/sampler/dist/pagecache.js
var PAGE, PAGE_MASK, TWO323, ReadFault, PageCache;
var init_pagecache = __esm({
  "packages/sampler/dist/pagecache.js"() {
    "use strict";
    PAGE = 4096;
    PAGE_MASK = PAGE - 1;
    TWO323 = 2 ** 32;
    ReadFault = class extends Error {
      address;
      name = "ReadFault";
      constructor(address) {
        super(`cannot read target memory at 0x${address.toString(16)}`);
        this.address = address;
      }
    };
    PageCache = class {
      mem;
      pool;
      view;
      slots = /* @__PURE__ */ new Map();
      // page address → slot index, or -1 when unreadable
      used = 0;
      maxPages;
      batch;
      pending = [];
      lastPage = -1;
      lastBase = 0;
      scratch = new Uint8Array(16);
      scratchView = new DataView(this.scratch.buffer);
      /** Statistics: pages fetched and batch calls since creation. */
      pagesRead = 0;
      syscalls = 0;
      constructor(mem, initialPages = 64, maxPages = 16384) {
        this.mem = mem;
        this.pool = new Uint8Array(initialPages * PAGE);
        this.view = new DataView(this.pool.buffer);
        this.maxPages = maxPages;
        this.batch = mem.createBatch(256);
      }
      /** Forget every page (call at the start of each sample). */
      reset() {
        this.slots.clear();
        this.used = 0;
        this.lastPage = -1;
      }
      grow() {
        const pages = this.pool.length / PAGE;
        if (pages >= this.maxPages)
          return false;
        const bigger = new Uint8Array(Math.min(this.maxPages, pages * 2) * PAGE);
        bigger.set(this.pool);
        this.pool = bigger;
        this.view = new DataView(bigger.buffer);
        return true;
      }
      allocSlot() {
        if (this.used * PAGE >= this.pool.length && !this.grow()) {
          this.reset();
        }
        return this.used++;
      }
      /** Queue the pages covering [address, address+length) for the next `flush()`. */
      want(address, length) {
        if (!(address > 0) || !(length > 0) || address > Number.MAX_SAFE_INTEGER)
          return;
        const first = address - (address & PAGE_MASK);
        const last = address + length - 1 - (address + length - 1 & PAGE_MASK);
        for (let p = first; p <= last; p += PAGE) {
          if (!this.slots.has(p)) {
            this.slots.set(p, -2);
            this.pending.push(p);
          }
        }
      }
      /** Read every queued page in one batch. */
      flush() {
        const n = this.pending.length;
        if (n === 0)
          return;
        const batch = this.batch;
        batch.clear();
        if (this.used + n > this.pool.length / PAGE) {
          while (this.used + n > this.pool.length / PAGE && this.grow())
            ;
          if (this.used + n > this.pool.length / PAGE) {
            for (const p of this.pending)
              this.slots.delete(p);
            this.pending.length = 0;
            return;
          }
        }
        const firstSlot = this.used;
        for (let i = 0; i < n; i++)
          batch.add(this.pending[i], PAGE, this.pool, (firstSlot + i) * PAGE);
        this.used += n;
        this.mem.readBatch(batch);
        this.syscalls++;
        this.pagesRead += n;
        for (let i = 0; i < n; i++)
          this.slots.set(this.pending[i], batch.succeeded(i) ? firstSlot + i : -1);
        this.pending.length = 0;
      }
      /** Pool offset of the page holding `address` (reading it now if needed). */
      base(page) {
        if (page === this.lastPage)
          return this.lastBase;
        let slot = this.slots.get(page);
        if (slot === void 0 || slot === -2) {
          if (slot === -2) {
            const i = this.pending.indexOf(page);
            if (i >= 0)
              this.pending.splice(i, 1);
          }
          slot = this.allocSlot();
          try {
            this.mem.readInto(page, this.pool, slot * PAGE, PAGE);
            this.syscalls++;
            this.pagesRead++;
          } catch {
            this.used--;
            this.slots.set(page, -1);
            throw new ReadFault(page);
          }
          this.slots.set(page, slot);
        }
        if (slot < 0)
          throw new ReadFault(page);
        this.lastPage = page;
        this.lastBase = slot * PAGE;
        return this.lastBase;
      }
      /** DataView + offset for `len` (≤16) bytes at `address`, copying through scratch across a page boundary. */
      at(address, len) {
        const off = address & PAGE_MASK;
        if (off + len <= PAGE)
          return this.base(address - off) + off;
        this.copy(address, this.scratch, 0, len);
        return -1;
      }
      u8(address) {
        const off = address & PAGE_MASK;
        const b = this.base(address - off);
        return this.pool[b + off];
      }
      u32(address) {
        const o = this.at(address, 4);
        return o >= 0 ? this.view.getUint32(o, true) : this.scratchView.getUint32(0, true);
      }
      i32(address) {
        const o = this.at(address, 4);
        return o >= 0 ? this.view.getInt32(o, true) : this.scratchView.getInt32(0, true);
      }
      /** An unsigned 64-bit value as a number (exact below 2^53). */
      u64(address) {
        const o = this.at(address, 8);
        const v = o >= 0 ? this.view : this.scratchView;
        const p = o >= 0 ? o : 0;
        return v.getUint32(p, true) + v.getUint32(p + 4, true) * TWO323;
      }
      /** A signed 64-bit value as a number. */
      i64(address) {
        const o = this.at(address, 8);
        const v = o >= 0 ? this.view : this.scratchView;
        const p = o >= 0 ? o : 0;
        return v.getUint32(p, true) + v.getInt32(p + 4, true) * TWO323;
      }
      f64(address) {
        const o = this.at(address, 8);
        return o >= 0 ? this.view.getFloat64(o, true) : this.scratchView.getFloat64(0, true);
      }
      /** Copy `length` bytes at `address` into dest (through the cache). */
      copy(address, dest, destOffset, length) {
        let done = 0;
        while (done < length) {
          const a = address + done;
          const off = a & PAGE_MASK;
          const n = Math.min(PAGE - off, length - done);
          const b = this.base(a - off) + off;
          dest.set(this.pool.subarray(b, b + n), destOffset + done);
          done += n;
        }
      }
      /** A fresh copy of `length` bytes at `address`; large ranges bypass the cache. */
      bytes(address, length) {
        const out = new Uint8Array(length);
        if (length > 2 * PAGE) {
          try {
            this.mem.readInto(address, out, 0, length);
            this.syscalls++;
          } catch {
            throw new ReadFault(address);
          }
          return out;
        }
        this.copy(address, out, 0, length);
        return out;
      }
    };
  }
});

// packages/sampler/dist/objects.js
function decodeStringData(data, kind, ascii) {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (kind === 1)
    return ascii ? buf.toString("latin1") : buf.toString("latin1");
  if (kind === 2)
    return buf.toString("utf16le");
  if (kind === 4) {
    let s = "";
    const n = data.byteLength >>> 2;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < n; i++) {
      const cp = dv.getUint32(i * 4, true);
      if (cp > 1114111)
        throw new GarbageObject(`code point 0x${cp.toString(16)} out of range`);
      s += String.fromCodePoint(cp);
    }
    return s;
  }
  throw new GarbageObject(`string kind ${kind} is not 1, 2 or 4`);
}
function decodePy2Str(data) {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
}
function formatFloat(v) {
  if (Number.isNaN(v))
    return "NaN";
  if (!Number.isFinite(v))
    return v > 0 ? "inf" : "-inf";
  const s = String(v);
  if (!/e/.test(s))
    return s;
  return Math.abs(v) >= 1 ? BigInt(v).toString() : v.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}
var MAX_STRING_CHARS, MAX_DICT_ENTRIES, GarbageObject, ObjectReader;
var init_objects = __esm({
  "packages/sampler/dist/objects.js"() {
    "use strict";
    MAX_STRING_CHARS = 4096;
    MAX_DICT_ENTRIES = 1 << 17;
    GarbageObject = class extends Error {
      name = "GarbageObject";
    };
    ObjectReader = class {
      m;
      L;
      typeNames = /* @__PURE__ */ new Map();
      py2;
      minor;
      obType;
      tpFlags;
      constructor(m, L) {
        this.m = m;
        this.L = L;
        this.py2 = L.major === 2;
        this.minor = L.minor;
        this.obType = L.pyobject.ob_type;
        this.tpFlags = L.type_object.tp_flags;
      }
      ptr(address) {
        return this.m.u64(address);
      }
      typeOf(obj) {
        return this.m.u64(obj + this.obType);
      }
      flagsOf(type) {
        return this.m.u64(type + this.tpFlags);
      }
      /** tp_name of a type object (cached by address). */
      typeName(type) {
        let n = this.typeNames.get(type);
        if (n !== void 0)
          return n;
        const p = this.m.u64(type + this.L.type_object.tp_name);
        const bytes = new Uint8Array(128);
        let len = 0;
        for (; len < 128; len++) {
          const b = this.m.u8(p + len);
          if (b === 0)
            break;
          bytes[len] = b;
        }
        n = Buffer.from(bytes.buffer, 0, len).toString("utf8");
        this.typeNames.set(type, n);
        return n;
      }
      /**
       * A str object (3.x unicode, 2.x str or unicode) as a JS string. With `truncate`, returns at most
       * `maxChars` characters; otherwise longer strings throw.
       */
      readString(obj, maxChars = MAX_STRING_CHARS, truncate = false) {
        if (!obj)
          throw new GarbageObject("NULL string");
        const L = this.L;
        const m = this.m;
        if (this.py2) {
          const type = this.typeOf(obj);
          const flags = this.flagsOf(type);
          if (L.py2_unicode_object && (flags & L.constants.Py_TPFLAGS_UNICODE_SUBCLASS) !== 0) {
            const u2 = L.py2_unicode_object;
            const len3 = this.clampLen(m.i64(obj + u2.length), maxChars, truncate);
            if (len3 === 0)
              return "";
            const data2 = m.bytes(m.u64(obj + u2.str), len3 * u2.unicode_size);
            return decodeStringData(data2, u2.unicode_size, false);
          }
          const s = L.string_object;
          const len2 = this.clampLen(m.i64(obj + s.ob_size), maxChars * 4, truncate);
          if (len2 === 0)
            return "";
          const text = decodePy2Str(m.bytes(obj + s.ob_sval, len2));
          return truncate && text.length > maxChars ? text.slice(0, maxChars) : text;
        }
        const u = L.unicode_object;
        const bits = L.unicode_state_bits;
        const state = m.u32(obj + u.state);
        const kind = state >>> bits.kind_shift & (1 << bits.kind_bits) - 1;
        const compact = state >>> bits.compact_shift & 1;
        const ascii = state >>> bits.ascii_shift & 1;
        const len = this.clampLen(m.i64(obj + u.length), maxChars, truncate);
        if (len === 0)
          return "";
        if (kind !== 1 && kind !== 2 && kind !== 4)
          throw new GarbageObject(`string kind ${kind}`);
        const data = compact ? obj + (ascii ? u.asciiobject_size : u.compactobject_size) : m.u64(obj + u.data);
        return decodeStringData(m.bytes(data, len * kind), kind, ascii === 1);
      }
      clampLen(len, max, truncate) {
        if (!(len >= 0))
          throw new GarbageObject(`negative string length ${len}`);
        if (len > max) {
          if (!truncate)
            throw new GarbageObject(`refusing to copy ${len} chars of a string`);
          return max;
        }
        return len;
      }
      /** Full length of a str object in characters (for truncation decisions). */
      stringLength(obj) {
        const L = this.L;
        if (this.py2) {
          const flags = this.flagsOf(this.typeOf(obj));
          if (L.py2_unicode_object && (flags & L.constants.Py_TPFLAGS_UNICODE_SUBCLASS) !== 0)
            return this.m.i64(obj + L.py2_unicode_object.length);
          return this.m.i64(obj + L.string_object.ob_size);
        }
        return this.m.i64(obj + L.unicode_object.length);
      }
      /** An int object's value: a number when exact, a bigint beyond 2^53, undefined beyond `maxDigits` digits. */
      readInt(obj, maxDigits = 256) {
        const L = this.L;
        const m = this.m;
        const type = this.typeOf(obj);
        const flags = this.flagsOf(type);
        if (L.int_object && L.constants.Py_TPFLAGS_INT_SUBCLASS && (flags & L.constants.Py_TPFLAGS_INT_SUBCLASS) !== 0) {
          const lo2 = m.u32(obj + L.int_object.ob_ival);
          const hi = m.i32(obj + L.int_object.ob_ival + 4);
          if (hi >= -2097152 && hi < 2097152)
            return hi * 2 ** 32 + lo2;
          return BigInt(hi) << 32n | BigInt(lo2);
        }
        const lo = L.long_object;
        let ndigits;
        let negative;
        if (this.py2 || this.minor <= 11) {
          const size = m.i64(obj + lo.lv_tag);
          ndigits = Math.abs(size);
          negative = size < 0;
        } else {
          const tag = m.u64(obj + lo.lv_tag);
          const nonSize = L.constants._PyLong_NON_SIZE_BITS ?? 3;
          ndigits = Math.floor(tag / 2 ** nonSize);
          negative = (tag & 3) === 2;
        }
        if (ndigits === 0)
          return 0;
        if (ndigits > maxDigits)
          return void 0;
        const shift = lo.digit_bits;
        if (ndigits * shift <= 52) {
          let v2 = 0;
          for (let i = ndigits - 1; i >= 0; i--)
            v2 = v2 * 2 ** shift + (lo.digit_size === 4 ? m.u32(obj + lo.ob_digit + i * 4) : m.u32(obj + lo.ob_digit + i * 2) & 65535);
          return negative ? -v2 : v2;
        }
        let v = 0n;
        const bs = BigInt(shift);
        for (let i = ndigits - 1; i >= 0; i--) {
          const d = lo.digit_size === 4 ? m.u32(obj + lo.ob_digit + i * 4) : m.u32(obj + lo.ob_digit + i * 2) & 65535;
          v = v << bs | BigInt(d);
        }
        if (negative)
          v = -v;
        if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER))
          return Number(v);
        return v;
      }
      /**
       * Calls `fn(key, value)` for every entry of a dict object (2.7 and ≤3.5 ma_table, 3.6+ compact dicts,
       * split tables). Stops early when fn returns true.
       */
      dictForEach(dict, fn) {
        const L = this.L;
        const m = this.m;
        const d = L.dict_object;
        if (d.ma_table !== void 0 && d.ma_mask !== void 0) {
          const table = m.u64(dict + d.ma_table);
          const mask = m.i64(dict + d.ma_mask);
          if (!(mask >= 0 && mask < MAX_DICT_ENTRIES))
            throw new GarbageObject(`dict mask ${mask}`);
          const e = L.dict_entry;
          for (let i = 0; i <= mask; i++) {
            const at = table + i * e.size;
            const key2 = m.u64(at + e.me_key);
            const value = m.u64(at + e.me_value);
            if (key2 && value && fn(key2, value))
              return;
          }
          return;
        }
        const keys = m.u64(dict + d.ma_keys);
        const values = m.u64(dict + d.ma_values);
        this.keysForEach(keys, values, fn);
      }
      /** Iterates a PyDictKeysObject, with values from `values` (a split table / managed values array) when nonzero. */
      keysForEach(keys, values, fn) {
        const L = this.L;
        const m = this.m;
        const k = L.dict_keys_object;
        let entries;
        let entry = L.dict_entry;
        if (k.dk_log2_index_bytes !== void 0) {
          const log2 = m.u8(keys + k.dk_log2_index_bytes);
          const kind = m.u8(keys + k.dk_kind);
          if (log2 > 30)
            throw new GarbageObject(`dict index bytes 2^${log2}`);
          entries = keys + k.dk_indices + 2 ** log2;
          if (kind !== 0)
            entry = L.dict_unicode_entry;
        } else {
          const size = m.i64(keys + k.dk_size);
          if (!(size > 0 && size <= MAX_DICT_ENTRIES * 2))
            throw new GarbageObject(`dict size ${size}`);
          const idx = size <= 255 ? 1 : size <= 65535 ? 2 : size <= 4294967295 ? 4 : 8;
          entries = keys + k.dk_indices + size * idx;
        }
        const n = m.i64(keys + k.dk_nentries);
        if (!(n >= 0 && n <= MAX_DICT_ENTRIES))
          throw new GarbageObject(`dict with ${n} entries`);
        const valuesArray = values ? values + (L.dict_values?.values ?? 0) : 0;
        for (let i = 0; i < n; i++) {
          const at = entries + i * entry.size;
          const key2 = m.u64(at + entry.me_key);
          if (!key2)
            continue;
          const value = valuesArray ? m.u64(valuesArray + i * 8) : m.u64(at + entry.me_value);
          if (value && fn(key2, value))
            return;
        }
      }
      /** The value for a str key (compared by content), or 0. */
      dictGet(dict, name) {
        let found = 0;
        this.dictForEach(dict, (k, v) => this.keyIs(k, name) && (found = v, true));
        return found;
      }
      keyIs(key2, name) {
        try {
          if (this.stringLength(key2) !== name.length)
            return false;
          return this.readString(key2, 256) === name;
        } catch {
          return false;
        }
      }
      /** An attribute from an instance's __dict__ (tp_dictoffset, managed dicts 3.11+, inline values 3.13+); 0 if absent. */
      instanceAttr(obj, name) {
        const L = this.L;
        const m = this.m;
        const type = this.typeOf(obj);
        const flags = this.flagsOf(type);
        const c = L.constants;
        if (c.Py_TPFLAGS_MANAGED_DICT && (flags & c.Py_TPFLAGS_MANAGED_DICT) !== 0) {
          const off = c.MANAGED_DICT_OFFSET ?? -3 * 8;
          const cachedKeys = () => m.u64(type + L.heap_type_object.ht_cached_keys);
          const find = (keys, values) => {
            let found = 0;
            this.keysForEach(keys, values, (k, v) => this.keyIs(k, name) && (found = v, true));
            return found;
          };
          if (this.minor === 11) {
            const dict3 = m.u64(obj - 24);
            if (dict3)
              return this.dictGet(dict3, name);
            const values = m.u64(obj - 32);
            return values ? find(cachedKeys(), values) : 0;
          }
          if (this.minor === 12) {
            const slot = m.u64(obj + off);
            if (slot % 2 === 1)
              return find(cachedKeys(), slot + 1);
            return slot ? this.dictGet(slot, name) : 0;
          }
          const dict2 = m.u64(obj + off);
          if (dict2)
            return this.dictGet(dict2, name);
          if (c.Py_TPFLAGS_INLINE_VALUES && (flags & c.Py_TPFLAGS_INLINE_VALUES) !== 0) {
            const values = obj + m.i64(type + L.type_object.tp_basicsize);
            if (m.u8(values + 3) === 0)
              return 0;
            return find(cachedKeys(), values);
          }
          return 0;
        }
        const dictOffset = m.i64(type + L.type_object.tp_dictoffset);
        if (dictOffset <= 0 || dictOffset > 4096)
          return 0;
        const dict = m.u64(obj + dictOffset);
        return dict ? this.dictGet(dict, name) : 0;
      }
      /**
       * py-spy's format_variable: a repr of the object at `addr`, at most `maxLength` characters (longer
       * results — escaped bytes, long ints, nested containers, corrupted sizes — end in "...").
       */
      repr(addr, maxLength) {
        const s = this.reprUnbounded(addr, maxLength);
        if (s.length <= maxLength)
          return s;
        let cut = maxLength - 3;
        const last = s.charCodeAt(cut - 1);
        if (last >= 55296 && last < 56320)
          cut--;
        return `${s.slice(0, cut)}...`;
      }
      reprUnbounded(addr, maxLength) {
        if (maxLength <= 5)
          return "...";
        const L = this.L;
        const c = L.constants;
        const type = this.typeOf(addr);
        const flags = this.flagsOf(type);
        const name = this.typeName(type);
        const has = (bit) => bit !== void 0 && bit !== 0 && Math.floor(flags / bit) % 2 === 1;
        if (has(c.Py_TPFLAGS_INT_SUBCLASS) || has(c.Py_TPFLAGS_LONG_SUBCLASS)) {
          const v = this.readInt(addr);
          if (name === "bool")
            return v !== void 0 && v > 0 ? "True" : "False";
          if (v === void 0)
            return this.negativeBig(addr) ? "-bigint" : "+bigint";
          return String(v);
        }
        if (has(c.Py_TPFLAGS_UNICODE_SUBCLASS) || this.py2 && has(c.Py_TPFLAGS_STRING_SUBCLASS)) {
          const limit = maxLength - 5;
          const total = this.stringLength(addr);
          let s = this.readString(addr, Math.min(limit + 1, MAX_STRING_CHARS), true);
          const chars = Array.from(s);
          const truncated = total > limit || chars.length > limit;
          if (truncated)
            s = chars.slice(0, limit).join("");
          s = s.replace(/'/g, '\\"').replace(/\n/g, "\\n");
          return truncated ? `"${s}..."` : `"${s}"`;
        }
        if (!this.py2 && has(c.Py_TPFLAGS_BYTES_SUBCLASS)) {
          const b = L.bytes_object;
          const len = this.m.i64(addr + b.ob_size);
          const n = Math.max(0, Math.min(len, maxLength));
          const bytes = this.m.bytes(addr + b.ob_sval, n);
          let s = "b'";
          for (const x of bytes)
            s += x >= 32 && x < 127 && x !== 39 && x !== 92 ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, "0")}`;
          return len > n ? `${s}...'` : `${s}'`;
        }
        if (has(c.Py_TPFLAGS_DICT_SUBCLASS)) {
          if (this.py2 || this.minor < 6)
            return "dict";
          const parts = [];
          let remaining = maxLength - 2;
          this.dictForEach(addr, (k, v) => {
            if (remaining <= 5) {
              parts.push("...");
              return true;
            }
            const ks = this.safeRepr(k, remaining);
            const vs = this.safeRepr(v, remaining);
            remaining -= Buffer.byteLength(ks) + Buffer.byteLength(vs) + 4;
            parts.push(`${ks}: ${vs}`);
            return false;
          });
          return `{${parts.join(", ")}}`;
        }
        const isList = has(c.Py_TPFLAGS_LIST_SUBCLASS);
        if (isList || has(c.Py_TPFLAGS_TUPLE_SUBCLASS)) {
          const o = isList ? L.list_object : L.tuple_object;
          const size = this.m.i64(addr + o.ob_size);
          if (!(size >= 0 && size < 1 << 28))
            throw new GarbageObject(`sequence of ${size}`);
          const items = isList ? this.m.u64(addr + o.ob_item) : addr + o.ob_item;
          const parts = [];
          let remaining = maxLength - 2;
          for (let i = 0; i < size; i++) {
            if (remaining <= 5) {
              parts.push("...");
              break;
            }
            const s = this.safeRepr(this.m.u64(items + i * 8), remaining);
            remaining -= Buffer.byteLength(s) + 2;
            parts.push(s);
          }
          return isList ? `[${parts.join(", ")}]` : `(${parts.join(", ")})`;
        }
        if (name === "float")
          return formatFloat(this.m.f64(addr + L.float_object.ob_fval));
        if (name === "NoneType")
          return "None";
        return `<${name} at 0x${addr.toString(16)}>`;
      }
      safeRepr(addr, max) {
        try {
          return this.repr(addr, max);
        } catch {
          return "?";
        }
      }
      negativeBig(addr) {
        const lo = this.L.long_object;
        if (this.py2 || this.minor <= 11)
          return this.m.i64(addr + lo.lv_tag) < 0;
        return (this.m.u64(addr + lo.lv_tag) & 3) === 2;
      }
    };
  }
});

// packages/sampler/dist/reader.js
var MAX_THREADS, MAX_FRAMES, StackChanged, GLIBC_PTHREAD_TID_OFFSET, FLAG_ENTRY, FLAG_SHIM, StackReader;
var init_reader2 = __esm({
  "packages/sampler/dist/reader.js"() {
    "use strict";
    init_linetable();
    init_objects();
    init_pagecache();
    init_types2();
    MAX_THREADS = 4096;
    MAX_FRAMES = 4096;
    StackChanged = class extends GarbageObject {
      name = "StackChanged";
    };
    GLIBC_PTHREAD_TID_OFFSET = 720;
    FLAG_ENTRY = 1;
    FLAG_SHIM = 2;
    StackReader = class {
      loc;
      m;
      objs;
      L;
      iframes;
      minor;
      codeType;
      codes = /* @__PURE__ */ new Map();
      stamp = 0;
      knownTstates = [];
      seen = /* @__PURE__ */ new Set();
      skipOwners = [];
      tagMod;
      decodeTable;
      winStart;
      winLen;
      shortName = () => void 0;
      /** Read glibc's struct pthread tid for ≤3.10 threads. */
      pthreadTidOffset = GLIBC_PTHREAD_TID_OFFSET;
      /**
       * The memory is a snapshot (a core file), so a torn stack is impossible. A frame that reads as all
       * zeros is memory the snapshot lacks (gdb's gcore leaves a thread stack it cannot read as zeros):
       * the walk stops there and reports the frames before it, marked incomplete.
       */
      snapshot = false;
      /** Address of the zeroed frame the last walk stopped at (snapshot only), else 0. */
      stoppedAt = 0;
      /**
       * Keep code objects (name, filename, line table, interned frames) across samples, revalidated
       * each sample by their identity fields. False (debug, or PYGLASS_NO_CODE_CACHE=1 at creation)
       * reads and decodes every code object afresh in every sample: the slow path the cache must match.
       */
      codeCache = process.env.PYGLASS_NO_CODE_CACHE !== "1";
      // Raw frames of the thread being read (reused across threads and samples).
      rCode = [];
      rOffset = [];
      rAddr = [];
      rFlags = [];
      constructor(mem, loc) {
        this.loc = loc;
        this.L = loc.layout;
        this.m = new PageCache(mem);
        this.objs = new ObjectReader(this.m, this.L);
        this.iframes = this.L.interpreter_frame !== void 0;
        this.minor = this.L.major === 2 ? 0 : this.L.minor;
        this.codeType = loc.codeType;
        const c = this.L.constants;
        if (this.minor >= 12) {
          if (c.FRAME_OWNED_BY_CSTACK !== void 0)
            this.skipOwners.push(c.FRAME_OWNED_BY_CSTACK);
          if (c.FRAME_OWNED_BY_INTERPRETER !== void 0)
            this.skipOwners.push(c.FRAME_OWNED_BY_INTERPRETER);
        }
        const tagBits = this.minor >= 13 ? c.Py_TAG_BITS ?? c.Py_TAG_DEFERRED ?? 0 : 0;
        this.tagMod = tagBits ? tagBits + 1 : 0;
        this.decodeTable = lineTableDecoder(this.L.major, this.L.minor);
        const co = this.L.code_object;
        const fields = [this.L.pyobject.ob_type, co.filename, co.name, co.firstlineno, co.linetable ?? co.lnotab];
        this.winStart = Math.min(...fields);
        this.winLen = Math.max(...fields) + 8 - this.winStart;
      }
      /** Sets how filenames are shortened for display (forgets cached code objects). */
      setShortFilename(fn) {
        this.shortName = fn;
        this.codes.clear();
      }
      /** Pointer with _PyStackRef tag bits cleared (3.13+). */
      untag(p) {
        return this.tagMod ? p - p % this.tagMod : p;
      }
      /** The thread-state addresses of the interpreter, bounded, cycle-safe. */
      threadList() {
        const m = this.m;
        const L = this.L;
        for (const t2 of this.knownTstates)
          m.want(t2, L.thread_state.size);
        m.flush();
        const out = [];
        this.seen.clear();
        let t = m.u64(this.loc.interp + L.interpreter_state.threads_head);
        while (t) {
          if (this.seen.has(t))
            break;
          if (out.length >= MAX_THREADS)
            throw new GarbageObject(`more than ${MAX_THREADS} threads`);
          this.seen.add(t);
          out.push(t);
          t = m.u64(t + L.thread_state.next);
        }
        this.knownTstates = out;
        return out;
      }
      /** Reads every thread's stack: `decode(readRaw(opts), opts)`. */
      read(opts) {
        return this.decode(this.readRaw(opts), opts);
      }
      /**
       * The reads of a sample (call it while the target is paused, when blocking): thread list, stack
       * chunks, frame walks and the identity fields of every code object, in a few batched reads.
       */
      readRaw(opts) {
        const m = this.m;
        const L = this.L;
        const ts = L.thread_state;
        m.reset();
        this.stamp++;
        const tstates = this.threadList();
        const gil = this.loc.gil;
        if (gil.tstatePointer)
          m.want(gil.tstatePointer, 8);
        if (gil.gilPointer)
          m.want(gil.gilPointer, 8);
        for (const t of tstates) {
          if (ts.datastack_chunk !== void 0 && ts.datastack_top !== void 0) {
            const chunk = m.u64(t + ts.datastack_chunk);
            const top = m.u64(t + ts.datastack_top);
            if (chunk && top > chunk && top - chunk < 16 << 20)
              m.want(chunk, top - chunk);
          }
          if (ts.cframe !== void 0) {
            const cf = m.u64(t + ts.cframe);
            if (cf)
              m.want(cf + L.cframe.current_frame, 8);
          }
          if (!this.iframes && this.pthreadTidOffset !== void 0) {
            const tid = m.u64(t + ts.thread_id);
            if (tid)
              m.want(tid + this.pthreadTidOffset, 4);
          }
        }
        m.flush();
        let holder = 0;
        try {
          if (gil.tstatePointer)
            holder = m.u64(gil.tstatePointer);
          else if (gil.gilPointer) {
            const g = m.u64(gil.gilPointer);
            const G = L.gil_runtime_state;
            if (g && m.i32(g + G.locked) !== 0)
              holder = m.u64(g + G.last_holder);
          }
        } catch {
          holder = 0;
        }
        const threads = [];
        const rawByThread = [];
        for (const t of tstates) {
          const ownsGil = holder !== 0 && holder === t;
          if (opts.gilOnly && !ownsGil)
            continue;
          const rt = { tstate: t, threadId: 0, osThreadId: 0, ownsGil, frames: [] };
          threads.push(rt);
          try {
            rt.threadId = m.u64(t + ts.thread_id);
            if (ts.native_thread_id !== void 0)
              rt.osThreadId = m.u64(t + ts.native_thread_id);
            else if (this.pthreadTidOffset !== void 0 && rt.threadId) {
              try {
                rt.osThreadId = m.u32(rt.threadId + this.pthreadTidOffset);
              } catch {
              }
            }
            const n = this.walk(t);
            if (this.stoppedAt) {
              rt.incomplete = `the core holds only zeros for the frame at 0x${this.stoppedAt.toString(16)}, so the outer frames are missing (gcore could not read that memory)`;
            }
            rawByThread.push([threads.length - 1, this.rCode.slice(0, n), this.rOffset.slice(0, n), this.rAddr.slice(0, n), this.rFlags.slice(0, n)]);
          } catch (e) {
            rt.error = e;
          }
          if (opts.gilOnly)
            break;
        }
        for (const [, codes] of rawByThread) {
          for (const c of codes) {
            const e = this.codes.get(c);
            if (!e || e.stamp !== this.stamp)
              m.want(c + this.winStart, this.winLen);
          }
        }
        m.flush();
        const withLines = opts.lineNo === LineNo.LastInstruction;
        for (const [, codes] of rawByThread) {
          for (const c of codes) {
            const e = this.code(c);
            if (e && withLines)
              this.loadTable(e);
          }
        }
        return { threads, stacks: rawByThread };
      }
      /**
       * Builds the frames of a `readRaw` result (call it after the target resumed): pure computation
       * over the code objects `readRaw` validated or loaded (except locals, and without the cache).
       */
      decode(raw, opts) {
        const threads = raw.threads;
        for (const [ti, codes, offsets, addrs, flags] of raw.stacks) {
          const rt = threads[ti];
          try {
            rt.frames = this.resolve(codes, offsets, addrs, flags, opts);
          } catch (e) {
            rt.error = e;
          }
        }
        return threads;
      }
      push(n, code, offset, addr, flags) {
        this.rCode[n] = code;
        this.rOffset[n] = offset;
        this.rAddr[n] = addr;
        this.rFlags[n] = flags;
      }
      /** Walks one thread's frames into the raw arrays; returns the count. */
      walk(t) {
        const m = this.m;
        const L = this.L;
        const ts = L.thread_state;
        const seen = this.seen;
        seen.clear();
        this.stoppedAt = 0;
        let n = 0;
        if (!this.iframes) {
          const F = L.frame_object;
          const lastiScale = this.minor === 10 ? 2 : 1;
          let f = m.u64(t + ts.frame);
          const refcnt = L.pyobject.ob_refcnt;
          while (f) {
            if (seen.has(f))
              throw new StackChanged("the frame chain loops: the stack changed while it was being read");
            if (n >= MAX_FRAMES)
              throw new GarbageObject(`more than ${MAX_FRAMES} frames`);
            seen.add(f);
            if (refcnt !== void 0 && m.i64(f + refcnt) <= 0)
              throw new StackChanged("the stack changed while it was being read");
            this.push(n++, m.u64(f + F.f_code), m.i32(f + F.f_lasti) * lastiScale, f, FLAG_ENTRY);
            f = m.u64(f + F.f_back);
          }
        } else {
          const I = L.interpreter_frame;
          let f;
          if (ts.current_frame !== void 0)
            f = m.u64(t + ts.current_frame);
          else {
            const cf = m.u64(t + ts.cframe);
            f = cf ? m.u64(cf + L.cframe.current_frame) : 0;
          }
          const adaptive = L.code_object.co_code_adaptive;
          const skip = this.skipOwners;
          let endsAtEntry = true;
          while (f) {
            if (seen.has(f))
              break;
            if (n >= MAX_FRAMES)
              throw new GarbageObject(`more than ${MAX_FRAMES} frames`);
            seen.add(f);
            const prev = m.u64(f + I.previous);
            const owner = m.u8(f + I.owner);
            if (this.snapshot && prev === 0 && m.u64(f + I.executable) === 0 && m.u64(f + I.instr_ptr) === 0) {
              this.stoppedAt = f;
              endsAtEntry = true;
              break;
            }
            if (skip.length && (owner === skip[0] || owner === skip[1])) {
              if (n > 0)
                this.rFlags[n - 1] |= FLAG_ENTRY | FLAG_SHIM;
              endsAtEntry = true;
              f = prev;
              continue;
            }
            const code = this.untag(m.u64(f + I.executable));
            const instr = m.u64(f + I.instr_ptr);
            let flags = 0;
            if (I.is_entry !== void 0 && m.u8(f + I.is_entry) !== 0)
              flags |= FLAG_ENTRY;
            endsAtEntry = skip.length === 0 ? I.is_entry === void 0 || flags !== 0 : false;
            this.push(n++, code, instr - code - adaptive, f, flags);
            f = prev;
          }
          if (!endsAtEntry)
            throw new StackChanged("the stack changed while it was being read");
        }
        if (n > 0)
          this.rFlags[n - 1] |= FLAG_SHIM;
        return n;
      }
      resolve(codes, offsets, addrs, flags, opts) {
        const out = [];
        let prevEntry;
        for (let i = 0; i < codes.length; i++) {
          const e = this.code(codes[i]);
          if (!e || e.filename === "<shim>" || e.filename === "") {
            const last = out.length - 1;
            if (last >= 0 && prevEntry && !out[last].isShimEntry) {
              const p = out[last];
              const f2 = this.frameOf(prevEntry, p.line, p.isEntry, true);
              out[last] = p.locals ? { ...f2, locals: p.locals } : f2;
            }
            continue;
          }
          let line = 0;
          if (opts.lineNo === LineNo.First)
            line = e.firstLine;
          else if (opts.lineNo === LineNo.LastInstruction)
            line = this.lineOf(e, offsets[i]);
          const f = flags[i];
          let frame = this.frameOf(e, line, (f & FLAG_ENTRY) !== 0, (f & FLAG_SHIM) !== 0);
          if (opts.dumpLocals > 0)
            frame = { ...frame, locals: this.locals(codes[i], addrs[i], opts.dumpLocals) };
          out.push(frame);
          prevEntry = e;
        }
        return out;
      }
      frameOf(e, line, isEntry, isShimEntry) {
        const key2 = line * 4 + (isEntry ? FLAG_ENTRY : 0) + (isShimEntry ? FLAG_SHIM : 0);
        let f = e.frames.get(key2);
        if (!f) {
          f = { name: e.name, filename: e.filename, module: void 0, shortFilename: e.shortFilename, line, locals: void 0, isEntry, isShimEntry };
          if (e.frames.size < 4096)
            e.frames.set(key2, f);
        }
        return f;
      }
      lineOf(e, offset) {
        this.loadTable(e);
        return e.table ? lineAt(e.table, offset) : 0;
      }
      loadTable(e) {
        if (!e.table && !e.tableFailed) {
          try {
            const o = this.objs;
            const B = this.L.major === 2 ? this.L.string_object : this.L.bytes_object;
            const len = this.m.i64(e.tablePtr + B.ob_size);
            if (!(len >= 0 && len < MAX_LINE_TABLE))
              throw new GarbageObject(`line table of ${len} bytes`);
            e.table = this.decodeTable(o.m.bytes(e.tablePtr + B.ob_sval, len), e.firstLine);
          } catch {
            e.tableFailed = true;
          }
        }
      }
      /** The cache entry of a code object (validated once per sample), or undefined when `addr` is not one. */
      code(addr) {
        const m = this.m;
        const co = this.L.code_object;
        const tableOff = co.linetable ?? co.lnotab;
        let e = this.codeCache ? this.codes.get(addr) : void 0;
        if (e && e.stamp === this.stamp)
          return e;
        try {
          const type = m.u64(addr + this.L.pyobject.ob_type);
          if (this.codeType !== void 0 && type !== this.codeType)
            return void 0;
          const filenamePtr = m.u64(addr + co.filename);
          const namePtr = m.u64(addr + co.name);
          const tablePtr = m.u64(addr + tableOff);
          const firstLine = m.i32(addr + co.firstlineno);
          if (e && e.type === type && e.filenamePtr === filenamePtr && e.namePtr === namePtr && e.tablePtr === tablePtr && e.firstLine === firstLine) {
            e.stamp = this.stamp;
            return e;
          }
          const name = this.objs.readString(namePtr);
          const filename = this.objs.readString(filenamePtr);
          if (this.codeType === void 0)
            this.codeType = type;
          e = {
            address: addr,
            type,
            filenamePtr,
            namePtr,
            tablePtr,
            firstLine,
            name,
            filename,
            shortFilename: this.shortName(filename),
            table: void 0,
            tableFailed: false,
            frames: /* @__PURE__ */ new Map(),
            stamp: this.stamp
          };
          if (!this.codeCache)
            return e;
          if (this.codes.size > 1e5)
            this.codes.clear();
          this.codes.set(addr, e);
          return e;
        } catch {
          this.codes.delete(addr);
          return void 0;
        }
      }
      /** Locals of one frame (py-spy semantics: i < argcount → argument). */
      locals(code, frame, dumpLocals) {
        const m = this.m;
        const L = this.L;
        const co = L.code_object;
        const out = [];
        try {
          const argcount = m.i32(code + co.argcount);
          const tuple = L.tuple_object;
          let names;
          let count;
          let kinds = 0;
          let values;
          if (this.iframes) {
            names = m.u64(code + co.localsplusnames);
            count = m.i32(code + co.nlocalsplus);
            kinds = m.u64(code + co.localspluskinds);
            values = frame + L.interpreter_frame.localsplus;
          } else {
            names = m.u64(code + co.varnames);
            count = m.i32(code + co.nlocals);
            values = frame + L.frame_object.f_localsplus;
          }
          if (!(count >= 0 && count <= 65536))
            return out;
          const fastLocal = L.constants.CO_FAST_LOCAL ?? 0;
          const kindData = kinds ? kinds + (L.major === 2 ? L.string_object.ob_sval : L.bytes_object.ob_sval) : 0;
          for (let i = 0; i < count; i++) {
            if (kindData && fastLocal && (m.u8(kindData + i) & fastLocal) === 0)
              continue;
            const addr = this.untag(m.u64(values + i * 8));
            if (!addr)
              continue;
            let name;
            try {
              name = this.objs.readString(m.u64(names + tuple.ob_item + i * 8), 256);
            } catch {
              name = "?";
            }
            let repr;
            try {
              repr = this.objs.repr(addr, 128 * dumpLocals);
            } catch {
              repr = "?";
            }
            out.push({ name, addr, arg: i < argcount, repr });
          }
        } catch {
        }
        return out;
      }
      /** Diagnostics: process_vm_readv calls and pages so far. */
      stats() {
        return { syscalls: this.m.syscalls, pages: this.m.pagesRead, codeObjects: this.codes.size };
      }
    };
  }
});

// packages/sampler/dist/spy.js
import { closeSync as closeSync4, existsSync as existsSync4, openSync as openSync3, readSync as readSync3 } from "node:fs";
function looksIdle(frame) {
  if (!frame)
    return false;
  const { name, filename } = frame;
  if (name === "wait")
    return filename.endsWith("threading.py");
  if (name === "select")
    return filename.endsWith("selectors.py");
  if (name === "poll") {
    return filename.endsWith("asyncore.py") || filename.includes("zmq") || filename.includes("gevent") || filename.includes("tornado");
  }
  return false;
}
var sleep, PythonSpy;
var init_spy = __esm({
  "packages/sampler/dist/spy.js"() {
    "use strict";
    init_dist();
    init_errors4();
    init_filenames();
    init_locate();
    init_native3();
    init_reader2();
    init_types2();
    sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    PythonSpy = class _PythonSpy {
      pid;
      config;
      version;
      /** The executable as the target sees it (/proc/PID/exe). */
      executable;
      location;
      mem;
      reader;
      names = /* @__PURE__ */ new Map();
      nameMisses = /* @__PURE__ */ new Set();
      lastNameRefresh = 0;
      statFds = /* @__PURE__ */ new Map();
      statBuf = Buffer.alloc(1024);
      /** threadId → OS tid, from the last sample (their states are read before the next lock). */
      knownTids = /* @__PURE__ */ new Map();
      validTids = /* @__PURE__ */ new Map();
      shortNames = /* @__PURE__ */ new Map();
      listAllThreads = true;
      /** Set with config.native: the native unwinder and merge state. */
      native;
      nativeCaptures = /* @__PURE__ */ new Map();
      closed = false;
      /** Blocking mode: the last pause (lock → resume) in milliseconds; totals in stats(). */
      lastPauseMs = 0;
      pauses = 0;
      pauseMsTotal = 0;
      pauseMsMax = 0;
      constructor(pid, config, mem, location, reader) {
        this.pid = pid;
        this.config = config;
        this.mem = mem;
        this.location = location;
        this.reader = reader;
        this.version = location.version;
        this.executable = location.executable;
        reader.setShortFilename((f) => this.shortFilename(f));
        if (config.native)
          this.native = new NativeStacks(pid, mem, location);
      }
      /**
       * Attaches to `pid`. Throws NotPythonProcess, UnsupportedPythonVersion, InterpreterNotFound,
       * ProcessNotFound or PermissionDenied.
       */
      static create(pid, config = {}) {
        const cfg = defaultConfig(config);
        if (cfg.native && cfg.blocking === LockingStrategy.NonBlocking)
          throw new NativeStacksUnavailable("the process must be paused (nonblocking mode cannot unwind native stacks)");
        const mem = openProcessMemory(pid);
        try {
          let reader;
          const location = locateInterpreter(pid, mem, (loc) => {
            const r = new StackReader(mem, loc);
            let lock;
            try {
              if (cfg.blocking === LockingStrategy.Lock)
                lock = lockProcess(pid);
              const threads = r.read({ lineNo: LineNo.NoLine, gilOnly: false, dumpLocals: 0 });
              if (threads.some((t) => t.error && !(t.error instanceof StackChanged)))
                return false;
            } catch (e) {
              if (lock === void 0 && cfg.blocking === LockingStrategy.Lock)
                throw e;
              return false;
            } finally {
              lock?.unlock();
            }
            reader = r;
            return true;
          });
          return new _PythonSpy(pid, cfg, mem, location, reader);
        } catch (e) {
          mem.close();
          throw e;
        }
      }
      /** create() + one getStackTraces() must both succeed; up to `maxRetries` tries, 20 ms apart. */
      static async retry(pid, config = {}, maxRetries = 20) {
        let last;
        for (let i = 0; i < Math.max(1, maxRetries); i++) {
          let spy;
          try {
            spy = _PythonSpy.create(pid, config);
            try {
              spy.getStackTraces();
            } catch (e) {
              if (!/the (stack|frame chain) (changed|loops)/.test(e.message))
                throw e;
            }
            return spy;
          } catch (e) {
            spy?.close();
            last = e;
            const n = e.name;
            if (n === "PermissionDenied" || n === "AlreadyTraced" || n === "ProcessNotFound" || n === "UnsupportedPythonVersion" || n === "NotPythonProcess")
              throw e;
            if (!processExists(pid))
              throw e;
          }
          await sleep(20);
        }
        throw last;
      }
      /** Every thread's stack, innermost frame first. */
      getStackTraces() {
        if (this.closed)
          throw new SamplingFailed(this.pid, "the spy is closed");
        const cfg = this.config;
        const before = /* @__PURE__ */ new Map();
        if (!cfg.gilOnly) {
          if (this.listAllThreads) {
            try {
              for (const tid of listThreads(this.pid))
                before.set(tid, this.threadRunning(tid));
            } catch {
            }
          } else {
            for (const tid of this.knownTids.values())
              before.set(tid, this.threadRunning(tid));
          }
        }
        const opts = { lineNo: cfg.lineNo, gilOnly: cfg.gilOnly, dumpLocals: cfg.dumpLocals };
        let lock;
        let raw;
        try {
          let pausedAt = 0;
          if (cfg.blocking === LockingStrategy.Lock) {
            pausedAt = performance.now();
            lock = lockProcess(this.pid);
          }
          const rawRead = this.reader.readRaw(opts);
          if (this.native)
            this.captureNative(rawRead.threads);
          if (lock && cfg.dumpLocals > 0)
            raw = this.reader.decode(rawRead, opts);
          if (lock) {
            lock.unlock();
            lock = void 0;
            const pause = performance.now() - pausedAt;
            this.lastPauseMs = pause;
            this.pauses++;
            this.pauseMsTotal += pause;
            if (pause > this.pauseMsMax)
              this.pauseMsMax = pause;
          }
          raw ??= this.reader.decode(rawRead, opts);
        } catch (e) {
          throw this.wrap(e);
        } finally {
          lock?.unlock();
        }
        const failed = raw.find((t) => t.error);
        if (failed)
          throw this.wrap(failed.error);
        if (raw.some((t) => !this.names.has(t.threadId)))
          this.refreshNames(raw);
        const tids = /* @__PURE__ */ new Map();
        const traces = [];
        let unknownTid = false;
        for (const t of raw) {
          const os = this.osTid(t);
          if (os !== void 0)
            tids.set(t.threadId, os);
          let active = true;
          if (os !== void 0 && !cfg.gilOnly) {
            const b = before.get(os);
            if (b === void 0)
              unknownTid = true;
            active = b ?? this.threadRunning(os);
          } else if (os === void 0)
            unknownTid = true;
          if (active && looksIdle(t.frames[0]))
            active = false;
          traces.push({
            pid: this.pid,
            threadId: t.threadId,
            threadName: this.names.get(t.threadId),
            osThreadId: os,
            active,
            ownsGil: t.ownsGil,
            frames: this.native ? this.mergeNative(t, os) : t.frames,
            processInfo: void 0
          });
        }
        this.knownTids = tids;
        this.listAllThreads = unknownTid && !this.noTidsPossible();
        this.closeStaleFds(tids);
        this.native?.retain(tids);
        return traces;
      }
      /** While locked: the native pcs of every thread whose OS tid is known. */
      captureNative(raw) {
        this.nativeCaptures.clear();
        for (const t of raw) {
          const os = t.error ? void 0 : this.osTid(t);
          if (os !== void 0)
            this.nativeCaptures.set(os, this.native.capture(os, t.tstate, this.reader.m));
        }
      }
      mergeNative(t, os) {
        const c = os === void 0 ? void 0 : this.nativeCaptures.get(os);
        return c && c.pcs.length ? this.native.merge(c, t.frames) : t.frames;
      }
      /**
       * Diagnostics: reads issued, code objects cached, and (blocking) how long the target was paused:
       * count, total and longest pause in milliseconds, from the lock request to the resume.
       */
      stats() {
        return { ...this.reader.stats(), pauses: this.pauses, pauseMsTotal: this.pauseMsTotal, pauseMsMax: this.pauseMsMax };
      }
      close() {
        if (this.closed)
          return;
        this.closed = true;
        for (const fd of this.statFds.values()) {
          try {
            closeSync4(fd);
          } catch {
          }
        }
        this.statFds.clear();
        this.mem.close();
      }
      wrap(e) {
        const err = e instanceof Error ? e : new Error(String(e));
        if (err.name === "PermissionDenied" || err.name === "AlreadyTraced" || err.name === "ProcessExited" || err.name === "ProcessNotFound" || err.name === "SamplingFailed")
          return err;
        return new SamplingFailed(this.pid, err.message);
      }
      /** True when thread ids cannot be known (so re-listing would not help). */
      noTidsPossible() {
        return this.knownTids.size === 0 && this.location.layout.thread_state.native_thread_id === void 0 && this.validTids.size === 0;
      }
      osTid(t) {
        if (!t.osThreadId)
          return void 0;
        if (this.location.layout.thread_state.native_thread_id !== void 0)
          return t.osThreadId;
        if (this.validTids.get(t.threadId) === t.osThreadId)
          return t.osThreadId;
        if (t.osThreadId > 0 && t.osThreadId < 2 ** 31 && existsSync4(`/proc/${this.pid}/task/${t.osThreadId}`)) {
          this.validTids.set(t.threadId, t.osThreadId);
          return t.osThreadId;
        }
        return void 0;
      }
      /** True when the OS thread's scheduler state is 'R'. Unknown or vanished threads count as running. */
      threadRunning(tid) {
        let fd = this.statFds.get(tid);
        try {
          if (fd === void 0) {
            fd = openSync3(`/proc/${this.pid}/task/${tid}/stat`, "r");
            this.statFds.set(tid, fd);
          }
          const n = readSync3(fd, this.statBuf, 0, this.statBuf.length, 0);
          const text = this.statBuf.toString("latin1", 0, n);
          const close = text.lastIndexOf(")");
          return close < 0 ? true : text.charCodeAt(close + 2) === 82;
        } catch {
          if (fd !== void 0) {
            try {
              closeSync4(fd);
            } catch {
            }
            this.statFds.delete(tid);
          }
          return true;
        }
      }
      closeStaleFds(live) {
        if (this.statFds.size <= live.size)
          return;
        const keep = new Set(live.values());
        for (const [tid, fd] of this.statFds) {
          if (keep.has(tid))
            continue;
          try {
            closeSync4(fd);
          } catch {
          }
          this.statFds.delete(tid);
        }
      }
      shortFilename(filename) {
        if (this.config.fullFilenames)
          return filename;
        if (this.shortNames.has(filename))
          return this.shortNames.get(filename);
        let s;
        try {
          s = shortFilename(filename, `/proc/${this.pid}/root`, `/proc/${this.pid}/cwd`);
        } catch {
          s = void 0;
        }
        this.shortNames.set(filename, s);
        return s;
      }
      /** Reads threading._active (ident → Thread) and each Thread's name. */
      refreshNames(raw) {
        const missing = raw.filter((t) => !this.names.has(t.threadId)).map((t) => t.threadId);
        const now = Date.now();
        if (missing.every((id) => this.nameMisses.has(id)) && now - this.lastNameRefresh < 1e3)
          return;
        this.lastNameRefresh = now;
        const L = this.location.layout;
        const objs = this.reader.objs;
        objs.m.reset();
        try {
          const modules2 = objs.ptr(this.location.interp + L.interpreter_state.imports_modules);
          if (!modules2)
            return;
          const threading = objs.dictGet(modules2, "threading");
          if (!threading)
            return;
          const active = objs.instanceAttr(threading, "_active");
          if (!active)
            return;
          objs.dictForEach(active, (key2, thread) => {
            try {
              const ident = objs.readInt(key2);
              if (typeof ident !== "number")
                return;
              const nameObj = objs.instanceAttr(thread, "_name") || objs.instanceAttr(thread, "_Thread__name");
              if (nameObj)
                this.names.set(ident, objs.readString(nameObj));
            } catch {
            }
          });
        } catch {
        }
        for (const id of missing)
          if (!this.names.has(id))
            this.nameMisses.add(id);
      }
    };
  }
});

// packages/sampler/dist/subprocess.js
import { closeSync as closeSync5, openSync as openSync4, readdirSync as readdirSync2, readlinkSync as readlinkSync2, readSync as readSync4 } from "node:fs";
function readProcStatus(pid) {
  let line;
  let fd = -1;
  try {
    fd = openSync4(`/proc/${pid}/stat`, "r");
    line = statBuf.toString("latin1", 0, readSync4(fd, statBuf, 0, statBuf.length, 0));
  } catch {
    return void 0;
  } finally {
    if (fd >= 0)
      closeSync5(fd);
  }
  const close = line.lastIndexOf(")");
  if (close < 0)
    return void 0;
  const rest = line.slice(close + 2).split(" ");
  return { state: rest[0] ?? "", ppid: Number(rest[1]), start: rest[19] ?? "" };
}
function alive(st) {
  return st !== void 0 && st.state !== "Z" && st.state !== "X";
}
function exeOf(pid) {
  try {
    return readlinkSync2(`/proc/${pid}/exe`);
  } catch {
    return "";
  }
}
var SUBPROCESS_POLL_MS, SUBPROCESS_ATTACH_TRIES, FINAL_ERRORS, statBuf, ProcessGroup;
var init_subprocess = __esm({
  "packages/sampler/dist/subprocess.js"() {
    "use strict";
    init_dist();
    init_spy();
    SUBPROCESS_POLL_MS = 100;
    SUBPROCESS_ATTACH_TRIES = 20;
    FINAL_ERRORS = /* @__PURE__ */ new Set(["NotPythonProcess", "UnsupportedPythonVersion", "PermissionDenied", "AlreadyTraced"]);
    statBuf = Buffer.alloc(1024);
    ProcessGroup = class _ProcessGroup {
      rootPid;
      config;
      members = /* @__PURE__ */ new Map();
      lastPoll = -Infinity;
      closed = false;
      constructor(rootPid, config) {
        this.rootPid = rootPid;
        this.config = config;
      }
      /**
       * Attaches to the root (PythonSpy.retry) and to its current Python descendants. A root that is
       * not Python is kept as a launcher; ProcessNotFound and PermissionDenied are thrown.
       */
      static async attach(rootPid, config) {
        const g = new _ProcessGroup(rootPid, config);
        const st = readProcStatus(rootPid);
        let spy;
        try {
          spy = await PythonSpy.retry(rootPid, config, 20);
        } catch (e) {
          const n = e.name;
          if (n !== "NotPythonProcess" && n !== "InterpreterNotFound" && n !== "SamplingFailed" && n !== "BadAddress")
            throw e;
        }
        g.members.set(rootPid, {
          pid: rootPid,
          start: st?.start ?? "",
          ppid: st?.ppid ?? 0,
          spy,
          triesLeft: spy ? 0 : SUBPROCESS_ATTACH_TRIES,
          exe: exeOf(rootPid),
          failures: 0
        });
        g.poll(performance.now());
        return g;
      }
      /** Number of processes currently sampled (attached Python processes). */
      get attachedCount() {
        let n = 0;
        for (const m of this.members.values())
          if (m.spy)
            n++;
        return n;
      }
      /** The pids currently sampled. */
      attachedPids() {
        return [...this.members.values()].filter((m) => m.spy).map((m) => m.pid);
      }
      /** One tick: polls /proc when due, then reads every attached process. */
      sample() {
        const now = performance.now();
        if (now - this.lastPoll >= SUBPROCESS_POLL_MS)
          this.poll(now);
        const traces = [];
        let errors;
        for (const m of this.members.values()) {
          if (!m.spy)
            continue;
          let got;
          try {
            got = m.spy.getStackTraces();
          } catch (e) {
            if (!alive(readProcStatus(m.pid))) {
              this.drop(m);
              continue;
            }
            if (m.failures++ > 0)
              (errors ??= []).push({ pid: m.pid, error: e });
            if (m.failures === 1) {
              m.spy.close();
              m.spy = void 0;
              m.info = void 0;
              m.exe = exeOf(m.pid);
              m.triesLeft = SUBPROCESS_ATTACH_TRIES;
              this.lastPoll = -Infinity;
            }
            continue;
          }
          m.failures = 0;
          const info = m.info ?? (m.info = this.infoFor(m));
          for (const t of got) {
            t.processInfo = info;
            traces.push(t);
          }
        }
        return { traces, errors, alive: this.members.size > 0 };
      }
      close() {
        if (this.closed)
          return;
        this.closed = true;
        for (const m of this.members.values())
          m.spy?.close();
        this.members.clear();
      }
      drop(m) {
        m.spy?.close();
        m.spy = void 0;
        this.members.delete(m.pid);
      }
      /** py-spy's ProcessInfo: the process, then its sampled ancestors up to the root. */
      infoFor(m) {
        let commandLine = "";
        try {
          commandLine = processCmdline(m.pid).join(" ");
        } catch {
        }
        let parent;
        const seen = /* @__PURE__ */ new Set([m.pid]);
        let p = m.ppid;
        while (p > 0 && !seen.has(p) && m.pid !== this.rootPid) {
          seen.add(p);
          const pm = this.members.get(p);
          if (!pm)
            break;
          if (pm.spy) {
            parent = pm.info ?? (pm.info = this.infoFor(pm));
            break;
          }
          p = pm.ppid;
        }
        return { pid: m.pid, commandLine, parent };
      }
      /** Rescans /proc: drops exited members, finds new descendants, (re)tries attaching. */
      poll(now) {
        this.lastPoll = now;
        const byParent = /* @__PURE__ */ new Map();
        const status2 = /* @__PURE__ */ new Map();
        let names;
        try {
          names = readdirSync2("/proc");
        } catch {
          names = [];
        }
        for (const name of names) {
          const c = name.charCodeAt(0);
          if (c < 48 || c > 57)
            continue;
          const pid = Number(name);
          const st = readProcStatus(pid);
          if (!st)
            continue;
          status2.set(pid, st);
          const list = byParent.get(st.ppid);
          if (list)
            list.push(pid);
          else
            byParent.set(st.ppid, [pid]);
        }
        for (const m of [...this.members.values()]) {
          const st = status2.get(m.pid);
          if (!alive(st) || m.start && st.start !== m.start)
            this.drop(m);
        }
        const queue = [this.rootPid, ...this.members.keys()];
        const seen = new Set(queue);
        while (queue.length) {
          const parent = queue.pop();
          for (const child of byParent.get(parent) ?? []) {
            if (seen.has(child))
              continue;
            seen.add(child);
            queue.push(child);
            const st = status2.get(child);
            if (!alive(st) || this.members.has(child))
              continue;
            this.members.set(child, { pid: child, start: st.start, ppid: parent, triesLeft: SUBPROCESS_ATTACH_TRIES, exe: exeOf(child), failures: 0 });
          }
        }
        for (const m of this.members.values()) {
          if (m.spy)
            continue;
          if (m.triesLeft === 0) {
            const exe = exeOf(m.pid);
            if (exe === m.exe)
              continue;
            m.exe = exe;
            m.triesLeft = SUBPROCESS_ATTACH_TRIES;
          }
          this.tryAttach(m);
        }
      }
      tryAttach(m) {
        let spy;
        try {
          spy = PythonSpy.create(m.pid, this.config);
          spy.getStackTraces();
          m.spy = spy;
          m.info = void 0;
          m.triesLeft = 0;
        } catch (e) {
          spy?.close();
          m.triesLeft = FINAL_ERRORS.has(e.name) ? 0 : m.triesLeft - 1;
        }
      }
    };
  }
});

// packages/sampler/dist/sampler.js
import { readFileSync as readFileSync3 } from "node:fs";
function exponentialInterval(rate, random = Math.random) {
  return -Math.log(1 - random()) / rate * 1e3;
}
function preciseWait(ms) {
  if (ms > 0.02)
    Atomics.wait(futexWord, 0, 0, ms);
}
function isZombie(pid) {
  try {
    const stat = readFileSync3(`/proc/${pid}/stat`, "latin1");
    const c = stat.lastIndexOf(")");
    const st = stat.charAt(c + 2);
    return st === "Z" || st === "X";
  } catch {
    return true;
  }
}
var Sampler, EVENT_LOOP_TURN_MS, PRECISE_SLEEP_MS, futexWord;
var init_sampler = __esm({
  "packages/sampler/dist/sampler.js"() {
    "use strict";
    init_dist();
    init_spy();
    init_subprocess();
    init_types2();
    Sampler = class _Sampler {
      pid;
      config;
      /** The target's version once attached (undefined in subprocess mode, like py-spy). */
      version;
      spy;
      /** Subprocess mode: the target and its Python descendants. */
      group;
      stopped = false;
      wake;
      iterating = false;
      constructor(pid, config = {}) {
        this.pid = pid;
        this.config = defaultConfig(config);
      }
      /** A sampler already attached to the process (PythonSpy.retry: 20 tries, 20 ms apart). */
      static async create(pid, config = {}) {
        const s = new _Sampler(pid, config);
        await s.attach();
        return s;
      }
      /** Attaches now (iteration does it otherwise). */
      async attach() {
        if (this.config.subprocesses) {
          this.group ??= await ProcessGroup.attach(this.pid, this.config);
          return;
        }
        if (this.spy)
          return;
        this.spy = await PythonSpy.retry(this.pid, this.config, 20);
        this.version = this.spy.version;
      }
      /** Ends the iteration (the pending sample wait is cut short). */
      stop() {
        this.stopped = true;
        this.wake?.();
      }
      /**
       * Hook for subprocess mode: annotate traces with their process (`processInfo`). The
       * single-process sampler leaves traces as they are.
       */
      annotate(traces) {
        return traces;
      }
      /**
       * Waits `ms` precisely: timers have a 1 ms granularity and oversleep by up to ~1 ms, which alone
       * would make a 1 kHz sampler late, so the bulk is slept on a timer (the event loop keeps running)
       * and the last stretch (≤ 2 ms) in a futex wait (Atomics.wait: no spinning, sub-ms precision).
       */
      sleep(ms) {
        const deadline = performance.now() + ms;
        if (ms <= PRECISE_SLEEP_MS) {
          preciseWait(ms);
          return Promise.resolve();
        }
        return new Promise((resolve2) => {
          const t = setTimeout(() => {
            this.wake = void 0;
            preciseWait(deadline - performance.now());
            resolve2();
          }, ms - PRECISE_SLEEP_MS);
          this.wake = () => {
            clearTimeout(t);
            this.wake = void 0;
            resolve2();
          };
        });
      }
      async *[Symbol.asyncIterator]() {
        if (this.iterating)
          throw new Error("Sampler: already being iterated");
        this.iterating = true;
        try {
          await this.attach();
          const spy = this.spy;
          const rate = this.config.samplingRate > 0 ? this.config.samplingRate : 100;
          const start = performance.now();
          const end = this.config.duration !== void 0 ? start + this.config.duration * 1e3 : Infinity;
          let desired = 0;
          let lastTurn = performance.now();
          while (!this.stopped) {
            desired += exponentialInterval(rate);
            const elapsed = performance.now() - start;
            let late;
            if (desired > elapsed) {
              if (start + desired > end)
                break;
              if (desired - elapsed > PRECISE_SLEEP_MS)
                lastTurn = performance.now();
              await this.sleep(desired - elapsed);
              if (this.stopped)
                break;
            } else {
              late = elapsed - desired;
            }
            if (performance.now() - lastTurn > EVENT_LOOP_TURN_MS) {
              await new Promise((resolve2) => setImmediate(resolve2));
              lastTurn = performance.now();
              if (this.stopped)
                break;
            }
            if (performance.now() > end)
              break;
            const time = Date.now();
            let sample;
            if (this.group) {
              const g = this.group.sample();
              if (!g.alive)
                break;
              yield { traces: g.traces, samplingErrors: g.errors, late, time };
              continue;
            }
            try {
              sample = { traces: this.annotate(spy.getStackTraces()), samplingErrors: void 0, late, time };
            } catch (e) {
              if (!processExists(this.pid) || isZombie(this.pid))
                break;
              sample = { traces: [], samplingErrors: [{ pid: this.pid, error: e }], late, time };
            }
            yield sample;
          }
        } finally {
          this.iterating = false;
          this.spy?.close();
          this.spy = void 0;
          this.group?.close();
          this.group = void 0;
        }
      }
    };
    EVENT_LOOP_TURN_MS = 20;
    PRECISE_SLEEP_MS = 2;
    futexWord = new Int32Array(new SharedArrayBuffer(4));
  }
});

// packages/sampler/dist/core.js
import { closeSync as closeSync6, openSync as openSync5, readSync as readSync5, statSync as statSync5 } from "node:fs";
function looksLikeCore(path) {
  try {
    const fd = openSync5(path, "r");
    try {
      const b = Buffer.alloc(18);
      if (readSync5(fd, b, 0, 18, 0) < 18)
        return false;
      const little = b[5] !== 2;
      return b.readUInt32BE(0) === 2135247942 && (little ? b.readUInt16LE(16) : b.readUInt16BE(16)) === 4;
    } finally {
      closeSync6(fd);
    }
  } catch {
    return false;
  }
}
function joinRoot(root, path) {
  if (!root)
    return path;
  return `${root.replace(/\/+$/, "")}${path.startsWith("/") ? "" : "/"}${path}`;
}
function coreMaps(core) {
  const out = [];
  const segs = core.memorySegments;
  const flagsAt = (addr) => segs.find((s) => addr >= s.vaddr && addr < s.vaddr + s.memsz)?.flags ?? 4;
  const perms = (f) => `r${f & PF_W ? "w" : "-"}${f & PF_X ? "x" : "-"}p`;
  for (const f of core.files) {
    const fl = flagsAt(f.start);
    out.push({ start: f.start, end: f.end, perms: perms(fl), readable: true, writable: (fl & PF_W) !== 0, executable: (fl & PF_X) !== 0, offset: f.offset, dev: "00:00", inode: 0, path: f.path });
  }
  for (const s of segs) {
    if (core.files.some((f) => s.vaddr >= f.start && s.vaddr < f.end))
      continue;
    out.push({ start: s.vaddr, end: s.vaddr + s.memsz, perms: perms(s.flags), readable: true, writable: (s.flags & PF_W) !== 0, executable: (s.flags & PF_X) !== 0, offset: 0, dev: "00:00", inode: 0, path: "" });
  }
  return out.sort((a, b) => a.start - b.start);
}
function auxvValue(core, type) {
  const a = core.auxv;
  if (!a)
    return void 0;
  for (let off = 0; off + 16 <= a.length; off += 16) {
    const t = a.readUInt32LE(off) + a.readUInt32LE(off + 4) * 2 ** 32;
    if (t === 0)
      break;
    if (t === type)
      return a.readUInt32LE(off + 8) + a.readUInt32LE(off + 12) * 2 ** 32;
  }
  return void 0;
}
function executablePath(core) {
  for (const t of [AT_PHDR, AT_ENTRY]) {
    const addr = auxvValue(core, t);
    if (addr === void 0)
      continue;
    const f = core.files.find((x) => addr >= x.start && addr < x.end);
    if (f)
      return f.path;
  }
  const fname = core.processInfo?.fname;
  if (fname)
    return core.files.find((f) => f.path.slice(f.path.lastIndexOf("/") + 1).startsWith(fname))?.path;
  return void 0;
}
function checkComplete(core) {
  let size;
  try {
    size = statSync5(core.path).size;
  } catch {
    return;
  }
  let need = 0;
  for (const s of core.memorySegments)
    need = Math.max(need, s.offset + s.filesz);
  if (need > size) {
    throw new CoreFileError(core.path, `the core file is truncated (${size} bytes, its segments need ${need}): it was cut short while being written; take the core again`);
  }
}
function findCoreImages(core, maps, root) {
  const pid = core.pid;
  const result = { pid, maps };
  const open = (path) => {
    const host = joinRoot(root, path);
    try {
      statSync5(host);
    } catch {
      const hint = root === void 0 ? "run where the binaries the process used are installed, or give --root DIR (the directory they are under, e.g. an extracted container image)" : "check --root";
      throw new CoreFileError(core.path, `cannot open ${host}, a binary the process had mapped (no such file): ${hint}`);
    }
    try {
      return openProcessImage(pid, path, maps, host);
    } catch (e) {
      throw new CoreFileError(core.path, `${host} does not match the core (${e.message.replace(/^.*?: /, "")}): the binaries under ${root ?? "/"} are not the ones the process ran`);
    }
  };
  const lib = maps.find((m) => isPythonLibrary(m.path));
  if (lib)
    result.libpython = open(lib.path);
  const exe = executablePath(core);
  if (exe) {
    try {
      result.executable = open(exe);
    } catch (e) {
      if (!result.libpython)
        throw e;
    }
  }
  if (!result.libpython && !result.executable) {
    throw new CoreFileError(core.path, "could not tell which mapped file is the executable (no NT_AUXV note, no file named like the process)");
  }
  return result;
}
var CoreFileError, PF_X, PF_W, AT_PHDR, AT_ENTRY, CoreSpy;
var init_core2 = __esm({
  "packages/sampler/dist/core.js"() {
    "use strict";
    init_dist3();
    init_filenames();
    init_locate();
    init_reader2();
    init_types2();
    CoreFileError = class extends Error {
      file;
      name = "CoreFileError";
      /** `problem` follows the file name: "FILE is not an ELF core file", "FILE: the core is truncated …". */
      constructor(file, problem) {
        super(`${file}${problem.startsWith("is ") ? " " : ": "}${problem}`);
        this.file = file;
      }
    };
    PF_X = 1;
    PF_W = 2;
    AT_PHDR = 3;
    AT_ENTRY = 9;
    CoreSpy = class _CoreSpy {
      core;
      pid;
      version;
      /** The executable as recorded in the core. */
      executable;
      location;
      /** Signal that caused the dump (0 for gcore). */
      signal;
      /** The command line recorded in the core (NT_PRPSINFO, 80 chars at most). */
      psargs;
      mem;
      reader;
      options;
      coreTids;
      shortNames = /* @__PURE__ */ new Map();
      /** Threads (by thread id) whose stack could not be read by the last getStackTraces(), with why. */
      unreadable = /* @__PURE__ */ new Map();
      /** Threads whose frames end early because the core lacks the memory of an outer frame, with why. */
      incomplete = /* @__PURE__ */ new Map();
      constructor(core, mem, location, reader, options) {
        this.core = core;
        this.mem = mem;
        this.location = location;
        this.reader = reader;
        this.options = options;
        this.pid = core.pid;
        this.version = location.version;
        this.executable = location.executable;
        this.signal = core.threads[0]?.cursig ?? 0;
        this.psargs = core.processInfo?.psargs ?? "";
        this.coreTids = new Set(core.threads.map((t) => t.tid));
        reader.setShortFilename((f) => this.shortFilename(f));
      }
      /**
       * Opens `path` as a core of a Python process. Throws CoreFileError (not a core, truncated, no
       * Python in it, binaries missing), UnsupportedPythonVersion or InterpreterNotFound.
       */
      static open(path, options = {}) {
        let core;
        try {
          core = ElfCore.open(path);
        } catch (e) {
          const msg = e.message;
          const code = /\((E[A-Z]+)\)/.exec(msg)?.[1] ?? e.code;
          if (code === "ENOENT")
            throw new CoreFileError(path, "cannot open the core file: no such file");
          if (code === "EACCES" || code === "EPERM")
            throw new CoreFileError(path, "cannot open the core file: permission denied");
          if (code === "EISDIR")
            throw new CoreFileError(path, "is a directory, not an ELF core file");
          if (looksLikeCore(path)) {
            const why = /\(([^()]*(?:\([^()]*\))?[^()]*)\)\s*$/.exec(msg)?.[1] ?? msg;
            throw new CoreFileError(path, `the core file is truncated or damaged (${why}): take the core again`);
          }
          throw new CoreFileError(path, "is not an ELF core file");
        }
        try {
          return _CoreSpy.fromCore(core, options);
        } catch (e) {
          core.source.close();
          throw e;
        }
      }
      /** A spy over an already opened core (the core is closed by `close()`). */
      static fromCore(core, options = {}) {
        checkComplete(core);
        const root = options.root;
        if (root !== void 0) {
          let dir = false;
          try {
            dir = statSync5(root).isDirectory();
          } catch {
          }
          if (!dir)
            throw new CoreFileError(core.path, `--root ${root} is not a directory`);
        }
        if (core.files.length === 0)
          throw new CoreFileError(core.path, "the core has no NT_FILE note (no list of mapped files), so its Python binaries cannot be found");
        const maps = coreMaps(core);
        const pid = core.pid;
        const images = findCoreImages(core, maps, root);
        const mem = core.memory({ readMappedFiles: (p) => joinRoot(root, p) });
        try {
          let reader;
          const location = locateInterpreter(pid, mem, (loc) => {
            const r = new StackReader(mem, loc);
            r.snapshot = true;
            try {
              const threads = r.read({ lineNo: LineNo.NoLine, gilOnly: false, dumpLocals: 0 });
              if (!threads.some((t) => !t.error))
                return false;
            } catch {
              return false;
            }
            reader = r;
            return true;
          }, images);
          return new _CoreSpy(core, mem, location, reader, options);
        } catch (e) {
          mem.close();
          const err = e;
          if (err.name === "NotPythonProcess")
            throw new CoreFileError(core.path, `process ${pid} in the core is not running Python (no python executable or libpython among its mapped files)`);
          throw e;
        }
      }
      /**
       * Every thread's Python stack, innermost frame first (threads in the interpreter's order). A
       * thread whose stack cannot be read from the core has no frames and its error in `unreadable`.
       */
      getStackTraces() {
        const o = this.options;
        const raw = this.reader.read({ lineNo: o.lineNo ?? LineNo.LastInstruction, gilOnly: false, dumpLocals: o.dumpLocals ?? 0 });
        this.unreadable.clear();
        this.incomplete.clear();
        for (const t of raw) {
          if (t.error)
            this.unreadable.set(t.threadId, t.error.message);
          else if (t.incomplete)
            this.incomplete.set(t.threadId, t.incomplete);
        }
        if (raw.length > 0 && this.unreadable.size === raw.length) {
          throw new CoreFileError(this.core.path, `no thread's Python stack could be read from the core (${raw[0].error.message})`);
        }
        const names = this.threadNames();
        return raw.map((t) => ({
          pid: this.pid,
          threadId: t.threadId,
          threadName: names.get(t.threadId),
          osThreadId: this.osTid(t),
          // a core has no scheduler state: py-spy's core mode leaves every thread active
          active: true,
          ownsGil: t.ownsGil,
          frames: t.frames,
          processInfo: void 0
        }));
      }
      close() {
        this.mem.close();
        this.core.source.close();
      }
      osTid(t) {
        if (!t.osThreadId)
          return void 0;
        if (this.location.layout.thread_state.native_thread_id !== void 0)
          return t.osThreadId;
        return this.coreTids.has(t.osThreadId) ? t.osThreadId : void 0;
      }
      shortFilename(filename) {
        if (this.options.fullFilenames)
          return filename;
        if (this.shortNames.has(filename))
          return this.shortNames.get(filename);
        let s;
        try {
          s = shortFilename(filename, this.options.root ?? "", "");
        } catch {
          s = void 0;
        }
        this.shortNames.set(filename, s);
        return s;
      }
      /** threading._active: ident → Thread._name. */
      threadNames() {
        const names = /* @__PURE__ */ new Map();
        const L = this.location.layout;
        const objs = this.reader.objs;
        objs.m.reset();
        try {
          const modules2 = objs.ptr(this.location.interp + L.interpreter_state.imports_modules);
          if (!modules2)
            return names;
          const threading = objs.dictGet(modules2, "threading");
          if (!threading)
            return names;
          const active = objs.instanceAttr(threading, "_active");
          if (!active)
            return names;
          objs.dictForEach(active, (key2, thread) => {
            try {
              const ident = objs.readInt(key2);
              if (typeof ident !== "number")
                return;
              const nameObj = objs.instanceAttr(thread, "_name") || objs.instanceAttr(thread, "_Thread__name");
              if (nameObj)
                names.set(ident, objs.readString(nameObj));
            } catch {
            }
          });
        } catch {
        }
        return names;
      }
    };
  }
});

// packages/sampler/dist/index.js
var init_dist4 = __esm({
  "packages/sampler/dist/index.js"() {
    "use strict";
    init_types2();
    init_spy();
    init_sampler();
    init_core2();
  }
});

// packages/cli/dist/colors.js
function useColors(stream, env = process.env) {
  if (env.CLICOLOR_FORCE && env.CLICOLOR_FORCE !== "0")
    return true;
  if (env.NO_COLOR !== void 0 && env.NO_COLOR !== "")
    return false;
  if (env.CLICOLOR === "0")
    return false;
  return stream.isTTY === true;
}
function colorsFor(enabled) {
  if (!enabled)
    return { pid: plain, version: plain, thread: plain, status: plain, func: plain, file: plain, line: plain, dim: plain };
  return {
    pid: wrap("1;33", "0"),
    version: wrap("1", "22"),
    thread: wrap("1", "22"),
    status: plain,
    func: wrap("32", "39"),
    file: wrap("36", "39"),
    line: wrap("2", "22"),
    dim: wrap("2", "22")
  };
}
var wrap, plain;
var init_colors = __esm({
  "packages/cli/dist/colors.js"() {
    "use strict";
    wrap = (open, close) => (s) => `\x1B[${open}m${s}\x1B[${close}m`;
    plain = (s) => s;
  }
});

// packages/cli/dist/core-dump.js
var core_dump_exports = {};
__export(core_dump_exports, {
  formatCoreDump: () => formatCoreDump,
  runCoreDump: () => runCoreDump
});
function formatCoreDump(header, traces, unreadable, incomplete, c) {
  const out = [];
  out.push(`Signal ${header.signal}: ${header.file}`);
  out.push(`Process ${c.pid(String(header.pid))}: ${header.psargs}`);
  out.push(`Python v${c.version(header.version)}`);
  out.push("");
  for (let i = traces.length - 1; i >= 0; i--) {
    const trace = traces[i];
    const name = trace.threadName !== void 0 ? `: "${trace.threadName}"` : "";
    out.push(`Thread ${c.thread(formatThreadId(trace))}${trace.ownsGil ? ` (${c.status("gil")})` : ""}${name}`);
    const why = unreadable.get(trace.threadId);
    if (why !== void 0)
      out.push(`    ${c.dim(`(Python stack not readable from the core: ${why})`)}`);
    formatFrames(trace.frames, c, out);
    const cut = incomplete.get(trace.threadId);
    if (cut !== void 0)
      out.push(`    ${c.dim(`(stack incomplete: ${cut})`)}`);
  }
  return out.join("\n") + "\n";
}
function runCoreDump(options) {
  const file = options.core;
  if (options.pid !== void 0)
    throw new UsageError("pyglass dump: give either --pid or --core, not both.");
  if (options.subprocesses)
    throw new UsageError("pyglass dump: --subprocesses does not apply to a core file.");
  if (options.native)
    throw new UsageError("pyglass dump --core: --native is not supported for core files.", 1);
  const spy = CoreSpy.open(file, {
    root: options.root,
    dumpLocals: options.locals,
    fullFilenames: options.fullFilenames,
    lineNo: LineNo.LastInstruction
  });
  try {
    const traces = spy.getStackTraces();
    if (options.json) {
      const json = traces.map((t) => {
        const j = traceToJson(t);
        const cut = spy.incomplete.get(t.threadId);
        return cut === void 0 ? j : { ...j, incomplete: cut };
      });
      process.stdout.write(`${JSON.stringify(json, null, 2)}
`);
      return 0;
    }
    const colors = colorsFor(useColors(process.stdout));
    process.stdout.write(formatCoreDump({ signal: spy.signal, file, pid: spy.pid, psargs: spy.psargs, version: spy.version.string }, traces, spy.unreadable, spy.incomplete, colors));
    return 0;
  } finally {
    spy.close();
  }
}
var init_core_dump = __esm({
  "packages/cli/dist/core-dump.js"() {
    "use strict";
    init_dist4();
    init_colors();
    init_dump();
    init_errors();
  }
});

// packages/cli/dist/commands/dump.js
var dump_exports = {};
__export(dump_exports, {
  formatDump: () => formatDump,
  formatFrames: () => formatFrames,
  formatThreadId: () => formatThreadId,
  runDump: () => runDump,
  statusString: () => statusString,
  traceToJson: () => traceToJson
});
function traceToJson(trace) {
  return {
    pid: trace.pid,
    thread_id: trace.threadId,
    thread_name: trace.threadName ?? null,
    os_thread_id: trace.osThreadId ?? null,
    active: trace.active,
    owns_gil: trace.ownsGil,
    frames: trace.frames.map(frameToJson),
    process_info: trace.processInfo ? processInfoToJson(trace.processInfo) : null
  };
}
function frameToJson(frame) {
  return {
    name: frame.name,
    filename: frame.filename,
    module: frame.module ?? null,
    short_filename: frame.shortFilename ?? null,
    line: frame.line,
    locals: frame.locals ? frame.locals.map(localToJson) : null,
    is_entry: frame.isEntry,
    is_shim_entry: frame.isShimEntry
  };
}
function localToJson(local) {
  return { name: local.name, addr: local.addr, arg: local.arg, repr: local.repr ?? null };
}
function processInfoToJson(info) {
  return { pid: info.pid, command_line: info.commandLine, parent: info.parent ? processInfoToJson(info.parent) : null };
}
function statusString(trace) {
  if (!trace.active)
    return "idle";
  return trace.ownsGil ? "active+gil" : "active";
}
function formatThreadId(trace) {
  return trace.osThreadId !== void 0 ? String(trace.osThreadId) : `0x${trace.threadId.toString(16).toUpperCase()}`;
}
function formatFrames(frames, c, out) {
  for (const frame of frames) {
    const file = frame.shortFilename ?? frame.filename;
    out.push(frame.line !== 0 ? `    ${c.func(frame.name)} (${c.file(file)}:${c.line(String(frame.line))})` : `    ${c.func(frame.name)} (${c.file(file)})`);
    if (frame.locals && frame.locals.length > 0) {
      const args = frame.locals.filter((l) => l.arg);
      const locals = frame.locals.filter((l) => !l.arg);
      if (args.length) {
        out.push(`        ${c.dim("Arguments:")}`);
        for (const a of args)
          out.push(`            ${a.name}: ${a.repr ?? "?"}`);
      }
      if (locals.length) {
        out.push(`        ${c.dim("Locals:")}`);
        for (const l of locals)
          out.push(`            ${l.name}: ${l.repr ?? "?"}`);
      }
    }
  }
}
function formatDump(header, traces, c) {
  const out = [];
  out.push(`Process ${c.pid(String(header.pid))}: ${header.commandLine}`);
  out.push(`Python v${c.version(header.version)} (${header.executable})`);
  out.push("");
  for (let i = traces.length - 1; i >= 0; i--) {
    const trace = traces[i];
    const name = trace.threadName !== void 0 ? `: "${trace.threadName}"` : "";
    out.push(`Thread ${c.thread(formatThreadId(trace))} (${c.status(statusString(trace))})${name}`);
    formatFrames(trace.frames, c, out);
  }
  return out.join("\n") + "\n";
}
function dumpProcess(pid, options) {
  const spy = PythonSpy.create(pid, {
    blocking: options.nonblocking ? LockingStrategy.NonBlocking : LockingStrategy.Lock,
    native: options.native,
    dumpLocals: options.locals,
    fullFilenames: options.fullFilenames,
    includeIdle: true
  });
  try {
    const traces = spy.getStackTraces();
    let commandLine = "";
    try {
      commandLine = processCmdline(pid).join(" ");
    } catch {
    }
    return { pid, commandLine, version: spy.version.string, executable: spy.executable, traces };
  } finally {
    spy.close();
  }
}
function pythonDescendants(pid, options) {
  const dumped = [];
  for (const child of childProcesses(pid)) {
    try {
      dumped.push(dumpProcess(child.pid, options));
    } catch {
    }
  }
  return dumped;
}
async function runDump(options) {
  if (options.core !== void 0)
    return (await Promise.resolve().then(() => (init_core_dump(), core_dump_exports))).runCoreDump(options);
  if (options.root !== void 0)
    throw new UsageError("pyglass dump: --root only applies with --core FILE.");
  if (options.pid === void 0)
    throw new UsageError("pyglass dump: give the process to dump with --pid PID.");
  if (options.native && options.nonblocking)
    throw new UsageError("Can't get native stack traces with the --nonblocking option.");
  const processes = [dumpProcess(options.pid, options)];
  if (options.subprocesses)
    processes.push(...pythonDescendants(options.pid, options));
  if (options.json) {
    const traces = processes.flatMap((p) => p.traces);
    process.stdout.write(`${JSON.stringify(traces.map(traceToJson), null, 2)}
`);
    return 0;
  }
  const colors = colorsFor(useColors(process.stdout));
  const width = process.stdout.columns ?? 80;
  processes.forEach((p, i) => {
    if (i > 0)
      process.stdout.write(`${colors.dim("-".repeat(width))}
`);
    process.stdout.write(formatDump(p, p.traces, colors));
  });
  return 0;
}
var init_dump = __esm({
  "packages/cli/dist/commands/dump.js"() {
    "use strict";
    init_dist();
    init_dist4();
    init_colors();
    init_errors();
  }
});

// packages/exporters/dist/options.js
import { readFileSync as readFileSync4 } from "node:fs";
function formatExtension(format) {
  switch (format) {
    case "flamegraph":
      return "svg";
    case "speedscope":
      return "json";
    case "raw":
      return "txt";
    case "chrometrace":
      return "json";
    case "pprof":
      return "pb.gz";
  }
}
function exportersVersion() {
  if (cachedVersion === void 0) {
    const pkg = JSON.parse(readFileSync4(new URL("../package.json", import.meta.url), "utf8"));
    cachedVersion = typeof pkg.version === "string" ? pkg.version : "0.0.0";
  }
  return cachedVersion;
}
function showsLines(options) {
  return options.showLineNumbers && options.lineNo !== "none";
}
function checkOptions(options) {
  if (!(options.sampleRate > 0) || !Number.isFinite(options.sampleRate)) {
    throw new ExporterOptionsError(`invalid sample rate ${String(options.sampleRate)}: pass a positive number of samples per second.`);
  }
}
var formats, cachedVersion, ExporterOptionsError;
var init_options2 = __esm({
  "packages/exporters/dist/options.js"() {
    "use strict";
    formats = ["flamegraph", "speedscope", "raw", "chrometrace", "pprof"];
    ExporterOptionsError = class extends Error {
      constructor(message) {
        super(message);
        this.name = "ExporterOptionsError";
      }
    };
  }
});

// packages/exporters/dist/frames.js
function traceIncluded(trace, filter) {
  if (!filter.includeIdle && !trace.active)
    return false;
  if (filter.gilOnly && !trace.ownsGil)
    return false;
  return true;
}
function formatThreadId2(trace) {
  if (trace.osThreadId !== void 0)
    return String(trace.osThreadId);
  return "0x" + trace.threadId.toString(16).toUpperCase();
}
function threadFrameName(trace) {
  const tid = formatThreadId2(trace);
  return trace.threadName !== void 0 && trace.threadName !== "" ? `thread (${tid}): ${trace.threadName}` : `thread (${tid})`;
}
function processFrameNames(info) {
  const names = [];
  for (let p = info; p !== void 0; p = p.parent)
    names.push(`process ${p.pid}:"${p.commandLine}"`);
  return names.reverse();
}
function frameLabel(frame, showLineNumbers) {
  const file = frame.shortFilename ?? frame.filename;
  if (showLineNumbers && frame.line !== 0)
    return `${frame.name} (${file}:${frame.line})`;
  if (file !== "")
    return `${frame.name} (${file})`;
  return frame.name;
}
var FrameTable;
var init_frames = __esm({
  "packages/exporters/dist/frames.js"() {
    "use strict";
    FrameTable = class {
      showLineNumbers;
      recs = [];
      labels = [];
      byObject = /* @__PURE__ */ new WeakMap();
      byKey = /* @__PURE__ */ new Map();
      byLabel = /* @__PURE__ */ new Map();
      synthetics = /* @__PURE__ */ new Map();
      objectHits = 0;
      objectMisses = 0;
      useObjects = true;
      constructor(showLineNumbers) {
        this.showLineNumbers = showLineNumbers;
      }
      get size() {
        return this.recs.length;
      }
      frame(f) {
        const line = this.showLineNumbers ? f.line : 0;
        if (this.useObjects) {
          const cached = this.byObject.get(f);
          if (cached !== void 0 && cached.name === f.name && cached.filename === f.filename && cached.line === line) {
            this.objectHits++;
            return cached;
          }
          if (++this.objectMisses > 4096 && this.objectHits < this.objectMisses)
            this.useObjects = false;
        }
        let byFile = this.byKey.get(f.name);
        if (byFile === void 0)
          this.byKey.set(f.name, byFile = /* @__PURE__ */ new Map());
        let byLine = byFile.get(f.filename);
        if (byLine === void 0)
          byFile.set(f.filename, byLine = /* @__PURE__ */ new Map());
        let rec = byLine.get(line);
        if (rec === void 0) {
          rec = this.make(f.name, f.filename, line, frameLabel({ name: f.name, filename: f.filename, shortFilename: f.shortFilename, line }, this.showLineNumbers), false);
          byLine.set(line, rec);
        }
        if (this.useObjects)
          this.byObject.set(f, rec);
        return rec;
      }
      /** A synthetic frame (thread or process root): empty filename, line 0, label = name. */
      synthetic(name) {
        let rec = this.synthetics.get(name);
        if (rec === void 0)
          this.synthetics.set(name, rec = this.make(name, "", 0, name, true));
        return rec;
      }
      make(name, filename, line, label, synthetic) {
        let labelId = this.byLabel.get(label);
        if (labelId === void 0) {
          labelId = this.labels.length;
          this.labels.push(label);
          this.byLabel.set(label, labelId);
        }
        const rec = { id: this.recs.length, name, filename, line, label, labelId, synthetic };
        this.recs.push(rec);
        return rec;
      }
    };
  }
});

// packages/exporters/dist/stacks.js
var StackNode, ThreadState, StackCollector;
var init_stacks = __esm({
  "packages/exporters/dist/stacks.js"() {
    "use strict";
    init_frames();
    StackNode = class {
      key;
      frame;
      parent;
      thread;
      /** Samples whose stack ends here. */
      self = 0;
      /** Dense id, in order of creation (a parent is always created before its children). */
      id;
      depth;
      children;
      lastChild;
      constructor(id, key2, frame, parent, thread) {
        this.key = key2;
        this.frame = frame;
        this.parent = parent;
        this.thread = thread;
        this.id = id;
        this.depth = parent === void 0 ? 0 : parent.depth + 1;
      }
      child(key2) {
        const last = this.lastChild;
        if (last !== void 0 && last.key === key2)
          return last;
        const c = this.children?.get(key2);
        if (c !== void 0)
          this.lastChild = c;
        return c;
      }
      addChild(node) {
        (this.children ??= /* @__PURE__ */ new Map()).set(node.key, node);
        this.lastChild = node;
      }
      /** Children in insertion order. */
      childNodes() {
        return this.children === void 0 ? [] : [...this.children.values()];
      }
      /** Frames from the root to this node. */
      framesRootToLeaf() {
        const out = [];
        for (let n = this; n !== void 0 && n.frame !== void 0; n = n.parent)
          out.push(n.frame);
        return out.reverse();
      }
    };
    ThreadState = class {
      /** Dense id in order of first appearance. */
      id;
      pid;
      threadId;
      osThreadId;
      /** Latest known thread name. */
      name;
      processInfo;
      /** --threads root frame (recomputed when the name or OS thread id changes). */
      threadFrame;
      /** Root of this thread's trie, for per-thread tries. */
      root;
      /** Last stack recorded for this thread (chrometrace diff; speedscope run merging). */
      last;
      /** Fast path: the Frame objects, synthetic roots and leaf of this thread's previous trace. */
      prevFrames = [];
      prevNames = [];
      prevFiles = [];
      prevLines = [];
      prevProcess;
      prevThreadFrame;
      prevLeaf;
      /** speedscope: run-length encoded samples (leaf node ids) and their counts. */
      runNodes = [];
      runCounts = [];
      constructor(id, trace) {
        this.id = id;
        this.pid = trace.pid;
        this.threadId = trace.threadId;
        this.osThreadId = trace.osThreadId;
        this.name = trace.threadName;
        this.processInfo = trace.processInfo;
      }
    };
    StackCollector = class {
      options;
      frames;
      /** All nodes, by id. */
      nodes = [];
      /** The shared root (when not per thread). */
      root;
      /** Nodes with self > 0, in order of first sample. */
      leaves = [];
      threadList = [];
      /** Total samples counted. */
      total = 0;
      threads = /* @__PURE__ */ new Map();
      lastThread;
      processFrames = /* @__PURE__ */ new WeakMap();
      constructor(options) {
        this.options = options;
        this.frames = new FrameTable(options.showLineNumbers);
        this.root = this.newNode(-1, void 0, void 0, void 0);
      }
      get distinctStacks() {
        return this.leaves.length;
      }
      thread(trace) {
        const last = this.lastThread;
        if (last !== void 0 && last.pid === trace.pid && last.threadId === trace.threadId && last.osThreadId === trace.osThreadId && last.name === trace.threadName) {
          return last;
        }
        return this.lastThread = this.lookupThread(trace);
      }
      lookupThread(trace) {
        let byTid = this.threads.get(trace.pid);
        if (byTid === void 0)
          this.threads.set(trace.pid, byTid = /* @__PURE__ */ new Map());
        let t = byTid.get(trace.threadId);
        if (t === void 0) {
          t = new ThreadState(this.threadList.length, trace);
          this.threadList.push(t);
          byTid.set(trace.threadId, t);
          if (this.options.perThread)
            t.root = this.newNode(-1, void 0, void 0, t);
        } else {
          if (trace.osThreadId !== void 0 && trace.osThreadId !== t.osThreadId) {
            t.osThreadId = trace.osThreadId;
            t.threadFrame = void 0;
          }
          if (trace.threadName !== void 0 && trace.threadName !== t.name) {
            t.name = trace.threadName;
            t.threadFrame = void 0;
          }
        }
        return t;
      }
      /** The leaf node of this trace's stack (root→leaf: processes, thread, Python frames). Does not count it. */
      path(trace, t) {
        if (this.options.includeThreadIds) {
          t.threadFrame ??= this.frames.synthetic(threadFrameName({ threadId: t.threadId, osThreadId: t.osThreadId, threadName: t.name }));
        }
        const frames = trace.frames;
        const n = frames.length;
        const prev = t.prevFrames;
        if (t.prevLeaf !== void 0 && n === prev.length && trace.processInfo === t.prevProcess && t.threadFrame === t.prevThreadFrame) {
          const names = t.prevNames;
          const files = t.prevFiles;
          const lines = t.prevLines;
          let i = 0;
          for (; i < n; i++) {
            const f = frames[i];
            if (f !== prev[i] || f.line !== lines[i] || f.name !== names[i] || f.filename !== files[i])
              break;
          }
          if (i === n)
            return t.prevLeaf;
        }
        const leaf = this.slowPath(trace, t);
        prev.length = t.prevNames.length = t.prevFiles.length = t.prevLines.length = n;
        for (let i = 0; i < n; i++) {
          const f = frames[i];
          prev[i] = f;
          t.prevNames[i] = f.name;
          t.prevFiles[i] = f.filename;
          t.prevLines[i] = f.line;
        }
        t.prevProcess = trace.processInfo;
        t.prevThreadFrame = t.threadFrame;
        t.prevLeaf = leaf;
        return leaf;
      }
      slowPath(trace, t) {
        let node = this.options.perThread ? t.root : this.root;
        if (trace.processInfo !== void 0) {
          let procs = this.processFrames.get(trace.processInfo);
          if (procs === void 0) {
            procs = processFrameNames(trace.processInfo).map((n) => this.frames.synthetic(n));
            this.processFrames.set(trace.processInfo, procs);
          }
          for (let i = 0; i < procs.length; i++)
            node = this.step(node, procs[i]);
        }
        if (t.threadFrame !== void 0)
          node = this.step(node, t.threadFrame);
        const frames = trace.frames;
        for (let i = frames.length - 1; i >= 0; i--)
          node = this.step(node, this.frames.frame(frames[i]));
        return node;
      }
      /** Count n samples on a leaf. */
      count(node, n = 1) {
        if (node.self === 0)
          this.leaves.push(node);
        node.self += n;
        this.total += n;
      }
      step(node, rec) {
        const key2 = this.options.byLabel ? rec.labelId : rec.id;
        let c = node.child(key2);
        if (c === void 0) {
          c = this.newNode(key2, rec, node, node.thread);
          node.addChild(c);
        }
        return c;
      }
      newNode(key2, rec, parent, thread) {
        const n = new StackNode(this.nodes.length, key2, rec, parent, thread);
        this.nodes.push(n);
        return n;
      }
    };
  }
});

// packages/exporters/dist/recorder.js
var BaseRecorder;
var init_recorder = __esm({
  "packages/exporters/dist/recorder.js"() {
    "use strict";
    init_options2();
    init_stacks();
    BaseRecorder = class {
      options;
      collector;
      showLines;
      firstTime;
      lastTime;
      constructor(options, layout) {
        this.options = options;
        checkOptions(options);
        this.showLines = showsLines(options);
        this.collector = new StackCollector({ showLineNumbers: this.showLines, includeThreadIds: options.includeThreadIds, ...layout });
      }
      get samples() {
        return this.collector.total;
      }
      get distinctStacks() {
        return this.collector.distinctStacks;
      }
      add(trace, timeMs) {
        if (this.firstTime === void 0)
          this.firstTime = timeMs;
        this.lastTime = timeMs;
        const t = this.collector.thread(trace);
        const node = this.collector.path(trace, t);
        this.collector.count(node);
        this.added(t, node, timeMs);
      }
      /** Hook for per-sample work beyond counting (speedscope runs, chrometrace events). */
      added(_thread, _node, _timeMs) {
      }
      finish() {
        return new TextEncoder().encode(this.render());
      }
    };
  }
});

// packages/exporters/dist/flamegraph.js
function escapeXml(text) {
  let out = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep;
    if (c === 38)
      rep = "&amp;";
    else if (c === 60)
      rep = "&lt;";
    else if (c === 62)
      rep = "&gt;";
    else if (c === 34)
      rep = "&quot;";
    else if (c === 39)
      rep = "&apos;";
    else if (c < 32 && c !== 9 && c !== 10 && c !== 13 || c === 65534 || c === 65535)
      rep = "\uFFFD";
    else if (c >= 55296 && c <= 56319) {
      const d = text.charCodeAt(i + 1);
      if (d >= 56320 && d <= 57343)
        i++;
      else
        rep = "\uFFFD";
    } else if (c >= 56320 && c <= 57343)
      rep = "\uFFFD";
    if (rep !== void 0) {
      out += text.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}
function warmColour(name) {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  const v1 = (h & 255) / 255;
  const v2 = (h >>> 8 & 255) / 255;
  const v3 = (h >>> 16 & 255) / 255;
  const r = 205 + Math.floor(50 * v3);
  const g = Math.floor(230 * v1);
  const b = Math.floor(55 * v2);
  return `rgb(${r},${g},${b})`;
}
function fitLabel(label, width) {
  const chars = Math.floor((width - 6) / (FONT_SIZE * FONT_WIDTH));
  if (chars < 3)
    return "";
  return label.length > chars ? label.slice(0, chars - 2) + ".." : label;
}
function renderFlamegraphSvg(input) {
  const total = input.root.total;
  const frameWidth = IMAGE_WIDTH - 2 * X_PAD;
  const body = [];
  let maxDepth = 0;
  if (total > 0) {
    const pxPerSample = frameWidth / total;
    const stack2 = [[input.root, 0, 0]];
    while (stack2.length > 0) {
      const [node, depth, offset] = stack2.pop();
      const w = node.total * pxPerSample;
      if (w < MIN_WIDTH)
        continue;
      if (depth > maxDepth)
        maxDepth = depth;
      const x = X_PAD + offset * pxPerSample;
      const y = TOP_PAD + depth * FRAME_HEIGHT;
      const pct = fmt(node.total / total * 100);
      const label = escapeXml(node.label);
      const fill = depth === 0 ? "rgb(220,110,60)" : warmColour(node.name);
      body.push(`<g class="f" data-x="${offset}" data-w="${node.total}" data-d="${depth}"><title>${label} (${node.total} samples, ${pct}%)</title><rect x="${fmt(x)}" y="${y}" width="${fmt(w)}" height="${FRAME_HEIGHT - 1}" fill="${fill}" rx="2" ry="2"/><text x="${fmt(x + 3)}" y="${fmt(y + FRAME_HEIGHT - 4.5)}">${escapeXml(fitLabel(node.label, w))}</text></g>`);
      let childOffset = offset + node.total;
      for (let i = node.children.length - 1; i >= 0; i--) {
        const c = node.children[i];
        childOffset -= c.total;
        stack2.push([c, depth + 1, childOffset]);
      }
    }
  }
  const rows = total > 0 ? maxDepth + 1 : 1;
  const height = TOP_PAD + rows * FRAME_HEIGHT + BOTTOM_PAD;
  const out = [];
  out.push(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="${IMAGE_WIDTH}" height="${height}" viewBox="0 0 ${IMAGE_WIDTH} ${height}" data-total="${total}" data-fw="${frameWidth}" data-xpad="${X_PAD}" data-cw="${fmt(FONT_SIZE * FONT_WIDTH)}">
<style type="text/css">text{font-family:${FONT_FAMILY},sans-serif;font-size:${FONT_SIZE}px;fill:rgb(0,0,0)}#title{text-anchor:middle;font-size:17px}#subtitle{text-anchor:middle;fill:rgb(110,110,110)}#frames>g{cursor:pointer}#frames>g:hover>rect{stroke:rgb(0,0,0);stroke-width:0.5}.button{cursor:pointer}.hide{display:none}#matched{text-anchor:end}#search{text-anchor:end}.parent{opacity:0.5}</style>
`);
  out.push(`<rect x="0" y="0" width="${IMAGE_WIDTH}" height="${height}" fill="rgb(248,248,248)"/>
`);
  out.push(`<text id="title" x="${IMAGE_WIDTH / 2}" y="${FONT_SIZE * 2}">${escapeXml(input.title)}</text>
`);
  out.push(`<text id="subtitle" x="${IMAGE_WIDTH / 2}" y="${FONT_SIZE * 3.5}">${escapeXml(input.subtitle)}</text>
`);
  out.push(`<text id="details" x="${X_PAD}" y="${height - FONT_SIZE}"> </text>
`);
  out.push(`<text id="unzoom" class="button hide" x="${X_PAD}" y="${FONT_SIZE * 2}">Reset Zoom</text>
`);
  out.push(`<text id="search" class="button" x="${IMAGE_WIDTH - X_PAD}" y="${FONT_SIZE * 2}">Search</text>
`);
  out.push(`<text id="matched" x="${IMAGE_WIDTH - X_PAD}" y="${height - FONT_SIZE}"> </text>
`);
  if (total === 0) {
    out.push(`<text id="nosamples" x="${IMAGE_WIDTH / 2}" y="${TOP_PAD + FRAME_HEIGHT - 4.5}" style="text-anchor:middle">No samples</text>
`);
  }
  out.push(`<g id="frames">
${body.join("\n")}
</g>
`);
  out.push(`<script type="text/ecmascript"><![CDATA[${SCRIPT}]]></script>
</svg>
`);
  return out.join("");
}
var IMAGE_WIDTH, FRAME_HEIGHT, FONT_SIZE, FONT_WIDTH, X_PAD, TOP_PAD, BOTTOM_PAD, MIN_WIDTH, FONT_FAMILY, fmt, SCRIPT, FlamegraphRecorder;
var init_flamegraph = __esm({
  "packages/exporters/dist/flamegraph.js"() {
    "use strict";
    init_recorder();
    IMAGE_WIDTH = 1200;
    FRAME_HEIGHT = 16;
    FONT_SIZE = 12;
    FONT_WIDTH = 0.59;
    X_PAD = 10;
    TOP_PAD = FONT_SIZE * 4;
    BOTTOM_PAD = FONT_SIZE * 2 + 10;
    MIN_WIDTH = 0.1;
    FONT_FAMILY = "Verdana";
    fmt = (n) => (Math.round(n * 100) / 100).toString();
    SCRIPT = `
(function () {
  var svg = document.documentElement;
  var total = +svg.getAttribute('data-total'), fw = +svg.getAttribute('data-fw');
  var xpad = +svg.getAttribute('data-xpad'), cw = +svg.getAttribute('data-cw');
  var frames = document.getElementById('frames'), details = document.getElementById('details');
  var unzoomBtn = document.getElementById('unzoom'), searchBtn = document.getElementById('search');
  var matched = document.getElementById('matched');
  var gs = frames.getElementsByTagName('g');
  var searching = false;
  function num(g, n) { return +g.getAttribute('data-' + n); }
  function frameOf(el) {
    while (el && el !== frames) { if (el.getAttribute && el.getAttribute('class') && /(^| )f( |$)/.test(el.getAttribute('class'))) return el; el = el.parentNode; }
    return null;
  }
  function title(g) { return g.getElementsByTagName('title')[0].textContent; }
  function label(g) { var t = title(g), i = t.lastIndexOf(' ('); return i < 0 ? t : t.slice(0, i); }
  function place(g, x, w) {
    var r = g.getElementsByTagName('rect')[0], t = g.getElementsByTagName('text')[0];
    r.setAttribute('x', x.toFixed(2)); r.setAttribute('width', w.toFixed(2));
    t.setAttribute('x', (x + 3).toFixed(2));
    var n = Math.floor((w - 6) / cw), l = label(g);
    t.textContent = n < 3 ? '' : l.length > n ? l.slice(0, n - 2) + '..' : l;
  }
  function zoom(target) {
    var x0 = num(target, 'x'), w0 = num(target, 'w'), d0 = num(target, 'd');
    unzoomBtn.setAttribute('class', d0 === 0 ? 'button hide' : 'button');
    for (var i = 0; i < gs.length; i++) {
      var g = gs[i], x = num(g, 'x'), w = num(g, 'w'), d = num(g, 'd');
      if (d < d0 && x <= x0 && x + w >= x0 + w0) { g.setAttribute('class', 'f parent'); place(g, xpad, fw); }
      else if (d >= d0 && x >= x0 && x + w <= x0 + w0) { g.setAttribute('class', 'f'); place(g, xpad + (x - x0) / w0 * fw, w / w0 * fw); }
      else g.setAttribute('class', 'f hide');
    }
  }
  function unzoom() {
    unzoomBtn.setAttribute('class', 'button hide');
    for (var i = 0; i < gs.length; i++) { var g = gs[i]; g.setAttribute('class', 'f'); place(g, xpad + num(g, 'x') / total * fw, num(g, 'w') / total * fw); }
  }
  function clearSearch() {
    for (var i = 0; i < gs.length; i++) {
      var r = gs[i].getElementsByTagName('rect')[0], o = r.getAttribute('data-fill');
      if (o) { r.setAttribute('fill', o); r.removeAttribute('data-fill'); }
    }
    matched.textContent = ' '; searchBtn.textContent = 'Search'; searching = false;
  }
  function search(term) {
    var re; try { re = new RegExp(term); } catch (e) { matched.textContent = 'Invalid regular expression'; return; }
    clearSearch();
    var hits = [];
    for (var i = 0; i < gs.length; i++) {
      var g = gs[i];
      if (num(g, 'd') === 0 || !re.test(label(g))) continue;
      var r = g.getElementsByTagName('rect')[0];
      r.setAttribute('data-fill', r.getAttribute('fill')); r.setAttribute('fill', 'rgb(230,0,230)');
      hits.push([num(g, 'x'), num(g, 'w')]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var sum = 0, end = -1;
    for (var j = 0; j < hits.length; j++) { if (hits[j][0] >= end) { sum += hits[j][1]; end = hits[j][0] + hits[j][1]; } }
    matched.textContent = 'Matched: ' + (total ? (100 * sum / total).toFixed(1) : '0.0') + '%';
    searchBtn.textContent = 'Reset Search'; searching = true;
  }
  frames.addEventListener('click', function (e) { var g = frameOf(e.target); if (g) zoom(g); });
  frames.addEventListener('mouseover', function (e) { var g = frameOf(e.target); if (g) details.textContent = 'Function: ' + title(g); });
  frames.addEventListener('mouseout', function () { details.textContent = ' '; });
  unzoomBtn.addEventListener('click', unzoom);
  searchBtn.addEventListener('click', function () {
    if (searching) { clearSearch(); return; }
    var term = window.prompt('Search string (regular expression)', '');
    if (term) search(term);
  });
  window.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'f') { e.preventDefault(); var t = window.prompt('Search string (regular expression)', ''); if (t) search(t); }
    else if (e.key === 'Escape') { clearSearch(); unzoom(); }
  });
})();
`;
    FlamegraphRecorder = class extends BaseRecorder {
      format = "flamegraph";
      constructor(options) {
        super(options, { byLabel: true, perThread: false });
      }
      /** The aggregated tree (children sorted by label), e.g. for tests or other renderers. */
      tree() {
        const nodes = this.collector.nodes;
        const totals = new Float64Array(nodes.length);
        for (let i = nodes.length - 1; i >= 0; i--) {
          const n = nodes[i];
          totals[i] += n.self;
          if (n.parent !== void 0)
            totals[n.parent.id] += totals[i];
        }
        const build = (n) => ({
          label: n.frame?.label ?? "all",
          name: n.frame?.name ?? "all",
          total: totals[n.id],
          children: []
        });
        const rootOut = build(this.collector.root);
        const work = [[this.collector.root, rootOut]];
        while (work.length > 0) {
          const [n, out] = work.pop();
          const kids = n.childNodes().filter((c) => totals[c.id] > 0);
          kids.sort((a, b) => a.frame.label < b.frame.label ? -1 : a.frame.label > b.frame.label ? 1 : 0);
          for (const k of kids) {
            const o = build(k);
            out.children.push(o);
            work.push([k, o]);
          }
        }
        return rootOut;
      }
      render() {
        const total = this.collector.total;
        return renderFlamegraphSvg({
          title: this.options.title ?? "pyglass",
          subtitle: total === 0 ? "No samples" : `${total} samples, ${fmt(this.options.sampleRate)} samples per second`,
          root: this.tree()
        });
      }
    };
  }
});

// packages/exporters/dist/raw.js
function collapsedStack(node) {
  return node.framesRootToLeaf().map((f) => f.label).join(";");
}
var RawRecorder;
var init_raw = __esm({
  "packages/exporters/dist/raw.js"() {
    "use strict";
    init_recorder();
    RawRecorder = class extends BaseRecorder {
      format = "raw";
      constructor(options) {
        super(options, { byLabel: true, perThread: false });
      }
      render() {
        const lines = this.collector.leaves.map((leaf) => `${collapsedStack(leaf)} ${leaf.self}`);
        lines.sort();
        return lines.length === 0 ? "" : lines.join("\n") + "\n";
      }
    };
  }
});

// packages/exporters/dist/speedscope.js
var SpeedscopeRecorder;
var init_speedscope = __esm({
  "packages/exporters/dist/speedscope.js"() {
    "use strict";
    init_frames();
    init_options2();
    init_recorder();
    SpeedscopeRecorder = class extends BaseRecorder {
      format = "speedscope";
      constructor(options) {
        super(options, { byLabel: false, perThread: true });
      }
      /** Number of (stack, weight) runs held, over all threads. */
      get runs() {
        let n = 0;
        for (const t of this.collector.threadList)
          n += t.runNodes.length;
        return n;
      }
      added(t, node) {
        const last = t.runNodes.length - 1;
        if (last >= 0 && t.runNodes[last] === node)
          t.runCounts[last]++;
        else {
          t.runNodes.push(node);
          t.runCounts.push(1);
        }
      }
      render() {
        const weight = 1 / this.options.sampleRate;
        const subprocesses = this.collector.threadList.some((t) => t.processInfo !== void 0);
        const stackJson = /* @__PURE__ */ new Map();
        const stackOf = (n) => {
          let s = stackJson.get(n);
          if (s === void 0) {
            s = "[" + n.framesRootToLeaf().map((f) => f.id).join(",") + "]";
            stackJson.set(n, s);
          }
          return s;
        };
        const profiles = this.collector.threadList.filter((t) => t.runNodes.length > 0).map((t) => {
          const tid = formatThreadId2({ threadId: t.threadId, osThreadId: t.osThreadId });
          const name = `${subprocesses ? `Process ${t.pid} ` : ""}Thread ${tid} "${t.name ?? ""}"`;
          let samples = 0;
          const weights = [];
          for (const c of t.runCounts) {
            samples += c;
            weights.push(JSON.stringify(c * weight));
          }
          const body = `{"type":"sampled","name":${JSON.stringify(name)},"unit":"seconds","startValue":0,"endValue":${JSON.stringify(samples * weight)},"samples":[${t.runNodes.map(stackOf).join(",")}],"weights":[${weights.join(",")}]}`;
          return { name, body };
        });
        profiles.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
        const frames = this.collector.frames.recs.map((f) => {
          const o = { name: f.name, file: f.filename };
          if (this.showLines && !f.synthetic)
            o.line = f.line;
          return JSON.stringify(o);
        });
        return `{"$schema":"https://www.speedscope.app/file-format-schema.json","profiles":[${profiles.map((p) => p.body).join(",")}],"shared":{"frames":[${frames.join(",")}]},"activeProfileIndex":0,"exporter":${JSON.stringify(`pyglass@${exportersVersion()}`)},"name":${JSON.stringify(this.options.title ?? "pyglass profile")}}
`;
      }
    };
  }
});

// packages/exporters/dist/chrometrace.js
var FLUSH_AT, ChrometraceRecorder;
var init_chrometrace = __esm({
  "packages/exporters/dist/chrometrace.js"() {
    "use strict";
    init_recorder();
    FLUSH_AT = 64 * 1024;
    ChrometraceRecorder = class extends BaseRecorder {
      format = "chrometrace";
      sink;
      collected;
      buffer = "";
      events = 0;
      origin;
      lastTs = 0;
      /** Per-frame JSON prefix up to the "ph" value. */
      prefixes = [];
      scratch = [];
      done = false;
      constructor(options) {
        super(options, { byLabel: false, perThread: false });
        if (options.sink !== void 0)
          this.sink = options.sink;
        else {
          const collected = [];
          this.collected = collected;
          this.sink = (chunk) => collected.push(chunk);
        }
        this.origin = options.startTime;
        this.buffer = "[";
      }
      /** Events written so far (B, E and metadata). */
      get eventCount() {
        return this.events;
      }
      add(trace, timeMs) {
        if (this.done)
          return;
        super.add(trace, timeMs);
      }
      added(t, node, timeMs) {
        this.origin ??= timeMs;
        let ts = Math.round((timeMs - this.origin) * 1e3);
        if (ts < this.lastTs)
          ts = this.lastTs;
        this.lastTs = ts;
        const prev = t.last;
        if (prev === node)
          return;
        if (prev === void 0)
          this.threadMetadata(t);
        let a = prev;
        let b = node;
        while (a !== void 0 && a.depth > b.depth)
          a = a.parent;
        while (a !== void 0 && b.depth > a.depth)
          b = b.parent;
        while (a !== void 0 && a !== b) {
          a = a.parent;
          b = b.parent;
        }
        const common = a;
        for (let n = prev; n !== void 0 && n !== common; n = n.parent)
          this.event(n.frame, "E", t, ts);
        const pushed = this.scratch;
        pushed.length = 0;
        for (let n = node; n !== void 0 && n !== common && n.frame !== void 0; n = n.parent)
          pushed.push(n);
        for (let i = pushed.length - 1; i >= 0; i--)
          this.event(pushed[i].frame, "B", t, ts);
        t.last = node;
      }
      threadMetadata(t) {
        if (t.name === void 0)
          return;
        this.write(`{"args":{"name":${JSON.stringify(t.name)}},"cat":"__metadata","name":"thread_name","ph":"M","pid":${t.pid},"tid":${t.threadId},"ts":0}`);
      }
      event(f, ph, t, ts) {
        let prefix = this.prefixes[f.id];
        if (prefix === void 0) {
          prefix = `{"args":{"filename":${JSON.stringify(f.filename)},"line":${this.showLines && !f.synthetic ? f.line : "null"}},"cat":"pyglass","name":${JSON.stringify(f.name)},"ph":"`;
          this.prefixes[f.id] = prefix;
        }
        this.write(`${prefix}${ph}","pid":${t.pid},"tid":${t.threadId},"ts":${ts}}`);
      }
      write(event) {
        this.buffer += this.events === 0 ? event : ",\n" + event;
        this.events++;
        if (this.buffer.length >= FLUSH_AT) {
          this.sink(this.buffer);
          this.buffer = "";
        }
      }
      finish() {
        if (!this.done) {
          this.done = true;
          const ts = this.lastTs;
          for (const t of this.collector.threadList) {
            for (let n = t.last; n !== void 0 && n.frame !== void 0; n = n.parent)
              this.event(n.frame, "E", t, ts);
            t.last = void 0;
          }
          this.sink(this.buffer + "]\n");
          this.buffer = "";
        }
        if (this.collected === void 0)
          return new Uint8Array(0);
        return new TextEncoder().encode(this.collected.join(""));
      }
      render() {
        return "";
      }
    };
  }
});

// node_modules/pprof-format/dist/esm/index.js
function countNumberBytes(buffer) {
  if (!buffer.length)
    return 0;
  let i = 0;
  while (i < buffer.length && buffer[i++] >= 128)
    ;
  return i;
}
function decodeBigNumber(buffer) {
  if (!buffer.length)
    return BigInt(0);
  let value = BigInt(buffer[0] & 127);
  let i = 0;
  while (buffer[i++] >= 128) {
    value |= BigInt(buffer[i] & 127) << BigInt(7 * i);
  }
  return value;
}
function makeValue(value, offset = 0) {
  return { value, offset };
}
function getValue(mode, buffer) {
  switch (mode) {
    case kTypeVarInt:
      for (let i = 0; i < buffer.length; i++) {
        if (!(buffer[i] & 128)) {
          return makeValue(buffer.subarray(0, i + 1));
        }
      }
      return makeValue(buffer);
    case kTypeLengthDelim: {
      const offset = countNumberBytes(buffer);
      const size = decodeNumber(buffer);
      return makeValue(buffer.subarray(offset, Number(size) + offset), offset);
    }
    default:
      throw new Error(`Unrecognized value type: ${mode}`);
  }
}
function lowBits(number) {
  return typeof number !== "bigint" ? (number >>> 0) % lowMaxPlus1 : Number(number & lowMaxBig);
}
function highBits(number) {
  return typeof number !== "bigint" ? number / lowMaxPlus1 >>> 0 : Number(number >> 32n & lowMaxBig);
}
function long(number) {
  const sign = number < 0;
  if (sign)
    number = -number;
  let lo = lowBits(number);
  let hi = highBits(number);
  if (sign) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
    if (++lo > lowMax) {
      lo = 0;
      if (++hi > lowMax) {
        hi = 0;
      }
    }
  }
  return [hi, lo];
}
function decodeNumber(buffer) {
  const size = countNumberBytes(buffer);
  if (size > 4)
    return decodeBigNumber(buffer);
  if (!buffer.length)
    return 0;
  let value = buffer[0] & 127;
  let i = 0;
  while (buffer[i++] >= 128) {
    value |= (buffer[i] & 127) << 7 * i;
  }
  return value;
}
function decodeNumbers(buffer) {
  const values = [];
  let start = 0;
  for (let i = 0; i < buffer.length; i++) {
    if ((buffer[i] & 128) === 0) {
      values.push(decodeNumber(buffer.subarray(start, i + 1)));
      start = i + 1;
    }
  }
  return values;
}
function push(value, list) {
  if (list == null) {
    return [value];
  }
  list.push(value);
  return list;
}
function pushAll(values, list) {
  if (list == null) {
    return values;
  }
  for (const value of values) {
    list.push(value);
  }
  return list;
}
function measureNumber(number) {
  if (number === 0 || number === 0n)
    return 0;
  const [hi, lo] = long(number);
  const a = lo;
  const b = (lo >>> 28 | hi << 4) >>> 0;
  const c = hi >>> 24;
  if (c !== 0) {
    return c < 128 ? 9 : 10;
  }
  if (b !== 0) {
    if (b < 16384) {
      return b < 128 ? 5 : 6;
    }
    return b < 2097152 ? 7 : 8;
  }
  if (a < 16384) {
    return a < 128 ? 1 : 2;
  }
  return a < 2097152 ? 3 : 4;
}
function measureValue(value) {
  if (typeof value === "undefined")
    return 0;
  if (typeof value === "number" || typeof value === "bigint") {
    return measureNumber(value) || 1;
  }
  return value.length;
}
function measureArray(list) {
  let size = 0;
  for (const item of list) {
    size += measureValue(item);
  }
  return size;
}
function measureNumberField(number) {
  const length = measureNumber(number);
  return length ? 1 + length : 0;
}
function measureNumberArrayField(values) {
  let total = 0;
  for (const value of values) {
    total += measureNumber(value) || 1;
  }
  return total ? 1 + measureNumber(total) + total : 0;
}
function measureLengthDelimField(value) {
  const length = measureValue(value);
  return length ? 1 + measureNumber(length) + length : 0;
}
function measureLengthDelimArrayField(values) {
  let total = 0;
  for (const value of values) {
    total += measureLengthDelimField(value);
  }
  return total;
}
function encodeNumber(buffer, i, number) {
  if (number === 0 || number === 0n) {
    buffer[i++] = 0;
    return i;
  }
  let [hi, lo] = long(number);
  while (hi) {
    buffer[i++] = lo & 127 | 128;
    lo = (lo >>> 7 | hi << 25) >>> 0;
    hi >>>= 7;
  }
  while (lo > 127) {
    buffer[i++] = lo & 127 | 128;
    lo = lo >>> 7;
  }
  buffer[i++] = lo;
  return i;
}
function decode(buffer, decoder) {
  const data = {};
  let index = 0;
  while (index < buffer.length) {
    const field = buffer[index] >> 3;
    const mode = buffer[index] & 7;
    index++;
    const { offset, value } = getValue(mode, buffer.subarray(index));
    index += value.length + offset;
    decoder(data, field, value);
  }
  return data;
}
var __classPrivateFieldGet, _StringTable_encodings, _StringTable_positions, lowMaxBig, lowMax, lowMaxPlus1, toUtf8, kTypeVarInt, kTypeLengthDelim, emptyTableToken, StringTable, ValueType, Label, Sample, Mapping, Line, Location, Function, Profile;
var init_esm2 = __esm({
  "node_modules/pprof-format/dist/esm/index.js"() {
    __classPrivateFieldGet = function(receiver, state, kind, f) {
      if (kind === "a" && !f) throw new TypeError("Private accessor was defined without a getter");
      if (typeof state === "function" ? receiver !== state || !f : !state.has(receiver)) throw new TypeError("Cannot read private member from an object whose class did not declare it");
      return kind === "m" ? f : kind === "a" ? f.call(receiver) : f ? f.value : state.get(receiver);
    };
    lowMaxBig = 2n ** 32n - 1n;
    lowMax = 2 ** 32 - 1;
    lowMaxPlus1 = lowMax + 1;
    toUtf8 = typeof Buffer === "undefined" ? (value) => new TextEncoder().encode(value) : (value) => Buffer.from(value, "utf8");
    kTypeVarInt = 0;
    kTypeLengthDelim = 2;
    emptyTableToken = Symbol();
    StringTable = class _StringTable {
      constructor(tok) {
        this.strings = new Array();
        _StringTable_encodings.set(this, new Array());
        _StringTable_positions.set(this, /* @__PURE__ */ new Map());
        if (tok !== emptyTableToken) {
          this.dedup("");
        }
      }
      get encodedLength() {
        let size = 0;
        for (const encoded of __classPrivateFieldGet(this, _StringTable_encodings, "f")) {
          size += encoded.length;
        }
        return size;
      }
      _encodeToBuffer(buffer, offset) {
        for (const encoded of __classPrivateFieldGet(this, _StringTable_encodings, "f")) {
          buffer.set(encoded, offset);
          offset += encoded.length;
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.encodedLength)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static _encodeStringFromUtf8(stringBuffer) {
        const buffer = new Uint8Array(1 + stringBuffer.length + (measureNumber(stringBuffer.length) || 1));
        let offset = 0;
        buffer[offset++] = 50;
        offset = encodeNumber(buffer, offset, stringBuffer.length);
        if (stringBuffer.length > 0) {
          buffer.set(stringBuffer, offset);
        }
        return buffer;
      }
      static _encodeString(string) {
        return _StringTable._encodeStringFromUtf8(toUtf8(string));
      }
      dedup(string) {
        if (typeof string === "number")
          return string;
        if (!__classPrivateFieldGet(this, _StringTable_positions, "f").has(string)) {
          const pos = this.strings.push(string) - 1;
          __classPrivateFieldGet(this, _StringTable_positions, "f").set(string, pos);
          __classPrivateFieldGet(this, _StringTable_encodings, "f").push(_StringTable._encodeString(string));
        }
        return __classPrivateFieldGet(this, _StringTable_positions, "f").get(string);
      }
      _decodeString(buffer) {
        const string = new TextDecoder().decode(buffer);
        __classPrivateFieldGet(this, _StringTable_positions, "f").set(string, this.strings.push(string) - 1);
        __classPrivateFieldGet(this, _StringTable_encodings, "f").push(_StringTable._encodeStringFromUtf8(buffer));
      }
    };
    _StringTable_encodings = /* @__PURE__ */ new WeakMap(), _StringTable_positions = /* @__PURE__ */ new WeakMap();
    ValueType = class _ValueType {
      static create(data) {
        return data instanceof _ValueType ? data : new _ValueType(data);
      }
      constructor(data) {
        this.type = data.type || 0;
        this.unit = data.unit || 0;
      }
      get length() {
        let total = 0;
        total += measureNumberField(this.type);
        total += measureNumberField(this.unit);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.type) {
          buffer[offset++] = 8;
          offset = encodeNumber(buffer, offset, this.type);
        }
        if (this.unit) {
          buffer[offset++] = 16;
          offset = encodeNumber(buffer, offset, this.unit);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.type = decodeNumber(buffer);
            break;
          case 2:
            data.unit = decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Label = class _Label {
      static create(data) {
        return data instanceof _Label ? data : new _Label(data);
      }
      constructor(data) {
        this.key = data.key || 0;
        this.str = data.str || 0;
        this.num = data.num || 0;
        this.numUnit = data.numUnit || 0;
      }
      get length() {
        let total = 0;
        total += measureNumberField(this.key);
        total += measureNumberField(this.str);
        total += measureNumberField(this.num);
        total += measureNumberField(this.numUnit);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.key) {
          buffer[offset++] = 8;
          offset = encodeNumber(buffer, offset, this.key);
        }
        if (this.str) {
          buffer[offset++] = 16;
          offset = encodeNumber(buffer, offset, this.str);
        }
        if (this.num) {
          buffer[offset++] = 24;
          offset = encodeNumber(buffer, offset, this.num);
        }
        if (this.numUnit) {
          buffer[offset++] = 32;
          offset = encodeNumber(buffer, offset, this.numUnit);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.key = decodeNumber(buffer);
            break;
          case 2:
            data.str = decodeNumber(buffer);
            break;
          case 3:
            data.num = decodeNumber(buffer);
            break;
          case 4:
            data.numUnit = decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Sample = class _Sample {
      static create(data) {
        return data instanceof _Sample ? data : new _Sample(data);
      }
      constructor(data) {
        this.locationId = data.locationId || [];
        this.value = data.value || [];
        this.label = (data.label || []).map(Label.create);
      }
      get length() {
        let total = 0;
        total += measureNumberArrayField(this.locationId);
        total += measureNumberArrayField(this.value);
        total += measureLengthDelimArrayField(this.label);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.locationId.length) {
          buffer[offset++] = 10;
          offset = encodeNumber(buffer, offset, measureArray(this.locationId));
          for (const locationId of this.locationId) {
            offset = encodeNumber(buffer, offset, locationId);
          }
        }
        if (this.value.length) {
          buffer[offset++] = 18;
          offset = encodeNumber(buffer, offset, measureArray(this.value));
          for (const value of this.value) {
            offset = encodeNumber(buffer, offset, value);
          }
        }
        for (const label of this.label) {
          buffer[offset++] = 26;
          offset = encodeNumber(buffer, offset, label.length);
          offset = label._encodeToBuffer(buffer, offset);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.locationId = pushAll(decodeNumbers(buffer), data.locationId);
            break;
          case 2:
            data.value = pushAll(decodeNumbers(buffer), data.value);
            break;
          case 3:
            data.label = push(Label.decode(buffer), data.label);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Mapping = class _Mapping {
      static create(data) {
        return data instanceof _Mapping ? data : new _Mapping(data);
      }
      constructor(data) {
        this.id = data.id || 0;
        this.memoryStart = data.memoryStart || 0;
        this.memoryLimit = data.memoryLimit || 0;
        this.fileOffset = data.fileOffset || 0;
        this.filename = data.filename || 0;
        this.buildId = data.buildId || 0;
        this.hasFunctions = !!data.hasFunctions;
        this.hasFilenames = !!data.hasFilenames;
        this.hasLineNumbers = !!data.hasLineNumbers;
        this.hasInlineFrames = !!data.hasInlineFrames;
      }
      get length() {
        let total = 0;
        total += measureNumberField(this.id);
        total += measureNumberField(this.memoryStart);
        total += measureNumberField(this.memoryLimit);
        total += measureNumberField(this.fileOffset);
        total += measureNumberField(this.filename);
        total += measureNumberField(this.buildId);
        total += measureNumberField(this.hasFunctions ? 1 : 0);
        total += measureNumberField(this.hasFilenames ? 1 : 0);
        total += measureNumberField(this.hasLineNumbers ? 1 : 0);
        total += measureNumberField(this.hasInlineFrames ? 1 : 0);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.id) {
          buffer[offset++] = 8;
          offset = encodeNumber(buffer, offset, this.id);
        }
        if (this.memoryStart) {
          buffer[offset++] = 16;
          offset = encodeNumber(buffer, offset, this.memoryStart);
        }
        if (this.memoryLimit) {
          buffer[offset++] = 24;
          offset = encodeNumber(buffer, offset, this.memoryLimit);
        }
        if (this.fileOffset) {
          buffer[offset++] = 32;
          offset = encodeNumber(buffer, offset, this.fileOffset);
        }
        if (this.filename) {
          buffer[offset++] = 40;
          offset = encodeNumber(buffer, offset, this.filename);
        }
        if (this.buildId) {
          buffer[offset++] = 48;
          offset = encodeNumber(buffer, offset, this.buildId);
        }
        if (this.hasFunctions) {
          buffer[offset++] = 56;
          offset = encodeNumber(buffer, offset, 1);
        }
        if (this.hasFilenames) {
          buffer[offset++] = 64;
          offset = encodeNumber(buffer, offset, 1);
        }
        if (this.hasLineNumbers) {
          buffer[offset++] = 72;
          offset = encodeNumber(buffer, offset, 1);
        }
        if (this.hasInlineFrames) {
          buffer[offset++] = 80;
          offset = encodeNumber(buffer, offset, 1);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.id = decodeNumber(buffer);
            break;
          case 2:
            data.memoryStart = decodeNumber(buffer);
            break;
          case 3:
            data.memoryLimit = decodeNumber(buffer);
            break;
          case 4:
            data.fileOffset = decodeNumber(buffer);
            break;
          case 5:
            data.filename = decodeNumber(buffer);
            break;
          case 6:
            data.buildId = decodeNumber(buffer);
            break;
          case 7:
            data.hasFunctions = !!decodeNumber(buffer);
            break;
          case 8:
            data.hasFilenames = !!decodeNumber(buffer);
            break;
          case 9:
            data.hasLineNumbers = !!decodeNumber(buffer);
            break;
          case 10:
            data.hasInlineFrames = !!decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Line = class _Line {
      static create(data) {
        return data instanceof _Line ? data : new _Line(data);
      }
      constructor(data) {
        this.functionId = data.functionId || 0;
        this.line = data.line || 0;
        this.column = data.column || 0;
      }
      get length() {
        let total = 0;
        total += measureNumberField(this.functionId);
        total += measureNumberField(this.line);
        total += measureNumberField(this.column);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.functionId) {
          buffer[offset++] = 8;
          offset = encodeNumber(buffer, offset, this.functionId);
        }
        if (this.line) {
          buffer[offset++] = 16;
          offset = encodeNumber(buffer, offset, this.line);
        }
        if (this.column) {
          buffer[offset++] = 24;
          offset = encodeNumber(buffer, offset, this.column);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.functionId = decodeNumber(buffer);
            break;
          case 2:
            data.line = decodeNumber(buffer);
            break;
          case 3:
            data.column = decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Location = class _Location {
      static create(data) {
        return data instanceof _Location ? data : new _Location(data);
      }
      constructor(data) {
        this.id = data.id || 0;
        this.mappingId = data.mappingId || 0;
        this.address = data.address || 0;
        this.line = (data.line || []).map(Line.create);
        this.isFolded = !!data.isFolded;
      }
      get length() {
        let total = 0;
        total += measureNumberField(this.id);
        total += measureNumberField(this.mappingId);
        total += measureNumberField(this.address);
        total += measureLengthDelimArrayField(this.line);
        total += measureNumberField(this.isFolded ? 1 : 0);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.id) {
          buffer[offset++] = 8;
          offset = encodeNumber(buffer, offset, this.id);
        }
        if (this.mappingId) {
          buffer[offset++] = 16;
          offset = encodeNumber(buffer, offset, this.mappingId);
        }
        if (this.address) {
          buffer[offset++] = 24;
          offset = encodeNumber(buffer, offset, this.address);
        }
        for (const line of this.line) {
          buffer[offset++] = 34;
          offset = encodeNumber(buffer, offset, line.length);
          offset = line._encodeToBuffer(buffer, offset);
        }
        if (this.isFolded) {
          buffer[offset++] = 40;
          offset = encodeNumber(buffer, offset, 1);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.id = decodeNumber(buffer);
            break;
          case 2:
            data.mappingId = decodeNumber(buffer);
            break;
          case 3:
            data.address = decodeNumber(buffer);
            break;
          case 4:
            data.line = push(Line.decode(buffer), data.line);
            break;
          case 5:
            data.isFolded = !!decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Function = class _Function {
      static create(data) {
        return data instanceof _Function ? data : new _Function(data);
      }
      constructor(data) {
        this.id = data.id || 0;
        this.name = data.name || 0;
        this.systemName = data.systemName || 0;
        this.filename = data.filename || 0;
        this.startLine = data.startLine || 0;
      }
      get length() {
        let total = 0;
        total += measureNumberField(this.id);
        total += measureNumberField(this.name);
        total += measureNumberField(this.systemName);
        total += measureNumberField(this.filename);
        total += measureNumberField(this.startLine);
        return total;
      }
      _encodeToBuffer(buffer, offset = 0) {
        if (this.id) {
          buffer[offset++] = 8;
          offset = encodeNumber(buffer, offset, this.id);
        }
        if (this.name) {
          buffer[offset++] = 16;
          offset = encodeNumber(buffer, offset, this.name);
        }
        if (this.systemName) {
          buffer[offset++] = 24;
          offset = encodeNumber(buffer, offset, this.systemName);
        }
        if (this.filename) {
          buffer[offset++] = 32;
          offset = encodeNumber(buffer, offset, this.filename);
        }
        if (this.startLine) {
          buffer[offset++] = 40;
          offset = encodeNumber(buffer, offset, this.startLine);
        }
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.id = decodeNumber(buffer);
            break;
          case 2:
            data.name = decodeNumber(buffer);
            break;
          case 3:
            data.systemName = decodeNumber(buffer);
            break;
          case 4:
            data.filename = decodeNumber(buffer);
            break;
          case 5:
            data.startLine = decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
    Profile = class {
      constructor(data = {}) {
        this.sampleType = (data.sampleType || []).map(ValueType.create);
        this.sample = (data.sample || []).map(Sample.create);
        this.mapping = (data.mapping || []).map(Mapping.create);
        this.location = (data.location || []).map(Location.create);
        this.function = (data.function || []).map(Function.create);
        this.stringTable = data.stringTable || new StringTable();
        this.dropFrames = data.dropFrames || 0;
        this.keepFrames = data.keepFrames || 0;
        this.timeNanos = data.timeNanos || 0;
        this.durationNanos = data.durationNanos || 0;
        this.periodType = data.periodType ? ValueType.create(data.periodType) : void 0;
        this.period = data.period || 0;
        this.comment = data.comment || [];
        this.defaultSampleType = data.defaultSampleType || 0;
        this.docUrl = data.docUrl || 0;
      }
      get length() {
        let total = 0;
        total += measureLengthDelimArrayField(this.sampleType);
        total += measureLengthDelimArrayField(this.sample);
        total += measureLengthDelimArrayField(this.mapping);
        total += measureLengthDelimArrayField(this.location);
        total += measureLengthDelimArrayField(this.function);
        total += this.stringTable.encodedLength;
        total += measureNumberField(this.dropFrames);
        total += measureNumberField(this.keepFrames);
        total += measureNumberField(this.timeNanos);
        total += measureNumberField(this.durationNanos);
        total += measureLengthDelimField(this.periodType);
        total += measureNumberField(this.period);
        total += measureNumberArrayField(this.comment);
        total += measureNumberField(this.defaultSampleType);
        total += measureNumberField(this.docUrl);
        return total;
      }
      _encodeSampleTypesToBuffer(buffer, offset = 0) {
        for (const sampleType of this.sampleType) {
          buffer[offset++] = 10;
          offset = encodeNumber(buffer, offset, sampleType.length);
          offset = sampleType._encodeToBuffer(buffer, offset);
        }
        return offset;
      }
      _encodeSamplesToBuffer(buffer, offset = 0) {
        for (const sample of this.sample) {
          buffer[offset++] = 18;
          offset = encodeNumber(buffer, offset, sample.length);
          offset = sample._encodeToBuffer(buffer, offset);
        }
        return offset;
      }
      _encodeMappingsToBuffer(buffer, offset = 0) {
        for (const mapping of this.mapping) {
          buffer[offset++] = 26;
          offset = encodeNumber(buffer, offset, mapping.length);
          offset = mapping._encodeToBuffer(buffer, offset);
        }
        return offset;
      }
      _encodeLocationsToBuffer(buffer, offset = 0) {
        for (const location of this.location) {
          buffer[offset++] = 34;
          offset = encodeNumber(buffer, offset, location.length);
          offset = location._encodeToBuffer(buffer, offset);
        }
        return offset;
      }
      _encodeFunctionsToBuffer(buffer, offset = 0) {
        for (const fun of this.function) {
          buffer[offset++] = 42;
          offset = encodeNumber(buffer, offset, fun.length);
          offset = fun._encodeToBuffer(buffer, offset);
        }
        return offset;
      }
      _encodeBasicValuesToBuffer(buffer, offset = 0) {
        if (this.dropFrames) {
          buffer[offset++] = 56;
          offset = encodeNumber(buffer, offset, this.dropFrames);
        }
        if (this.keepFrames) {
          buffer[offset++] = 64;
          offset = encodeNumber(buffer, offset, this.keepFrames);
        }
        if (this.timeNanos) {
          buffer[offset++] = 72;
          offset = encodeNumber(buffer, offset, this.timeNanos);
        }
        if (this.durationNanos) {
          buffer[offset++] = 80;
          offset = encodeNumber(buffer, offset, this.durationNanos);
        }
        if (typeof this.periodType !== "undefined") {
          buffer[offset++] = 90;
          offset = encodeNumber(buffer, offset, this.periodType.length);
          offset = this.periodType._encodeToBuffer(buffer, offset);
        }
        if (this.period) {
          buffer[offset++] = 96;
          offset = encodeNumber(buffer, offset, this.period);
        }
        if (this.comment.length) {
          buffer[offset++] = 106;
          offset = encodeNumber(buffer, offset, measureArray(this.comment));
          for (const comment of this.comment) {
            offset = encodeNumber(buffer, offset, comment);
          }
        }
        if (this.defaultSampleType) {
          buffer[offset++] = 112;
          offset = encodeNumber(buffer, offset, this.defaultSampleType);
        }
        if (this.docUrl) {
          buffer[offset++] = 120;
          offset = encodeNumber(buffer, offset, this.docUrl);
        }
        return offset;
      }
      _encodeToBuffer(buffer, offset = 0) {
        offset = this._encodeSampleTypesToBuffer(buffer, offset);
        offset = this._encodeSamplesToBuffer(buffer, offset);
        offset = this._encodeMappingsToBuffer(buffer, offset);
        offset = this._encodeLocationsToBuffer(buffer, offset);
        offset = this._encodeFunctionsToBuffer(buffer, offset);
        offset = this.stringTable._encodeToBuffer(buffer, offset);
        offset = this._encodeBasicValuesToBuffer(buffer, offset);
        return offset;
      }
      async _encodeToBufferAsync(buffer, offset = 0) {
        offset = this._encodeSampleTypesToBuffer(buffer, offset);
        await new Promise(setImmediate);
        offset = this._encodeSamplesToBuffer(buffer, offset);
        await new Promise(setImmediate);
        offset = this._encodeMappingsToBuffer(buffer, offset);
        await new Promise(setImmediate);
        offset = this._encodeLocationsToBuffer(buffer, offset);
        await new Promise(setImmediate);
        offset = this._encodeFunctionsToBuffer(buffer, offset);
        await new Promise(setImmediate);
        offset = this.stringTable._encodeToBuffer(buffer, offset);
        await new Promise(setImmediate);
        offset = this._encodeBasicValuesToBuffer(buffer, offset);
        return offset;
      }
      encode(buffer = new Uint8Array(this.length)) {
        this._encodeToBuffer(buffer, 0);
        return buffer;
      }
      async encodeAsync(buffer = new Uint8Array(this.length)) {
        await this._encodeToBufferAsync(buffer, 0);
        return buffer;
      }
      static decodeValue(data, field, buffer) {
        switch (field) {
          case 1:
            data.sampleType = push(ValueType.decode(buffer), data.sampleType);
            break;
          case 2:
            data.sample = push(Sample.decode(buffer), data.sample);
            break;
          case 3:
            data.mapping = push(Mapping.decode(buffer), data.mapping);
            break;
          case 4:
            data.location = push(Location.decode(buffer), data.location);
            break;
          case 5:
            data.function = push(Function.decode(buffer), data.function);
            break;
          case 6: {
            if (data.stringTable === void 0) {
              data.stringTable = new StringTable(emptyTableToken);
            }
            data.stringTable._decodeString(buffer);
            break;
          }
          case 7:
            data.dropFrames = decodeNumber(buffer);
            break;
          case 8:
            data.keepFrames = decodeNumber(buffer);
            break;
          case 9:
            data.timeNanos = decodeNumber(buffer);
            break;
          case 10:
            data.durationNanos = decodeNumber(buffer);
            break;
          case 11:
            data.periodType = ValueType.decode(buffer);
            break;
          case 12:
            data.period = decodeNumber(buffer);
            break;
          case 13:
            data.comment = pushAll(decodeNumbers(buffer), data.comment);
            break;
          case 14:
            data.defaultSampleType = decodeNumber(buffer);
            break;
          case 15:
            data.docUrl = decodeNumber(buffer);
            break;
        }
      }
      static decode(buffer) {
        return new this(decode(buffer, this.decodeValue));
      }
    };
  }
});

// packages/exporters/dist/pprof.js
import { gzipSync } from "node:zlib";
var PprofRecorder;
var init_pprof = __esm({
  "packages/exporters/dist/pprof.js"() {
    "use strict";
    init_esm2();
    init_frames();
    init_recorder();
    PprofRecorder = class extends BaseRecorder {
      format = "pprof";
      constructor(options) {
        super(options, { byLabel: false, perThread: true });
      }
      /** The profile, before encoding (tests and library users). */
      profile() {
        const strings = new StringTable();
        const s = (v) => strings.dedup(v);
        const timeKind = this.options.includeIdle ? "wall" : "cpu";
        const period = Math.round(1e9 / this.options.sampleRate);
        const sampleType = [new ValueType({ type: s("samples"), unit: s("count") }), new ValueType({ type: s(timeKind), unit: s("nanoseconds") })];
        const functions = [];
        const functionIds = /* @__PURE__ */ new Map();
        const functionId = (f) => {
          let byFile = functionIds.get(f.name);
          if (byFile === void 0)
            functionIds.set(f.name, byFile = /* @__PURE__ */ new Map());
          let id = byFile.get(f.filename);
          if (id === void 0) {
            id = functions.length + 1;
            byFile.set(f.filename, id);
            const startLine = this.options.lineNo === "first" && this.showLines ? f.line : 0;
            functions.push(new Function({ id, name: s(f.name), filename: s(f.filename), startLine }));
          }
          return id;
        };
        const locations = [];
        const locationIds = [];
        const locationId = (f) => {
          let id = locationIds[f.id];
          if (id === void 0) {
            id = locations.length + 1;
            locationIds[f.id] = id;
            locations.push(new Location({ id, line: [new Line({ functionId: functionId(f), line: f.line })] }));
          }
          return id;
        };
        const kPid = s("pid");
        const kThreadId = s("thread_id");
        const kThreadName = s("thread_name");
        const samples = [];
        for (const leaf of this.collector.leaves) {
          const t = leaf.thread;
          const locs = [];
          for (let n = leaf; n !== void 0 && n.frame !== void 0; n = n.parent)
            locs.push(locationId(n.frame));
          const label = [new Label({ key: kPid, num: t.pid }), new Label({ key: kThreadId, str: s(formatThreadId2(t)) })];
          if (t.name !== void 0)
            label.push(new Label({ key: kThreadName, str: s(t.name) }));
          samples.push(new Sample({ locationId: locs, value: [leaf.self, leaf.self * period], label }));
        }
        const start = this.options.startTime ?? this.firstTime ?? 0;
        const durationMs = this.firstTime !== void 0 && this.lastTime !== void 0 ? this.lastTime - this.firstTime : 0;
        return new Profile({
          sampleType,
          sample: samples,
          location: locations,
          function: functions,
          stringTable: strings,
          timeNanos: BigInt(Math.round(start * 1e3)) * 1000n,
          durationNanos: Math.max(0, Math.round(durationMs * 1e6)),
          periodType: new ValueType({ type: s(timeKind), unit: s("nanoseconds") }),
          period
        });
      }
      finish() {
        return gzipSync(this.profile().encode());
      }
      render() {
        return "";
      }
    };
  }
});

// packages/exporters/dist/create.js
function createRecorder(format, options) {
  switch (format) {
    case "flamegraph":
      return new FlamegraphRecorder(options);
    case "speedscope":
      return new SpeedscopeRecorder(options);
    case "raw":
      return new RawRecorder(options);
    case "chrometrace":
      return new ChrometraceRecorder(options);
    case "pprof":
      return new PprofRecorder(options);
    default:
      throw new ExporterOptionsError(`unknown output format '${String(format)}': choose one of ${formats.join(", ")}.`);
  }
}
var init_create = __esm({
  "packages/exporters/dist/create.js"() {
    "use strict";
    init_chrometrace();
    init_flamegraph();
    init_options2();
    init_pprof();
    init_raw();
    init_speedscope();
  }
});

// packages/exporters/dist/index.js
var init_dist5 = __esm({
  "packages/exporters/dist/index.js"() {
    "use strict";
    init_options2();
    init_frames();
    init_create();
  }
});

// packages/cli/dist/target.js
import { spawn } from "node:child_process";
import { openSync as openSync6, closeSync as closeSync7, readFileSync as readFileSync5, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";
function startTarget(pid, program2, opts = {}) {
  if (pid !== void 0) {
    return {
      pid,
      name: String(pid),
      exited: new Promise(() => {
      }),
      hasExited: () => false,
      capturedOutput: () => "",
      dispose: () => {
      }
    };
  }
  const [file, ...args] = program2;
  if (!file)
    throw new UsageError("no program given to run.");
  let captureDir;
  let captureFd;
  if (opts.capture) {
    captureDir = mkdtempSync(join3(tmpdir(), "pyglass-capture-"));
    captureFd = openSync6(join3(captureDir, "output"), "w");
  }
  const child = spawn(file, args, {
    stdio: opts.capture ? ["ignore", captureFd, captureFd] : "inherit"
  });
  if (captureFd !== void 0)
    closeSync7(captureFd);
  let done = false;
  const exited = new Promise((resolve2, reject) => {
    child.once("error", (error) => {
      done = true;
      const why = error.code === "ENOENT" ? "no such file or command" : error.code === "EACCES" ? "permission denied" : error.message;
      reject(new UsageError(`cannot run '${file}': ${why}.`, 1));
    });
    child.once("exit", (code, signal) => {
      done = true;
      resolve2(code ?? (signal ? 128 + (signalNumbers[signal] ?? 0) : null));
    });
  });
  exited.catch(() => {
  });
  return {
    pid: child.pid ?? -1,
    child,
    name: file.split("/").pop() ?? file,
    exited,
    hasExited: () => done,
    capturedOutput: () => captureDir ? readFileSync5(join3(captureDir, "output"), "utf8") : "",
    dispose: () => {
      if (!done)
        child.kill("SIGKILL");
      if (captureDir)
        rmSync(captureDir, { recursive: true, force: true });
    }
  };
}
async function checkLaunched(target2) {
  if (!target2.child)
    return;
  await Promise.race([target2.exited.then(() => void 0), new Promise((r) => setTimeout(r, 0))]);
  if (target2.pid === -1)
    await target2.exited;
}
function delay(ms) {
  return new Promise((resolve2) => setTimeout(resolve2, ms).unref());
}
async function attachSampler(target2, config) {
  const deadline = Date.now() + launchAttachSeconds * 1e3;
  for (; ; ) {
    const sampler = new Sampler(target2.pid, config);
    try {
      await sampler.attach();
      return sampler;
    } catch (error) {
      if (!target2.child)
        throw error;
      if (target2.hasExited() || await Promise.race([target2.exited.then(() => true, () => true), delay(20).then(() => false)]))
        return void 0;
      if (!retryableWhileLaunching.has(error.name) || Date.now() > deadline)
        throw error;
      await delay(50);
    }
  }
}
var signalNumbers, launchAttachSeconds, retryableWhileLaunching;
var init_target = __esm({
  "packages/cli/dist/target.js"() {
    "use strict";
    init_dist4();
    init_errors();
    signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
    launchAttachSeconds = 10;
    retryableWhileLaunching = /* @__PURE__ */ new Set(["NotPythonProcess", "InterpreterNotFound", "SamplingFailed", "BadAddress"]);
  }
});

// packages/cli/dist/commands/record.js
var record_exports = {};
__export(record_exports, {
  checkWritable: () => checkWritable,
  defaultOutputName: () => defaultOutputName,
  runRecord: () => runRecord,
  writeFileAtomically: () => writeFileAtomically
});
import { accessSync, closeSync as closeSync8, constants, existsSync as existsSync5, fsyncSync, openSync as openSync7, renameSync, rmSync as rmSync2, statSync as statSync6, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { setFlagsFromString } from "node:v8";
function defaultOutputName(name, format, now = /* @__PURE__ */ new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const tz = offset === 0 ? "Z" : `${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${tz}`;
  return `${name}-${stamp}.${formatExtension(format)}`;
}
function checkWritable(file) {
  const dir = dirname(resolve(file));
  if (!existsSync5(dir))
    throw new UsageError(`cannot write '${file}': directory '${dir}' does not exist.`, 1);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync5(file)) {
      if (statSync6(file).isDirectory())
        throw new UsageError(`cannot write '${file}': it is a directory.`, 1);
      accessSync(file, constants.W_OK);
    }
  } catch (error) {
    if (error instanceof UsageError)
      throw error;
    const why = error.code === "EROFS" ? "the file system is read-only" : "permission denied";
    throw new UsageError(`cannot write '${file}': ${why}.`, 1);
  }
}
function writeFileAtomically(file, data) {
  const tmp = `${file}.pyglass-partial`;
  let fd;
  try {
    fd = openSync7(tmp, "w");
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length)
      off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync8(fd);
    fd = void 0;
    renameSync(tmp, file);
  } catch (error) {
    if (fd !== void 0)
      closeSync8(fd);
    rmSync2(tmp, { force: true });
    const code = error.code;
    const why = code === "ENOSPC" ? "no space left on the device" : code === "EACCES" ? "permission denied" : error.message;
    throw new UsageError(`failed to write '${file}': ${why}; nothing was written.`, 1);
  }
}
async function runRecord(options, program2) {
  setFlagsFromString("--semi-space-growth-factor=1");
  if (options.rate < 250)
    setFlagsFromString("--optimize-for-size");
  requireTarget(options.pid, program2, "record");
  if (options.function && options.nolineno)
    throw new UsageError("--function and --nolineno can't be used together.");
  if (options.native && options.nonblocking)
    throw new UsageError("Can't get native stack traces with the --nonblocking option.");
  const format = options.format;
  const target0Name = options.pid !== void 0 ? String(options.pid) : program2[0].split("/").pop() ?? program2[0];
  const output = options.output ?? defaultOutputName(target0Name, format);
  checkWritable(output);
  const target2 = startTarget(options.pid, program2, { capture: options.capture });
  const log = (line) => process.stderr.write(`pyglass> ${line}
`);
  const partial = `${output}.pyglass-partial`;
  let streamFd;
  let stopReason = "process exited";
  let sampler;
  const onSignal = () => {
    stopReason = "Control-C pressed";
    sampler?.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let failed = true;
  const stats = { samples: 0, errors: 0, intervals: 0, lateIntervals: 0, maxLateMs: 0 };
  try {
    await checkLaunched(target2);
    const lineNo = options.nolineno ? LineNo.NoLine : options.function ? LineNo.First : LineNo.LastInstruction;
    const attached = await attachSampler(target2, {
      samplingRate: options.rate,
      blocking: options.nonblocking ? LockingStrategy.NonBlocking : LockingStrategy.Lock,
      includeIdle: options.idle,
      gilOnly: options.gil,
      fullFilenames: options.fullFilenames,
      lineNo,
      showLineNumbers: !options.nolineno,
      subprocesses: options.subprocesses,
      native: options.native
    });
    if (!attached)
      throw new UsageError(`the program exited before pyglass could attach to it${await exitNote(target2.exited)}.`, 1);
    sampler = attached;
    if (stopReason === "Control-C pressed")
      sampler.stop();
    if (format === "chrometrace")
      streamFd = openSync7(partial, "w");
    const recorder = createRecorder(format, {
      sampleRate: options.rate,
      showLineNumbers: !options.nolineno,
      lineNo: options.nolineno ? "none" : options.function ? "first" : "last-instruction",
      includeThreadIds: options.threads,
      includeIdle: options.idle,
      title: ["pyglass", ...process.argv.slice(2)].join(" "),
      startTime: Date.now(),
      ...streamFd !== void 0 ? { sink: (chunk) => writeAll(streamFd, chunk, output) } : {}
    });
    const duration = options.duration;
    log(`Sampling process ${options.rate} times a second${duration ? ` for ${duration} seconds` : ""}. Press Control-C to exit.`);
    const progress = new ProgressLine(!options.hideprogress && process.stderr.isTTY === true);
    const start = Date.now();
    const filter = { includeIdle: options.idle, gilOnly: options.gil };
    let lastLateWarning = 0;
    for await (const sample of sampler) {
      stats.intervals++;
      if (sample.late !== void 0 && sample.late > 1e3 / options.rate) {
        stats.lateIntervals++;
        stats.maxLateMs = Math.max(stats.maxLateMs, sample.late);
      }
      for (const trace of sample.traces) {
        if (trace.frames.length === 0 || !traceIncluded(trace, filter))
          continue;
        recorder.add(trace, sample.time);
        stats.samples++;
      }
      if (sample.samplingErrors)
        stats.errors += sample.samplingErrors.length;
      const elapsed = Date.now() - start;
      if (sample.late !== void 0 && sample.late > 1e3 && elapsed - lastLateWarning > 1e3) {
        lastLateWarning = elapsed;
        progress.clear();
        log(`${(sample.late / 1e3).toFixed(2)}s behind in sampling, results may be inaccurate. Try reducing the sampling rate.`);
      }
      progress.update(elapsed, stats);
      if (duration !== void 0 && elapsed >= duration * 1e3) {
        stopReason = "the duration ended";
        break;
      }
    }
    progress.clear();
    log(`Stopped sampling because ${stopReason}`);
    const data = recorder.finish();
    if (streamFd !== void 0) {
      closeAndPublish(streamFd, partial, output);
      streamFd = void 0;
    } else {
      writeFileAtomically(output, data);
    }
    if (stats.samples === 0)
      log("No samples were collected (is the program idle? try --idle).");
    log(`${closingMessage(format, output)} Samples: ${stats.samples} Errors: ${stats.errors}`);
    const latePct = stats.intervals ? 100 * stats.lateIntervals / stats.intervals : 0;
    log(`Late samples: ${latePct.toFixed(1)}% (${stats.lateIntervals} of ${stats.intervals}, max ${stats.maxLateMs.toFixed(0)} ms)`);
    if (format === "speedscope")
      log("Visit https://www.speedscope.app/ to view");
    if (format === "chrometrace")
      log("Visit chrome://tracing or https://ui.perfetto.dev/ to view");
    if (format === "pprof")
      log(`View with: go tool pprof -http=: ${output}`);
    failed = false;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (streamFd !== void 0) {
      closeSync8(streamFd);
      rmSync2(partial, { force: true });
    }
    if (target2.child && stopReason !== "process exited")
      target2.dispose();
    else if (failed && target2.child && !target2.hasExited() && reapedExitStatus(target2.pid) !== void 0)
      target2.child.unref();
  }
  if (!target2.child)
    return 0;
  if (stopReason !== "process exited")
    return 0;
  const code = await Promise.race([target2.exited, statusLost(target2.pid, () => target2.hasExited())]);
  if (code === "lost") {
    target2.child.unref();
    const reaped2 = reapedExitStatus(target2.pid);
    if (reaped2 !== void 0)
      return reaped2;
    log(`the program (pid ${target2.pid}) has exited but its exit status was lost (reaped by another waiter); exiting with status 1.`);
    target2.child.unref();
    return 1;
  }
  if (code && options.capture)
    process.stderr.write(target2.capturedOutput());
  target2.dispose();
  return code ?? 0;
}
async function statusLost(pid, exited) {
  let goneSince = 0;
  for (; ; ) {
    await delay(100);
    if (exited())
      return new Promise(() => {
      });
    if (existsSync5(`/proc/${pid}`))
      goneSince = 0;
    else if (!goneSince)
      goneSince = Date.now();
    else if (Date.now() - goneSince > 1e3)
      return "lost";
  }
}
async function exitNote(exited) {
  const code = await exited.catch(() => null);
  return code === null ? "" : ` (exit status ${code})`;
}
function writeAll(fd, chunk, output) {
  const bytes = Buffer.from(chunk);
  let off = 0;
  try {
    while (off < bytes.length)
      off += writeSync(fd, bytes, off, bytes.length - off);
  } catch (error) {
    const code = error.code;
    const why = code === "ENOSPC" ? "no space left on the device" : code === "EDQUOT" ? "disk quota exceeded" : error.message;
    throw new UsageError(`failed to write '${output}': ${why}; nothing was written.`, 1);
  }
}
function closeAndPublish(fd, partial, output) {
  try {
    fsyncSync(fd);
    closeSync8(fd);
    renameSync(partial, output);
  } catch (error) {
    rmSync2(partial, { force: true });
    throw new UsageError(`failed to write '${output}': ${error.message}; nothing was written.`, 1);
  }
}
function closingMessage(format, output) {
  switch (format) {
    case "flamegraph":
      return `Wrote flamegraph data to '${output}'.`;
    case "speedscope":
      return `Wrote speedscope file to '${output}'.`;
    case "raw":
      return `Wrote raw flamegraph data to '${output}'.`;
    case "chrometrace":
      return `Wrote chrome trace to '${output}'.`;
    case "pprof":
      return `Wrote pprof profile to '${output}'.`;
  }
}
var ProgressLine;
var init_record = __esm({
  "packages/cli/dist/commands/record.js"() {
    "use strict";
    init_dist5();
    init_dist();
    init_dist4();
    init_errors();
    init_options();
    init_target();
    ProgressLine = class {
      enabled;
      lastDraw = 0;
      drawn = false;
      constructor(enabled) {
        this.enabled = enabled;
      }
      update(elapsedMs, s) {
        if (!this.enabled || elapsedMs - this.lastDraw < 100)
          return;
        this.lastDraw = elapsedMs;
        const late = s.intervals ? 100 * s.lateIntervals / s.intervals : 0;
        const behind = late >= 10 ? ` \u2014 falling behind: ${late.toFixed(0)}% of samples late (max ${(s.maxLateMs / 1e3).toFixed(2)}s); try a lower --rate` : ` late ${late.toFixed(1)}%`;
        process.stderr.write(`\r\x1B[2K${(elapsedMs / 1e3).toFixed(1)}s  samples ${s.samples}  errors ${s.errors}${behind}`);
        this.drawn = true;
      }
      clear() {
        if (this.drawn)
          process.stderr.write("\r\x1B[2K");
        this.drawn = false;
      }
    };
  }
});

// packages/cli/dist/top/stats.js
function newStat(label) {
  return { label, currentOwn: 0, currentTotal: 0, shownOwn: 0, shownTotal: 0, overallOwn: 0, overallTotal: 0, stamp: 0 };
}
function key(s, column) {
  switch (column) {
    case SortColumn.OwnPercent:
      return s.shownOwn;
    case SortColumn.TotalPercent:
      return s.shownTotal;
    case SortColumn.OwnTime:
      return s.overallOwn;
    case SortColumn.TotalTime:
      return s.overallTotal;
  }
}
function comparator(column) {
  const order = tieOrder[column];
  return (a, b) => {
    for (const c of order) {
      const d = key(b, c) - key(a, c);
      if (d !== 0)
        return d;
    }
    return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  };
}
var SortColumn, TopStats, tieOrder;
var init_stats = __esm({
  "packages/cli/dist/top/stats.js"() {
    "use strict";
    (function(SortColumn2) {
      SortColumn2[SortColumn2["OwnPercent"] = 1] = "OwnPercent";
      SortColumn2[SortColumn2["TotalPercent"] = 2] = "TotalPercent";
      SortColumn2[SortColumn2["OwnTime"] = 3] = "OwnTime";
      SortColumn2[SortColumn2["TotalTime"] = 4] = "TotalTime";
    })(SortColumn || (SortColumn = {}));
    TopStats = class {
      includeIdle;
      gilOnly;
      fullFilenames;
      /** file → name → stat (function labels). */
      functions = /* @__PURE__ */ new Map();
      /** file → name → line → stat (line labels). */
      lines = /* @__PURE__ */ new Map();
      functionList = [];
      lineList = [];
      serial = 0;
      /** Samples since the start or the last reset. */
      overallSamples = 0;
      /** Samples in the current interval. */
      currentSamples = 0;
      /** Samples of the last completed interval (the denominator of the shown percentages). */
      shownSamples = 0;
      /** Samples that reported sampling errors, since the start or the last reset. */
      errors = 0;
      lastError;
      /** Counted traces holding the GIL / active, current and last interval (py-spy counts per trace). */
      currentGil = 0;
      currentActive = 0;
      shownGil = 0;
      shownActive = 0;
      /** Late samples and the worst lateness (ms), current and last interval. */
      currentLate = 0;
      currentMaxLate = 0;
      shownLate = 0;
      shownMaxLate = 0;
      /** Threads (all traces, before filtering) and distinct processes in the latest sample. */
      threads = 0;
      processes = 0;
      constructor(options = {}) {
        this.includeIdle = options.includeIdle ?? false;
        this.gilOnly = options.gilOnly ?? false;
        this.fullFilenames = options.fullFilenames ?? false;
      }
      /** Counts one sample. */
      add(sample) {
        const traces = sample.traces;
        let threads = 0;
        let processes = 0;
        let lastPid = -1;
        for (let i = 0; i < traces.length; i++) {
          const trace = traces[i];
          threads++;
          if (trace.pid !== lastPid) {
            processes++;
            lastPid = trace.pid;
          }
          if (!this.includeIdle && !trace.active)
            continue;
          if (this.gilOnly && !trace.ownsGil)
            continue;
          if (trace.ownsGil)
            this.currentGil++;
          if (trace.active)
            this.currentActive++;
          this.addTrace(trace);
        }
        this.threads = threads;
        this.processes = processes;
        const errors = sample.samplingErrors;
        if (errors && errors.length > 0) {
          this.errors++;
          const error = errors[errors.length - 1].error;
          this.lastError = (error?.message ?? String(error)).split("\n")[0];
        }
        if (sample.late !== void 0 && sample.late > 0) {
          this.currentLate++;
          if (sample.late > this.currentMaxLate)
            this.currentMaxLate = sample.late;
        }
        this.overallSamples++;
        this.currentSamples++;
      }
      /** Counts one trace: each distinct label once for total, the leaf for own. */
      addTrace(trace) {
        const frames = trace.frames;
        const serial = ++this.serial;
        for (let i = 0; i < frames.length; i++) {
          const frame = frames[i];
          const fn = this.functionStat(frame);
          if (fn.stamp !== serial) {
            fn.stamp = serial;
            fn.currentTotal++;
            fn.overallTotal++;
            if (i === 0) {
              fn.currentOwn++;
              fn.overallOwn++;
            }
          }
          const ln = this.lineStat(frame);
          if (ln.stamp !== serial) {
            ln.stamp = serial;
            ln.currentTotal++;
            ln.overallTotal++;
            if (i === 0) {
              ln.currentOwn++;
              ln.overallOwn++;
            }
          }
        }
      }
      displayFile(frame) {
        return this.fullFilenames ? frame.filename : frame.shortFilename ?? frame.filename;
      }
      functionStat(frame) {
        const file = this.displayFile(frame);
        let byName = this.functions.get(file);
        if (byName === void 0) {
          byName = /* @__PURE__ */ new Map();
          this.functions.set(file, byName);
        }
        let stat = byName.get(frame.name);
        if (stat === void 0) {
          stat = newStat(`${frame.name} (${file})`);
          byName.set(frame.name, stat);
          this.functionList.push(stat);
        }
        return stat;
      }
      lineStat(frame) {
        const file = this.displayFile(frame);
        let byName = this.lines.get(file);
        if (byName === void 0) {
          byName = /* @__PURE__ */ new Map();
          this.lines.set(file, byName);
        }
        let byLine = byName.get(frame.name);
        if (byLine === void 0) {
          byLine = /* @__PURE__ */ new Map();
          byName.set(frame.name, byLine);
        }
        const line = frame.line;
        let stat = byLine.get(line);
        if (stat === void 0) {
          stat = newStat(line === 0 ? `${frame.name} (${file})` : `${frame.name} (${file}:${line})`);
          byLine.set(line, stat);
          this.lineList.push(stat);
        }
        return stat;
      }
      /**
       * Ends the current interval: its counts become the shown ones (the percentages) and the
       * current counters restart from zero. Called at every refresh.
       */
      endInterval() {
        for (const list of [this.functionList, this.lineList]) {
          for (const s of list) {
            s.shownOwn = s.currentOwn;
            s.shownTotal = s.currentTotal;
            s.currentOwn = 0;
            s.currentTotal = 0;
          }
        }
        this.shownSamples = this.currentSamples;
        this.shownGil = this.currentGil;
        this.shownActive = this.currentActive;
        this.shownLate = this.currentLate;
        this.shownMaxLate = this.currentMaxLate;
        this.currentSamples = 0;
        this.currentGil = 0;
        this.currentActive = 0;
        this.currentLate = 0;
        this.currentMaxLate = 0;
      }
      /** Forgets everything counted so far (the R key). */
      reset() {
        this.functions.clear();
        this.lines.clear();
        this.functionList = [];
        this.lineList = [];
        this.overallSamples = this.currentSamples = this.shownSamples = 0;
        this.errors = 0;
        this.lastError = void 0;
        this.currentGil = this.currentActive = this.shownGil = this.shownActive = 0;
        this.currentLate = this.currentMaxLate = this.shownLate = this.shownMaxLate = 0;
      }
      /** Every label of `mode`, unsorted (live objects: do not modify). */
      all(mode) {
        return mode === "line" ? this.lineList : this.functionList;
      }
      /**
       * The labels of `mode` sorted by `column`, largest first (ties: the other columns, then the
       * label), at most `limit` of them.
       */
      rows(mode, column, limit = Infinity) {
        const list = this.all(mode).slice();
        list.sort(comparator(column));
        return list.length > limit ? list.slice(0, Math.max(0, limit)) : list;
      }
      /** Fraction of samples with sampling errors (0 when there are none). */
      errorRate() {
        return this.overallSamples === 0 ? 0 : this.errors / this.overallSamples;
      }
    };
    tieOrder = {
      [SortColumn.OwnPercent]: [SortColumn.OwnPercent, SortColumn.OwnTime, SortColumn.TotalPercent, SortColumn.TotalTime],
      [SortColumn.TotalPercent]: [SortColumn.TotalPercent, SortColumn.TotalTime, SortColumn.OwnPercent, SortColumn.OwnTime],
      [SortColumn.OwnTime]: [SortColumn.OwnTime, SortColumn.TotalTime, SortColumn.OwnPercent, SortColumn.TotalPercent],
      [SortColumn.TotalTime]: [SortColumn.TotalTime, SortColumn.OwnTime, SortColumn.TotalPercent, SortColumn.OwnPercent]
    };
  }
});

// packages/cli/dist/top/keys.js
function parseKeys(input) {
  const actions = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    switch (ch) {
      case "1":
      case "2":
      case "3":
      case "4":
        actions.push({ kind: "sort", column: Number(ch) });
        break;
      case "l":
      case "L":
        actions.push({ kind: "toggle-lines" });
        break;
      case "r":
      case "R":
        actions.push({ kind: "reset" });
        break;
      case "?":
        actions.push({ kind: "help" });
        break;
      case "x":
      case "X":
        actions.push({ kind: "leave-help" });
        break;
      case "q":
      case "Q":
      case "":
      // Ctrl-C in raw mode
      case "":
        actions.push({ kind: "quit" });
        break;
      case "\x1B": {
        const next = input[i + 1];
        if (next === "[" || next === "O") {
          let j = i + 2;
          while (j < input.length && !(input.charCodeAt(j) >= 64 && input.charCodeAt(j) <= 126))
            j++;
          i = j;
        } else if (next === void 0) {
          actions.push({ kind: "leave-help" });
        } else {
          i++;
        }
        break;
      }
      default:
        break;
    }
  }
  return actions;
}
function applyKey(view, action) {
  switch (action.kind) {
    case "sort":
      view.sort = action.column;
      view.help = false;
      return { redraw: true };
    case "toggle-lines":
      view.mode = view.mode === "line" ? "function" : "line";
      return { redraw: !view.help };
    case "reset":
      return { redraw: true, reset: true };
    case "help":
      view.help = !view.help;
      return { redraw: true };
    case "leave-help":
      if (!view.help)
        return { redraw: false };
      view.help = false;
      return { redraw: true };
    case "quit":
      return { redraw: false, quit: true };
  }
}
var init_keys = __esm({
  "packages/cli/dist/top/keys.js"() {
    "use strict";
  }
});

// packages/cli/dist/top/render.js
function initialView() {
  return { sort: SortColumn.OwnTime, mode: "function", help: false };
}
function displayTime(seconds) {
  if (seconds > 1e3)
    return seconds.toFixed(0);
  if (seconds >= 100)
    return seconds.toFixed(1);
  if (seconds >= 1)
    return seconds.toFixed(2);
  return seconds.toFixed(3);
}
function percent(part, whole) {
  return whole === 0 ? 0 : 100 * part / whole;
}
function formatRow(ownPercent, totalPercent, ownTime, totalTime, label) {
  return `${ownPercent.toFixed(2).padStart(6)}% ${totalPercent.toFixed(2).padStart(6)}% ${displayTime(ownTime).padStart(7)}s ${displayTime(totalTime).padStart(8)}s   ${label}`;
}
function fit(s, width) {
  if (width <= 0)
    return "";
  return s.length <= width ? s : s.slice(0, width);
}
function headerLines(stats, info) {
  const lines = [];
  const version = info.version ? ` (python v${info.version})` : "";
  lines.push(`Collecting samples from '${info.command}'${info.subprocesses ? " and subprocesses" : ""}${version}`);
  const errorRate = stats.errorRate();
  if (errorRate >= 0.01 && stats.overallSamples > 100) {
    lines.push(`Total Samples ${stats.overallSamples}, Error Rate ${(errorRate * 100).toFixed(2)}% (${stats.lastError ?? "unknown error"})`);
  } else {
    lines.push(`Total Samples ${stats.overallSamples}`);
  }
  const processes = info.subprocesses ? `, Processes ${stats.processes}` : "";
  lines.push(`GIL: ${percent(stats.shownGil, stats.shownSamples).toFixed(2)}%, Active: ${percent(stats.shownActive, stats.shownSamples).toFixed(2)}%, Threads: ${stats.threads}${processes}`);
  if (info.delay > 1 && stats.shownSamples > 0 && stats.shownLate > 0.1 * stats.shownSamples) {
    lines.push(`Warning: sampling is ${(stats.shownMaxLate / 1e3).toFixed(3)}s behind, results may be inaccurate: try a lower --rate.`);
  }
  return lines;
}
function tableHeader(view, ansi) {
  const label = view.mode === "line" ? "Function (filename:line)" : "Function (filename)";
  if (!ansi)
    return `${sortColumns.map((c) => columnTitles[c]).join(" ")}   ${label}`;
  return `${sortColumns.map((c) => c === view.sort ? bold(columnTitles[c]) : columnTitles[c]).join(" ")}   ${label}`;
}
function plainTableHeader(view) {
  return tableHeader(view, false);
}
function renderScreen(stats, info, view, opts) {
  const { width, height, ansi } = opts;
  const out = [];
  const push2 = (text, style) => {
    if (out.length >= height)
      return;
    const cut = fit(text, width);
    out.push(ansi && style ? style(cut) : cut);
  };
  if (view.help) {
    for (const line of helpLines)
      push2(line, line === helpLines[0] ? bold : void 0);
    return out;
  }
  const header = headerLines(stats, info);
  push2(header[0], bold);
  for (let i = 1; i < header.length; i++)
    push2(header[i], header[i].startsWith("Warning") ? bold : void 0);
  push2("");
  if (out.length < height) {
    if (ansi) {
      const plain2 = fit(plainTableHeader(view), width);
      const styled = plain2.length === plainTableHeader(view).length ? tableHeader(view, true) : plain2;
      out.push(inverse(styled + " ".repeat(Math.max(0, width - plain2.length))));
    } else {
      out.push(fit(plainTableHeader(view), width));
    }
  }
  const reserved = opts.keyHint ? 1 : 0;
  const room = height - out.length - reserved;
  if (room > 0) {
    const rate = info.rate;
    for (const s of stats.rows(view.mode, view.sort, room)) {
      push2(formatRow(percent(s.shownOwn, stats.shownSamples), percent(s.shownTotal, stats.shownSamples), s.overallOwn / rate, s.overallTotal / rate, s.label));
    }
  }
  if (opts.keyHint && height > out.length) {
    while (out.length < height - 1)
      out.push("");
    push2(keyHint, dim);
  }
  return out;
}
var columnTitles, sortColumns, ESC, bold, inverse, dim, keyHint, helpLines;
var init_render = __esm({
  "packages/cli/dist/top/render.js"() {
    "use strict";
    init_stats();
    columnTitles = {
      [SortColumn.OwnPercent]: "%Own".padStart(7),
      [SortColumn.TotalPercent]: "%Total".padStart(7),
      [SortColumn.OwnTime]: "OwnTime".padStart(8),
      [SortColumn.TotalTime]: "TotalTime".padStart(9)
    };
    sortColumns = [SortColumn.OwnPercent, SortColumn.TotalPercent, SortColumn.OwnTime, SortColumn.TotalTime];
    ESC = "\x1B[";
    bold = (s) => `${ESC}1m${s}${ESC}22m`;
    inverse = (s) => `${ESC}7m${s}${ESC}27m`;
    dim = (s) => `${ESC}2m${s}${ESC}22m`;
    keyHint = "Keys: 1-4 sort by column, L lines/functions, R reset, ? help, q quit";
    helpLines = [
      "pyglass top: keyboard shortcuts",
      "",
      "  1        sort by %Own: share of the last interval spent in the function itself",
      "  2        sort by %Total: share of the last interval spent in the function and what it calls",
      "  3        sort by OwnTime: time spent in the function itself since the start (default)",
      "  4        sort by TotalTime: time spent in the function and what it calls since the start",
      "  L, l     toggle aggregation by function / by line number",
      "  R, r     reset the statistics",
      "  ?        show or leave this help (X, x or Esc leave it too)",
      "  q, Q     quit (Ctrl-C too)"
    ];
  }
});

// packages/cli/dist/top/session.js
var earlyRefreshes, TopSession;
var init_session = __esm({
  "packages/cli/dist/top/session.js"() {
    "use strict";
    init_keys();
    init_render();
    earlyRefreshes = /* @__PURE__ */ new Set([10, 100, 500]);
    TopSession = class {
      options;
      view = initialView();
      elapsed = 0;
      endSession;
      constructor(options) {
        this.options = options;
      }
      /** Redraws from what is already counted (keys, resize). */
      redraw() {
        const { screen, stats, info } = this.options;
        const { width, height } = screen.size();
        screen.draw(renderScreen(stats, info, this.view, { width, height, ansi: screen.interactive, keyHint: screen.interactive }));
      }
      /** Ends the interval and draws it. */
      refresh() {
        this.options.stats.endInterval();
        this.elapsed = 0;
        this.redraw();
      }
      /** Counts one sample; refreshes when due. */
      onSample(sample) {
        const { stats, info } = this.options;
        stats.add(sample);
        this.elapsed += 1 / info.rate;
        if (earlyRefreshes.has(stats.overallSamples) || this.elapsed >= info.delay)
          this.refresh();
      }
      /** Handles raw keyboard input. */
      onKeys(input) {
        let redraw = false;
        for (const action of parseKeys(input)) {
          const result = applyKey(this.view, action);
          if (result.quit) {
            this.endSession?.({ reason: "quit" });
            return;
          }
          if (result.reset) {
            this.options.stats.reset();
            this.elapsed = 0;
          }
          redraw ||= result.redraw;
        }
        if (redraw)
          this.redraw();
      }
      /** Runs until quit, a signal, or the end of the target; always stops the source. */
      async run(onStart) {
        const { source, targetExited } = this.options;
        const ended = new Promise((resolve2) => {
          this.endSession = resolve2;
        });
        const signals = this.options.signals ?? ["SIGINT", "SIGTERM", "SIGHUP"];
        const onSignal = (signal) => this.endSession?.({ reason: "signal", signal });
        for (const s of signals)
          process.on(s, onSignal);
        targetExited?.then(() => this.endSession?.({ reason: "ended" }), () => this.endSession?.({ reason: "ended" }));
        const iterator = source[Symbol.asyncIterator]();
        try {
          onStart?.(this);
          if (this.options.screen.interactive)
            this.redraw();
          for (; ; ) {
            const next = await Promise.race([iterator.next(), ended]);
            if ("reason" in next)
              return next;
            if (next.done)
              return { reason: "ended" };
            this.onSample(next.value);
          }
        } finally {
          for (const s of signals)
            process.removeListener(s, onSignal);
          this.endSession = void 0;
          source.stop();
          void Promise.resolve(iterator.return?.()).catch(() => {
          });
        }
      }
    };
  }
});

// packages/cli/dist/top/terminal.js
import { writeSync as writeSync2 } from "node:fs";
var enterSequence, leaveSequence, TtyScreen, PlainScreen;
var init_terminal = __esm({
  "packages/cli/dist/top/terminal.js"() {
    "use strict";
    enterSequence = "\x1B[?1049h\x1B[?25l\x1B[H\x1B[2J";
    leaveSequence = "\x1B[?25h\x1B[?1049l";
    TtyScreen = class {
      stdout;
      stdin;
      interactive = true;
      active = false;
      rawStdin = false;
      exitHandler = () => this.restore();
      keyListener;
      resizeListener;
      constructor(stdout = process.stdout, stdin = process.stdin) {
        this.stdout = stdout;
        this.stdin = stdin;
      }
      /** Enters the alternate screen, hides the cursor, reads keys raw (when stdin is a TTY). */
      start(onKeys, onResize) {
        this.active = true;
        process.once("exit", this.exitHandler);
        this.stdout.write(enterSequence);
        if (this.stdin.isTTY) {
          this.stdin.setRawMode(true);
          this.rawStdin = true;
        }
        this.keyListener = (data) => onKeys(typeof data === "string" ? data : data.toString("utf8"));
        this.stdin.on("data", this.keyListener);
        this.stdin.resume();
        this.resizeListener = onResize;
        this.stdout.on("resize", this.resizeListener);
      }
      size() {
        return { width: this.stdout.columns || 80, height: this.stdout.rows || 24 };
      }
      draw(lines) {
        if (!this.active)
          return;
        let frame = "\x1B[H";
        for (let i = 0; i < lines.length; i++)
          frame += (i > 0 ? "\r\n" : "") + lines[i] + "\x1B[K";
        frame += "\x1B[J";
        this.stdout.write(frame);
      }
      restore() {
        if (!this.active)
          return;
        this.active = false;
        process.removeListener("exit", this.exitHandler);
        if (this.keyListener)
          this.stdin.removeListener("data", this.keyListener);
        if (this.resizeListener)
          this.stdout.removeListener("resize", this.resizeListener);
        if (this.rawStdin) {
          try {
            this.stdin.setRawMode(false);
          } catch {
          }
          this.rawStdin = false;
        }
        this.stdin.pause();
        const fd = this.stdout.fd;
        if (typeof fd === "number") {
          try {
            writeSync2(fd, leaveSequence);
            return;
          } catch {
          }
        }
        this.stdout.write(leaveSequence);
      }
    };
    PlainScreen = class {
      stdout;
      width;
      height;
      interactive = false;
      first = true;
      constructor(stdout = process.stdout, width = Number.MAX_SAFE_INTEGER, height = 60) {
        this.stdout = stdout;
        this.width = width;
        this.height = height;
      }
      size() {
        return { width: this.width, height: this.height };
      }
      draw(lines) {
        const text = (this.first ? "" : "\n") + lines.join("\n") + "\n";
        this.first = false;
        this.stdout.write(text);
      }
      restore() {
      }
    };
  }
});

// packages/cli/dist/commands/top.js
var top_exports = {};
__export(top_exports, {
  runTop: () => runTop,
  topConfig: () => topConfig
});
function versionString(sampler) {
  return sampler.version?.string;
}
function describeCommand(target2, program2) {
  if (program2.length > 0)
    return program2.join(" ");
  try {
    const cmdline = processCmdline(target2.pid);
    if (cmdline.length > 0)
      return cmdline.join(" ");
  } catch {
  }
  return `pid ${target2.pid}`;
}
function topConfig(options) {
  return {
    blocking: options.nonblocking ? LockingStrategy.NonBlocking : LockingStrategy.Lock,
    native: options.native,
    samplingRate: options.rate,
    includeIdle: options.idle,
    gilOnly: options.gil,
    subprocesses: options.subprocesses,
    fullFilenames: options.fullFilenames,
    lineNo: LineNo.LastInstruction,
    // top aggregates by function until L is pressed; it keeps line numbers to be able to switch
    showLineNumbers: true
  };
}
async function reportEnded(target2) {
  process.stdout.write(`process ${target2.pid} ended
`);
  if (!target2.child)
    return 0;
  const status2 = await Promise.race([target2.exited.catch(() => null), delay(2e3).then(() => void 0)]);
  if (status2 === void 0)
    return 0;
  if (status2 !== 0) {
    const output = target2.capturedOutput();
    if (output)
      process.stderr.write(output.endsWith("\n") ? output : `${output}
`);
  }
  return status2 ?? 1;
}
async function runTop(options, program2) {
  requireTarget(options.pid, program2, "top");
  if (options.native && options.nonblocking)
    throw new UsageError("Can't get native stack traces with the --nonblocking option.");
  const target2 = startTarget(options.pid, program2, { capture: true });
  let screen;
  try {
    await checkLaunched(target2);
    const sampler = await attachSampler(target2, topConfig(options));
    if (!sampler)
      return await reportEnded(target2);
    const info = {
      command: describeCommand(target2, program2),
      get version() {
        return versionString(sampler);
      },
      subprocesses: options.subprocesses,
      rate: options.rate,
      delay: options.delay
    };
    const stats = new TopStats({ includeIdle: options.idle, gilOnly: options.gil, fullFilenames: options.fullFilenames });
    const tty = process.stdout.isTTY === true;
    screen = tty ? new TtyScreen() : new PlainScreen();
    const session = new TopSession({ source: sampler, stats, info, screen, targetExited: target2.child ? target2.exited : void 0 });
    const end = await session.run((s) => {
      if (screen instanceof TtyScreen)
        screen.start((input) => s.onKeys(input), () => s.redraw());
    });
    screen.restore();
    if (!tty && stats.currentSamples > 0)
      session.refresh();
    if (end.reason === "quit")
      return 0;
    if (end.reason === "signal")
      return end.signal === "SIGINT" ? 0 : 128 + (signalNumbers2[end.signal] ?? 0);
    return await reportEnded(target2);
  } finally {
    screen?.restore();
    target2.dispose();
  }
}
var signalNumbers2;
var init_top = __esm({
  "packages/cli/dist/commands/top.js"() {
    "use strict";
    init_dist();
    init_dist4();
    init_errors();
    init_options();
    init_target();
    init_stats();
    init_session();
    init_terminal();
    signalNumbers2 = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  }
});

// packages/cli/dist/main.js
init_esm();
init_errors();
init_options();
import { readFileSync as readFileSync6 } from "node:fs";
var recordFormats = ["flamegraph", "speedscope", "raw", "chrometrace", "pprof"];
function pyglassVersion() {
  const pkg = JSON.parse(readFileSync6(new URL("../package.json", import.meta.url), "utf8"));
  return pkg.version;
}
var commandNames = ["record", "top", "dump"];
function expandSubcommandPrefix(argv) {
  const first = argv[0];
  if (!first || first.startsWith("-") || commandNames.includes(first))
    return argv;
  const matches = commandNames.filter((c) => c.startsWith(first));
  return matches.length === 1 ? [matches[0], ...argv.slice(1)] : argv;
}
function countFlag(_value, previous) {
  return previous + 1;
}
function buildProgram(run) {
  const program2 = new Command("pyglass").description("Sampling profiler for Python programs: attach to a running CPython, or launch one, and see where the time goes.").version(pyglassVersion(), "-V, --version", "Print version information").enablePositionalOptions().showSuggestionAfterError(true).helpOption("-h, --help", "Print help").exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const pid = () => new Option("-p, --pid <pid>", "PID of a running python program to spy on, in decimal or hex").argParser(parsePid);
  const rate = () => new Option("-r, --rate <rate>", "The number of samples to collect per second").argParser(parseRate).default(100);
  const subprocesses = () => new Option("-s, --subprocesses", "Profile subprocesses of the original process").default(false);
  const fullFilenames = () => new Option("--full-filenames", "Show full Python filenames, instead of shortening to show only the package part").default(false);
  const native = () => new Option("-n, --native", "Collect stack traces from native extensions written in Cython, C or C++").default(false);
  const nonblocking = () => new Option("--nonblocking", "Don't pause the python process when collecting samples. Setting this option will reduce the performance impact of sampling, but may lead to inaccurate results").default(false);
  const idle = () => new Option("-i, --idle", "Include stack traces for idle threads").default(false);
  const gil = () => new Option("-g, --gil", "Only include traces that are holding on to the GIL").default(false);
  program2.command("record").description("Records stack trace information to a flamegraph, speedscope, raw, chrometrace or pprof file").argument("[python_program...]", "commandline of a python program to run").addOption(pid()).addOption(fullFilenames()).option("-o, --output <filename>", "Output filename").addOption(new Option("-f, --format <format>", "Output file format").choices(recordFormats).default("flamegraph").argParser((v) => {
    const f = v.toLowerCase();
    if (!recordFormats.includes(f)) {
      throw new CommanderError(2, "pyglass.invalidFormat", `error: unknown format '${v}': choose one of ${recordFormats.join(", ")}.`);
    }
    return f;
  })).addOption(new Option("-d, --duration <duration>", "The number of seconds to sample for (or 'unlimited')").argParser(parseDuration)).addOption(rate()).addOption(subprocesses()).option("-F, --function", "Aggregate samples by function's first line number, instead of current line number", false).option("--nolineno", "Do not show line numbers", false).option("-t, --threads", "Show thread ids in the output", false).addOption(gil()).addOption(idle()).addOption(new Option("--capture", "Captures output from child process").default(false).hideHelp()).option("--hideprogress", "Hides progress bar (useful for showing error output on record)", false).addOption(native()).addOption(nonblocking()).passThroughOptions().action(async (programArgs, options) => {
    process.exitCode = await run("record", options, programArgs);
  });
  program2.command("top").description("Displays a top like view of functions consuming CPU").argument("[python_program...]", "commandline of a python program to run").addOption(pid()).addOption(rate()).addOption(subprocesses()).addOption(fullFilenames()).addOption(gil()).addOption(idle()).addOption(new Option("--delay <seconds>", "Delay between 'top' refreshes.").argParser(parseDelay).default(1)).addOption(native()).addOption(nonblocking()).passThroughOptions().action(async (programArgs, options) => {
    process.exitCode = await run("top", options, programArgs);
  });
  program2.command("dump").description("Dumps stack traces for a target program to stdout").addOption(pid()).option("-c, --core <core>", "Filename of coredump to display python stack traces from").option("--root <dir>", "With --core: directory prefix under which the binaries named in the core are found").addOption(fullFilenames()).addOption(new Option("-l, --locals", "Show local variables for each frame. Passing multiple times (-ll) increases verbosity").argParser(countFlag).default(0)).option("-j, --json", "Format output as JSON", false).addOption(subprocesses()).addOption(native()).addOption(nonblocking()).action(async (options) => {
    process.exitCode = await run("dump", options, []);
  });
  return program2;
}
async function runCommand(command, options, programArgs) {
  switch (command) {
    case "dump":
      return (await Promise.resolve().then(() => (init_dump(), dump_exports))).runDump(options);
    case "record":
      return (await Promise.resolve().then(() => (init_record(), record_exports))).runRecord(options, programArgs);
    case "top":
      return (await Promise.resolve().then(() => (init_top(), top_exports))).runTop(options, programArgs);
  }
}
async function main(argv, run = runCommand) {
  const program2 = buildProgram(run);
  const args = expandSubcommandPrefix(argv);
  if (args.length === 0) {
    program2.outputHelp({ error: true });
    return 2;
  }
  try {
    process.exitCode = void 0;
    await program2.parseAsync(args, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help")
        return 0;
      if (error.code === "pyglass.invalidFormat")
        process.stderr.write(`${error.message}
`);
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`Error: ${describeError(error)}
`);
    return 1;
  }
}

// packages/cli/bin/pyglass.js
process.exitCode = await main(process.argv.slice(2));
/*! Bundled license information:

pprof-format/dist/esm/index.js:
  (*!
   * Private helpers. These are only used by other helpers.
   *)
*/
