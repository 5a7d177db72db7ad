/**
 * Condition evaluation with IAM's rules (IAMUG reference_policies_elements_condition_operators,
 * s3-semantics.md §2.2): operator families, `...IfExists`, negated operators true on absent keys,
 * ForAllValues / ForAnyValue, `*`/`?` in Like and Arn operators, policy variables, values ORed, keys ANDed,
 * key names case-insensitive, values case-sensitive except the IgnoreCase operators and Bool.
 *
 * Evaluation is over a symbolic request: each key is absent, has concrete values, is free (anything,
 * including absent), or is "other" (present with one value different from a set of terms). The result is
 * three-valued plus unknown: 'depends' means some requests satisfy the condition and others do not.
 */
import { globMatches, hasPolicyVariable, unescapeLiteral } from './glob.js';
import { cidrContains, parseCidr } from './ip.js';
import type { ConditionClause, Term } from './normalize.js';

export type Family = 'String' | 'Arn' | 'Numeric' | 'Date' | 'Bool' | 'Ip' | 'Null' | 'Binary';
export type Comparison = 'eq' | 'like' | 'lt' | 'le' | 'gt' | 'ge';

export interface ParsedOperator {
  raw: string;
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  /** Canonical operator name without qualifier and IfExists, e.g. "StringNotLike". */
  base: string;
  family: Family;
  comparison: Comparison;
  negated: boolean;
  ignoreCase: boolean;
  ifExists: boolean;
}

interface OperatorSpec {
  family: Family;
  comparison: Comparison;
  negated: boolean;
  ignoreCase?: boolean;
}

const OPERATORS: Record<string, OperatorSpec> = {
  StringEquals: { family: 'String', comparison: 'eq', negated: false },
  StringNotEquals: { family: 'String', comparison: 'eq', negated: true },
  StringEqualsIgnoreCase: { family: 'String', comparison: 'eq', negated: false, ignoreCase: true },
  StringNotEqualsIgnoreCase: { family: 'String', comparison: 'eq', negated: true, ignoreCase: true },
  StringLike: { family: 'String', comparison: 'like', negated: false },
  StringNotLike: { family: 'String', comparison: 'like', negated: true },
  NumericEquals: { family: 'Numeric', comparison: 'eq', negated: false },
  NumericNotEquals: { family: 'Numeric', comparison: 'eq', negated: true },
  NumericLessThan: { family: 'Numeric', comparison: 'lt', negated: false },
  NumericLessThanEquals: { family: 'Numeric', comparison: 'le', negated: false },
  NumericGreaterThan: { family: 'Numeric', comparison: 'gt', negated: false },
  NumericGreaterThanEquals: { family: 'Numeric', comparison: 'ge', negated: false },
  DateEquals: { family: 'Date', comparison: 'eq', negated: false },
  DateNotEquals: { family: 'Date', comparison: 'eq', negated: true },
  DateLessThan: { family: 'Date', comparison: 'lt', negated: false },
  DateLessThanEquals: { family: 'Date', comparison: 'le', negated: false },
  DateGreaterThan: { family: 'Date', comparison: 'gt', negated: false },
  DateGreaterThanEquals: { family: 'Date', comparison: 'ge', negated: false },
  Bool: { family: 'Bool', comparison: 'eq', negated: false, ignoreCase: true },
  BinaryEquals: { family: 'Binary', comparison: 'eq', negated: false },
  IpAddress: { family: 'Ip', comparison: 'like', negated: false },
  NotIpAddress: { family: 'Ip', comparison: 'like', negated: true },
  // ArnEquals and ArnLike behave the same in IAM: both accept wildcards per ARN component.
  ArnEquals: { family: 'Arn', comparison: 'like', negated: false },
  ArnLike: { family: 'Arn', comparison: 'like', negated: false },
  ArnNotEquals: { family: 'Arn', comparison: 'like', negated: true },
  ArnNotLike: { family: 'Arn', comparison: 'like', negated: true },
  Null: { family: 'Null', comparison: 'eq', negated: false },
};

const OPERATOR_BY_LOWER = new Map(Object.keys(OPERATORS).map((k) => [k.toLowerCase(), k]));

/** Parses an operator name; undefined for names IAM would reject (the statement then evaluates unknown). */
export function parseOperator(raw: string): ParsedOperator | undefined {
  let rest = raw;
  let qualifier: ParsedOperator['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') qualifier = 'ForAllValues';
    else if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = OPERATOR_BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  const spec = OPERATORS[base]!;
  if (spec.family === 'Null' && (ifExists || qualifier)) return undefined;
  const parsed: ParsedOperator = {
    raw,
    base,
    family: spec.family,
    comparison: spec.comparison,
    negated: spec.negated,
    ignoreCase: spec.ignoreCase ?? false,
    ifExists,
  };
  if (qualifier) parsed.qualifier = qualifier;
  return parsed;
}

/** The positive counterpart of a negated operator's base name ("StringNotLike" → "StringLike"). */
export function positiveBase(base: string): string {
  if (base === 'NotIpAddress') return 'IpAddress';
  return base.replace('Not', '');
}

/** Identity of a policy term when used as an "other than these" exclusion. */
export function termId(t: Term): string {
  return t.kind === 'literal' ? `lit:${unescapeLiteral(t.text)}` : `unk:${t.reason}`;
}

export type KeyState =
  | { kind: 'absent' }
  | { kind: 'values'; values: string[] }
  /** Any value or none: the requester controls it or it varies. */
  | { kind: 'free' }
  /** Present, one value, equal to none of the excluded term ids (see termId). */
  | { kind: 'other'; excluding: string[] };

export type Tri = { result: 'true' | 'false' | 'depends' } | { result: 'unknown'; reason: string };

const TRUE: Tri = { result: 'true' };
const FALSE: Tri = { result: 'false' };
const DEPENDS: Tri = { result: 'depends' };

export interface RequestContext {
  /** The state of a key (lower-case name). Keys the context does not mention are free. */
  key(keyLower: string): KeyState;
}

export function requestContext(keys: Record<string, KeyState>): RequestContext {
  const lower = new Map(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), v]));
  return { key: (k) => lower.get(k) ?? { kind: 'free' } };
}

function not(t: Tri): Tri {
  if (t.result === 'true') return FALSE;
  if (t.result === 'false') return TRUE;
  return t;
}

function parseNumber(s: string): number | undefined {
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s)) return undefined;
  return Number(s);
}

function parseDate(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function order(cmp: Comparison, a: number, b: number): boolean {
  switch (cmp) {
    case 'eq':
    case 'like':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

/** Splits an ARN into its six components (the resource part may contain colons). */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * Positive comparison of one request value with one policy value. 'depends' when the policy value holds a
 * policy variable (resolved per request) or cannot be parsed; unknown for unknown terms.
 */
function comparePositive(op: ParsedOperator, requestValue: string, policy: Term): Tri {
  if (policy.kind === 'unknown') return { result: 'unknown', reason: policy.reason };
  const raw = policy.text;
  if (hasPolicyVariable(raw)) return DEPENDS;
  switch (op.family) {
    case 'String':
      if (op.comparison === 'like') return globMatches(raw, requestValue) ? TRUE : FALSE;
      return (op.ignoreCase ? unescapeLiteral(raw).toLowerCase() === requestValue.toLowerCase() : unescapeLiteral(raw) === requestValue)
        ? TRUE
        : FALSE;
    case 'Bool':
      return raw.toLowerCase() === requestValue.toLowerCase() ? TRUE : FALSE;
    case 'Binary':
      return raw === requestValue ? TRUE : FALSE;
    case 'Numeric': {
      const a = parseNumber(requestValue);
      const b = parseNumber(raw);
      if (a === undefined || b === undefined) return { result: 'unknown', reason: `${raw} is not a number` };
      return order(op.comparison, a, b) ? TRUE : FALSE;
    }
    case 'Date': {
      const a = parseDate(requestValue);
      const b = parseDate(raw);
      if (a === undefined || b === undefined) return { result: 'unknown', reason: `${raw} is not a date` };
      return order(op.comparison, a, b) ? TRUE : FALSE;
    }
    case 'Ip': {
      const range = parseCidr(raw);
      const ip = parseCidr(requestValue);
      if (!range || !ip) return { result: 'unknown', reason: `${raw} is not an IP range` };
      return cidrContains(range, ip) ? TRUE : FALSE;
    }
    case 'Arn': {
      const want = arnParts(raw);
      const got = arnParts(requestValue);
      if (!want || !got) return FALSE;
      return want.every((w, i) => globMatches(w, got[i]!)) ? TRUE : FALSE;
    }
    case 'Null':
      return FALSE; // handled by the caller
  }
}

/** OR over the policy values: true when any matches, unknown only if nothing matched and something was unknown. */
function anyPolicyValue(op: ParsedOperator, requestValue: string, values: Term[]): Tri {
  let sawDepends = false;
  let unknownReason: string | undefined;
  for (const v of values) {
    const r = comparePositive(op, requestValue, v);
    if (r.result === 'true') return TRUE;
    if (r.result === 'depends') sawDepends = true;
    if (r.result === 'unknown') unknownReason ??= r.reason;
  }
  if (unknownReason !== undefined) return { result: 'unknown', reason: unknownReason };
  return sawDepends ? DEPENDS : FALSE;
}

/** Matching of a symbolic "other" value against the policy values (positive sense). */
function otherMatches(op: ParsedOperator, excluding: string[], values: Term[]): Tri {
  let sawDepends = false;
  let unknownReason: string | undefined;
  for (const v of values) {
    if (v.kind === 'literal') {
      const isPattern = (op.comparison === 'like' || op.family === 'Arn') && /[*?]/.test(v.text);
      if (isPattern && /^\*+$/.test(v.text)) return TRUE;
      if (!isPattern && !hasPolicyVariable(v.text) && excluding.includes(termId(v))) continue;
      sawDepends = true;
    } else if (!excluding.includes(termId(v))) {
      // An unknown value could be the very value the request carries.
      unknownReason ??= v.reason;
    }
  }
  if (unknownReason !== undefined) return { result: 'unknown', reason: unknownReason };
  return sawDepends ? DEPENDS : FALSE;
}

function combineAll(results: Tri[]): Tri {
  if (results.some((r) => r.result === 'false')) return FALSE;
  const unk = results.find((r) => r.result === 'unknown');
  if (unk) return unk;
  if (results.some((r) => r.result === 'depends')) return DEPENDS;
  return TRUE;
}

function combineAny(results: Tri[]): Tri {
  if (results.some((r) => r.result === 'true')) return TRUE;
  const unk = results.find((r) => r.result === 'unknown');
  if (unk) return unk;
  if (results.some((r) => r.result === 'depends')) return DEPENDS;
  return FALSE;
}

/** Evaluates one operator/key clause in the given request context. */
export function evaluateClause(clause: ConditionClause, ctx: RequestContext): Tri {
  const op = parseOperator(clause.operator);
  if (!op) return { result: 'unknown', reason: `unsupported condition operator ${clause.operator}` };
  const state = ctx.key(clause.keyLower);

  if (op.family === 'Null') {
    // Null: "true" tests that the key is absent, "false" that it is present. Values are ORed.
    const wanted = clause.values.map((v) => (v.kind === 'literal' ? v.text.toLowerCase() : undefined));
    if (wanted.some((w) => w === undefined)) {
      const u = clause.values.find((v) => v.kind === 'unknown');
      return { result: 'unknown', reason: u && u.kind === 'unknown' ? u.reason : 'unknown Null value' };
    }
    if (state.kind === 'free') return DEPENDS;
    const absent = state.kind === 'absent' || (state.kind === 'values' && state.values.length === 0);
    return wanted.includes(absent ? 'true' : 'false') ? TRUE : FALSE;
  }

  if (state.kind === 'absent' || (state.kind === 'values' && state.values.length === 0)) {
    if (op.qualifier === 'ForAllValues') return TRUE;
    if (op.ifExists) return TRUE;
    if (op.qualifier === 'ForAnyValue') return FALSE;
    return op.negated ? TRUE : FALSE;
  }
  if (state.kind === 'free') return DEPENDS;

  const perValue = (match: Tri): Tri => (op.negated ? not(match) : match);
  if (state.kind === 'other') return perValue(otherMatches(op, state.excluding, clause.values));

  const results = state.values.map((rv) => perValue(anyPolicyValue(op, rv, clause.values)));
  if (op.qualifier === 'ForAllValues') return combineAll(results);
  if (op.qualifier === 'ForAnyValue') return combineAny(results);
  // Without a set qualifier: a positive operator matches if any request value does; a negated one only
  // if every request value avoids all policy values.
  return op.negated ? combineAll(results) : combineAny(results);
}

export interface ConditionEvaluation {
  result: Tri;
  clauses: { clause: ConditionClause; result: Tri }[];
}

/** ANDs every clause. Conditions that could not be read make the result unknown (unless a clause is false). */
export function evaluateConditions(
  clauses: ConditionClause[],
  ctx: RequestContext,
  conditionUnknown?: { reason: string },
): ConditionEvaluation {
  const results = clauses.map((clause) => ({ clause, result: evaluateClause(clause, ctx) }));
  const all = results.map((r) => r.result);
  if (conditionUnknown) all.push({ result: 'unknown', reason: conditionUnknown.reason });
  return { result: combineAll(all), clauses: results };
}
