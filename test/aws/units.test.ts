/** Pure parts of the live audit: outcome classification, shards, locations, rule needs, progress. */
import { describe, expect, test } from 'vitest';
import { classifyError } from '../../src/loaders/aws/outcome.js';
import { BUCKET_SECTION_OPERATIONS, OTHER_OPERATIONS } from '../../src/loaders/aws/operations.js';
import { parseAccountList, parseShard, roleArnFor, shardAccounts } from '../../src/loaders/aws/targets.js';
import { apiLocator } from '../../src/loaders/aws/locate.js';
import { needsForRules, RULE_NEEDS } from '../../src/loaders/aws/requirements.js';
import { regionFromLocationConstraint } from '../../src/loaders/aws/collect-inventory.js';
import { spread } from '../../src/loaders/aws/collect-key-sample.js';
import { Limiter, mapPool } from '../../src/loaders/aws/limiter.js';
import { ProgressLine } from '../../src/loaders/aws/progress.js';
import { allRules } from '../../src/engine/registry.js';
import type { SnapshotDocument } from '../../src/loaders/aws/snapshot-document.js';

function sdkError(name: string, status: number, attempts = 1): Error {
  return Object.assign(new Error(`${name} message`), { name, Code: name, $metadata: { httpStatusCode: status, attempts } });
}

describe('call outcomes', () => {
  const policy = BUCKET_SECTION_OPERATIONS.policy;
  test.each([
    ['NoSuchBucketPolicy', 404, { kind: 'notConfigured' }],
    ['AccessDenied', 403, { kind: 'unknown', category: 'denied', reason: 'AccessDenied: s3:GetBucketPolicy' }],
    ['SlowDown', 503, { kind: 'unknown', category: 'throttled', reason: 'throttled (SlowDown after 6 attempts)' }],
    ['ExpiredToken', 403, { kind: 'unknown', category: 'error', reason: 'GetBucketPolicy failed after 6 attempts: ExpiredToken: ExpiredToken message' }],
    ['InternalError', 500, { kind: 'unknown', category: 'error', reason: 'GetBucketPolicy failed after 6 attempts: InternalError: InternalError message' }],
    ['NoSuchBucket', 404, { kind: 'unknown', category: 'error', reason: 'GetBucketPolicy failed after 6 attempts: NoSuchBucket: NoSuchBucket message' }],
    ['TimeoutError', 0, { kind: 'unknown', category: 'timeout', reason: 'timeout: GetBucketPolicy did not answer in time after 6 attempts' }],
  ])('%s (%i)', (name, status, expected) => {
    expect(classifyError(sdkError(name, status, 6), policy)).toEqual(expected);
  });

  test('a "not configured" code of another call is not "not configured" here', () => {
    expect(classifyError(sdkError('NoSuchLifecycleConfiguration', 404), policy).kind).toBe('unknown');
  });

  test('EC2 denial names the EC2 permission', () => {
    expect(classifyError(sdkError('UnauthorizedOperation', 403), OTHER_OPERATIONS.vpcEndpoints)).toMatchObject({ reason: 'AccessDenied: ec2:DescribeVpcEndpoints' });
  });

  test('network errors keep their code and stay unknown', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyError(reset, policy)).toEqual({ kind: 'unknown', category: 'error', reason: 'GetBucketPolicy failed: ECONNRESET: socket hang up' });
  });
});

describe('shards', () => {
  const ids = ['333333333333', '111111111111', '555555555555', '222222222222', '444444444444', '111111111111'];
  test('every account in exactly one shard, sizes differ by at most one, order-independent', () => {
    const shards = [1, 2, 3].map((index) => shardAccounts(ids, { index, count: 3 }));
    expect(shards).toEqual([
      ['111111111111', '444444444444'],
      ['222222222222', '555555555555'],
      ['333333333333'],
    ]);
    expect(shardAccounts([...ids].reverse(), { index: 2, count: 3 })).toEqual(shards[1]);
  });
  test('parsing', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1']) expect(() => parseShard(bad)).toThrow(/--shard/);
    expect(parseAccountList('111111111111, 222222222222')).toEqual(['111111111111', '222222222222']);
    expect(() => parseAccountList('1111')).toThrow(/12-digit/);
    expect(roleArnFor('aws-cn', '111111111111', 'audit/S3Lint')).toBe('arn:aws-cn:iam::111111111111:role/audit/S3Lint');
  });
});

describe('locations', () => {
  const doc: SnapshotDocument = {
    s3lintSnapshot: 1,
    accounts: [{ id: '123456789012' }],
    buckets: [{ name: 'logs', region: 'eu-west-1' }],
    vpcEndpoints: [{ VpcEndpointId: 'vpce-1', region: 'eu-west-1' }],
  };
  const locate = apiLocator(doc, 'aws', 'us-east-1');
  test.each([
    ['/buckets/0/policy/Statement/0/Principal', 'GetBucketPolicy', 'arn:aws:s3:::logs', 'eu-west-1'],
    ['/buckets/0/lifecycle', 'GetBucketLifecycleConfiguration', 'arn:aws:s3:::logs', 'eu-west-1'],
    ['/buckets/0/keySample', 'ListObjectsV2', 'arn:aws:s3:::logs', 'eu-west-1'],
    ['/buckets/0/name', 'ListBuckets', 'arn:aws:s3:::logs', 'us-east-1'],
    ['/buckets/0/region', 'GetBucketLocation', 'arn:aws:s3:::logs', 'us-east-1'],
    ['/accounts/0/publicAccessBlock/BlockPublicAcls', 'GetPublicAccessBlock', 'arn:aws:iam::123456789012:root', 'us-east-1'],
    ['/accounts/0/id', 'GetCallerIdentity', 'arn:aws:iam::123456789012:root', 'us-east-1'],
    ['/vpcEndpoints/0/PolicyDocument', 'DescribeVpcEndpoints', 'arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/vpce-1', 'eu-west-1'],
  ])('%s', (pointer, call, resource, region) => {
    expect(locate(pointer)).toEqual({ kind: 'api', call, resource, region });
  });
});

describe('rule needs', () => {
  test('every registered rule says what it reads', () => {
    expect(allRules().map((r) => r.meta.id).filter((id) => RULE_NEEDS[id] === undefined)).toEqual([]);
  });
  test('union of the enabled rules; an unlisted rule collects everything', () => {
    const needs = needsForRules(['S3L001', 'S3L003']);
    expect([...needs.sections]).toEqual(['lifecycle']);
    expect(needs.accountPublicAccessBlock).toBe(true);
    expect(needs.vpcEndpoints).toBe(false);
    expect(needsForRules(['S3L999']).sections.size).toBe(14);
  });
});

describe('small helpers', () => {
  test('GetBucketLocation constraints', () => {
    expect([undefined, '', 'EU', 'eu-central-1'].map(regionFromLocationConstraint)).toEqual(['us-east-1', 'us-east-1', 'eu-west-1', 'eu-central-1']);
  });
  test('spread keeps first and last', () => {
    expect(spread(['a', 'b', 'c', 'd', 'e'], 3)).toEqual(['a', 'c', 'e']);
    expect(spread(['a', 'b'], 3)).toEqual(['a', 'b']);
  });
  test('the limiter never runs more than its limit', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    await mapPool(Array.from({ length: 20 }, (_, i) => i), 20, (i) =>
      limiter.run(async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, i % 3));
        active--;
      }),
    );
    expect(peak).toBe(3);
  });
  test('progress is drawn only on a terminal', () => {
    const writes: string[] = [];
    const p = { account: '123456789012', bucketsDone: 2, bucketsTotal: 2, errors: 1 };
    new ProgressLine({ isTTY: false, write: (t) => writes.push(t) }).update(p);
    expect(writes).toEqual([]);
    const tty = new ProgressLine({ isTTY: true, write: (t) => writes.push(t) });
    tty.update(p);
    tty.clear();
    expect(writes).toEqual(['\r\x1b[2Kaccount 123456789012: 2/2 buckets, 1 error', '\r\x1b[2K']);
  });
});
