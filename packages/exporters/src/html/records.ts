/**
 * The report's records as the page uses them, decoded from the compact form the file carries
 * (records sorted by stack node, node ids delta-encoded, entry counts per record instead of offsets,
 * bucket numbers delta-encoded within a record). No imports: the page bundles this.
 */
import type { ReportData } from './model.js';

export interface DecodedRecords {
  /** Stack node of each record (an index into `ReportData.nodes` pairs). */
  node: Int32Array;
  context: Int32Array;
  /** Record r's entries are offset[r] .. offset[r + 1]. */
  offset: Int32Array;
  bucket: Int32Array;
  count: Float64Array;
}

export function decodeRecords(d: Pick<ReportData, 'recNode' | 'recContext' | 'recLength' | 'entryBucket' | 'entryCount'>): DecodedRecords {
  const n = d.recNode.length;
  const node = new Int32Array(n);
  const offset = new Int32Array(n + 1);
  const bucket = Int32Array.from(d.entryBucket);
  let prev = 0;
  for (let r = 0; r < n; r++) {
    prev += d.recNode[r]!;
    node[r] = prev;
    offset[r + 1] = offset[r]! + d.recLength[r]!;
    for (let i = offset[r]! + 1; i < offset[r + 1]!; i++) bucket[i] = bucket[i]! + bucket[i - 1]!;
  }
  return { node, context: Int32Array.from(d.recContext), offset, bucket, count: Float64Array.from(d.entryCount) };
}
