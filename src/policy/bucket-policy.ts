/** Glue between the model's Bucket and the policy library, shared by the policy-based rules. */
import type { Bucket, PolicyDocument, Provenance } from '../model/index.js';
import type { Gap } from './coverage.js';
import { locate } from './locate.js';
import { normalizePolicy, type NormalizedPolicy } from './normalize.js';

export type BucketPolicyState =
  | { kind: 'unknown'; reason: string; at: Provenance }
  | { kind: 'none' }
  | { kind: 'policy'; doc: PolicyDocument; policy: NormalizedPolicy };

export function bucketPolicyState(bucket: Bucket): BucketPolicyState {
  const p = bucket.policy;
  if (!p.known) return { kind: 'unknown', reason: p.reason, at: p.at };
  if (p.value === null) return { kind: 'none' };
  return { kind: 'policy', doc: p.value, policy: normalizePolicy(p.value.json) };
}

/** The bucket name for ARN matching, or why it is not known. */
export function bucketNameFor(bucket: Bucket): string | { unknown: string } {
  return bucket.name.known ? bucket.name.value : { unknown: `the bucket name is unknown: ${bucket.name.reason}` };
}

export interface GapGroup {
  pointer: string;
  at: Provenance;
  kinds: Gap['kind'][];
  /** Condition keys of the condition gaps in the group. */
  keys: string[];
  messages: string[];
}

/** One group per written location, so a finding per offending line carries every reason found there. */
export function groupGaps(doc: PolicyDocument, gaps: Gap[]): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  for (const g of gaps) {
    let group = groups.get(g.pointer);
    if (!group) {
      group = { pointer: g.pointer, at: locate(doc, g.pointer), kinds: [], keys: [], messages: [] };
      groups.set(g.pointer, group);
    }
    group.kinds.push(g.kind);
    if (g.key !== undefined) group.keys.push(g.key);
    if (!group.messages.includes(g.message)) group.messages.push(g.message);
  }
  return [...groups.values()];
}
