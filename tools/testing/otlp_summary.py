"""Decodes OTLP ExportProfilesServiceRequest files with the official Python bindings
(opentelemetry-proto, protobuf) and prints, as JSON, the summary tools/testing/otlp-receiver.ts
computes from its own decoding: one list entry per file."""
import json
import sys

from opentelemetry.proto.collector.profiles.v1development.profiles_service_pb2 import ExportProfilesServiceRequest


def any_value(v):
    kind = v.WhichOneof("value")
    if kind is None:
        return ""
    if kind == "int_value":
        return v.int_value
    return str(getattr(v, kind))


def summarize(m):
    d = m.dictionary
    s = lambda i: d.string_table[i] if i < len(d.string_table) else ""
    resources = []
    for rp in m.resource_profiles:
        profiles = []
        for sp in rp.scope_profiles:
            for p in sp.profiles:
                samples = value_sum = linked = 0
                keys, leaves, stamps = set(), {}, []
                for smp in p.samples:
                    n = len(smp.timestamps_unix_nano)
                    samples += n
                    value_sum += sum(smp.values)
                    stamps.extend(t // 1_000_000 for t in smp.timestamps_unix_nano)
                    if smp.link_index != 0:
                        linked += n
                    for a in smp.attribute_indices:
                        keys.add(s(d.attribute_table[a].key_strindex))
                    locs = d.stack_table[smp.stack_index].location_indices
                    loc = d.location_table[locs[0] if locs else 0]
                    fn = d.function_table[loc.lines[0].function_index if loc.lines else 0]
                    leaf = s(fn.name_strindex)
                    leaves[leaf] = leaves.get(leaf, 0) + n
                profiles.append({
                    "sampleType": f"{s(p.sample_type.type_strindex)}/{s(p.sample_type.unit_strindex)}",
                    "periodType": f"{s(p.period_type.type_strindex)}/{s(p.period_type.unit_strindex)}",
                    "period": p.period,
                    "timeMs": p.time_unix_nano // 1_000_000,
                    "durationMs": p.duration_nano // 1_000_000,
                    "samples": samples,
                    "valueSum": value_sum,
                    "minTimestampMs": min(stamps) if stamps else 0,
                    "maxTimestampMs": max(stamps) if stamps else 0,
                    "attributeKeys": sorted(keys),
                    "linkedSamples": linked,
                    "leaves": leaves,
                })
        resources.append({
            "attributes": {kv.key: any_value(kv.value) for kv in rp.resource.attributes},
            "scope": ",".join(f"{sp.scope.name}/{sp.scope.version}" for sp in rp.scope_profiles),
            "profiles": profiles,
        })
    return {"resources": resources}


out = []
for path in sys.argv[1:]:
    m = ExportProfilesServiceRequest()
    with open(path, "rb") as f:
        m.ParseFromString(f.read())
    out.append(summarize(m))
json.dump(out, sys.stdout)
