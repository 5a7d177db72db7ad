import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/model/index.js';
import { analyzeCrossAccount } from '../../src/policy/index.js';
import { ARN, U, policy } from './helpers.js';

const OWNER = '111122223333';
const OTHER = '444455556666';
const stmt = (extra: Record<string, JsonValue>): JsonValue => ({ Effect: 'Allow', Action: 's3:*', Resource: [ARN, `${ARN}/*`], ...extra });

const cases: { name: string; statement: JsonValue; owner?: string; expect: string[] }[] = [
  { name: 's3:* to another account\'s root is a cross-account wildcard write', statement: stmt({ Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }), expect: ['cross-account'] },
  { name: 'a bare account id is the account\'s root', statement: stmt({ Principal: { AWS: OTHER } }), expect: ['cross-account'] },
  { name: 's3:Put* to another account\'s role is a wildcard write', statement: stmt({ Principal: { AWS: `arn:aws:iam::${OTHER}:role/etl` }, Action: 's3:Put*' }), expect: ['cross-account'] },
  { name: 'NotAction grants everything else to the other account', statement: stmt({ Principal: { AWS: OTHER }, Action: undefined as unknown as JsonValue, NotAction: 's3:DeleteBucket' }), expect: ['cross-account'] },
  { name: 'the owner account with s3:* is not cross-account', statement: stmt({ Principal: { AWS: `arn:aws:iam::${OWNER}:role/admin` } }), expect: [] },
  { name: 'explicit write actions to another account are not a wildcard grant', statement: stmt({ Principal: { AWS: OTHER }, Action: ['s3:PutObject'] }), expect: [] },
  { name: 'wildcard read-only actions (s3:Get*) are not writes', statement: stmt({ Principal: { AWS: OTHER }, Action: 's3:Get*' }), expect: [] },
  { name: 'a service principal is not another account', statement: stmt({ Principal: { Service: 'logging.s3.amazonaws.com' } }), expect: [] },
  { name: 'Principal "*" narrowed to an organization with s3:Put* is a cross-account wildcard write', statement: stmt({ Principal: '*', Action: 's3:Put*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), expect: ['cross-account'] },
  { name: 'Principal "*" narrowed to an organization with named s3:PutObject is a deliberate grant', statement: stmt({ Principal: '*', Action: 's3:PutObject', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), expect: [] },
  { name: 'Principal "*" narrowed to another account with s3:* is cross-account', statement: stmt({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } }), expect: ['cross-account'] },
  { name: 'Principal "*" narrowed to the owner account is not cross-account', statement: stmt({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': OWNER } } }), expect: [] },
  { name: 'a public grant is left to the public-policy rule', statement: stmt({ Principal: '*' }), expect: [] },
  { name: 'unknown owner makes an account grant unknown, never a pass', statement: stmt({ Principal: { AWS: OTHER } }), owner: 'none', expect: ['unknown'] },
  { name: 'unknown owner but trusted accounts configured: an account outside them is cross-account', statement: stmt({ Principal: { AWS: OTHER } }), owner: 'trusted', expect: ['cross-account'] },
  { name: 'unknown owner but trusted accounts configured: a trusted account is not cross-account', statement: stmt({ Principal: { AWS: OWNER } }), owner: 'trusted', expect: [] },
  { name: 'a trusted account narrowed by aws:PrincipalAccount is not cross-account', statement: stmt({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': OWNER } } }), owner: 'trusted', expect: [] },
  { name: 'an unknown principal with s3:* is unknown', statement: stmt({ Principal: { AWS: U('var.partner_arn') } }), expect: ['unknown'] },
  { name: 'Deny statements grant nothing', statement: stmt({ Effect: 'Deny', Principal: { AWS: OTHER } }), expect: [] },
];

describe('cross-account wildcard grants (s3-semantics.md §2.2, §2.3)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const scope = c.owner === 'none' ? { owner: undefined, trusted: [] } : c.owner === 'trusted' ? { owner: undefined, trusted: [OWNER] } : { owner: OWNER, trusted: [] };
      const grants = analyzeCrossAccount(policy(JSON.parse(JSON.stringify(c.statement)) as JsonValue), scope);
      expect(grants.map((g) => g.verdict)).toEqual(c.expect);
    });
  }
});
