/**
 * A checker for the Firefox Profiler's processed profile format at preprocessedProfileVersion 57 (the
 * version pyglass writes), written from the format's type definitions (src/types/profile.ts and
 * markers.ts of firefox-devtools/profiler at that version): required fields, every column as long
 * as its table, every index in range (strings, stacks, frames, funcs, categories, subcategories,
 * resources), stacks in topological order, per-thread sample times never going back, interval
 * markers with start ≤ end, marker data typed by a declared schema. Returns the problems found.
 */

const categoryColors = new Set(['transparent', 'purple', 'green', 'orange', 'yellow', 'lightblue', 'blue', 'brown', 'magenta', 'red', 'lightred', 'darkgrey', 'grey']);
const weightTypes = new Set(['samples', 'tracing-ms', 'bytes']);
const markerFormats = new Set([
  'url', 'file-path', 'sanitized-string', 'string', 'unique-string', 'flow-id', 'terminating-flow-id', 'duration', 'time', 'seconds',
  'milliseconds', 'microseconds', 'nanoseconds', 'bytes', 'percentage', 'integer', 'decimal', 'pid', 'tid', 'list', 'table',
]);
const displayLocations = new Set(['marker-chart', 'marker-table', 'timeline-overview', 'timeline-memory', 'timeline-ipc', 'timeline-fileio', 'stack-chart']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown, length: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < length;

/** Checks a parsed profile (or its JSON text); an empty list means it passed. */
export function checkFirefoxProfile(input: unknown, expectedVersion = 57): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => {
    if (problems.length < 50) problems.push(`${where}: ${what}`);
  };
  const profile = typeof input === 'string' ? (JSON.parse(input) as unknown) : input;
  if (!isObject(profile)) return ['the profile is not a JSON object'];
  const meta = profile.meta;
  if (!isObject(meta)) return ['meta: missing'];
  if (meta.preprocessedProfileVersion !== expectedVersion) fail('meta.preprocessedProfileVersion', `${String(meta.preprocessedProfileVersion)}, expected ${expectedVersion}`);
  for (const k of ['interval', 'startTime', 'processType', 'version']) if (typeof meta[k] !== 'number') fail(`meta.${k}`, 'missing or not a number');
  if (!((meta.interval as number) > 0)) fail('meta.interval', 'not positive');
  if (typeof meta.product !== 'string') fail('meta.product', 'missing');
  if (meta.stackwalk !== 0 && meta.stackwalk !== 1) fail('meta.stackwalk', 'not 0 or 1');
  const categories = meta.categories;
  let categoryCount = 0;
  const subcategoryCounts: number[] = [];
  if (!Array.isArray(categories) || categories.length === 0) fail('meta.categories', 'missing or empty');
  else {
    categoryCount = categories.length;
    categories.forEach((c, i) => {
      if (!isObject(c) || typeof c.name !== 'string') return fail(`meta.categories[${i}]`, 'no name');
      if (!categoryColors.has(c.color as string)) fail(`meta.categories[${i}].color`, `unknown colour ${String(c.color)}`);
      if (!Array.isArray(c.subcategories) || c.subcategories.length === 0 || !c.subcategories.every((s) => typeof s === 'string')) {
        fail(`meta.categories[${i}].subcategories`, 'not a non-empty list of names');
      }
      subcategoryCounts[i] = Array.isArray(c.subcategories) ? c.subcategories.length : 0;
    });
  }
  const schemaNames = new Set<string>();
  if (!Array.isArray(meta.markerSchema)) fail('meta.markerSchema', 'missing');
  else {
    meta.markerSchema.forEach((s, i) => {
      if (!isObject(s) || typeof s.name !== 'string') return fail(`meta.markerSchema[${i}]`, 'no name');
      schemaNames.add(s.name);
      if (!Array.isArray(s.display) || !s.display.every((d) => displayLocations.has(d as string))) fail(`meta.markerSchema[${i}].display`, 'unknown location');
      if (!Array.isArray(s.fields)) fail(`meta.markerSchema[${i}].fields`, 'missing');
      else s.fields.forEach((f, j) => {
        if (!isObject(f) || typeof f.key !== 'string' || !markerFormats.has(f.format as string)) fail(`meta.markerSchema[${i}].fields[${j}]`, 'needs a key and a known format');
      });
    });
  }
  if (!Array.isArray(profile.libs)) fail('libs', 'missing');
  const shared = profile.shared;
  if (!isObject(shared) || !Array.isArray(shared.stringArray) || !shared.stringArray.every((s) => typeof s === 'string')) {
    fail('shared.stringArray', 'missing or not strings');
    return problems;
  }
  const stringCount = shared.stringArray.length;
  if (!Array.isArray(profile.threads) || profile.threads.length === 0) {
    fail('threads', 'missing or empty');
    return problems;
  }
  const mainThreads = new Map<string, number>();
  profile.threads.forEach((thread, ti) => {
    const at = (what: string) => `threads[${ti}]${what}`;
    if (!isObject(thread)) return fail(at(''), 'not an object');
    for (const k of ['name', 'processType', 'pid']) if (typeof thread[k] !== 'string') fail(at(`.${k}`), 'missing or not a string');
    for (const k of ['processStartupTime', 'registerTime']) if (typeof thread[k] !== 'number') fail(at(`.${k}`), 'missing or not a number');
    for (const k of ['processShutdownTime', 'unregisterTime']) if (thread[k] !== null && typeof thread[k] !== 'number') fail(at(`.${k}`), 'not a number or null');
    if (typeof thread.tid !== 'number' && typeof thread.tid !== 'string') fail(at('.tid'), 'missing');
    if (typeof thread.isMainThread !== 'boolean') fail(at('.isMainThread'), 'missing');
    else if (thread.isMainThread) mainThreads.set(thread.pid as string, (mainThreads.get(thread.pid as string) ?? 0) + 1);
    if (!Array.isArray(thread.pausedRanges)) fail(at('.pausedRanges'), 'missing');

    const table = (name: string, columns: string[]): Json | undefined => {
      const t = thread[name];
      if (!isObject(t) || !Number.isInteger(t.length)) {
        fail(at(`.${name}`), 'missing or without a length');
        return undefined;
      }
      for (const c of columns) {
        if (!Array.isArray(t[c])) fail(at(`.${name}.${c}`), 'missing');
        else if ((t[c] as unknown[]).length !== t.length) fail(at(`.${name}.${c}`), `${(t[c] as unknown[]).length} entries, the table has ${String(t.length)}`);
      }
      return t;
    };
    const samples = table('samples', ['stack', 'time']);
    const stacks = table('stackTable', ['frame', 'prefix']);
    const frames = table('frameTable', ['address', 'inlineDepth', 'category', 'subcategory', 'func', 'nativeSymbol', 'innerWindowID', 'line', 'column']);
    const funcs = table('funcTable', ['name', 'isJS', 'relevantForJS', 'resource', 'fileName', 'lineNumber', 'columnNumber']);
    const resources = table('resourceTable', ['lib', 'name', 'host', 'type']);
    table('nativeSymbols', ['libIndex', 'address', 'name', 'functionSize']);
    const markers = table('markers', ['data', 'name', 'startTime', 'endTime', 'phase', 'category']);
    if (!samples || !stacks || !frames || !funcs || !resources || !markers) return;
    const col = (t: Json, c: string) => t[c] as unknown[];

    if (!weightTypes.has(samples.weightType as string)) fail(at('.samples.weightType'), `unknown ${String(samples.weightType)}`);
    if (samples.weight !== null && !(Array.isArray(samples.weight) && samples.weight.length === samples.length)) fail(at('.samples.weight'), 'not null nor one per sample');
    let prevTime = -Infinity;
    col(samples, 'stack').forEach((s, i) => {
      if (s !== null && !isIndex(s, stacks.length as number)) fail(at(`.samples.stack[${i}]`), `${String(s)} out of range`);
      const t = col(samples, 'time')[i];
      if (typeof t !== 'number' || !Number.isFinite(t)) fail(at(`.samples.time[${i}]`), 'not a number');
      else if (t < prevTime) fail(at(`.samples.time[${i}]`), `${t} goes back from ${prevTime}`);
      else prevTime = t;
    });
    col(stacks, 'frame').forEach((f, i) => {
      if (!isIndex(f, frames.length as number)) fail(at(`.stackTable.frame[${i}]`), `${String(f)} out of range`);
      const p = col(stacks, 'prefix')[i];
      if (p !== null && !isIndex(p, i)) fail(at(`.stackTable.prefix[${i}]`), `${String(p)} is not an earlier stack`);
    });
    col(frames, 'func').forEach((f, i) => {
      if (!isIndex(f, funcs.length as number)) fail(at(`.frameTable.func[${i}]`), `${String(f)} out of range`);
      const c = col(frames, 'category')[i];
      if (c !== null && !isIndex(c, categoryCount)) fail(at(`.frameTable.category[${i}]`), `${String(c)} out of range`);
      const sc = col(frames, 'subcategory')[i];
      if (sc !== null && c !== null && !isIndex(sc, subcategoryCounts[c as number] ?? 0)) fail(at(`.frameTable.subcategory[${i}]`), `${String(sc)} out of range`);
      const line = col(frames, 'line')[i];
      if (line !== null && !(Number.isInteger(line) && (line as number) > 0)) fail(at(`.frameTable.line[${i}]`), `${String(line)} is not a line`);
      const address = col(frames, 'address')[i];
      if (address !== -1 && !(Number.isInteger(address) && (address as number) >= 0)) fail(at(`.frameTable.address[${i}]`), 'not an address or -1');
    });
    col(funcs, 'name').forEach((n, i) => {
      if (!isIndex(n, stringCount)) fail(at(`.funcTable.name[${i}]`), `${String(n)} out of range`);
      const file = col(funcs, 'fileName')[i];
      if (file !== null && !isIndex(file, stringCount)) fail(at(`.funcTable.fileName[${i}]`), `${String(file)} out of range`);
      const r = col(funcs, 'resource')[i];
      if (r !== -1 && !isIndex(r, resources.length as number)) fail(at(`.funcTable.resource[${i}]`), `${String(r)} out of range`);
      for (const k of ['isJS', 'relevantForJS']) if (typeof col(funcs, k)[i] !== 'boolean') fail(at(`.funcTable.${k}[${i}]`), 'not a boolean');
    });
    col(markers, 'name').forEach((n, i) => {
      if (!isIndex(n, stringCount)) fail(at(`.markers.name[${i}]`), `${String(n)} out of range`);
      const phase = col(markers, 'phase')[i];
      if (![0, 1, 2, 3].includes(phase as number)) fail(at(`.markers.phase[${i}]`), `unknown phase ${String(phase)}`);
      const start = col(markers, 'startTime')[i];
      const end = col(markers, 'endTime')[i];
      if ((phase === 0 || phase === 1 || phase === 2) && typeof start !== 'number') fail(at(`.markers.startTime[${i}]`), 'missing');
      if ((phase === 1 || phase === 3) && typeof end !== 'number') fail(at(`.markers.endTime[${i}]`), 'missing');
      if (phase === 1 && typeof start === 'number' && typeof end === 'number' && start > end) fail(at(`.markers[${i}]`), `starts at ${start} after it ends at ${end}`);
      if (!isIndex(col(markers, 'category')[i], categoryCount)) fail(at(`.markers.category[${i}]`), 'out of range');
      const data = col(markers, 'data')[i];
      if (data !== null) {
        if (!isObject(data) || typeof data.type !== 'string') fail(at(`.markers.data[${i}]`), 'not an object with a type');
        else if (!schemaNames.has(data.type)) fail(at(`.markers.data[${i}].type`), `${data.type} has no marker schema`);
      }
    });
  });
  for (const [pid, n] of mainThreads) if (n > 1) fail(`threads`, `process ${pid} has ${n} main threads`);
  return problems;
}
