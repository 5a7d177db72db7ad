/** The policy-based rules over hand-built estates: option handling and unknown-is-never-pass. */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { emptyEstate, known, sourceRange, unknown, type Bucket, type Estate, type JsonValue, type Value } from '../../src/model/index.js';

const at = sourceRange('estate.s3lint.json', 1, 1);
const k = <T>(v: T) => known(v, at);

function bucket(name: Value<string>, policy: JsonValue | null | 'unknown', tags: Record<string, string> | null = null, account?: string): Bucket {
  const b: Bucket = {
    address: `bucket:${name.known ? name.value : '?'}`, name, at, publicAccessBlock: k(null),
    policy: policy === 'unknown' ? unknown('GetBucketPolicy: AccessDenied', at) : k(policy === null ? null : { json: policy, at }),
    acl: k(null), ownership: k(null), lifecycle: k(null), encryption: k(null), versioning: k(null), logging: k(null),
    website: k(null), objectLock: k(null), replication: k(null), tags: k(tags), keyLayouts: [],
  };
  if (account) b.account = k(account);
  return b;
}
const estate = (...buckets: Bucket[]): Estate => ({ ...emptyEstate(), buckets });

function run(rule: string, e: Estate, options?: Record<string, unknown>) {
  const rules = { [rule]: { enabled: true, ...(options ? { options } : {}) } };
  return runRules(e, { rules }).findings.filter((f) => f.ruleId === rule).map((f) => ({ kind: f.kind, severity: f.severity, message: f.message }));
}

const denyOutsideVpce = (name: string): JsonValue => ({
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }],
});

describe('S3L004 bucket selection', () => {
  it('tag value "*" selects any value; a list selects any of its values', () => {
    const e = estate(bucket(k('a'), null, { net: 'x' }), bucket(k('b'), null, { tier: 'gold' }), bucket(k('c'), null, { tier: 'bronze' }));
    const f = run('S3L004', e, { tags: { net: '*', tier: ['gold', 'silver'] } });
    expect(f.map((x) => x.message.match(/Bucket "(\w)"/)?.[1])).toEqual(['a', 'b']);
  });
  it('an allow list without selectors applies to every bucket', () => {
    expect(run('S3L004', estate(bucket(k('a'), null)), { allowedVpcEndpoints: ['vpce-1'] })).toHaveLength(1);
  });
  it('no options and no perimeter reference: nothing to check', () => {
    expect(run('S3L004', estate(bucket(k('a'), null)))).toEqual([]);
  });
  it('an unknown name with name globs configured is unknown, not a pass', () => {
    const f = run('S3L004', estate(bucket(unknown('var.name has no value', at), null)), { buckets: ['private-*'] });
    expect(f.map((x) => x.kind)).toEqual(['unknown']);
  });
  it('an unknown policy of a selected bucket is unknown', () => {
    expect(run('S3L004', estate(bucket(k('private-a'), 'unknown')), { buckets: ['private-*'] }).map((x) => x.kind)).toEqual(['unknown']);
  });
  it('a working perimeter on a selected bucket passes', () => {
    expect(run('S3L004', estate(bucket(k('private-a'), denyOutsideVpce('private-a'))), { buckets: ['private-*'], allowedVpcEndpoints: ['vpce-1'] })).toEqual([]);
  });
});

describe('S3L010 / S3L012 / S3L013 / S3L023 on hand-built estates', () => {
  it('S3L010: an unknown policy is unknown', () => {
    expect(run('S3L010', estate(bucket(k('a'), 'unknown'))).map((x) => x.kind)).toEqual(['unknown']);
  });
  it('S3L010: a public write grant is critical', () => {
    const p = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::a/*' }] };
    expect(run('S3L010', estate(bucket(k('a'), p))).map((x) => x.severity)).toEqual(['critical']);
  });
  it('S3L012: no policy is a finding at the bucket', () => {
    expect(run('S3L012', estate(bucket(k('a'), null))).map((x) => x.kind)).toEqual(['violation']);
  });
  it('S3L012: a website bucket (HTTP-only endpoint) is reported at low severity with the CloudFront fix', () => {
    const b = bucket(k('site'), null);
    b.website = k({ at, indexDocument: k('index.html') });
    const f = run('S3L012', estate(b));
    expect(f.map((x) => x.severity)).toEqual(['low']);
    expect(f[0]!.message).toContain('CloudFront');
  });
  it('S3L013: the minimumVersion option raises the floor', () => {
    const p = { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'], Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }] };
    expect(run('S3L013', estate(bucket(k('a'), p)))).toEqual([]);
    expect(run('S3L013', estate(bucket(k('a'), p)), { minimumVersion: '1.3' })).toHaveLength(1);
  });
  it('S3L023: trustedAccounts turns an unknown-owner grant into a decision', () => {
    const p = { Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'] }] };
    expect(run('S3L023', estate(bucket(k('a'), p))).map((x) => x.kind)).toEqual(['unknown']);
    expect(run('S3L023', estate(bucket(k('a'), p)), { trustedAccounts: ['111122223333'] }).map((x) => x.kind)).toEqual(['violation']);
    expect(run('S3L023', estate(bucket(k('a'), p)), { trustedAccounts: ['444455556666'] })).toEqual([]);
  });
  it('S3L023: the bucket\'s own account is never cross-account', () => {
    const p = { Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'] }] };
    expect(run('S3L023', estate(bucket(k('a'), p, null, '111122223333')))).toEqual([]);
  });
});
