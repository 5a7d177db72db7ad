/**
 * "Is this policy public" as S3 Block Public Access defines it (S3UG "The meaning of public",
 * s3-semantics.md §2.2): a policy is public unless every Allow grant is limited to fixed principals or to
 * fixed values (no wildcard, no policy variable) of the listed condition keys. Deny never makes it public.
 */
import { actionsOf, summarizeActions, type ActionSet } from './actions.js';
import { parseOperator } from './conditions.js';
import { hasPolicyVariable, hasWildcard } from './glob.js';
import { isBroadSourceIp, parseCidr } from './ip.js';
import { describeStatement, termText, type ConditionClause, type NormalizedPolicy, type Statement } from './normalize.js';
import { classifyPrincipal } from './principals.js';

/** Keys whose fixed values make a grant non-public, per S3UG. Lower-case. */
const FIXED_VALUE_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalorgid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

/**
 * Principal keys S3UG does not name (only "an AWS principal, e.g. aws:PrincipalOrgID"). s3-semantics.md marks
 * their treatment UNVERIFIED, so a grant limited only by them is reported as "uncertain", not cleared.
 */
const UNVERIFIED_PRINCIPAL_KEYS = new Set(['aws:principalaccount', 'aws:principalarn', 'aws:principalorgpaths']);

export type PublicVerdict = 'public' | 'uncertain' | 'unknown';

export interface PublicGrant {
  statementIndex: number;
  sid?: string;
  /** Pointer of the statement; principalPointer/actionPointer point at the open parts. */
  pointer: string;
  principalPointer: string;
  actionPointer: string;
  principal: string;
  actions: ActionSet;
  /** e.g. "s3:GetObject" or "every action (s3:*)". */
  actionSummary: string;
  verdict: PublicVerdict;
  /** Why the grant is public / uncertain / unknown, phrased for a finding message. */
  reason: string;
  statementLabel: string;
}

export interface PublicAnalysis {
  /** True when at least one grant is public. */
  isPublic: boolean;
  grants: PublicGrant[];
}

type ClauseClass = { fixed: true } | { fixed: false; why: string } | { unverified: true; why: string } | { unknown: string };

/** Does this clause limit the grant to fixed values of a listed key? */
function classifyClause(c: ConditionClause, policyKind: 'bucket' | 'access-point'): ClauseClass {
  const op = parseOperator(c.operator);
  if (!op) return { fixed: false, why: `unsupported operator ${c.operator}` };
  const listed = FIXED_VALUE_KEYS.has(c.keyLower);
  const unverified = UNVERIFIED_PRINCIPAL_KEYS.has(c.keyLower);
  if (!listed && !unverified) return { fixed: false, why: `${c.key} is not a key that BPA accepts as limiting` };
  if (op.negated) return { fixed: false, why: `${c.operator} on ${c.key} allows every value except the listed ones` };
  if (op.ifExists) return { fixed: false, why: `${c.operator} is true when ${c.key} is absent from the request` };
  if (op.qualifier === 'ForAllValues') return { fixed: false, why: `ForAllValues is true when ${c.key} is absent` };
  if (op.family === 'Null') return { fixed: false, why: `Null only tests whether ${c.key} is present` };
  if (c.values.length === 0) return { fixed: false, why: `no values for ${c.key}` };
  for (const v of c.values) {
    if (v.kind === 'unknown') return { unknown: v.reason };
    const text = v.text;
    if (hasPolicyVariable(text)) return { fixed: false, why: `${c.key} value "${text}" is a policy variable` };
    if (c.keyLower === 'aws:sourceip') {
      const cidr = parseCidr(text);
      if (!cidr) return { fixed: false, why: `aws:SourceIp value "${text}" is not an IP range` };
      if (isBroadSourceIp(cidr)) {
        return { fixed: false, why: `aws:SourceIp "${text}" is broader than /${cidr.version === 4 ? 8 : 32}` };
      }
      continue;
    }
    if (hasWildcard(text)) {
      if (c.keyLower === 'aws:userid' && /^[^*?]+:\*$/.test(text)) continue; // "AROLEID:*" is fixed per S3UG
      if (c.keyLower === 's3:dataaccesspointarn' && policyKind === 'bucket' && /^arn:[^:*?]+:s3:[^:*?]*:\d{12}:accesspoint\/[^:]*$/.test(text)) continue;
      return { fixed: false, why: `${c.key} value "${text}" contains a wildcard` };
    }
  }
  if (unverified) {
    return { unverified: true, why: `${c.key} is not named in AWS's list of limiting keys (UNVERIFIED whether BPA treats it as fixed)` };
  }
  return { fixed: true };
}

function grantBase(s: Statement, actions: ActionSet): Omit<PublicGrant, 'principal' | 'principalPointer' | 'verdict' | 'reason'> {
  const base: Omit<PublicGrant, 'principal' | 'principalPointer' | 'verdict' | 'reason'> = {
    statementIndex: s.index,
    pointer: s.pointer,
    actionPointer: s.action?.pointer ?? s.pointer,
    actions,
    actionSummary: summarizeActionSet(s, actions),
    statementLabel: describeStatement(s),
  };
  if (s.sid !== undefined) base.sid = s.sid;
  return base;
}

function summarizeActionSet(s: Statement, set: ActionSet): string {
  const written = s.action?.terms.map(termText).join(', ') ?? '';
  if (s.action?.negated) return `every action except ${written} (NotAction)`;
  if (set.future) return `every action (${written})`;
  if (set.actions.length === 0) return written || 'no S3 action';
  return summarizeActions(set.actions);
}

/** Why the conditions do (not) limit an open principal: the verdict for that grant. */
function conditionVerdict(s: Statement, policyKind: 'bucket' | 'access-point'): { verdict: PublicVerdict | 'limited'; reason: string } {
  if (s.conditionUnknown) return { verdict: 'unknown', reason: `the condition is unknown: ${s.conditionUnknown.reason}` };
  if (s.conditions.length === 0) return { verdict: 'public', reason: 'no condition limits it' };
  const classes = s.conditions.map((c) => ({ c, k: classifyClause(c, policyKind) }));
  if (classes.some(({ k }) => 'fixed' in k && k.fixed)) return { verdict: 'limited', reason: '' };
  const unknown = classes.find(({ k }) => 'unknown' in k);
  if (unknown && 'unknown' in unknown.k) {
    return { verdict: 'unknown', reason: `condition ${unknown.c.operator} ${unknown.c.key} has an unknown value: ${unknown.k.unknown}` };
  }
  const unverified = classes.find(({ k }) => 'unverified' in k);
  if (unverified && 'why' in unverified.k) return { verdict: 'uncertain', reason: unverified.k.why };
  const reasons = classes.map(({ k }) => ('why' in k ? k.why : '')).filter(Boolean);
  return { verdict: 'public', reason: `no condition limits it to fixed values: ${reasons.join('; ')}` };
}

/** Analyses a bucket (or access point) policy for public grants. */
export function analyzePublic(policy: NormalizedPolicy, policyKind: 'bucket' | 'access-point' = 'bucket'): PublicAnalysis {
  const grants: PublicGrant[] = [];
  if (policy.unknown !== undefined) {
    grants.push({
      statementIndex: -1,
      pointer: '',
      principalPointer: '',
      actionPointer: '',
      principal: '',
      actions: { actions: [], future: false },
      actionSummary: '',
      verdict: 'unknown',
      reason: `the policy is unknown: ${policy.unknown}`,
      statementLabel: 'the policy',
    });
    return { isPublic: false, grants };
  }
  for (const s of policy.statements) {
    if (s.effect === 'Deny') continue;
    const actions = actionsOf(s.action);
    if (typeof s.effect === 'object') {
      grants.push({ ...grantBase(s, actions), principal: '', principalPointer: s.pointer, verdict: 'unknown', reason: `its Effect is unknown: ${s.effect.unknown}` });
      continue;
    }
    const p = s.principal;
    if (!p) continue; // a bucket policy statement without a principal is rejected by S3: it grants nothing
    if (p.unknown !== undefined) {
      grants.push({ ...grantBase(s, actions), principal: '', principalPointer: p.pointer, verdict: 'unknown', reason: `its principal is unknown: ${p.unknown}` });
      continue;
    }
    if (p.negated) {
      const except = p.terms.map((t) => classifyPrincipal(t).display).join(', ');
      grants.push({
        ...grantBase(s, actions),
        principal: `everyone except ${except} (NotPrincipal)`,
        principalPointer: p.pointer,
        verdict: 'public',
        reason: 'Allow with NotPrincipal grants to every principal not listed, including anonymous users',
      });
      continue;
    }
    for (const t of p.terms) {
      const cls = classifyPrincipal(t);
      if (cls.kind === 'unknown') {
        grants.push({ ...grantBase(s, actions), principal: cls.display, principalPointer: t.term.pointer, verdict: 'unknown', reason: `the principal is unknown: ${cls.reason}` });
        continue;
      }
      if (cls.kind !== 'everyone' && cls.kind !== 'federated') continue;
      if (cls.kind === 'federated') {
        // S3UG lists {"Federated":"graph.facebook.com"} as public: any identity of that provider.
        grants.push({ ...grantBase(s, actions), principal: cls.display, principalPointer: t.term.pointer, verdict: 'public', reason: 'a federated principal is any identity of that provider' });
        continue;
      }
      const cond = conditionVerdict(s, policyKind);
      if (cond.verdict === 'limited') continue;
      grants.push({ ...grantBase(s, actions), principal: cls.display, principalPointer: t.term.pointer, verdict: cond.verdict, reason: cond.reason });
    }
  }
  return { isPublic: grants.some((g) => g.verdict === 'public'), grants };
}

export { summarizeActionSet };
