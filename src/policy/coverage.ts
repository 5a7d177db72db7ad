/**
 * "Is there an explicit Deny that applies to every principal, every action and both bucket ARNs whenever
 * the request is of a given kind?" — the shared core of the TLS-only, minimum-TLS and VPC-endpoint rules.
 * A request kind is a RequestContext (e.g. aws:SecureTransport = "false", other keys free).
 */
import { actionsOf, ALL_S3_ACTIONS, summarizeActions, type S3Action } from './actions.js';
import { evaluateConditions, type ConditionEvaluation, type RequestContext, type Tri } from './conditions.js';
import { describeStatement, termText, type ConditionClause, type NormalizedPolicy, type Statement } from './normalize.js';
import { describePrincipals, namesEveryone } from './principals.js';
import { resourceCovers, type BucketPart } from './resources.js';

export const BUCKET_PARTS: readonly BucketPart[] = ['bucket', 'objects'];

const PART_ACTIONS: Record<BucketPart, readonly S3Action[]> = {
  bucket: ALL_S3_ACTIONS.filter((a) => a.scope === 'both' || a.scope === 'bucket'),
  objects: ALL_S3_ACTIONS.filter((a) => a.scope === 'both' || a.scope === 'object'),
};

export function actionsForPart(part: BucketPart): readonly S3Action[] {
  return PART_ACTIONS[part];
}

/** How one Deny statement applies to one request kind. */
export interface DenyScope {
  stmt: Statement;
  effect: Tri;
  principals: Tri;
  resources: Record<BucketPart, Tri>;
  actions: Record<BucketPart, { actions: S3Action[]; future: boolean; unknown?: string }>;
  condition: ConditionEvaluation;
}

export interface PartCoverage {
  covered: boolean;
  /** Known actions no applicable Deny covers. */
  missing: S3Action[];
  /** False when only enumerated actions are denied, so actions S3 adds later are not. */
  future: boolean;
  /** Set when the part is not proven covered but would be if unknown values resolved favourably. */
  unknown?: { reason: string; pointer: string };
  /** The statements that fully apply to this part (all principals, condition true). */
  by: Statement[];
}

export interface DenyCoverage {
  parts: Record<BucketPart, PartCoverage>;
  scopes: DenyScope[];
}

function principalScope(s: Statement): Tri {
  const p = s.principal;
  if (!p) return { result: 'false' };
  if (p.unknown !== undefined) return { result: 'unknown', reason: p.unknown };
  if (p.negated) return { result: 'false' };
  if (namesEveryone(p)) return { result: 'true' };
  const u = p.terms.find((t) => t.term.kind === 'unknown');
  if (u && u.term.kind === 'unknown') return { result: 'unknown', reason: u.term.reason };
  return { result: 'false' };
}

export function denyScope(s: Statement, bucketName: string | { unknown: string }, ctx: RequestContext): DenyScope {
  const effect: Tri = s.effect === 'Deny' ? { result: 'true' } : s.effect === 'Allow' ? { result: 'false' } : { result: 'unknown', reason: s.effect.unknown };
  const actions = {
    bucket: actionsOf(s.action, actionsForPart('bucket')),
    objects: actionsOf(s.action, actionsForPart('objects')),
  };
  return {
    stmt: s,
    effect,
    principals: principalScope(s),
    resources: { bucket: resourceCovers(s.resource, bucketName, 'bucket'), objects: resourceCovers(s.resource, bucketName, 'objects') },
    actions,
    condition: evaluateConditions(s.conditions, ctx, s.conditionUnknown),
  };
}

function firstUnknown(...tris: Tri[]): string | undefined {
  for (const t of tris) if (t.result === 'unknown') return t.reason;
  return undefined;
}

function partCoverage(scopes: DenyScope[], part: BucketPart): PartCoverage {
  const universe = actionsForPart(part);
  const sure = scopes.filter(
    (d) => d.effect.result === 'true' && d.principals.result === 'true' && d.resources[part].result === 'true' && d.condition.result.result === 'true',
  );
  const coveredActions = new Set<S3Action>();
  let future = false;
  for (const d of sure) {
    d.actions[part].actions.forEach((a) => coveredActions.add(a));
    if (d.actions[part].future && d.actions[part].unknown === undefined) future = true;
  }
  const missing = universe.filter((a) => !coveredActions.has(a));
  const out: PartCoverage = { covered: missing.length === 0 && future, missing, future, by: sure.map((d) => d.stmt) };
  if (!out.covered) {
    // Could statements with unknown parts close the gap? Then the answer is unknown, not "not covered".
    const potential = scopes.filter((d) => {
      const tris = [d.effect, d.principals, d.resources[part], d.condition.result];
      if (tris.some((t) => t.result === 'false' || t.result === 'depends')) return false;
      return tris.some((t) => t.result === 'unknown') || d.actions[part].unknown !== undefined;
    });
    const reachable = new Set(coveredActions);
    let reachableFuture = future;
    for (const d of potential) {
      d.actions[part].actions.forEach((a) => reachable.add(a));
      if (d.actions[part].future || d.actions[part].unknown !== undefined) reachableFuture = true;
    }
    const couldCover = reachableFuture && universe.every((a) => reachable.has(a) || potential.some((d) => d.actions[part].unknown !== undefined));
    const d = potential[0];
    if (couldCover && d) {
      const reason = firstUnknown(d.effect, d.principals, d.resources[part], d.condition.result) ?? d.actions[part].unknown ?? 'unknown';
      out.unknown = { reason, pointer: d.stmt.pointer };
    }
  }
  return out;
}

/** Coverage of both bucket parts by the policy's Deny statements for requests described by `ctx`. */
export function denyCoverage(policy: NormalizedPolicy, bucketName: string | { unknown: string }, ctx: RequestContext): DenyCoverage {
  const scopes = policy.statements.filter((s) => s.effect !== 'Allow').map((s) => denyScope(s, bucketName, ctx));
  return { parts: { bucket: partCoverage(scopes, 'bucket'), objects: partCoverage(scopes, 'objects') }, scopes };
}

/** One reason a Deny does not close the door, with where it is written. */
export interface Gap {
  kind:
    | 'not-principal'
    | 'principal-subset'
    | 'not-action'
    | 'action-subset'
    | 'future-actions'
    | 'resource-bucket'
    | 'resource-objects'
    | 'not-resource'
    | 'condition'
    | 'unknown';
  statementIndex: number;
  sid?: string;
  pointer: string;
  message: string;
  /** For condition gaps: the condition key (lower case) that opens the gap. */
  key?: string;
}

export function gap(kind: Gap['kind'], s: Statement, pointer: string, message: string): Gap {
  const g: Gap = { kind, statementIndex: s.index, pointer, message: `${describeStatement(s)}: ${message}` };
  if (s.sid !== undefined) g.sid = s.sid;
  return g;
}

export function clauseText(c: ConditionClause): string {
  const values = c.values.map((v) => JSON.stringify(termText(v))).join(', ');
  return `${c.operator} ${c.key} ${c.values.length > 1 ? `[${values}]` : values}`;
}

/**
 * Every reason a Deny statement does not cover all principals, all actions and both parts under `ctx`.
 * `explainClause` names condition escapes in the caller's terms; undefined falls back to a generic text.
 */
export function explainDeny(
  d: DenyScope,
  explainClause: (c: ConditionClause, r: Tri) => string | undefined,
): Gap[] {
  const s = d.stmt;
  const gaps: Gap[] = [];
  const p = s.principal;
  if (p?.negated) {
    gaps.push(gap('not-principal', s, p.pointer, `NotPrincipal exempts ${describePrincipals(p)} from this Deny entirely`));
  } else if (p && d.principals.result === 'false') {
    gaps.push(gap('principal-subset', s, p.pointer, `the Deny applies only to ${describePrincipals(p)}; every other principal, including anonymous requests, is not restricted`));
  }
  const a = s.action;
  if (a?.negated) {
    const excluded = a.terms.map(termText).join(', ');
    gaps.push(gap('not-action', s, a.pointer, `NotAction leaves ${excluded} un-denied`));
  } else if (a) {
    const denied = new Set([...d.actions.bucket.actions, ...d.actions.objects.actions]);
    const allKnown = [...new Set([...actionsForPart('bucket'), ...actionsForPart('objects')])];
    const notDenied = allKnown.filter((x) => !denied.has(x));
    if (notDenied.length > 0) {
      gaps.push(gap('action-subset', s, a.pointer, `it denies only ${a.terms.map(termText).join(', ')}; ${summarizeActions(notDenied)} are not denied`));
    } else if (!d.actions.bucket.future || !d.actions.objects.future) {
      gaps.push(gap('future-actions', s, a.pointer, 'it enumerates today\'s S3 actions instead of "s3:*", so actions S3 adds later are not denied'));
    }
  }
  const r = s.resource;
  if (r?.negated && (d.resources.bucket.result === 'false' || d.resources.objects.result === 'false')) {
    gaps.push(gap('not-resource', s, r.pointer, `NotResource ${r.terms.map(termText).join(', ')} excludes part of the bucket from this Deny`));
  } else if (r) {
    if (d.resources.bucket.result === 'false') gaps.push(gap('resource-bucket', s, r.pointer, 'Resource does not include the bucket ARN, so bucket-level actions (s3:ListBucket, s3:PutBucketPolicy...) are not denied'));
    if (d.resources.objects.result === 'false') gaps.push(gap('resource-objects', s, r.pointer, 'Resource does not include "<bucket ARN>/*", so object actions (s3:GetObject, s3:PutObject...) are not denied'));
  }
  for (const { clause, result } of d.condition.clauses) {
    if (result.result === 'true') continue;
    if (result.result === 'unknown') {
      gaps.push(gap('unknown', s, clause.pointer, `condition ${clauseText(clause)} could not be evaluated: ${result.reason}`));
      continue;
    }
    const text = explainClause(clause, result) ?? `the ANDed condition ${clauseText(clause)} is not always true, so requests for which it is false are not denied`;
    gaps.push({ ...gap('condition', s, clause.pointer, text), key: clause.keyLower });
  }
  if (s.conditionUnknown) gaps.push(gap('unknown', s, s.conditionUnknown.pointer, `the condition is unknown: ${s.conditionUnknown.reason}`));
  return gaps;
}
