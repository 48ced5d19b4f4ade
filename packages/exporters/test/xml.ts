/** A minimal, strict XML well-formedness checker (enough for our SVG): tags balanced, attributes quoted and unique, entities known. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;

function decodeEntities(s: string, where: number): string {
  return s.replace(/&([^;]*);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`bare & at ${where}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ent in named) return named[ent]!;
    if (/^#\d+$/.test(ent)) return String.fromCodePoint(Number(ent.slice(1)));
    if (/^#x[\da-fA-F]+$/.test(ent)) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    throw new Error(`unknown entity ${m} at ${where}`);
  });
}

export function parseXml(src: string): XmlElement {
  let i = 0;
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const top = (): XmlElement => stack[stack.length - 1]!;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const text = src.slice(i, lt < 0 ? src.length : lt);
    if (text.includes('>') && text.includes(']]>')) throw new Error(`]]> in text at ${i}`);
    if (text.trim() !== '') {
      if (stack.length === 1) throw new Error(`text outside the root element at ${i}`);
      top().text += decodeEntities(text, i);
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<?', i)) {
      const e = src.indexOf('?>', i);
      if (e < 0) throw new Error('unterminated processing instruction');
      i = e + 2;
    } else if (src.startsWith('<!--', i)) {
      const e = src.indexOf('-->', i);
      if (e < 0) throw new Error('unterminated comment');
      i = e + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const e = src.indexOf(']]>', i);
      if (e < 0) throw new Error('unterminated CDATA');
      top().text += src.slice(i + 9, e);
      i = e + 3;
    } else if (src.startsWith('</', i)) {
      const m = NAME.exec(src.slice(i + 2));
      if (!m) throw new Error(`bad end tag at ${i}`);
      const close = src.indexOf('>', i);
      if (src.slice(i + 2 + m[0].length, close).trim() !== '') throw new Error(`junk in end tag at ${i}`);
      const open = stack.pop()!;
      if (open.name !== m[0]) throw new Error(`</${m[0]}> closes <${open.name}> at ${i}`);
      i = close + 1;
    } else {
      const m = NAME.exec(src.slice(i + 1));
      if (!m) throw new Error(`bad start tag at ${i}`);
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
      i += 1 + m[0].length;
      for (;;) {
        const ws = /^\s*/.exec(src.slice(i))![0];
        i += ws.length;
        if (src.startsWith('/>', i)) {
          i += 2;
          top().children.push(el);
          break;
        }
        if (src[i] === '>') {
          i += 1;
          top().children.push(el);
          stack.push(el);
          break;
        }
        if (ws === '') throw new Error(`missing space before attribute at ${i}`);
        const a = /^([A-Za-z_:][\w.:-]*)="([^"<]*)"/.exec(src.slice(i));
        if (!a) throw new Error(`bad attribute at ${i}: ${src.slice(i, i + 30)}`);
        if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]} at ${i}`);
        el.attrs[a[1]!] = decodeEntities(a[2]!, i);
        i += a[0].length;
      }
      if (stack.length === 2 && root.children.length > 1) throw new Error('more than one root element');
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${top().name}>`);
  if (root.children.length !== 1) throw new Error('no single root element');
  return root.children[0]!;
}

export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
