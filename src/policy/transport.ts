/**
 * TLS-only and minimum-TLS decisions (s3-semantics.md §7): an explicit Deny covering every principal, every
 * action and both bucket ARNs for requests over HTTP (aws:SecureTransport = "false"), or over TLS older than
 * the floor (s3:TlsVersion). An Allow conditioned on aws:SecureTransport = "true" does not count: AWS Config's
 * s3-bucket-ssl-requests-only (Security Hub S3.5) requires the explicit Deny.
 */
import { parseOperator, requestContext, type Tri } from './conditions.js';
import { BUCKET_PARTS, clauseText, denyCoverage, explainDeny, gap, type Gap } from './coverage.js';
import type { ConditionClause, NormalizedPolicy } from './normalize.js';

export interface DenyDecision {
  status: 'enforced' | 'not-enforced' | 'unknown';
  gaps: Gap[];
  unknown?: { reason: string; pointer: string };
  /** Allow statements that look like the control but do not enforce it. */
  notCounted: Gap[];
}

function decide(
  policy: NormalizedPolicy,
  bucketName: string | { unknown: string },
  contexts: ReturnType<typeof requestContext>[],
  keyLower: string,
  explain: (c: ConditionClause, r: Tri) => string | undefined,
  missingMessage: string,
): DenyDecision {
  if (policy.unknown !== undefined) return { status: 'unknown', gaps: [], notCounted: [], unknown: { reason: policy.unknown, pointer: '' } };
  const candidates = policy.statements.filter((s) => s.effect !== 'Allow' && s.conditions.some((c) => c.keyLower === keyLower));
  const gaps: Gap[] = [];
  let notCovered = false;
  let unknown: DenyDecision['unknown'];
  for (const ctx of contexts) {
    const cov = denyCoverage(policy, bucketName, ctx);
    const open = BUCKET_PARTS.filter((p) => !cov.parts[p].covered);
    if (open.length === 0) continue;
    const u = open.map((p) => cov.parts[p].unknown).find((x) => x !== undefined);
    if (u && open.every((p) => cov.parts[p].unknown)) unknown ??= u;
    else notCovered = true;
    for (const d of cov.scopes) if (candidates.includes(d.stmt)) gaps.push(...explainDeny(d, explain));
  }
  if (candidates.length === 0 && (notCovered || unknown)) {
    gaps.push({ kind: 'condition', statementIndex: -1, pointer: '', message: missingMessage });
  }
  const notCounted: Gap[] = [];
  for (const s of policy.statements) {
    if (s.effect !== 'Allow') continue;
    for (const c of s.conditions) {
      if (c.keyLower === keyLower) notCounted.push(gap('condition', s, c.pointer, `Allow with ${clauseText(c)} does not count: only an explicit Deny stops requests that other statements or identity policies allow`));
    }
  }
  const seen = new Set<string>();
  const unique = gaps.filter((g) => (seen.has(g.pointer + g.message) ? false : (seen.add(g.pointer + g.message), true)));
  const status: DenyDecision['status'] = notCovered ? 'not-enforced' : unknown ? 'unknown' : 'enforced';
  const gaps2 = status === 'enforced' ? [] : status === 'not-enforced' ? unique.filter((g) => g.kind !== 'unknown') : unique;
  const out: DenyDecision = { status, gaps: gaps2, notCounted };
  if (status === 'not-enforced' && out.gaps.length === 0) {
    out.gaps.push({ kind: 'condition', statementIndex: -1, pointer: '', message: 'the Deny statements together do not cover every principal, every action and both the bucket and bucket/* ARNs' });
  }
  if (unknown && status === 'unknown') out.unknown = unknown;
  return out;
}

/** Is every plain-HTTP request to the bucket denied? */
export function decideTlsOnly(policy: NormalizedPolicy, bucketName: string | { unknown: string }): DenyDecision {
  const http = requestContext({ 'aws:securetransport': { kind: 'values', values: ['false'] }, 's3:tlsversion': { kind: 'absent' } });
  return decide(
    policy,
    bucketName,
    [http],
    'aws:securetransport',
    (c, r) => {
      if (c.keyLower === 'aws:securetransport') {
        return `${clauseText(c)} is not true for plain-HTTP requests (aws:SecureTransport is "false" for them), so they are not denied`;
      }
      if (r.result === 'depends') return `the ANDed condition ${clauseText(c)} is an exception: HTTP requests for which it is false are not denied`;
      return undefined;
    },
    'no Deny statement with aws:SecureTransport "false" exists, so requests over plain HTTP are not refused',
  );
}

export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

/** Is every request over a TLS version older than `minimum` denied? */
export function decideMinimumTls(policy: NormalizedPolicy, bucketName: string | { unknown: string }, minimum = '1.2'): DenyDecision {
  const older = TLS_VERSIONS.filter((v) => Number(v) < Number(minimum));
  const contexts = older.map((v) =>
    requestContext({ 'aws:securetransport': { kind: 'values', values: ['true'] }, 's3:tlsversion': { kind: 'values', values: [v] } }),
  );
  return decide(
    policy,
    bucketName,
    contexts,
    's3:tlsversion',
    (c, r) => {
      if (c.keyLower === 's3:tlsversion') {
        const op = parseOperator(c.operator);
        return `${clauseText(c)} does not deny every TLS version below ${minimum}${op?.family === 'Numeric' ? '' : ' (use NumericLessThan)'}`;
      }
      if (r.result === 'depends') return `the ANDed condition ${clauseText(c)} is an exception: old-TLS requests for which it is false are not denied`;
      return undefined;
    },
    `no Deny statement with s3:TlsVersion exists, so TLS versions below ${minimum} are accepted wherever AWS still accepts them`,
  );
}
