import { describe, expect, it } from 'vitest';
import { emptyEstate, known, sourceRange, type JsonValue, type VpcEndpoint } from '../../src/model/index.js';
import { ALL_S3_ACTIONS, checkEndpointReferences, decidePerimeter, type PerimeterAllowList } from '../../src/policy/index.js';
import { ARN, BOTH, BUCKET, U, allow, deny, policy } from './helpers.js';

const NE_VPCE = { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } };

interface Case {
  name: string;
  statements: JsonValue[];
  allowed?: PerimeterAllowList;
  bucket?: string | { unknown: string };
  status: 'enforced' | 'not-enforced' | 'unknown';
  /** Gap kinds that must be among the escapes. */
  kinds?: string[];
  /** Substrings that must appear in some escape message. */
  says?: string[];
  /** Pointer that some escape must carry. */
  pointer?: string;
  lockout?: string;
}

const cases: Case[] = [
  { name: '§3.1 endpoint-only pattern: Deny * s3:* bucket+objects StringNotEquals aws:SourceVpce is enforced', statements: [deny({ Condition: NE_VPCE })], status: 'enforced' },
  { name: '§3.1 VPC-only variant StringNotEquals aws:SourceVpc is enforced', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-111bbb22' } } })], status: 'enforced' },
  { name: '§2.2 {"AWS":"*"} equals "*" in a Deny', statements: [deny({ Principal: { AWS: '*' }, Condition: NE_VPCE })], status: 'enforced' },
  { name: 'Action "*" covers every S3 action, present and future', statements: [deny({ Action: '*', Condition: NE_VPCE })], status: 'enforced' },
  { name: 'Action names are case-insensitive: "S3:*" covers every action', statements: [deny({ Action: 'S3:*', Condition: NE_VPCE })], status: 'enforced' },
  { name: 'Resource "*" covers both bucket ARNs', statements: [deny({ Resource: '*', Condition: NE_VPCE })], status: 'enforced' },
  { name: 'Resource "arn:aws:s3:::data-bucket*" covers bucket and objects', statements: [deny({ Resource: `${ARN}*`, Condition: NE_VPCE })], status: 'enforced' },
  { name: '§3.1 StringNotEqualsIfExists on a Deny still denies absent keys', statements: [deny({ Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })], status: 'enforced' },
  { name: '§3.2 StringNotLike with fixed values is acceptable', statements: [deny({ Condition: { StringNotLike: { 'aws:SourceVpce': ['vpce-1a2b3c4d'] } } })], status: 'enforced' },
  { name: 'values ORed: StringNotEquals [vpce-1, vpce-2] taken from the policy is enforced', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } })], status: 'enforced' },
  { name: 'key names are case-insensitive: "AWS:SOURCEVPCE"', statements: [deny({ Condition: { StringNotEquals: { 'AWS:SOURCEVPCE': 'vpce-1a2b3c4d' } } })], status: 'enforced' },
  { name: 'a single Statement object (not an array) is read', statements: [], status: 'enforced' },
  { name: 'union: one Deny for the bucket ARN and one for objects together cover both', statements: [deny({ Resource: ARN, Condition: NE_VPCE }), deny({ Resource: `${ARN}/*`, Condition: NE_VPCE })], status: 'enforced' },
  { name: 'union: Deny NotAction [s3:GetObject] plus Deny s3:GetObject covers every action', statements: [deny({ Action: undefined as unknown as JsonValue, NotAction: 's3:GetObject', Condition: NE_VPCE }), deny({ Action: 's3:GetObject', Condition: NE_VPCE })], status: 'enforced' },
  { name: 'configured allow list containing the policy\'s endpoint is enforced', statements: [deny({ Condition: NE_VPCE })], allowed: { vpcEndpoints: ['vpce-1a2b3c4d'] }, status: 'enforced' },
  { name: 'configured allowed VPC matching StringNotEquals aws:SourceVpc is enforced', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } })], allowed: { vpcs: ['vpc-1'] }, status: 'enforced' },
  { name: 'ANDed SourceVpce and SourceVpc negations with both allowed is enforced (allowed = endpoint or VPC)', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceVpc': 'vpc-1' } } })], allowed: { vpcEndpoints: ['vpce-1'], vpcs: ['vpc-1'] }, status: 'enforced' },
  { name: 'an unknown endpoint id in the Deny (no allow list configured) still denies requests without an endpoint', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': U('aws_vpc_endpoint.s3.id is known after apply') } } })], status: 'enforced' },
  { name: 'ForAllValues:StringNotEquals is true when the key is absent, so the Deny applies', statements: [deny({ Condition: { 'ForAllValues:StringNotEquals': { 'aws:SourceVpce': 'vpce-1' } } })], status: 'enforced' },
  { name: 'bucket name unknown but Resource "*" is still enforced', statements: [deny({ Resource: '*', Condition: NE_VPCE })], bucket: { unknown: 'var.name has no value' }, status: 'enforced' },

  { name: '§3.2 Null aws:SourceVpce "true" accepts any endpoint, including other accounts\'', statements: [deny({ Condition: { Null: { 'aws:SourceVpce': 'true' } } })], status: 'not-enforced', kinds: ['condition'], says: ['some VPC endpoint'] },
  { name: 'endpoint id outside the configured allow list', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } })], allowed: { vpcEndpoints: ['vpce-1'] }, status: 'not-enforced', says: ['"vpce-2"', 'not among the allowed VPC endpoints'], pointer: '/Statement/0/Condition/StringNotEquals/aws:SourceVpce' },
  { name: 'configured endpoints but the Deny keys on aws:SourceVpc: every endpoint of that VPC gets in', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } })], allowed: { vpcEndpoints: ['vpce-1'] }, status: 'not-enforced', says: ['admits every endpoint in that VPC'] },
  { name: '§2.2 wildcard StringNotLike "vpce-*" matches endpoints outside the list', statements: [deny({ Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } })], status: 'not-enforced', says: ['wildcard', '"vpce-*"'] },
  { name: '§2.2 policy variable in the endpoint id is not fixed', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-${aws:username}' } } })], status: 'not-enforced', says: ['policy-variable'] },
  { name: 'positive StringEquals aws:SourceVpce on a Deny is false when the key is absent', statements: [deny({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })], status: 'not-enforced', says: ['is false when aws:SourceVpce is absent'] },
  { name: 'ForAnyValue:StringNotEquals is false when the key is absent', statements: [deny({ Condition: { 'ForAnyValue:StringNotEquals': { 'aws:SourceVpce': 'vpce-1' } } })], status: 'not-enforced', kinds: ['condition'] },
  { name: '§3.1 NotPrincipal pitfall: the named principals are exempt', statements: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 's3:*', Resource: BOTH, Condition: NE_VPCE }], status: 'not-enforced', kinds: ['not-principal'], says: ['arn:aws:iam::111122223333:role/admin'], pointer: '/Statement/0/NotPrincipal' },
  { name: 'a Deny for one role leaves every other principal unrestricted', statements: [deny({ Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Condition: NE_VPCE })], status: 'not-enforced', kinds: ['principal-subset'] },
  { name: '§3.1 NotAction pitfall: the listed actions stay reachable', statements: [{ Effect: 'Deny', Principal: '*', NotAction: ['s3:GetObject'], Resource: BOTH, Condition: NE_VPCE }], status: 'not-enforced', kinds: ['not-action'], says: ['s3:GetObject'], pointer: '/Statement/0/NotAction' },
  { name: 'Deny of s3:GetObject only leaves writes open', statements: [deny({ Action: 's3:GetObject', Condition: NE_VPCE })], status: 'not-enforced', kinds: ['action-subset'] },
  { name: 'action wildcards expand: s3:Get* and s3:Put* leave s3:DeleteObject open', statements: [deny({ Action: ['s3:Get*', 's3:Put*'], Condition: NE_VPCE })], status: 'not-enforced', kinds: ['action-subset'], says: ['not denied'] },
  { name: 'enumerating every current action does not cover future ones', statements: [deny({ Action: ALL_S3_ACTIONS.map((a) => a.qualified), Condition: NE_VPCE })], status: 'not-enforced', kinds: ['future-actions'] },
  { name: 'Resource without the bucket ARN leaves bucket-level actions open', statements: [deny({ Resource: `${ARN}/*`, Condition: NE_VPCE })], status: 'not-enforced', kinds: ['resource-bucket'] },
  { name: 'Resource without bucket/* leaves object actions open', statements: [deny({ Resource: ARN, Condition: NE_VPCE })], status: 'not-enforced', kinds: ['resource-objects'] },
  { name: 'Resource of a prefix only (bucket/private/*) does not cover every object', statements: [deny({ Resource: [ARN, `${ARN}/private/*`], Condition: NE_VPCE })], status: 'not-enforced', kinds: ['resource-objects'] },
  { name: 'Resource naming another bucket covers neither part', statements: [deny({ Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'], Condition: NE_VPCE })], status: 'not-enforced', kinds: ['resource-bucket', 'resource-objects'] },
  { name: 'NotResource excluding a prefix leaves it open', statements: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', NotResource: `${ARN}/public/*`, Condition: NE_VPCE }], status: 'not-enforced', kinds: ['not-resource'] },
  { name: '§3.1 data-perimeter exception ArnNotLikeIfExists aws:PrincipalArn is ANDed', statements: [deny({ Condition: { ...NE_VPCE, ArnNotLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/aws-service-role/*' } } })], status: 'not-enforced', says: ['principals matching "arn:aws:iam::111122223333:role/aws-service-role/*" (aws:PrincipalArn)'], pointer: '/Statement/0/Condition/ArnNotLikeIfExists/aws:PrincipalArn' },
  { name: '§3.1 Bool aws:ViaAWSService "false" exempts AWS services', statements: [deny({ Condition: { ...NE_VPCE, Bool: { 'aws:ViaAWSService': 'false' } } })], status: 'not-enforced', says: ['through AWS services'] },
  { name: '§3.1 BoolIfExists aws:PrincipalIsAWSService "false" exempts service principals', statements: [deny({ Condition: { ...NE_VPCE, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } })], status: 'not-enforced', says: ['aws:PrincipalIsAWSService'] },
  { name: '§3.1 NotIpAddressIfExists aws:SourceIp exempts the listed ranges', statements: [deny({ Condition: { ...NE_VPCE, NotIpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } } })], status: 'not-enforced', says: ['IP ranges'] },
  { name: 'StringNotEquals aws:PrincipalAccount ANDed exempts that account', statements: [deny({ Condition: { ...NE_VPCE, StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d', 'aws:PrincipalAccount': '111122223333' } } })], status: 'not-enforced', says: ['aws:PrincipalAccount'] },
  { name: '§2.2 Allow with StringEqualsIfExists aws:SourceVpce grants requests without an endpoint', statements: [allow({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } })], status: 'not-enforced', says: ['StringEqualsIfExists', 'outside any VPC endpoint'], pointer: '/Statement/0/Condition/StringEqualsIfExists/aws:SourceVpce' },
  { name: 'an Allow with StringEquals aws:SourceVpce alone proves nothing (identity policies still grant)', statements: [allow({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })], status: 'not-enforced', says: ['no Deny statement restricts'] },
  { name: 'an empty policy has no perimeter', statements: [], status: 'not-enforced', says: ['no Deny statement'] },
  { name: 'unknown endpoint id compared with a configured allow list is unknown, not a pass', statements: [deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': U('var.vpce has no value') } } })], allowed: { vpcEndpoints: ['vpce-1'] }, status: 'unknown' },
  { name: 'unknown bucket name with literal ARNs is unknown', statements: [deny({ Condition: NE_VPCE })], bucket: { unknown: 'bucket name is computed' }, status: 'unknown' },
  { name: 'unknown Condition block is unknown', statements: [deny({ Condition: U('dynamic condition') })], status: 'unknown' },
  { name: 'unknown Effect is unknown', statements: [{ Effect: U('var.effect'), Principal: '*', Action: 's3:*', Resource: BOTH, Condition: NE_VPCE }], status: 'unknown' },
  { name: 'unknown Action in the only Deny is unknown', statements: [deny({ Action: U('var.actions'), Condition: NE_VPCE })], status: 'unknown' },
];

describe('VPC endpoint perimeter decision (s3-semantics.md §3)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const doc = c.name.startsWith('a single Statement object')
        ? { Version: '2012-10-17', Statement: deny({ Condition: NE_VPCE }) }
        : { Version: '2012-10-17', Statement: c.statements.map((s) => JSON.parse(JSON.stringify(s)) as JsonValue) };
      const { normalizePolicy } = policyModule;
      const input = { policy: normalizePolicy(doc), bucketName: c.bucket ?? BUCKET, ...(c.allowed ? { allowed: c.allowed } : {}) };
      const d = decidePerimeter(input);
      expect(d.status, JSON.stringify(d.escapes.map((e) => e.message))).toBe(c.status);
      for (const k of c.kinds ?? []) expect(d.escapes.map((e) => e.kind)).toContain(k);
      for (const s of c.says ?? []) expect(d.escapes.map((e) => e.message).join('\n')).toContain(s);
      if (c.pointer) expect(d.escapes.map((e) => e.pointer)).toContain(c.pointer);
      if (c.status === 'enforced') expect(d.escapes).toEqual([]);
      if (c.status === 'unknown') expect(d.unknown?.reason).toBeTruthy();
    });
  }
});

import * as policyModule from '../../src/policy/index.js';

describe('perimeter lockouts and estate cross-checks', () => {
  it('§3.1 NotIpAddress pitfall: a Deny NotIpAddress aws:SourceIp also denies the allowed endpoint', () => {
    const p = policy(deny({ Condition: NE_VPCE }), deny({ Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }));
    const d = decidePerimeter({ policy: p, bucketName: BUCKET });
    expect(d.lockouts.map((l) => l.pointer)).toEqual(['/Statement/1/Condition/NotIpAddress/aws:SourceIp']);
    expect(d.lockouts[0]!.message).toContain('absent for every request through a VPC endpoint');
  });
  it('§3.1 data-perimeter form: NotIpAddressIfExists ANDed with StringNotEqualsIfExists aws:SourceVpce does not lock out the endpoint', () => {
    const p = policy(deny({ Condition: NE_VPCE }), deny({ Condition: { NotIpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' }, StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }));
    expect(decidePerimeter({ policy: p, bucketName: BUCKET }).lockouts).toEqual([]);
  });
  it('an unconditional Deny of some actions (a deliberate guard) is not a lockout', () => {
    const p = policy(deny({ Condition: NE_VPCE }), deny({ Action: 's3:DeleteBucket' }));
    expect(decidePerimeter({ policy: p, bucketName: BUCKET }).lockouts).toEqual([]);
  });
  it('two Deny statements naming different endpoints deny each other\'s traffic (lockout)', () => {
    const p = policy(deny({ Condition: NE_VPCE }), deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-9' } } }));
    const d = decidePerimeter({ policy: p, bucketName: BUCKET });
    expect(d.lockouts.map((l) => l.statementIndex)).toEqual([0, 1]);
  });

  const at = sourceRange('vpc.tf', 1, 1);
  const endpoint = (id: string, service: string, vpc = 'vpc-1'): VpcEndpoint => ({
    address: `aws_vpc_endpoint.${id}`,
    id: known(id, at),
    at,
    serviceName: known(service, at),
    vpcId: known(vpc, at),
    type: known('Gateway', at),
    policy: known(null, at),
  });
  it('an endpoint of the estate inside an allowed VPC counts as allowed', () => {
    const p = policy(deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-in-vpc1' } } }));
    const endpoints = [endpoint('vpce-in-vpc1', 'com.amazonaws.eu-west-1.s3', 'vpc-1')];
    expect(decidePerimeter({ policy: p, bucketName: BUCKET, allowed: { vpcs: ['vpc-1'] }, endpoints }).status).toBe('enforced');
    expect(decidePerimeter({ policy: p, bucketName: BUCKET, allowed: { vpcs: ['vpc-2'] }, endpoints }).status).toBe('not-enforced');
  });
  it('an endpoint id that is not in the estate is named', () => {
    const estate = { ...emptyEstate(), vpcEndpoints: [endpoint('vpce-other', 'com.amazonaws.eu-west-1.s3')] };
    const notes = checkEndpointReferences(policy(deny({ Condition: NE_VPCE })), estate);
    expect(notes.map((n) => n.message)).toEqual(['VPC endpoint vpce-1a2b3c4d does not exist among the 1 VPC endpoint(s) in the scanned estate']);
    expect(notes[0]!.pointer).toBe('/Statement/0/Condition/StringNotEquals/aws:SourceVpce');
  });
  it('an endpoint of another service is named', () => {
    const estate = { ...emptyEstate(), vpcEndpoints: [endpoint('vpce-1a2b3c4d', 'com.amazonaws.eu-west-1.dynamodb')] };
    expect(checkEndpointReferences(policy(deny({ Condition: NE_VPCE })), estate)[0]!.message).toContain('dynamodb, not S3');
  });
  it('an S3 endpoint in the estate raises nothing; an estate without endpoints raises nothing', () => {
    const estate = { ...emptyEstate(), vpcEndpoints: [endpoint('vpce-1a2b3c4d', 'com.amazonaws.eu-west-1.s3')] };
    expect(checkEndpointReferences(policy(deny({ Condition: NE_VPCE })), estate)).toEqual([]);
    expect(checkEndpointReferences(policy(deny({ Condition: NE_VPCE })), emptyEstate())).toEqual([]);
  });
  it('a VPC without an S3 endpoint in the estate is named', () => {
    const estate = { ...emptyEstate(), vpcEndpoints: [endpoint('vpce-1a2b3c4d', 'com.amazonaws.eu-west-1.s3', 'vpc-1')] };
    const notes = checkEndpointReferences(policy(deny({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-2' } } })), estate);
    expect(notes.map((n) => n.id)).toEqual(['vpc-2']);
  });
});
