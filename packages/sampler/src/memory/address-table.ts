/**
 * Sets and maps keyed by target addresses that allocate nothing per key: open addressing over typed
 * arrays, emptied in O(1) by a generation mark. A JS Set or Map keyed by addresses above 2^31 boxes
 * every key (a heap number per frame walked, per page cached), which the garbage collector then
 * spends a sixth of a busy sampler's time on.
 */
const TWO32 = 2 ** 32;

/** Open-addressing slots: a key's slot index, grown at half full; subclasses keep values. */
abstract class AddressTable {
  protected keys: Float64Array;
  protected marks: Uint32Array;
  protected mark = 1;
  private count = 0;
  protected mask: number;
  private shift: number;

  constructor(bits: number) {
    this.keys = new Float64Array(1 << bits);
    this.marks = new Uint32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  clear(): void {
    this.count = 0;
    if (++this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 1;
    }
  }

  get size(): number {
    return this.count;
  }

  private hash(a: number): number {
    const lo = a >>> 0;
    const hi = (a / TWO32) >>> 0;
    return Math.imul(lo ^ (lo >>> 12) ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
  }

  /** The slot holding `a`, or -1. */
  protected find(a: number): number {
    const keys = this.keys;
    const marks = this.marks;
    for (let i = this.hash(a); ; i = (i + 1) & this.mask) {
      if (marks[i] !== this.mark) return -1;
      if (keys[i] === a) return i;
    }
  }

  /** The slot holding `a`, claimed for it when it is not there yet (may grow the table first). */
  protected claim(a: number): number {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const marks = this.marks;
    for (let i = this.hash(a); ; i = (i + 1) & this.mask) {
      if (marks[i] !== this.mark) {
        marks[i] = this.mark;
        keys[i] = a;
        this.count++;
        this.claimed(i);
        return i;
      }
      if (keys[i] === a) return i;
    }
  }

  /** A new key took slot `i` (subclasses reset its value). */
  protected claimed(_i: number): void {}

  /** Twice the slots, this generation's keys (and values) moved over. */
  private grow(): void {
    const oldKeys = this.keys;
    const oldMarks = this.marks;
    const mark = this.mark;
    const bits = 33 - this.shift;
    this.keys = new Float64Array(1 << bits);
    this.marks = new Uint32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.mark = 1;
    this.count = 0;
    this.resized(1 << bits);
    for (let i = 0; i < oldKeys.length; i++) if (oldMarks[i] === mark) this.moved(i, this.claim(oldKeys[i]!));
  }

  protected resized(_slots: number): void {}
  protected moved(_from: number, _to: number): void {}
}

export class AddressSet extends AddressTable {
  constructor(bits = 10) {
    super(bits);
  }

  has(a: number): boolean {
    return this.find(a) >= 0;
  }

  add(a: number): void {
    this.claim(a);
  }
}

/** Address → int32 value; `get` answers `absent` for a key not in the map. */
export class AddressIntMap extends AddressTable {
  private values: Int32Array;
  private old: Int32Array | undefined;

  constructor(readonly absent: number, bits = 8) {
    super(bits);
    this.values = new Int32Array(1 << bits);
  }

  get(a: number): number {
    const i = this.find(a);
    return i < 0 ? this.absent : this.values[i]!;
  }

  /** Setting `absent` removes the key as far as `get` can tell. */
  set(a: number, value: number): void {
    this.values[this.claim(a)] = value;
  }

  protected override claimed(i: number): void {
    this.values[i] = this.absent;
  }

  protected override resized(slots: number): void {
    this.old = this.values;
    this.values = new Int32Array(slots);
  }

  protected override moved(from: number, to: number): void {
    this.values[to] = this.old![from]!;
  }
}
