/** Resource / NotResource coverage of a bucket's two ARNs: the bucket itself and every object in it. */
import type { Tri } from './conditions.js';
import { coversEveryExtension, globMatches, hasPolicyVariable } from './glob.js';
import type { ListElement } from './normalize.js';

export type BucketPart = 'bucket' | 'objects';

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

export function bucketArn(name: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${name}`;
}

/** True when some string starting with `prefix` matches the glob (an NFA walk over the prefix). */
export function mayMatchSomeExtension(pattern: string, prefix: string): boolean {
  let states = new Set<number>([0]);
  const closure = (s: Set<number>): Set<number> => {
    const out = new Set(s);
    for (const i of s) {
      let j = i;
      while (pattern[j] === '*') out.add(++j);
    }
    return out;
  };
  states = closure(states);
  for (const ch of prefix) {
    const next = new Set<number>();
    for (const i of states) {
      const p = pattern[i];
      if (p === undefined) continue;
      if (p === '*') next.add(i);
      else if (p === '?' || p === ch) next.add(i + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return states.size > 0;
}

function termCovers(pattern: string, name: string, part: BucketPart): boolean {
  if (hasPolicyVariable(pattern)) return false;
  return PARTITIONS.some((p) =>
    part === 'bucket' ? globMatches(pattern, bucketArn(name, p)) : coversEveryExtension(pattern, `${bucketArn(name, p)}/`),
  );
}

function termTouches(pattern: string, name: string, part: BucketPart): boolean {
  return PARTITIONS.some((p) =>
    part === 'bucket' ? globMatches(pattern, bucketArn(name, p)) : mayMatchSomeExtension(pattern, `${bucketArn(name, p)}/`),
  );
}

/**
 * Whether a statement's Resource / NotResource applies to the whole part. Resource: some pattern covers it.
 * NotResource: no excluded pattern touches it. `name` undefined = the bucket name is unknown.
 */
export function resourceCovers(el: ListElement | undefined, name: string | { unknown: string }, part: BucketPart): Tri {
  if (!el) return { result: 'false' };
  if (el.unknown !== undefined) return { result: 'unknown', reason: el.unknown };
  const literals = el.terms.flatMap((t) => (t.kind === 'literal' ? [t.text] : []));
  const unknownTerm = el.terms.find((t) => t.kind === 'unknown');
  if (typeof name === 'object') {
    if (!el.negated && literals.some((l) => /^\*+$/.test(l) || /^arn:[^:]*:s3:::\*+$/.test(l))) return { result: 'true' };
    return { result: 'unknown', reason: name.unknown };
  }
  if (el.negated) {
    if (literals.some((l) => termTouches(l, name, part))) return { result: 'false' };
    return unknownTerm && unknownTerm.kind === 'unknown' ? { result: 'unknown', reason: unknownTerm.reason } : { result: 'true' };
  }
  if (literals.some((l) => termCovers(l, name, part))) return { result: 'true' };
  if (unknownTerm && unknownTerm.kind === 'unknown') return { result: 'unknown', reason: unknownTerm.reason };
  return { result: 'false' };
}
