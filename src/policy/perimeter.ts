/**
 * Network perimeter (VPC-endpoint-only) decision, s3-semantics.md §3: can a request that does not come
 * through the allowed endpoints / VPCs still be allowed? A bucket policy cannot see identity policies, so
 * the only proof is an explicit Deny covering every principal, every action and both bucket ARNs whose
 * condition is true when aws:SourceVpce / aws:SourceVpc is absent or different from the allowed values.
 */
import type { Estate, VpcEndpoint } from '../model/index.js';
import { parseOperator, requestContext, termId, type KeyState, type RequestContext, type Tri } from './conditions.js';
import { BUCKET_PARTS, clauseText, denyCoverage, denyScope, explainDeny, gap, type DenyCoverage, type Gap } from './coverage.js';
import { hasPolicyVariable, hasWildcard } from './glob.js';
import { termText, type ConditionClause, type NormalizedPolicy, type Statement, type Term } from './normalize.js';

export const PERIMETER_KEYS = ['aws:sourcevpce', 'aws:sourcevpc'] as const;

export interface PerimeterAllowList {
  /** Endpoint ids requests may come through ("vpce-1a2b3c4d"). */
  vpcEndpoints?: string[];
  /** VPC ids requests may come from ("vpc-111bbb22"). */
  vpcs?: string[];
}

export interface PerimeterInput {
  policy: NormalizedPolicy;
  /** The bucket name, or why it is not known. */
  bucketName: string | { unknown: string };
  /** Configured allow list. Empty: the endpoints and VPCs the policy's own Deny statements name. */
  allowed?: PerimeterAllowList;
  /** VPC endpoints of the estate, used to map endpoint ids to their VPC. */
  endpoints?: VpcEndpoint[];
}

export interface PerimeterDecision {
  status: 'enforced' | 'not-enforced' | 'unknown';
  /** Why requests from outside the allowed endpoints can get through. */
  escapes: Gap[];
  /** Deny statements that also block requests through the allowed endpoints. */
  lockouts: Gap[];
  unknown?: { reason: string; pointer: string };
  /** Whether the allow list came from configuration or from the policy itself. */
  allowListSource: 'configuration' | 'policy';
  allowedEndpoints: string[];
  allowedVpcs: string[];
}

export function isPerimeterKey(keyLower: string): boolean {
  return (PERIMETER_KEYS as readonly string[]).includes(keyLower);
}

/** Statements whose condition names aws:SourceVpce or aws:SourceVpc. */
export function referencesPerimeter(s: Statement): boolean {
  return s.conditions.some((c) => isPerimeterKey(c.keyLower));
}

export function policyReferencesPerimeter(policy: NormalizedPolicy): boolean {
  return policy.statements.some(referencesPerimeter);
}

/** Terms naming endpoints (`aws:sourcevpce`) or VPCs (`aws:sourcevpc`) in perimeter clauses. */
export function perimeterTerms(policy: NormalizedPolicy, key: (typeof PERIMETER_KEYS)[number], denyOnly = false): Term[] {
  const out: Term[] = [];
  for (const s of policy.statements) {
    // Statements whose Effect is unknown may be the Deny: their ids count as intended.
    if (denyOnly && s.effect === 'Allow') continue;
    for (const c of s.conditions) {
      if (c.keyLower !== key) continue;
      const op = parseOperator(c.operator);
      if (!op || op.family === 'Null') continue;
      out.push(...c.values);
    }
  }
  return out;
}

function isIdTerm(t: Term): boolean {
  return t.kind === 'unknown' || (!hasWildcard(t.text) && !hasPolicyVariable(t.text));
}

function uniqueIds(terms: Term[]): string[] {
  return [...new Set(terms.filter(isIdTerm).map(termId))];
}

interface Scenario {
  name: 'outside' | 'other-endpoint';
  ctx: RequestContext;
}

function scenarios(allowedEndpointIds: string[], allowedVpcIds: string[]): Scenario[] {
  const outside: Record<string, KeyState> = {
    'aws:sourcevpce': { kind: 'absent' },
    'aws:sourcevpc': { kind: 'absent' },
    'aws:vpcsourceip': { kind: 'absent' },
  };
  const otherEndpoint: Record<string, KeyState> = {
    'aws:sourcevpce': { kind: 'other', excluding: allowedEndpointIds },
    'aws:sourcevpc': { kind: 'other', excluding: allowedVpcIds },
    // aws:SourceIp is not in the request context of requests through a VPC endpoint (IAMUG).
    'aws:sourceip': { kind: 'absent' },
  };
  return [
    { name: 'outside', ctx: requestContext(outside) },
    { name: 'other-endpoint', ctx: requestContext(otherEndpoint) },
  ];
}

function list(terms: Term[]): string {
  return terms.map((t) => `"${termText(t)}"`).join(', ');
}

const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:userid', 'aws:username', 'aws:principaltype']);
/** Keys of the AWS-service exceptions that AWS's own data-perimeter examples add on purpose. */
export const SERVICE_EXCEPTION_KEYS = new Set(['aws:viaawsservice', 'aws:principalisawsservice', 'aws:calledvia', 'aws:calledviafirst', 'aws:calledvialast', 'aws:principalservicename']);

function explainPerimeterClause(
  c: ConditionClause,
  r: Tri,
  scenario: Scenario['name'],
  allowedEndpointIds: string[],
  allowedVpcIds: string[],
  source: PerimeterDecision['allowListSource'],
): string | undefined {
  const op = parseOperator(c.operator);
  const text = clauseText(c);
  if (isPerimeterKey(c.keyLower)) {
    const key = c.keyLower === 'aws:sourcevpce' ? 'aws:SourceVpce' : 'aws:SourceVpc';
    if (scenario === 'outside') {
      return `${text} is false when ${key} is absent (requests from the internet or any other network carry no ${key}), so those requests are not denied`;
    }
    if (op?.family === 'Null') {
      return `${text} only requires that the request came through some VPC endpoint: requests through any other endpoint, including one in another account, are not denied`;
    }
    const wild = c.values.filter((v) => v.kind === 'literal' && (hasWildcard(v.text) || hasPolicyVariable(v.text)));
    if (wild.length > 0) {
      return `wildcard or policy-variable value ${list(wild)} in ${c.operator} ${key} also matches endpoints and VPCs outside the allowed list, so requests through them are not denied`;
    }
    const allowed = c.keyLower === 'aws:sourcevpce' ? allowedEndpointIds : allowedVpcIds;
    const outsideList = c.values.filter((v) => !allowed.includes(termId(v)));
    if (outsideList.length > 0) {
      const listName = c.keyLower === 'aws:sourcevpce' ? 'allowed VPC endpoints' : 'allowed VPCs';
      const note = c.keyLower === 'aws:sourcevpc' && allowedVpcIds.length === 0 ? ` (${key} admits every endpoint in that VPC, not only the allowed endpoints)` : '';
      return `${list(outsideList)} in ${c.operator} ${key} is not among the ${listName}${source === 'configuration' ? ' of the rule options' : ''}, so requests through it are not denied${note}`;
    }
    return `${text} is not true for every request through an endpoint outside the allowed list`;
  }
  if (r.result === 'depends') {
    if (PRINCIPAL_KEYS.has(c.keyLower)) {
      const who = op?.negated ? `principals matching ${list(c.values)}` : `principals not matching ${list(c.values)}`;
      return `the ANDed condition ${text} is an exception: ${who} (${c.key}) may use the bucket from outside the allowed endpoints`;
    }
    if (SERVICE_EXCEPTION_KEYS.has(c.keyLower)) {
      return `the ANDed condition ${text} is an exception: requests made by or through AWS services are not held to the endpoint restriction`;
    }
    if (c.keyLower === 'aws:sourceip') {
      return `the ANDed condition ${text} is an exception: requests from the listed IP ranges are not denied from outside the allowed endpoints`;
    }
    return `the ANDed condition ${text} is an exception: requests for which it is false are not denied from outside the allowed endpoints`;
  }
  return undefined;
}

function allowIfExistsMisuse(policy: NormalizedPolicy): Gap[] {
  const gaps: Gap[] = [];
  for (const s of policy.statements) {
    if (s.effect !== 'Allow') continue;
    for (const c of s.conditions) {
      const op = parseOperator(c.operator);
      if (!op || !isPerimeterKey(c.keyLower)) continue;
      if (op.ifExists && !op.negated) {
        gaps.push(gap('condition', s, c.pointer, `Allow with ${clauseText(c)} is true when the key is absent, so it grants requests that come from outside any VPC endpoint`));
      } else if (op.negated || op.qualifier === 'ForAllValues') {
        gaps.push(gap('condition', s, c.pointer, `Allow with ${clauseText(c)} is true when the key is absent, so it grants requests that come from outside any VPC endpoint`));
      }
    }
  }
  return gaps;
}

function endpointVpc(id: string, endpoints: VpcEndpoint[] | undefined): string | undefined {
  const e = endpoints?.find((x) => x.id.known && x.id.value === id);
  return e?.vpcId.known ? e.vpcId.value : undefined;
}

function lockouts(policy: NormalizedPolicy, input: PerimeterInput, endpointIds: string[], vpcIds: string[]): Gap[] {
  const out: Gap[] = [];
  const contexts: { label: string; ctx: RequestContext }[] = [];
  for (const id of endpointIds) {
    if (!id.startsWith('lit:')) continue;
    const raw = id.slice(4);
    const vpc = endpointVpc(raw, input.endpoints);
    contexts.push({
      label: `the allowed endpoint ${raw}`,
      ctx: requestContext({
        'aws:sourcevpce': { kind: 'values', values: [raw] },
        'aws:sourcevpc': vpc ? { kind: 'values', values: [vpc] } : { kind: 'free' },
        'aws:sourceip': { kind: 'absent' },
      }),
    });
  }
  for (const id of vpcIds) {
    if (!id.startsWith('lit:')) continue;
    const raw = id.slice(4);
    contexts.push({
      label: `the allowed VPC ${raw}`,
      ctx: requestContext({ 'aws:sourcevpc': { kind: 'values', values: [raw] }, 'aws:sourceip': { kind: 'absent' } }),
    });
  }
  const NETWORK_KEYS = ['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:vpcsourceip'];
  for (const s of policy.statements) {
    // Only network conditions can lock the endpoint out by mistake; an unconditional Deny of some actions is deliberate.
    if (s.effect !== 'Deny' || !s.conditions.some((c) => NETWORK_KEYS.includes(c.keyLower))) continue;
    for (const { label, ctx } of contexts) {
      const d = denyScope(s, input.bucketName, ctx);
      if (d.principals.result !== 'true' || d.condition.result.result !== 'true') continue;
      if (!BUCKET_PARTS.some((p) => d.resources[p].result === 'true')) continue;
      const notIp = s.conditions.find((c) => c.keyLower === 'aws:sourceip' && parseOperator(c.operator)?.base === 'NotIpAddress');
      const why = notIp
        ? `: ${clauseText(notIp)} is true when aws:SourceIp is absent, and it is absent for every request through a VPC endpoint (AND it with a negated aws:SourceVpce / aws:SourceVpc condition)`
        : '';
      out.push(gap('condition', s, notIp?.pointer ?? s.pointer, `this Deny also denies requests through ${label}${why}`));
      break;
    }
  }
  return out;
}

function dedupe(gaps: Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const k = `${g.pointer}\u0000${g.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function decidePerimeter(input: PerimeterInput): PerimeterDecision {
  const { policy } = input;
  const configured = (input.allowed?.vpcEndpoints?.length ?? 0) + (input.allowed?.vpcs?.length ?? 0) > 0;
  // Endpoints of the estate that live in an allowed VPC are allowed endpoints too.
  const inAllowedVpcs = (input.endpoints ?? [])
    .filter((e) => e.id.known && e.vpcId.known && (input.allowed?.vpcs ?? []).includes(e.vpcId.value))
    .map((e) => (e.id.known ? e.id.value : ''));
  const allowedEndpointIds = configured
    ? [...new Set([...(input.allowed?.vpcEndpoints ?? []), ...inAllowedVpcs])].map((t) => `lit:${t}`)
    : uniqueIds(perimeterTerms(policy, 'aws:sourcevpce', true));
  const allowedVpcIds = configured ? (input.allowed?.vpcs ?? []).map((t) => `lit:${t}`) : uniqueIds(perimeterTerms(policy, 'aws:sourcevpc', true));
  const base = {
    allowListSource: (configured ? 'configuration' : 'policy') as PerimeterDecision['allowListSource'],
    allowedEndpoints: allowedEndpointIds.map((i) => i.slice(4)),
    allowedVpcs: allowedVpcIds.map((i) => i.slice(4)),
  };
  if (policy.unknown !== undefined) {
    return { status: 'unknown', escapes: [], lockouts: [], unknown: { reason: policy.unknown, pointer: '' }, ...base };
  }

  const escapes: Gap[] = [];
  let unknown: PerimeterDecision['unknown'];
  let notCovered = false;
  const candidates = policy.statements.filter((s) => s.effect !== 'Allow' && referencesPerimeter(s));

  for (const sc of scenarios(allowedEndpointIds, allowedVpcIds)) {
    const cov: DenyCoverage = denyCoverage(policy, input.bucketName, sc.ctx);
    const open = BUCKET_PARTS.filter((p) => !cov.parts[p].covered);
    if (open.length === 0) continue;
    const partUnknown = open.map((p) => cov.parts[p].unknown).find((u) => u !== undefined);
    if (partUnknown && open.every((p) => cov.parts[p].unknown)) unknown ??= partUnknown;
    else notCovered = true;
    for (const d of cov.scopes) {
      if (!candidates.includes(d.stmt)) continue;
      escapes.push(
        ...explainDeny(d, (c, r) => explainPerimeterClause(c, r, sc.name, allowedEndpointIds, allowedVpcIds, base.allowListSource)),
      );
    }
  }

  if (candidates.length === 0) {
    escapes.push({
      kind: 'condition',
      statementIndex: -1,
      pointer: '',
      message: 'no Deny statement restricts aws:SourceVpce or aws:SourceVpc, so nothing in the bucket policy stops requests from outside the allowed endpoints (an Allow with an endpoint condition does not: identity policies can still grant access)',
    });
  }
  const status: PerimeterDecision['status'] = notCovered ? 'not-enforced' : unknown ? 'unknown' : 'enforced';
  if (status !== 'enforced') escapes.push(...allowIfExistsMisuse(policy));

  // Unknown values in escapes (e.g. an unknown endpoint id compared with a configured list) make the answer unknown, not a pass.
  const decision: PerimeterDecision = {
    status,
    // When the door is provably open, 'could not evaluate' notes on other parts are noise: keep the certain gaps.
    escapes: dedupe(status === 'enforced' ? [] : status === 'not-enforced' ? escapes.filter((g) => g.kind !== 'unknown') : escapes),
    lockouts: dedupe(lockouts(policy, input, allowedEndpointIds, allowedVpcIds)),
    ...base,
  };
  if (status === 'not-enforced' && decision.escapes.length === 0) {
    decision.escapes.push({ kind: 'condition', statementIndex: -1, pointer: '', message: 'the Deny statements together do not cover every principal, every action and both the bucket and bucket/* ARNs for requests from outside the allowed endpoints' });
  }
  if (unknown) decision.unknown = unknown;
  return decision;
}

export interface EndpointReferenceNote {
  pointer: string;
  id: string;
  message: string;
}

/**
 * Cross-checks endpoint and VPC ids named in the policy against the estate's VPC endpoints. Only speaks
 * when the estate has VPC endpoints with known ids (otherwise absence proves nothing).
 */
export function checkEndpointReferences(policy: NormalizedPolicy, estate: Estate): EndpointReferenceNote[] {
  const known = estate.vpcEndpoints.filter((e) => e.id.known);
  if (known.length === 0) return [];
  const notes: EndpointReferenceNote[] = [];
  const isS3 = (e: VpcEndpoint): boolean | undefined => (e.serviceName.known ? /(^|\.)s3$/.test(e.serviceName.value) : undefined);
  for (const t of perimeterTerms(policy, 'aws:sourcevpce')) {
    if (t.kind !== 'literal' || !isFixed(t.text)) continue;
    const e = known.find((x) => x.id.known && x.id.value === t.text);
    if (!e) {
      notes.push({ pointer: t.pointer, id: t.text, message: `VPC endpoint ${t.text} does not exist among the ${known.length} VPC endpoint(s) in the scanned estate` });
    } else if (isS3(e) === false && e.serviceName.known) {
      notes.push({ pointer: t.pointer, id: t.text, message: `VPC endpoint ${t.text} is an endpoint for ${e.serviceName.value}, not S3: requests to S3 never carry it` });
    }
  }
  const s3Vpcs = new Set(known.filter((e) => isS3(e) === true && e.vpcId.known).map((e) => (e.vpcId.known ? e.vpcId.value : '')));
  const allVpcsKnown = known.every((e) => e.vpcId.known && e.serviceName.known);
  for (const t of perimeterTerms(policy, 'aws:sourcevpc')) {
    if (t.kind !== 'literal' || !isFixed(t.text) || !allVpcsKnown) continue;
    if (!s3Vpcs.has(t.text)) {
      notes.push({ pointer: t.pointer, id: t.text, message: `no S3 VPC endpoint in VPC ${t.text} exists in the scanned estate, so no request can carry aws:SourceVpc "${t.text}"` });
    }
  }
  return notes;
}

function isFixed(text: string): boolean {
  return !hasWildcard(text) && !hasPolicyVariable(text);
}
