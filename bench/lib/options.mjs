// Command-line options of the bench scripts: `--name value` pairs and `--flag` switches.

/** The value after `--name` in `args`, or `dflt` when it is missing or another option follows. */
export function option(args, name, dflt) {
  const i = args.indexOf(name);
  return i < 0 || args[i + 1] === undefined || args[i + 1].startsWith('--') ? dflt : args[i + 1];
}
