/**
 * Normalises an IAM policy document into statements whose every part carries its JSON pointer, so findings
 * can point at the exact line through PolicyDocument.locations. Single values and arrays are unified,
 * `"*"` principals are kept distinguishable from `{"AWS":"*"}` only by their pointer, and
 * `{ "$s3lint:unknown": reason }` markers survive as unknown terms.
 */
import { isUnknownMarker, UNKNOWN_MARKER, type JsonValue } from '../model/index.js';

export type Term =
  | { kind: 'literal'; text: string; pointer: string }
  | { kind: 'unknown'; reason: string; pointer: string };

export interface PrincipalTerm {
  /** "AWS" | "Service" | "Federated" | "CanonicalUser", or "*" for the bare `"Principal": "*"`. */
  type: string;
  term: Term;
}

export interface PrincipalElement {
  /** True for NotPrincipal. */
  negated: boolean;
  pointer: string;
  terms: PrincipalTerm[];
  /** Set when the whole element is an unknown marker or malformed. */
  unknown?: string;
}

export interface ListElement {
  /** True for NotAction / NotResource. */
  negated: boolean;
  pointer: string;
  terms: Term[];
  unknown?: string;
}

export interface ConditionClause {
  /** The operator as written, e.g. "ForAnyValue:StringNotLikeIfExists". */
  operator: string;
  /** The key as written; IAM compares key names case-insensitively. */
  key: string;
  keyLower: string;
  values: Term[];
  pointer: string;
}

export type Effect = 'Allow' | 'Deny' | { unknown: string };

export interface Statement {
  index: number;
  pointer: string;
  sid?: string;
  effect: Effect;
  effectPointer: string;
  principal?: PrincipalElement;
  action?: ListElement;
  resource?: ListElement;
  conditions: ConditionClause[];
  /** Set when the Condition block (or an operator block) could not be read. */
  conditionUnknown?: { reason: string; pointer: string };
}

export interface PolicyProblem {
  pointer: string;
  message: string;
}

export interface NormalizedPolicy {
  statements: Statement[];
  problems: PolicyProblem[];
  /** Set when the document as a whole is an unknown marker or unreadable. */
  unknown?: string;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function child(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(String(token))}`;
}

type JsonObject = { [key: string]: JsonValue };

function isObject(x: JsonValue | undefined): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Finds a property by IAM's case-insensitive element names ("effect" works like "Effect"). */
function prop(obj: JsonObject, name: string): { key: string; value: JsonValue } | undefined {
  if (name in obj) return { key: name, value: obj[name]! };
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return { key: k, value: v };
  return undefined;
}

function toTerm(value: JsonValue, pointer: string): Term | undefined {
  if (typeof value === 'string') return { kind: 'literal', text: value, pointer };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', text: String(value), pointer };
  if (isUnknownMarker(value)) return { kind: 'unknown', reason: String((value as JsonObject)[UNKNOWN_MARKER]), pointer };
  return undefined;
}

function toTerms(value: JsonValue, pointer: string, problems: PolicyProblem[]): Term[] {
  const items = Array.isArray(value) ? value.map((v, i) => [v, child(pointer, i)] as const) : [[value, pointer] as const];
  const out: Term[] = [];
  for (const [v, p] of items) {
    const t = toTerm(v, p);
    if (t) out.push(t);
    else problems.push({ pointer: p, message: 'expected a string' });
  }
  return out;
}

function listElement(stmt: JsonObject, name: string, pointer: string, problems: PolicyProblem[]): ListElement | undefined {
  const pos = prop(stmt, name);
  const neg = prop(stmt, `Not${name}`);
  const found = pos ?? neg;
  if (!found) return undefined;
  const p = child(pointer, found.key);
  if (isUnknownMarker(found.value)) {
    return { negated: !pos, pointer: p, terms: [], unknown: String((found.value as JsonObject)[UNKNOWN_MARKER]) };
  }
  return { negated: !pos, pointer: p, terms: toTerms(found.value, p, problems) };
}

function principalElement(stmt: JsonObject, pointer: string, problems: PolicyProblem[]): PrincipalElement | undefined {
  const pos = prop(stmt, 'Principal');
  const neg = prop(stmt, 'NotPrincipal');
  const found = pos ?? neg;
  if (!found) return undefined;
  const p = child(pointer, found.key);
  const el: PrincipalElement = { negated: !pos, pointer: p, terms: [] };
  const v = found.value;
  if (isUnknownMarker(v)) {
    el.unknown = String((v as JsonObject)[UNKNOWN_MARKER]);
  } else if (typeof v === 'string') {
    // Only "*" is valid as a bare string; anything else is treated as an AWS principal.
    el.terms.push({ type: v === '*' ? '*' : 'AWS', term: { kind: 'literal', text: v, pointer: p } });
  } else if (isObject(v)) {
    for (const [type, values] of Object.entries(v)) {
      const tp = child(p, type);
      if (isUnknownMarker(values)) {
        el.terms.push({ type, term: { kind: 'unknown', reason: String((values as JsonObject)[UNKNOWN_MARKER]), pointer: tp } });
        continue;
      }
      for (const term of toTerms(values, tp, problems)) el.terms.push({ type, term });
    }
  } else {
    el.unknown = 'the principal is neither "*" nor an object';
    problems.push({ pointer: p, message: el.unknown });
  }
  return el;
}

function conditions(stmt: Statement, raw: JsonObject, pointer: string, problems: PolicyProblem[]): void {
  const found = prop(raw, 'Condition');
  if (!found) return;
  const p = child(pointer, found.key);
  if (isUnknownMarker(found.value)) {
    stmt.conditionUnknown = { reason: String((found.value as JsonObject)[UNKNOWN_MARKER]), pointer: p };
    return;
  }
  if (!isObject(found.value)) {
    stmt.conditionUnknown = { reason: 'the Condition block is not an object', pointer: p };
    problems.push({ pointer: p, message: stmt.conditionUnknown.reason });
    return;
  }
  for (const [operator, block] of Object.entries(found.value)) {
    const op = child(p, operator);
    if (isUnknownMarker(block) || !isObject(block)) {
      const reason = isUnknownMarker(block)
        ? String((block as JsonObject)[UNKNOWN_MARKER])
        : `the ${operator} block is not an object`;
      stmt.conditionUnknown = { reason, pointer: op };
      continue;
    }
    for (const [key, values] of Object.entries(block)) {
      const kp = child(op, key);
      const clause: ConditionClause = { operator, key, keyLower: key.toLowerCase(), values: [], pointer: kp };
      // A marker in value position is one value whose text is unknown (the common IaC case: a reference).
      clause.values = toTerms(values, kp, problems);
      stmt.conditions.push(clause);
    }
  }
}

function normalizeStatement(raw: JsonValue, index: number, pointer: string, problems: PolicyProblem[]): Statement {
  const stmt: Statement = { index, pointer, effect: { unknown: 'the statement has no Effect' }, effectPointer: pointer, conditions: [] };
  if (isUnknownMarker(raw)) {
    stmt.effect = { unknown: String((raw as JsonObject)[UNKNOWN_MARKER]) };
    return stmt;
  }
  if (!isObject(raw)) {
    stmt.effect = { unknown: 'the statement is not an object' };
    problems.push({ pointer, message: 'the statement is not an object' });
    return stmt;
  }
  const sid = prop(raw, 'Sid');
  if (sid && typeof sid.value === 'string') stmt.sid = sid.value;
  const effect = prop(raw, 'Effect');
  if (effect) {
    stmt.effectPointer = child(pointer, effect.key);
    if (effect.value === 'Allow' || effect.value === 'Deny') stmt.effect = effect.value;
    else if (isUnknownMarker(effect.value)) stmt.effect = { unknown: String((effect.value as JsonObject)[UNKNOWN_MARKER]) };
    else {
      // IAM rejects any other spelling at deploy time; nothing can be concluded from this statement.
      stmt.effect = { unknown: `Effect ${JSON.stringify(effect.value)} is neither "Allow" nor "Deny"` };
      problems.push({ pointer: stmt.effectPointer, message: stmt.effect.unknown });
    }
  } else {
    problems.push({ pointer, message: 'the statement has no Effect' });
  }
  const principal = principalElement(raw, pointer, problems);
  if (principal) stmt.principal = principal;
  const action = listElement(raw, 'Action', pointer, problems);
  if (action) stmt.action = action;
  const resource = listElement(raw, 'Resource', pointer, problems);
  if (resource) stmt.resource = resource;
  conditions(stmt, raw, pointer, problems);
  return stmt;
}

/** Several rules read each bucket's policy: each document is normalised once (results are read-only). */
const normalized = new WeakMap<object, NormalizedPolicy>();

/** Normalises a policy document. A JSON string is parsed first (CloudFormation and Terraform allow both). */
export function normalizePolicy(json: JsonValue): NormalizedPolicy {
  if (typeof json !== 'object' || json === null) return normalizeDocument(json);
  let out = normalized.get(json);
  if (!out) normalized.set(json, (out = normalizeDocument(json)));
  return out;
}

function normalizeDocument(json: JsonValue): NormalizedPolicy {
  const problems: PolicyProblem[] = [];
  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as JsonValue;
    } catch {
      return { statements: [], problems, unknown: 'the policy is not valid JSON' };
    }
  }
  if (isUnknownMarker(doc)) return { statements: [], problems, unknown: String((doc as JsonObject)[UNKNOWN_MARKER]) };
  if (!isObject(doc)) return { statements: [], problems, unknown: 'the policy is not a JSON object' };
  const st = prop(doc, 'Statement');
  if (!st) return { statements: [], problems: [{ pointer: '', message: 'the policy has no Statement' }] };
  const p = `/${escapePointerToken(st.key)}`;
  if (isUnknownMarker(st.value)) return { statements: [], problems, unknown: String((st.value as JsonObject)[UNKNOWN_MARKER]) };
  const raws = Array.isArray(st.value) ? st.value : [st.value];
  const statements = raws.map((raw, i) => normalizeStatement(raw, i, Array.isArray(st.value) ? child(p, i) : p, problems));
  return { statements, problems };
}

/** "statement 2 (Sid DenyOutsideVpce)" — how findings name a statement. */
export function describeStatement(s: Statement): string {
  return s.sid ? `statement ${s.index} (Sid "${s.sid}")` : `statement ${s.index}`;
}

export function termText(t: Term): string {
  return t.kind === 'literal' ? t.text : `<unknown: ${t.reason}>`;
}
