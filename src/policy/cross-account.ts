/**
 * Grants of write access to other AWS accounts through wildcards: a wildcard or NotAction action list that
 * reaches write actions, given to another account's principal or to a wildcard principal narrowed only to
 * other accounts or a whole organization (aws:PrincipalOrgID...). Public grants are public.ts's business.
 */
import { actionsOf, isWildcardAction, isWriteLevel, summarizeActions, type S3Action } from './actions.js';
import { parseOperator } from './conditions.js';
import { describeStatement, termText, type NormalizedPolicy, type Statement } from './normalize.js';
import { classifyPrincipal } from './principals.js';
import { analyzePublic } from './public.js';

/** Actions Security Hub S3.6 singles out when granted to other accounts. */
export const SENSITIVE_CROSS_ACCOUNT_ACTIONS = ['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketPolicy', 's3:PutEncryptionConfiguration', 's3:PutObjectAcl'];

export interface CrossAccountGrant {
  statementIndex: number;
  sid?: string;
  statementLabel: string;
  principalPointer: string;
  actionPointer: string;
  /** "account 444455556666", "every principal of organization o-abc"... */
  grantee: string;
  /** How the wildcard enters: the action list, the principal, or both. */
  via: ('wildcard-action' | 'not-action' | 'wildcard-principal')[];
  writeActions: S3Action[];
  /** True when future actions are granted too (s3:*, *, NotAction). */
  future: boolean;
  /** 'unknown' when the owner account or the principal is unknown. */
  verdict: 'cross-account' | 'unknown';
  reason?: string;
}

const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 's3:dataaccesspointaccount', 'aws:resourceaccount']);

interface Grantee {
  text: string;
  pointer: string;
  wildcardPrincipal: boolean;
  verdict: 'cross-account' | 'unknown';
  reason?: string;
}

/** Who a wildcard principal is narrowed to, when the narrowing is by account or organization. */
/** The bucket owner's account (when known) and the accounts the user declares as their own. */
export interface AccountScope {
  owner: string | undefined;
  trusted: string[];
}

/** 'own' | 'other' | 'unknown' for an account id relative to the owner and trusted accounts. */
function relation(account: string, scope: AccountScope): 'own' | 'other' | 'unknown' {
  if (account === scope.owner || scope.trusted.includes(account)) return 'own';
  return scope.owner !== undefined || scope.trusted.length > 0 ? 'other' : 'unknown';
}

function narrowedGrantees(s: Statement, scope: AccountScope, pointer: string): Grantee[] {
  const out: Grantee[] = [];
  for (const c of s.conditions) {
    const op = parseOperator(c.operator);
    if (!op || op.negated || op.family === 'Null') continue;
    if (ORG_KEYS.has(c.keyLower)) {
      out.push({ text: `every principal of organization ${c.values.map(termText).join(', ')}`, pointer, wildcardPrincipal: true, verdict: 'cross-account' });
    } else if (ACCOUNT_KEYS.has(c.keyLower)) {
      for (const v of c.values) {
        if (v.kind === 'unknown') {
          out.push({ text: `account <unknown>`, pointer, wildcardPrincipal: true, verdict: 'unknown', reason: v.reason });
        } else {
          const r = relation(v.text, scope);
          if (r === 'unknown') out.push({ text: `account ${v.text}`, pointer, wildcardPrincipal: true, verdict: 'unknown', reason: UNKNOWN_OWNER });
          else if (r === 'other') out.push({ text: `every principal of account ${v.text}`, pointer, wildcardPrincipal: true, verdict: 'cross-account' });
        }
      }
    }
  }
  return out;
}

const UNKNOWN_OWNER = 'the bucket owner account is unknown (set the rule option trustedAccounts to your account ids)';

function grantees(s: Statement, scope: AccountScope, publicPointers: Set<string>): Grantee[] {
  const p = s.principal;
  if (!p || p.negated) return [];
  if (p.unknown !== undefined) return [{ text: 'an unknown principal', pointer: p.pointer, wildcardPrincipal: false, verdict: 'unknown', reason: p.unknown }];
  const out: Grantee[] = [];
  for (const t of p.terms) {
    const cls = classifyPrincipal(t);
    if (cls.kind === 'account') {
      const r = relation(cls.account, scope);
      if (r === 'unknown') out.push({ text: cls.display, pointer: t.term.pointer, wildcardPrincipal: false, verdict: 'unknown', reason: UNKNOWN_OWNER });
      else if (r === 'other') out.push({ text: `${cls.display} (account ${cls.account})`, pointer: t.term.pointer, wildcardPrincipal: false, verdict: 'cross-account' });
    } else if (cls.kind === 'unknown') {
      out.push({ text: cls.display, pointer: t.term.pointer, wildcardPrincipal: false, verdict: 'unknown', reason: cls.reason });
    } else if (cls.kind === 'everyone' && !publicPointers.has(t.term.pointer)) {
      out.push(...narrowedGrantees(s, scope, t.term.pointer));
    }
  }
  return out;
}

export function analyzeCrossAccount(policy: NormalizedPolicy, scope: AccountScope): CrossAccountGrant[] {
  if (policy.unknown !== undefined) return [];
  const publicPointers = new Set(analyzePublic(policy).grants.filter((g) => g.verdict === 'public').map((g) => g.principalPointer));
  const out: CrossAccountGrant[] = [];
  for (const s of policy.statements) {
    if (s.effect !== 'Allow' || !s.action) continue;
    const set = actionsOf(s.action);
    const writes = set.actions.filter(isWriteLevel);
    if (writes.length === 0 && !set.future) continue;
    const literals = s.action.terms.flatMap((t) => (t.kind === 'literal' ? [t.text] : []));
    const actionVia: CrossAccountGrant['via'] = s.action.negated ? ['not-action'] : literals.some(isWildcardAction) ? ['wildcard-action'] : [];
    for (const g of grantees(s, scope, publicPointers)) {
      // Named actions to a partner or an organization are a deliberate grant; the wildcard in the action list is the defect.
      if (actionVia.length === 0) continue;
      const via: CrossAccountGrant['via'] = [...actionVia, ...(g.wildcardPrincipal ? (['wildcard-principal'] as const) : [])];
      const grant: CrossAccountGrant = {
        statementIndex: s.index,
        statementLabel: describeStatement(s),
        principalPointer: g.pointer,
        actionPointer: s.action.pointer,
        grantee: g.text,
        via,
        writeActions: writes,
        future: set.future,
        verdict: g.verdict,
      };
      if (s.sid !== undefined) grant.sid = s.sid;
      if (g.reason !== undefined) grant.reason = g.reason;
      out.push(grant);
    }
  }
  return out;
}

/** "97 write actions, among them s3:PutBucketPolicy, s3:PutObjectAcl, ..., and every action S3 adds later". */
export function describeWrites(g: CrossAccountGrant): string {
  const onBucket = g.writeActions.filter((a) => a.scope !== 'other');
  const sensitive = onBucket.filter((a) => SENSITIVE_CROSS_ACCOUNT_ACTIONS.includes(a.qualified));
  const rest = onBucket.filter((a) => !sensitive.includes(a));
  const shown = [...sensitive, ...rest];
  const list =
    onBucket.length === 0
      ? 'write actions'
      : onBucket.length <= 3
        ? `write actions ${shown.map((a) => a.qualified).join(', ')}`
        : `${onBucket.length} bucket and object write actions (among them ${summarizeActions(shown.slice(0, 5), 5)})`;
  return `${list}${g.future ? ', and every action S3 adds later' : ''}`;
}
