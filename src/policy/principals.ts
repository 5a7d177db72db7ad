/**
 * Principal classification (IAMUG reference_policies_elements_principal): `"*"` and `{"AWS":"*"}` are
 * everyone including anonymous; partial wildcards are not allowed in principal ARNs, so any `*` is treated
 * as everyone; Federated principals are public per S3UG's examples.
 */
import type { PrincipalElement, PrincipalTerm } from './normalize.js';

export type PrincipalClass =
  | { kind: 'everyone'; display: string }
  | { kind: 'account'; account: string; display: string }
  | { kind: 'service'; service: string; display: string }
  | { kind: 'federated'; provider: string; display: string }
  | { kind: 'canonical-user'; id: string; display: string }
  | { kind: 'unknown'; reason: string; display: string };

const ACCOUNT_ID = /^\d{12}$/;

/** The account of "123456789012" or an IAM/STS ARN, undefined otherwise. */
export function accountOfPrincipal(text: string): string | undefined {
  if (ACCOUNT_ID.test(text)) return text;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(text);
  return m?.[1];
}

export function classifyPrincipal(p: PrincipalTerm): PrincipalClass {
  if (p.term.kind === 'unknown') return { kind: 'unknown', reason: p.term.reason, display: `<unknown: ${p.term.reason}>` };
  const text = p.term.text;
  const type = p.type.toLowerCase();
  if (text.includes('*')) return { kind: 'everyone', display: p.type === '*' ? '"*"' : `{"${p.type}": "${text}"}` };
  if (type === 'service') return { kind: 'service', service: text, display: `service ${text}` };
  if (type === 'federated') return { kind: 'federated', provider: text, display: `federated ${text}` };
  if (type === 'canonicaluser') return { kind: 'canonical-user', id: text, display: `canonical user ${text}` };
  const account = accountOfPrincipal(text);
  if (account) return { kind: 'account', account, display: text };
  return { kind: 'unknown', reason: `unrecognised principal ${text}`, display: text };
}

/** True when a Principal element names everyone: `"*"` or `{"AWS":"*"}` among its entries. */
export function namesEveryone(el: PrincipalElement): boolean {
  return el.terms.some((t) => t.type.toLowerCase() !== 'service' && classifyPrincipal(t).kind === 'everyone')
    || el.terms.some((t) => t.type === '*');
}

export function describePrincipals(el: PrincipalElement): string {
  return el.terms.map((t) => classifyPrincipal(t).display).join(', ');
}
