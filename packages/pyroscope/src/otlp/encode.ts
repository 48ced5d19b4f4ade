import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { FrameRec, StackNode } from '@pyglass/exporters';
import { LineNo, type SpanRef } from '@pyglass/model';
import { ExportProfilesServiceRequestSchema, type ExportProfilesServiceRequest } from '../gen/opentelemetry/proto/collector/profiles/v1development/profiles_service_pb.js';
import type { AnyValueSchema, KeyValueSchema } from '../gen/opentelemetry/proto/common/v1/common_pb.js';
import {
  FunctionSchema, KeyValueAndUnitSchema, LinkSchema, LocationSchema, MappingSchema, SampleSchema, StackSchema,
  type Function as OtlpFunction, type KeyValueAndUnit, type Link, type Location, type Mapping, type Sample, type Stack,
} from '../gen/opentelemetry/proto/profiles/v1development/profiles_pb.js';
import type { ProcessDescription } from '../process.js';
import type { ProfileWindow, WindowSeries } from '../window.js';
import type { ResolvedOtlpOptions } from './options.js';
import type { OtlpSeries } from './series.js';

type AnyValueInit = MessageInitShape<typeof AnyValueSchema>;
type KeyValueInit = MessageInitShape<typeof KeyValueSchema>;

/**
 * The tables of one request's ProfilesDictionary, each interned, each starting with its empty entry
 * at index 0 (so that 0, the protobuf default, means "none" everywhere).
 */
class Dictionary {
  readonly strings: string[] = [''];
  readonly functions: OtlpFunction[] = [create(FunctionSchema)];
  readonly locations: Location[] = [create(LocationSchema)];
  readonly mappings: Mapping[] = [create(MappingSchema)];
  readonly links: Link[] = [create(LinkSchema)];
  readonly attributes: KeyValueAndUnit[] = [create(KeyValueAndUnitSchema)];
  readonly stacks: Stack[] = [create(StackSchema)];
  private readonly stringIndex = new Map<string, number>([['', 0]]);
  private readonly functionIndex = new Map<string, number>();
  private readonly mappingIndex = new Map<string, number>();
  private readonly linkIndex = new Map<string, number>();
  private readonly attributeIndex = new Map<string, number>();
  private readonly stackIndex = new Map<string, number>();

  string(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.stringIndex.set(s, i);
    }
    return i;
  }

  function(name: string, filename: string, startLine: number): number {
    const key = `${name}\0${filename}\0${startLine}`;
    let i = this.functionIndex.get(key);
    if (i === undefined) {
      i = this.functions.push(create(FunctionSchema, { nameStrindex: this.string(name), filenameStrindex: this.string(filename), startLine: BigInt(startLine) })) - 1;
      this.functionIndex.set(key, i);
    }
    return i;
  }

  /** A native frame's shared library; Python frames have none (index 0). */
  mapping(module: string | undefined): number {
    if (module === undefined) return 0;
    let i = this.mappingIndex.get(module);
    if (i === undefined) {
      i = this.mappings.push(create(MappingSchema, { filenameStrindex: this.string(module) })) - 1;
      this.mappingIndex.set(module, i);
    }
    return i;
  }

  link(span: SpanRef): number {
    const key = `${span.traceId}/${span.spanId}`;
    let i = this.linkIndex.get(key);
    if (i === undefined) {
      i = this.links.push(create(LinkSchema, { traceId: Buffer.from(span.traceId, 'hex'), spanId: Buffer.from(span.spanId, 'hex') })) - 1;
      this.linkIndex.set(key, i);
    }
    return i;
  }

  attribute(key: string, value: string | number): number {
    const k = `${key}\0${typeof value}\0${value}`;
    let i = this.attributeIndex.get(k);
    if (i === undefined) {
      i = this.attributes.push(create(KeyValueAndUnitSchema, { keyStrindex: this.string(key), value: anyValue(value) })) - 1;
      this.attributeIndex.set(k, i);
    }
    return i;
  }

  stack(locations: number[]): number {
    const key = locations.join(',');
    let i = this.stackIndex.get(key);
    if (i === undefined) {
      i = this.stacks.push(create(StackSchema, { locationIndices: locations })) - 1;
      this.stackIndex.set(key, i);
    }
    return i;
  }
}

function anyValue(value: string | number): AnyValueInit {
  return typeof value === 'string' ? { value: { case: 'stringValue', value } } : { value: { case: 'intValue', value: BigInt(value) } };
}

function keyValue(key: string, value: string | number): KeyValueInit {
  return { key, value: anyValue(value) };
}

/** Resource attributes of a process by the semantic conventions, those that are known. */
export function resourceAttributes(series: { pid: number; serviceName: string; process: ProcessDescription }, host: string, extra: ReadonlyArray<readonly [string, string]> = []): KeyValueInit[] {
  const p = series.process;
  const attributes = [keyValue('service.name', series.serviceName), keyValue('process.pid', series.pid), keyValue('host.name', host)];
  if (p.executablePath !== undefined) {
    attributes.push(keyValue('process.executable.name', p.executablePath.split('/').pop() ?? p.executablePath), keyValue('process.executable.path', p.executablePath));
  }
  if (p.commandLine !== undefined && p.commandLine.length > 0) attributes.push(keyValue('process.command_line', p.commandLine.join(' ')));
  if (p.runtimeName !== undefined) attributes.push(keyValue('process.runtime.name', p.runtimeName));
  if (p.runtimeVersion !== undefined) attributes.push(keyValue('process.runtime.version', p.runtimeVersion));
  if (p.containerId !== undefined) attributes.push(keyValue('container.id', p.containerId));
  if (p.podUid !== undefined) attributes.push(keyValue('k8s.pod.uid', p.podUid));
  // not a semantic convention: the pid the process sees for itself in its own pid namespace
  if (p.namespacePid !== undefined && p.namespacePid !== series.pid) attributes.push(keyValue('pyglass.ns_pid', p.namespacePid));
  for (const [k, v] of extra) attributes.push(keyValue(k, v));
  return attributes;
}

/**
 * One ExportProfilesServiceRequest for a window: a ResourceProfiles per process (one cpu or wall
 * profile, period 1e9/rate ns), a sample per distinct (stack, thread, span) holding a value of one
 * period per timestamp, and one dictionary for all of them.
 */
export function encodeWindow(window: ProfileWindow<OtlpSeries>, options: Pick<ResolvedOtlpOptions, 'sampleRate' | 'wallTime' | 'lineNo' | 'hostName' | 'userAgent' | 'resourceAttributes'>): ExportProfilesServiceRequest {
  const dict = new Dictionary();
  const period = Math.round(1e9 / options.sampleRate);
  const kind = dict.string(options.wallTime ? 'wall' : 'cpu');
  const nanoseconds = dict.string('nanoseconds');
  const host = options.hostName ?? hostname();
  const [scopeName, scopeVersion] = options.userAgent.split('/');
  const startLines = options.lineNo === LineNo.First;
  const resourceProfiles = window.series.map((series: WindowSeries<OtlpSeries>) => {
    const b = series.builder;
    // per frame record of this series' trie: its location index
    const locationOf: number[] = [];
    const location = (f: FrameRec): number => {
      let i = locationOf[f.id];
      if (i === undefined) {
        const fn = dict.function(f.name, f.filename, startLines ? f.line : 0);
        i = dict.locations.push(create(LocationSchema, { mappingIndex: dict.mapping(f.module), lines: [{ functionIndex: fn, line: BigInt(f.line) }] })) - 1;
        locationOf[f.id] = i;
      }
      return i;
    };
    const stackOf = new Map<StackNode, number>();
    const stack = (leaf: StackNode): number => {
      let i = stackOf.get(leaf);
      if (i === undefined) {
        const locations: number[] = [];
        for (let n: StackNode | undefined = leaf; n !== undefined && n.frame !== undefined; n = n.parent) locations.push(location(n.frame));
        i = dict.stack(locations);
        stackOf.set(leaf, i);
      }
      return i;
    };
    // one OTLP sample per (stack, span): the thread is part of the leaf (per-thread tries)
    const samples = new Map<string, Sample>();
    for (let k = 0; k < b.leaves.length; k++) {
      const leaf = b.leaves[k]!;
      const span = b.spans[k];
      const key = span === undefined ? `${leaf.id}` : `${leaf.id}/${span.traceId}/${span.spanId}/${span.name ?? ''}`;
      let sample = samples.get(key);
      if (sample === undefined) {
        const thread = leaf.thread!;
        const attributeIndices = [dict.attribute('thread.id', thread.threadId)];
        if (thread.name !== undefined && thread.name !== '') attributeIndices.push(dict.attribute('thread.name', thread.name));
        if (span?.name !== undefined) attributeIndices.push(dict.attribute('span_name', span.name));
        sample = create(SampleSchema, { stackIndex: stack(leaf), attributeIndices, linkIndex: span === undefined ? 0 : dict.link(span) });
        samples.set(key, sample);
      }
      sample.values.push(BigInt(period));
      sample.timestampsUnixNano.push(BigInt(Math.round(b.times[k]! * 1000)) * 1000n);
    }
    return {
      resource: { attributes: resourceAttributes(series, host, options.resourceAttributes) },
      scopeProfiles: [
        {
          scope: { name: scopeName ?? 'pyglass', version: scopeVersion ?? '' },
          profiles: [
            {
              sampleType: { typeStrindex: kind, unitStrindex: nanoseconds },
              periodType: { typeStrindex: kind, unitStrindex: nanoseconds },
              period: BigInt(period),
              timeUnixNano: BigInt(Math.round(window.from)) * 1_000_000n,
              durationNano: BigInt(Math.max(0, Math.round(window.until - window.from))) * 1_000_000n,
              profileId: randomBytes(16),
              samples: [...samples.values()],
            },
          ],
        },
      ],
    };
  });
  return create(ExportProfilesServiceRequestSchema, {
    resourceProfiles,
    dictionary: {
      mappingTable: dict.mappings,
      locationTable: dict.locations,
      functionTable: dict.functions,
      linkTable: dict.links,
      stringTable: dict.strings,
      attributeTable: dict.attributes,
      stackTable: dict.stacks,
    },
  });
}
