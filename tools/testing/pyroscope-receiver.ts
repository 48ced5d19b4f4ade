/**
 * A Pyroscope stand-in for tests, on 127.0.0.1 only: it implements the two documented upload APIs
 * (`POST /ingest?name=…&from=…&until=…&format=pprof` with a raw, possibly gzipped pprof body, and
 * the Connect unary `POST /push.v1.PusherService/Push` with a binary `PushRequest`) and decodes what
 * arrives with real decoders (pprof-format; the generated push.v1 schema). A test scripts its
 * answers (status, or hang) and can take it down and up on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { fromBinary } from '@bufbuild/protobuf';
import { Profile } from 'pprof-format';
import { PushRequestSchema } from '@pyglass/pyroscope';

/** One profile as received (a push request with several series gives several). */
export interface ReceivedProfile {
  api: 'ingest' | 'push';
  /** Order of arrival of the HTTP request (1, 2 …). */
  request: number;
  /** Series labels: from `name` (ingest; `service_name` is the part before `{`) or the push labels. */
  labels: Record<string, string>;
  /** Window, ms since the epoch (ingest: the from/until parameters; push: the pprof time/duration). */
  from: number;
  until: number;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  profile: Profile;
  /** Sum of the first sample value (pyglass: the number of samples). */
  samples: number;
  sampleTypes: string[];
  /** pprof sample label keys present. */
  sampleLabelKeys: string[];
}

export type Answer = number | 'hang';

export class PyroscopeReceiver {
  readonly profiles: ReceivedProfile[] = [];
  /** Every request, answered or not, in arrival order (path and the answer given). */
  readonly requests: Array<{ path: string; answer: Answer }> = [];
  /** Decides each request's answer: 200 by default. */
  answer: (requestNumber: number) => Answer = () => 200;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private hung: ServerResponse[] = [];
  port = 0;

  /** With `tls` (a PEM key and certificate for 127.0.0.1) it serves https. */
  constructor(private readonly tls?: { key: string; cert: string }) {}

  /** Listens on 127.0.0.1 (an ephemeral port the first time, the same port again after down()). */
  async up(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const server = this.tls !== undefined ? createTlsServer(this.tls, handler) : createServer(handler);
    server.on(this.tls !== undefined ? 'secureConnection' : 'connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `${this.tls !== undefined ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** Stops listening and cuts every connection (the port then refuses connections). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const res of this.hung) res.destroy();
    this.hung = [];
    for (const s of this.sockets) s.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const number = this.requests.length + 1;
    const answer = this.answer(number);
    this.requests.push({ path: url.pathname, answer });
    if (answer === 'hang') {
      this.hung.push(res);
      return;
    }
    if (answer !== 200) {
      res.writeHead(answer, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: answer === 400 ? 'invalid_argument' : 'unavailable', message: `test server answers ${answer}` }));
      return;
    }
    try {
      if (req.method === 'POST' && url.pathname === '/ingest') this.ingest(number, url, req, body);
      else if (req.method === 'POST' && url.pathname === '/push.v1.PusherService/Push') this.push(number, req, body);
      else {
        res.writeHead(404).end();
        return;
      }
    } catch (error) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'invalid_argument', message: String(error) }));
      return;
    }
    if (url.pathname === '/ingest') res.writeHead(200).end();
    else res.writeHead(200, { 'Content-Type': 'application/proto' }).end();
  }

  /** `name=APP{k=v,…}`: the labelset syntax of Pyroscope's ingest handler. */
  private ingest(number: number, url: URL, req: IncomingMessage, body: Buffer): void {
    const query = Object.fromEntries(url.searchParams);
    if (query['format'] !== 'pprof') throw new Error(`format=${query['format']}, expected pprof`);
    const name = query['name'] ?? '';
    const m = /^([^{]*)(?:\{(.*)\})?$/.exec(name);
    if (m === null) throw new Error(`bad name ${name}`);
    const labels: Record<string, string> = { service_name: m[1]! };
    for (const pair of (m[2] ?? '').split(',').filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    this.record(number, 'ingest', labels, Number(query['from']), Number(query['until']), query, req, body);
  }

  private push(number: number, req: IncomingMessage, body: Buffer): void {
    if (req.headers['content-type'] !== 'application/proto') throw new Error(`content-type ${req.headers['content-type']}`);
    const message = fromBinary(PushRequestSchema, body);
    for (const series of message.series) {
      const labels = Object.fromEntries(series.labels.map((l) => [l.name, l.value]));
      for (const sample of series.samples) {
        if (!/^[0-9a-f-]{36}$/.test(sample.ID)) throw new Error(`sample ID ${sample.ID} is not a UUID`);
        this.record(number, 'push', labels, NaN, NaN, {}, req, Buffer.from(sample.rawProfile));
      }
    }
  }

  private record(number: number, api: 'ingest' | 'push', labels: Record<string, string>, from: number, until: number, query: Record<string, string>, req: IncomingMessage, raw: Buffer): void {
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    const profile = Profile.decode(bytes);
    const str = (i: number | bigint) => profile.stringTable.strings[Number(i)] ?? '';
    // in integer nanoseconds: pyglass windows are whole milliseconds, floating point would blur them
    const start = Number(BigInt(profile.timeNanos) / 1_000_000n);
    const end = Number((BigInt(profile.timeNanos) + BigInt(profile.durationNanos)) / 1_000_000n);
    const keys = new Set<string>();
    let samples = 0;
    for (const s of profile.sample) {
      samples += Number(s.value[0] ?? 0);
      for (const l of s.label) keys.add(str(l.key));
    }
    this.profiles.push({
      api,
      request: number,
      labels,
      from: Number.isNaN(from) ? start : from,
      until: Number.isNaN(until) ? end : until,
      query,
      headers: req.headers,
      profile,
      samples,
      sampleTypes: profile.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`),
      sampleLabelKeys: [...keys].sort(),
    });
  }
}

/** Resolves once `predicate` holds, checking every 50 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
