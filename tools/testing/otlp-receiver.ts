/**
 * An OTLP/HTTP profiles receiver for tests, on 127.0.0.1 only, implementing the protocol's server
 * side as the specification has it: `POST /v1development/profiles` with a binary protobuf
 * `ExportProfilesServiceRequest` (`Content-Type: application/x-protobuf`, optionally
 * `Content-Encoding: gzip`); 200 with an `ExportProfilesServiceResponse` (a partial success when the
 * test asks for one); 400 with a `google.rpc.Status` for what does not decode; 415 for another
 * content type, 404/405 for other paths and methods. It decodes with the generated schema and checks
 * every dictionary index. A test scripts its answers (a status, with Retry-After; a partial success;
 * a slow answer; a hang) and can take it down and up on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ExportProfilesServiceRequestSchema, ExportProfilesServiceResponseSchema, StatusSchema, type ExportProfilesServiceRequest } from '@pyglass/pyroscope';

export const profilesPath = '/v1development/profiles';

/** What arrived in one accepted request. */
export interface ReceivedExport {
  /** Order of arrival of the HTTP request (1, 2 …). */
  request: number;
  headers: IncomingMessage['headers'];
  /** The request body after gzip (what the Python bindings decode too). */
  bytes: Buffer;
  message: ExportProfilesServiceRequest;
  summary: ExportSummary;
}

/** Per resource (process): its attributes and, per profile, what a test checks. Also what tools/testing/otlp_summary.py prints. */
export interface ExportSummary {
  resources: Array<{
    attributes: Record<string, string | number>;
    scope: string;
    profiles: Array<{
      sampleType: string;
      periodType: string;
      period: number;
      /** Window start and length, ms. */
      timeMs: number;
      durationMs: number;
      /** Timestamps over all samples (one per sample taken). */
      samples: number;
      /** Sum of all values (samples × period). */
      valueSum: number;
      minTimestampMs: number;
      maxTimestampMs: number;
      /** Sample attribute keys present. */
      attributeKeys: string[];
      /** Samples (timestamps) with a link. */
      linkedSamples: number;
      /** Leaf function names, with their timestamp counts. */
      leaves: Record<string, number>;
    }>;
  }>;
}

export type OtlpAnswer = number | 'hang' | { status: number; retryAfterSeconds?: number } | { partial: { rejected: number; message: string } } | { slowMs: number };

/** Throws when an index of the request points outside its table, or a table's index 0 is not the empty entry. */
export function checkDictionary(m: ExportProfilesServiceRequest): void {
  const d = m.dictionary;
  if (d === undefined) throw new Error('no dictionary');
  const tables = { mapping: d.mappingTable, location: d.locationTable, function: d.functionTable, link: d.linkTable, string: d.stringTable, attribute: d.attributeTable, stack: d.stackTable };
  for (const [name, table] of Object.entries(tables)) if (table.length === 0) throw new Error(`${name}_table has no index 0 entry`);
  if (d.stringTable[0] !== '') throw new Error('string_table[0] is not ""');
  const m0 = d.mappingTable[0]!;
  const l0 = d.locationTable[0]!;
  const f0 = d.functionTable[0]!;
  const k0 = d.linkTable[0]!;
  const a0 = d.attributeTable[0]!;
  if (m0.filenameStrindex !== 0 || m0.memoryStart !== 0n || m0.memoryLimit !== 0n) throw new Error('mapping_table[0] is not empty');
  if (l0.lines.length !== 0 || l0.mappingIndex !== 0 || l0.address !== 0n) throw new Error('location_table[0] is not empty');
  if (f0.nameStrindex !== 0 || f0.filenameStrindex !== 0) throw new Error('function_table[0] is not empty');
  if (k0.traceId.length !== 0 || k0.spanId.length !== 0) throw new Error('link_table[0] is not empty');
  if (a0.keyStrindex !== 0 || a0.value !== undefined) throw new Error('attribute_table[0] is not empty');
  if (d.stackTable[0]!.locationIndices.length !== 0) throw new Error('stack_table[0] is not empty');
  const inRange = (what: string, i: number, table: unknown[], allowZero = true) => {
    if (!Number.isInteger(i) || i < (allowZero ? 0 : 1) || i >= table.length) throw new Error(`${what} index ${i} outside its table (${table.length})`);
  };
  for (const [i, f] of d.functionTable.entries()) {
    if (i === 0) continue;
    inRange('function name', f.nameStrindex, d.stringTable);
    inRange('function filename', f.filenameStrindex, d.stringTable);
    inRange('function system name', f.systemNameStrindex, d.stringTable);
  }
  for (const mp of d.mappingTable.slice(1)) inRange('mapping filename', mp.filenameStrindex, d.stringTable, false);
  for (const l of d.locationTable.slice(1)) {
    inRange('location mapping', l.mappingIndex, d.mappingTable);
    if (l.lines.length === 0) throw new Error('a location without lines');
    for (const line of l.lines) inRange('line function', line.functionIndex, d.functionTable, false);
  }
  for (const s of d.stackTable.slice(1)) for (const li of s.locationIndices) inRange('stack location', li, d.locationTable, false);
  for (const a of d.attributeTable.slice(1)) {
    inRange('attribute key', a.keyStrindex, d.stringTable, false);
    inRange('attribute unit', a.unitStrindex, d.stringTable);
  }
  for (const k of d.linkTable.slice(1)) if (k.traceId.length !== 16 || k.spanId.length !== 8) throw new Error('a link whose ids are not 16 and 8 bytes');
  for (const rp of m.resourceProfiles) {
    for (const sp of rp.scopeProfiles) {
      for (const p of sp.profiles) {
        inRange('sample type', p.sampleType?.typeStrindex ?? -1, d.stringTable, false);
        inRange('sample unit', p.sampleType?.unitStrindex ?? -1, d.stringTable, false);
        for (const s of p.samples) {
          inRange('sample stack', s.stackIndex, d.stackTable, false);
          inRange('sample link', s.linkIndex, d.linkTable);
          for (const a of s.attributeIndices) inRange('sample attribute', a, d.attributeTable, false);
          if (s.values.length !== s.timestampsUnixNano.length) throw new Error('values and timestamps of a sample differ in length');
        }
      }
    }
  }
}

function anyValue(v: { value: { case: string | undefined; value?: unknown } } | undefined): string | number {
  if (v === undefined) return '';
  if (v.value.case === 'intValue') return Number(v.value.value as bigint);
  return String(v.value.value ?? '');
}

/** The summary a test compares, computed from the decoded request. */
export function summarize(m: ExportProfilesServiceRequest): ExportSummary {
  const d = m.dictionary!;
  const str = (i: number) => d.stringTable[i] ?? '';
  return {
    resources: m.resourceProfiles.map((rp) => ({
      attributes: Object.fromEntries((rp.resource?.attributes ?? []).map((kv) => [kv.key, anyValue(kv.value)])),
      scope: rp.scopeProfiles.map((sp) => `${sp.scope?.name ?? ''}/${sp.scope?.version ?? ''}`).join(','),
      profiles: rp.scopeProfiles.flatMap((sp) =>
        sp.profiles.map((p) => {
          let samples = 0;
          let valueSum = 0;
          let linkedSamples = 0;
          let minTs = Infinity;
          let maxTs = -Infinity;
          const keys = new Set<string>();
          const leaves: Record<string, number> = {};
          for (const s of p.samples) {
            samples += s.timestampsUnixNano.length;
            for (const v of s.values) valueSum += Number(v);
            for (const t of s.timestampsUnixNano) {
              const ms = Number(t / 1_000_000n);
              minTs = Math.min(minTs, ms);
              maxTs = Math.max(maxTs, ms);
            }
            if (s.linkIndex !== 0) linkedSamples += s.timestampsUnixNano.length;
            for (const a of s.attributeIndices) keys.add(str(d.attributeTable[a]!.keyStrindex));
            const leafLoc = d.locationTable[d.stackTable[s.stackIndex]!.locationIndices[0] ?? 0]!;
            const leaf = str(d.functionTable[leafLoc.lines[0]?.functionIndex ?? 0]!.nameStrindex);
            leaves[leaf] = (leaves[leaf] ?? 0) + s.timestampsUnixNano.length;
          }
          return {
            sampleType: `${str(p.sampleType?.typeStrindex ?? 0)}/${str(p.sampleType?.unitStrindex ?? 0)}`,
            periodType: `${str(p.periodType?.typeStrindex ?? 0)}/${str(p.periodType?.unitStrindex ?? 0)}`,
            period: Number(p.period),
            timeMs: Number(p.timeUnixNano / 1_000_000n),
            durationMs: Number(p.durationNano / 1_000_000n),
            samples,
            valueSum,
            minTimestampMs: samples > 0 ? minTs : 0,
            maxTimestampMs: samples > 0 ? maxTs : 0,
            attributeKeys: [...keys].sort(),
            linkedSamples,
            leaves,
          };
        }),
      ),
    })),
  };
}

export class OtlpReceiver {
  readonly exports: ReceivedExport[] = [];
  /** Every request in arrival order: path, method, the answer given. */
  /** Every request, with when it arrived (Date.now()). */
  readonly requests: Array<{ path: string; method: string; answer: OtlpAnswer | 'refused'; at: number }> = [];
  /** Decides each request's answer: 200 by default. */
  answer: (requestNumber: number) => OtlpAnswer = () => 200;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private hung: ServerResponse[] = [];
  port = 0;

  async up(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s: Socket) => {
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
    return `http://127.0.0.1:${this.port}`;
  }

  /** Samples (timestamps) over every accepted request. */
  get samples(): number {
    return this.exports.reduce((n, e) => n + e.summary.resources.reduce((m, r) => m + r.profiles.reduce((k, p) => k + p.samples, 0), 0), 0);
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const res of this.hung) res.destroy();
    this.hung = [];
    for (const s of this.sockets) s.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private status(res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
    const body = toBinary(StatusSchema, create(StatusSchema, { code: code === 400 ? 3 : code === 429 ? 8 : 14, message }));
    res.writeHead(code, { 'Content-Type': 'application/x-protobuf', ...headers }).end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const number = this.requests.length + 1;
    if (url.pathname !== profilesPath) {
      this.requests.push({ path: url.pathname, method: req.method ?? '', answer: 'refused', at: Date.now() });
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      this.requests.push({ path: url.pathname, method: req.method ?? '', answer: 'refused', at: Date.now() });
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    const answer = this.answer(number);
    this.requests.push({ path: url.pathname, method: req.method, answer, at: Date.now() });
    if (answer === 'hang') {
      this.hung.push(res);
      return;
    }
    if (typeof answer === 'number' && answer !== 200) return this.status(res, answer, `test receiver answers ${answer}`);
    if (typeof answer === 'object' && 'status' in answer) {
      return this.status(res, answer.status, `test receiver answers ${answer.status}`, answer.retryAfterSeconds !== undefined ? { 'Retry-After': String(answer.retryAfterSeconds) } : {});
    }
    if (typeof answer === 'object' && 'slowMs' in answer) {
      await new Promise((r) => setTimeout(r, answer.slowMs));
      // the client gave up meanwhile: it will send again, this one is not counted as received
      if (res.destroyed || req.socket.destroyed) return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/x-protobuf') return this.status(res, 415, `unsupported content type '${type}'`);
    let message: ExportProfilesServiceRequest;
    let bytes: Buffer;
    try {
      const encoding = req.headers['content-encoding'];
      if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') throw new Error(`unsupported content encoding ${encoding}`);
      bytes = encoding === 'gzip' ? gunzipSync(raw) : raw;
      message = fromBinary(ExportProfilesServiceRequestSchema, bytes);
      checkDictionary(message);
    } catch (error) {
      return this.status(res, 400, error instanceof Error ? error.message : String(error));
    }
    this.exports.push({ request: number, headers: req.headers, bytes, message, summary: summarize(message) });
    const partial = typeof answer === 'object' && 'partial' in answer ? answer.partial : undefined;
    const response = create(ExportProfilesServiceResponseSchema, partial === undefined ? {} : { partialSuccess: { rejectedProfiles: BigInt(partial.rejected), errorMessage: partial.message } });
    res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end(toBinary(ExportProfilesServiceResponseSchema, response));
  }
}
