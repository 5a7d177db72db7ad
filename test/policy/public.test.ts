import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/model/index.js';
import { analyzePublic, normalizePolicy } from '../../src/policy/index.js';
import { ARN, U, policy } from './helpers.js';

type Verdict = 'public' | 'not public' | 'uncertain' | 'unknown';

interface Case {
  name: string;
  statement: Record<string, JsonValue>;
  expect: Verdict;
  kind?: 'bucket' | 'access-point';
}

const any = (Condition?: JsonValue): Record<string, JsonValue> => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `${ARN}/*`,
  ...(Condition === undefined ? {} : { Condition }),
});
const ip = (...cidrs: string[]) => any({ IpAddress: { 'aws:SourceIp': cidrs } });

const cases: Case[] = [
  { name: '§2.2 Principal "*" without condition is public', statement: any(), expect: 'public' },
  { name: '§2.2 {"AWS":"*"} equals "*"', statement: { ...any(), Principal: { AWS: '*' } }, expect: 'public' },
  { name: '§2.2 {"AWS":["*"]} equals "*"', statement: { ...any(), Principal: { AWS: ['*'] } }, expect: 'public' },
  { name: '§2.2 one "*" among fixed principals is public', statement: { ...any(), Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } }, expect: 'public' },
  { name: '§2.2 a fixed account id is not public', statement: { ...any(), Principal: { AWS: '111122223333' } }, expect: 'not public' },
  { name: '§2.2 a fixed account root ARN is not public', statement: { ...any(), Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, expect: 'not public' },
  { name: '§2.2 a fixed role ARN is not public', statement: { ...any(), Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' } }, expect: 'not public' },
  { name: '§2.2 a fixed service principal is not public', statement: { ...any(), Principal: { Service: 'cloudtrail.amazonaws.com' } }, expect: 'not public' },
  { name: '§2.2 a canonical user is not public', statement: { ...any(), Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } }, expect: 'not public' },
  { name: '§2.2 {"Federated":"graph.facebook.com"} is public (S3UG example)', statement: { ...any(), Principal: { Federated: 'graph.facebook.com' } }, expect: 'public' },
  { name: '§2.2 NotPrincipal with Allow is public', statement: { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: `${ARN}/*` }, expect: 'public' },
  { name: '§2.2 NotPrincipal with Deny never makes a policy public', statement: { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: `${ARN}/*` }, expect: 'not public' },
  { name: '§2.2 Deny with Principal "*" never makes a policy public', statement: { ...any(), Effect: 'Deny' }, expect: 'not public' },
  { name: '§2.2 fixed StringEquals aws:SourceVpce is not public', statement: any({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }), expect: 'not public' },
  { name: '§2.2 fixed StringEquals aws:SourceVpc "vpc-91237329" is not public (S3UG example)', statement: any({ StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } }), expect: 'not public' },
  { name: '§2.2 StringLike aws:SourceVpc "vpc-*" is public (S3UG example)', statement: any({ StringLike: { 'aws:SourceVpc': 'vpc-*' } }), expect: 'public' },
  { name: '§2.2 fixed StringEquals aws:PrincipalOrgID is not public', statement: any({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }), expect: 'not public' },
  { name: '§2.2 StringLike aws:PrincipalOrgID "o-*" is public', statement: any({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }), expect: 'public' },
  { name: '§2.2 fixed StringEquals aws:SourceAccount is not public', statement: any({ StringEquals: { 'aws:SourceAccount': '111122223333' } }), expect: 'not public' },
  { name: '§2.2 fixed StringEquals aws:SourceOwner is not public', statement: any({ StringEquals: { 'aws:SourceOwner': '111122223333' } }), expect: 'not public' },
  { name: '§2.2 fixed ArnEquals aws:SourceArn is not public', statement: any({ ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/main' } }), expect: 'not public' },
  { name: '§2.2 ArnLike aws:SourceArn with a wildcard account is public', statement: any({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } }), expect: 'public' },
  { name: '§2.2 fixed s3:x-amz-server-side-encryption-aws-kms-key-id is not public', statement: any({ StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-1:111122223333:key/1' } }), expect: 'not public' },
  { name: '§2.2 fixed s3:DataAccessPointAccount is not public', statement: any({ StringEquals: { 's3:DataAccessPointAccount': '111122223333' } }), expect: 'not public' },
  { name: '§2.2 s3:DataAccessPointArn accesspoint/* with a fixed account is not public in a bucket policy', statement: any({ StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:123456789012:accesspoint/*' } }), expect: 'not public' },
  { name: '§1.2 the same s3:DataAccessPointArn wildcard is public in an access point policy', statement: any({ StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:123456789012:accesspoint/*' } }), expect: 'public', kind: 'access-point' },
  { name: '§2.2 s3:DataAccessPointArn with a wildcard account is public', statement: any({ StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:*:accesspoint/*' } }), expect: 'public' },
  { name: '§2.2 fixed aws:userid is not public', statement: any({ StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } }), expect: 'not public' },
  { name: '§2.2 aws:userid "AROLEID:*" counts as fixed', statement: any({ StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' } }), expect: 'not public' },
  { name: '§2.2 aws:userid "*" is public', statement: any({ StringLike: { 'aws:userid': '*' } }), expect: 'public' },
  { name: '§2.2 narrow aws:SourceIp /24 is not public', statement: ip('203.0.113.0/24'), expect: 'not public' },
  { name: '§2.2 aws:SourceIp of exactly /8 is not broader than /8', statement: ip('11.0.0.0/8'), expect: 'not public' },
  { name: '§2.2 aws:SourceIp /7 is broader than /8: public', statement: ip('12.0.0.0/7'), expect: 'public' },
  { name: '§2.2 aws:SourceIp 0.0.0.0/1 is public (S3UG example)', statement: ip('0.0.0.0/1'), expect: 'public' },
  { name: '§2.2 aws:SourceIp 0.0.0.0/0 is public', statement: ip('0.0.0.0/0'), expect: 'public' },
  { name: '§2.2 aws:SourceIp 10.0.0.0/8 (RFC 1918) is not public', statement: ip('10.0.0.0/8'), expect: 'not public' },
  { name: '§2.2 aws:SourceIp 172.16.0.0/12 (RFC 1918) is not public', statement: ip('172.16.0.0/12'), expect: 'not public' },
  { name: '§2.2 aws:SourceIp single address is not public', statement: ip('198.51.100.7'), expect: 'not public' },
  { name: '§2.2 aws:SourceIp IPv6 /32 is not public', statement: ip('2001:db8::/32'), expect: 'not public' },
  { name: '§2.2 aws:SourceIp IPv6 /31 is broader than /32: public', statement: ip('2001:db8::/31'), expect: 'public' },
  { name: '§2.2 aws:SourceIp ::/0 is public', statement: ip('::/0'), expect: 'public' },
  { name: '§2.2 one broad range among narrow ones makes the grant public', statement: ip('203.0.113.0/24', '0.0.0.0/0'), expect: 'public' },
  { name: '§2.2 NotIpAddress aws:SourceIp is open-ended: public', statement: any({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), expect: 'public' },
  { name: '§2.2 StringEqualsIfExists aws:SourceVpce is public (absent key is true)', statement: any({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }), expect: 'public' },
  { name: '§2.2 StringNotEquals aws:SourceVpce is open-ended: public', statement: any({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }), expect: 'public' },
  { name: '§2.2 ForAllValues:StringEquals aws:SourceVpce is true when absent: public', statement: any({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': 'vpce-1' } }), expect: 'public' },
  { name: '§2.2 ForAnyValue:StringEquals with a fixed aws:SourceVpce is false when absent: not public', statement: any({ 'ForAnyValue:StringEquals': { 'aws:SourceVpce': 'vpce-1' } }), expect: 'not public' },
  { name: '§2.2 Null aws:SourceVpce "false" only requires some endpoint: public', statement: any({ Null: { 'aws:SourceVpce': 'false' } }), expect: 'public' },
  { name: '§2.2 a literal "*" inside StringEquals is treated as a wildcard (UNVERIFIED, conservative)', statement: any({ StringEquals: { 'aws:SourceVpce': 'vpce-*' } }), expect: 'public' },
  { name: '§2.2 a policy variable is not a fixed value', statement: any({ StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } }), expect: 'public' },
  { name: '§2.2 a key BPA does not list (aws:SecureTransport) does not limit', statement: any({ Bool: { 'aws:SecureTransport': 'true' } }), expect: 'public' },
  { name: '§2.2 keys ANDed: one fixed listed key limits the grant even next to an unlisted key', statement: any({ StringEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:SecureTransport': 'true' } }), expect: 'not public' },
  { name: '§2.2 key names are case-insensitive: "AWS:SOURCEVPCE"', statement: any({ StringEquals: { 'AWS:SOURCEVPCE': 'vpce-1' } }), expect: 'not public' },
  { name: '§2.2 fixed aws:PrincipalArn is not in AWS\'s list: uncertain (UNVERIFIED)', statement: any({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/r' } }), expect: 'uncertain' },
  { name: '§2.2 fixed aws:PrincipalAccount: uncertain (UNVERIFIED)', statement: any({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }), expect: 'uncertain' },
  { name: '§2.2 wildcard aws:PrincipalArn is public', statement: any({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }), expect: 'public' },
  { name: '§2.2 harmless-looking actions do not make "*" non-public (BPA considers future actions)', statement: { ...any(), Action: 's3:GetBucketLocation' }, expect: 'public' },
  { name: '§2.2 Allow NotAction with "*" is public', statement: { Effect: 'Allow', Principal: '*', NotAction: 's3:DeleteObject', Resource: `${ARN}/*` }, expect: 'public' },
  { name: 'an unknown principal is unknown, never a pass', statement: { ...any(), Principal: { AWS: U('var.reader_arn') } }, expect: 'unknown' },
  { name: 'an unknown Principal element is unknown', statement: { ...any(), Principal: U('local.principal') }, expect: 'unknown' },
  { name: 'an unknown value of the only limiting key is unknown', statement: any({ StringEquals: { 'aws:SourceVpce': U('aws_vpc_endpoint.s3.id') } }), expect: 'unknown' },
  { name: 'an unknown value does not matter when another listed key is fixed', statement: any({ StringEquals: { 'aws:SourceVpce': U('aws_vpc_endpoint.s3.id'), 'aws:SourceAccount': '111122223333' } }), expect: 'not public' },
  { name: 'an unknown Effect is unknown', statement: { ...any(), Effect: U('var.effect') }, expect: 'unknown' },
  { name: 'an unknown Condition block is unknown', statement: any(U('dynamic "condition"')), expect: 'unknown' },
];

function verdict(statement: Record<string, JsonValue>, kind: 'bucket' | 'access-point' = 'bucket'): Verdict {
  const a = analyzePublic(policy(statement), kind);
  if (a.isPublic) return 'public';
  if (a.grants.some((g) => g.verdict === 'unknown')) return 'unknown';
  if (a.grants.some((g) => g.verdict === 'uncertain')) return 'uncertain';
  return 'not public';
}

describe('"is this policy public" (S3UG "The meaning of public", s3-semantics.md §2.2)', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(verdict(c.statement, c.kind)).toBe(c.expect);
    });
  }
});

describe('public grant details', () => {
  it('names the statement, Sid, principal and actions of each public grant', () => {
    const a = analyzePublic(
      policy(
        { Sid: 'Team', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: `${ARN}/*` },
        { Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `${ARN}/*` },
      ),
    );
    expect(a.grants).toHaveLength(1);
    expect(a.grants[0]).toMatchObject({
      statementIndex: 1,
      sid: 'Open',
      principal: '{"AWS": "*"}',
      principalPointer: '/Statement/1/Principal/AWS',
      actionPointer: '/Statement/1/Action',
      actionSummary: 's3:GetObject, s3:PutObject',
      verdict: 'public',
    });
  });
  it('describes NotAction grants as every action except the listed ones', () => {
    const a = analyzePublic(policy({ Effect: 'Allow', Principal: '*', NotAction: 's3:DeleteObject', Resource: '*' }));
    expect(a.grants[0]!.actionSummary).toBe('every action except s3:DeleteObject (NotAction)');
  });
  it('reads a policy given as a JSON string (CloudFormation / Terraform jsonencode)', () => {
    const a = analyzePublic(normalizePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] })));
    expect(a.isPublic).toBe(true);
  });
  it('reads a single Statement object and points at /Statement', () => {
    const a = analyzePublic(normalizePolicy({ Statement: { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' } }));
    expect(a.grants[0]!.pointer).toBe('/Statement');
  });
  it('a whole-policy unknown marker is unknown', () => {
    const a = analyzePublic(normalizePolicy(U('data.aws_iam_policy_document.p.json')));
    expect(a.grants.map((g) => g.verdict)).toEqual(['unknown']);
  });
});
