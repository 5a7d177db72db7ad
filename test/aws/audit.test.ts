/**
 * The live audit against moto_server: exact findings on a seeded estate, --save + check reproducing
 * them, fault injection (SlowDown at a rate cap and at random, connection resets, AccessDenied),
 * read-only calls, calls limited to the enabled rules, key samples, and multi-account runs.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { OrganizationsClient, CreateAccountCommand, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { CreateVpcCommand, CreateVpcEndpointCommand, EC2Client } from '@aws-sdk/client-ec2';
import { runRules } from '../../src/engine/run.js';
import { scanPaths } from '../../src/engine/scan.js';
import { runAudit, type AccountResult } from '../../src/loaders/aws/audit.js';
import { allNeeds, needsForRules } from '../../src/loaders/aws/requirements.js';
import { BUCKET_SECTIONS, BUCKET_SECTION_OPERATIONS } from '../../src/loaders/aws/operations.js';
import { startFaultProxy } from './fault-proxy.js';
import { requireMoto, startMoto, MOTO_ACCOUNT, TEST_CREDENTIALS, type Moto } from './moto.js';
import { seedCleanBucket, seedCoreScenario } from './seed.js';
import { auditConfigFor, CORE_BUCKETS, CORE_CONFIG, CORE_RULES, CORE_EXPECTED, findingIdentity, findingLine, onlyRules } from './helpers.js';

const READ_ONLY = /^(Get|List|Describe|Head)/;

function only<T>(results: T[]): T {
  expect(results).toHaveLength(1);
  return results[0]!;
}

function violations(result: AccountResult): string[] {
  return runRules(result.estate!, CORE_CONFIG)
    .findings.filter((f) => f.kind === 'violation')
    .map(findingLine)
    .sort();
}

const enabled = requireMoto('live audit tests');

describe.skipIf(!enabled)('s3lint audit against moto_server', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
  });

  test('reports exactly the expected findings, with every bucket and only read calls', async () => {
    await seedCoreScenario(moto.endpoint);
    const operations: string[] = [];
    const result = only(await runAudit(auditConfigFor(moto.endpoint, CORE_CONFIG, { observe: (e) => operations.push(e.operation) })));
    expect(result.error).toBeUndefined();
    expect(result.accountId).toBe(MOTO_ACCOUNT);
    expect(result.audit!.document.buckets.map((b) => b.name).sort()).toEqual(CORE_BUCKETS);
    expect(violations(result)).toEqual(CORE_EXPECTED);
    expect(runRules(result.estate!, CORE_CONFIG).findings.filter((f) => f.kind === 'unknown')).toEqual([]);
    expect(operations.filter((op) => !READ_ONLY.test(op))).toEqual([]);
    // Only what S3L001/2/3/5 read: lifecycle, bucket and account BPA, encryption (plus inventory calls).
    expect([...new Set(operations)].sort()).toEqual([
      'GetBucketEncryption',
      'GetBucketLifecycleConfiguration',
      'GetBucketLocation',
      'GetCallerIdentity',
      'GetPublicAccessBlock',
      'ListBuckets',
    ]);
  });

  test('--save writes a snapshot that `check` turns into the same findings', async () => {
    await seedCoreScenario(moto.endpoint);
    const result = only(await runAudit(auditConfigFor(moto.endpoint, CORE_CONFIG, { needs: allNeeds() })));
    const dir = mkdtempSync(join(tmpdir(), 's3lint-audit-'));
    try {
      const file = join(dir, 'estate.s3lint.json');
      writeFileSync(file, JSON.stringify(result.audit!.document, null, 2));
      const offline = await scanPaths([file], { config: CORE_CONFIG, load: { cwd: dir } });
      expect(offline.errors).toEqual([]);
      const live = runRules(result.estate!, CORE_CONFIG).findings;
      expect(offline.findings.map(findingIdentity).sort()).toEqual(live.map(findingIdentity).sort());
      expect(offline.findings.filter((f) => f.kind === 'violation')).toHaveLength(CORE_EXPECTED.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  let deniedAudit: AccountResult | undefined;

  test('a bucket whose every call is denied stays, each section unknown naming its permission', async () => {
    await seedCoreScenario(moto.endpoint);
    const proxy = await startFaultProxy(moto.endpoint, { deny: (r) => r.bucket === 'audit-clean' && r.operation !== 'GetBucketLocation' });
    try {
      deniedAudit = only(await runAudit(auditConfigFor(proxy.endpoint, CORE_CONFIG, { needs: allNeeds() })));
    } finally {
      await proxy.close();
    }
    const bucket = deniedAudit.audit!.document.buckets.find((b) => b.name === 'audit-clean')!;
    for (const section of BUCKET_SECTIONS) {
      expect(bucket[section], section).toEqual({ $unknown: `AccessDenied: ${BUCKET_SECTION_OPERATIONS[section].permission}` });
    }
    const findings = runRules(deniedAudit.estate!, CORE_CONFIG).findings.filter((f) => f.resource.address === 'arn:aws:s3:::audit-clean');
    expect(findings.map((f) => `${f.ruleId} ${f.kind}`).sort()).toEqual(['S3L001 unknown', 'S3L002 unknown', 'S3L005 unknown']);
  });

  test('`check` reads those unknown sections back from the saved snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3lint-audit-'));
    try {
      const file = join(dir, 'denied.s3lint.json');
      writeFileSync(file, JSON.stringify(deniedAudit!.audit!.document, null, 2));
      const offline = await scanPaths([file], { config: CORE_CONFIG, load: { cwd: dir } });
      expect(offline.errors).toEqual([]);
      const live = runRules(deniedAudit!.estate!, CORE_CONFIG).findings;
      expect(offline.findings.map(findingIdentity).sort()).toEqual(live.map(findingIdentity).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('under SlowDown (rate cap + 5% random), resets and AccessDenied on GetBucketPolicy, no bucket or finding is lost', async () => {
    await seedCoreScenario(moto.endpoint);
    const deniedBuckets = new Set(['audit-clean', 'audit-partial-bpa']);
    const proxy = await startFaultProxy(moto.endpoint, {
      rateCap: 10,
      randomSlowDown: 0.05,
      resetEvery: 15,
      deny: (r) => r.operation === 'GetBucketPolicy' && deniedBuckets.has(r.bucket ?? ''),
      seed: 7,
    });
    try {
      const needs = needsForRules(CORE_RULES);
      needs.sections.add('policy');
      const result = only(await runAudit(auditConfigFor(proxy.endpoint, CORE_CONFIG, { needs, maxAttempts: 8 })));
      expect(result.error).toBeUndefined();
      expect(proxy.counts.rateCapped).toBeGreaterThan(0);
      expect(proxy.counts.reset).toBeGreaterThan(0);
      expect(proxy.counts.denied).toBe(2);
      expect(result.audit!.document.buckets.map((b) => b.name).sort()).toEqual(CORE_BUCKETS);
      expect(violations(result)).toEqual(CORE_EXPECTED);
      expect(result.audit!.unknowns).toMatchObject({ throttled: 0, timeout: 0, denied: 2 });
      const policies = Object.fromEntries(result.estate!.buckets.map((b) => [b.name.known ? b.name.value : '?', b.policy]));
      for (const name of deniedBuckets) {
        expect(policies[name]).toMatchObject({ known: false, reason: 'AccessDenied: s3:GetBucketPolicy', at: { call: 'GetBucketPolicy', resource: `arn:aws:s3:::${name}` } });
      }
      expect(policies['audit-no-config']).toMatchObject({ known: true, value: null });
      expect(proxy.requests.filter((r) => r.method !== 'GET' && r.method !== 'POST')).toEqual([]);
      expect(proxy.requests.filter((r) => !READ_ONLY.test(r.operation))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  test('a denied setting makes the rule report unknown with the missing permission', async () => {
    await seedCoreScenario(moto.endpoint);
    const proxy = await startFaultProxy(moto.endpoint, {
      deny: (r) => r.operation === 'GetBucketLifecycleConfiguration' && r.bucket === 'audit-no-config',
    });
    try {
      const result = only(await runAudit(auditConfigFor(proxy.endpoint, CORE_CONFIG)));
      const findings = runRules(result.estate!, CORE_CONFIG).findings.filter((f) => f.resource.address === 'arn:aws:s3:::audit-no-config' && f.ruleId === 'S3L001');
      expect(findings.map((f) => [f.kind, f.message])).toEqual([
        ['unknown', 'Cannot tell whether incomplete multipart uploads of bucket "audit-no-config" are aborted: AccessDenied: s3:GetLifecycleConfiguration.'],
      ]);
    } finally {
      await proxy.close();
    }
  });

  test('throttled after the retries is unknown "throttled", never a pass; the bucket stays', async () => {
    await seedCoreScenario(moto.endpoint);
    const fault = await startFaultProxy(moto.endpoint, {
      throttle: (r) => r.operation === 'GetBucketEncryption' && r.bucket === 'audit-kms-no-key',
    });
    try {
      const result = only(await runAudit(auditConfigFor(fault.endpoint, CORE_CONFIG, { maxAttempts: 2 })));
      const bucket = result.audit!.document.buckets.find((b) => b.name === 'audit-kms-no-key')!;
      expect(bucket.encryption).toEqual({ $unknown: 'throttled (SlowDown after 2 attempts)' });
      const findings = runRules(result.estate!, CORE_CONFIG).findings.filter((f) => f.resource.address === 'arn:aws:s3:::audit-kms-no-key');
      expect(findings.map((f) => `${f.ruleId} ${f.kind}`)).toEqual(['S3L005 unknown']);
      expect(result.audit!.unknowns.throttled).toBe(1);
    } finally {
      await fault.close();
    }
  });

  test('a call that does not answer times out into unknown; ListBuckets denied is an account error', async () => {
    await seedCoreScenario(moto.endpoint);
    const proxy = await startFaultProxy(moto.endpoint, {
      hang: (r) => r.operation === 'GetBucketLifecycleConfiguration' && r.bucket === 'audit-clean',
    });
    try {
      const result = only(await runAudit(auditConfigFor(proxy.endpoint, CORE_CONFIG, { timeoutMs: 300, maxAttempts: 1 })));
      const bucket = result.audit!.document.buckets.find((b) => b.name === 'audit-clean')!;
      expect(bucket.lifecycle).toEqual({ $unknown: 'timeout: GetBucketLifecycleConfiguration did not answer in time' });
      expect(result.audit!.unknowns).toMatchObject({ timeout: 1, throttled: 0, denied: 0 });
    } finally {
      await proxy.close();
    }
    const denied = await startFaultProxy(moto.endpoint, { deny: (r) => r.operation === 'ListBuckets' });
    try {
      const result = only(await runAudit(auditConfigFor(denied.endpoint, CORE_CONFIG)));
      expect(result.audit!.problems).toEqual([{ level: 'error', message: 'account 123456789012: cannot list buckets: AccessDenied: s3:ListAllMyBuckets' }]);
      expect(result.audit!.document.accounts[0]!.publicAccessBlock).toMatchObject({ BlockPublicAcls: true });
      expect(result.audit!.document.buckets).toEqual([]);
    } finally {
      await denied.close();
    }
  });

  test('a refused AssumeRole and a denied DescribeVpcEndpoints name the missing permission', async () => {
    await seedCleanBucket(moto.endpoint, 'eu-bucket', 'eu-west-1');
    const proxy = await startFaultProxy(moto.endpoint, { deny: (r) => r.operation === 'AssumeRole' || r.operation === 'DescribeVpcEndpoints' });
    try {
      const entered = await runAudit(auditConfigFor(proxy.endpoint, onlyRules(['S3L004']), { accounts: ['111111111111', MOTO_ACCOUNT] }));
      expect(entered.map((r) => [r.accountId, r.error])).toEqual([
        ['111111111111', 'account 111111111111 is not the calling account and no --role-name was given'],
        [MOTO_ACCOUNT, undefined],
      ]);
      expect(entered[1]!.audit!.problems).toEqual([
        {
          level: 'warning',
          message: 'account 123456789012: VPC endpoints in eu-west-1 not read (AccessDenied: ec2:DescribeVpcEndpoints); endpoint ids in bucket policies cannot be checked',
        },
      ]);
      const assumed = await runAudit(auditConfigFor(proxy.endpoint, CORE_CONFIG, { accounts: ['111111111111'], roleName: 'Audit' }));
      expect(assumed.map((r) => r.error)).toEqual(['cannot assume arn:aws:iam::111111111111:role/Audit: AccessDenied: sts:AssumeRole']);
    } finally {
      await proxy.close();
    }
  });

  test('VPC endpoints are read in the regions of the audited buckets, policies parsed', async () => {
    await seedCleanBucket(moto.endpoint, 'vpce-bucket', 'eu-west-1');
    const ec2 = new EC2Client({ endpoint: moto.endpoint, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::vpce-bucket/*' }] };
    const created = await ec2.send(
      new CreateVpcEndpointCommand({ VpcId: vpc.Vpc!.VpcId!, ServiceName: 'com.amazonaws.eu-west-1.s3', VpcEndpointType: 'Gateway', PolicyDocument: JSON.stringify(policy) }),
    );
    ec2.destroy();
    const operations: string[] = [];
    const result = only(await runAudit(auditConfigFor(moto.endpoint, onlyRules(['S3L004']), { observe: (e) => operations.push(`${e.operation} ${e.region}`) })));
    expect(operations.filter((o) => o.startsWith('DescribeVpcEndpoints'))).toEqual(['DescribeVpcEndpoints eu-west-1']);
    expect(result.audit!.document.vpcEndpoints).toEqual([
      expect.objectContaining({ VpcEndpointId: created.VpcEndpoint!.VpcEndpointId, ServiceName: 'com.amazonaws.eu-west-1.s3', VpcEndpointType: 'Gateway', PolicyDocument: policy, region: 'eu-west-1' }),
    ]);
    expect(result.estate!.vpcEndpoints[0]!.at).toMatchObject({ call: 'DescribeVpcEndpoints', region: 'eu-west-1' });
  });

  test('the key sample is bounded and spreads over first-level prefixes', async () => {
    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: 'keys-bucket' }));
    for (const year of ['2019', '2020', '2021', '2022']) {
      for (let i = 0; i < 5; i++) await s3.send(new PutObjectCommand({ Bucket: 'keys-bucket', Key: `${year}/01/0${i}/part.json`, Body: 'x' }));
    }
    s3.destroy();
    const operations: string[] = [];
    const result = only(
      await runAudit(
        auditConfigFor(moto.endpoint, CORE_CONFIG, {
          needs: { sections: new Set(['keySample']), accountPublicAccessBlock: false, vpcEndpoints: false },
          keySample: { pages: 1, pageSize: 5, prefixes: 3, keysPerPrefix: 2 },
          observe: (e) => operations.push(e.operation),
        }),
      ),
    );
    const sample = result.audit!.document.buckets[0]!.keySample as { keys: string[]; truncated: boolean };
    expect(sample.truncated).toBe(true);
    expect(sample.keys).toEqual([
      '2019/01/00/part.json',
      '2019/01/01/part.json',
      '2019/01/02/part.json',
      '2019/01/03/part.json',
      '2019/01/04/part.json',
      '2021/01/00/part.json',
      '2021/01/01/part.json',
      '2022/01/00/part.json',
      '2022/01/01/part.json',
    ]);
    // One flat page, one delimiter listing, three of the four prefixes (first, middle, last).
    expect(operations.filter((o) => o === 'ListObjectsV2')).toHaveLength(5);
    const keyLayouts = result.estate!.buckets[0]!.keyLayouts;
    expect(keyLayouts.map((k) => [k.source, k.sampleKeys?.length])).toEqual([['sample', 9]]);
  });

  test('--no-key-sample and disabled rules make no calls for them', async () => {
    await seedCleanBucket(moto.endpoint, 'quiet-bucket');
    const operations: string[] = [];
    await runAudit(
      auditConfigFor(moto.endpoint, CORE_CONFIG, {
        needs: { sections: new Set(['lifecycle', 'keySample']), accountPublicAccessBlock: false, vpcEndpoints: false },
        keySample: false,
        observe: (e) => operations.push(e.operation),
      }),
    );
    expect(operations.sort()).toEqual(['GetBucketLifecycleConfiguration', 'GetBucketLocation', 'GetCallerIdentity', 'ListBuckets']);
  });

  test('--accounts with --role-name audits each account separately through AssumeRole', async () => {
    const accounts = ['111111111111', '222222222222'];
    for (const account of accounts) {
      const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      const sts = new STSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Audit`, RoleSessionName: 'seed' }));
      sts.destroy();
      const c = assumed.Credentials!;
      const s3 = new S3Client({
        endpoint: moto.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
      });
      await s3.send(new CreateBucketCommand({ Bucket: `bucket-of-${account}` }));
      s3.destroy();
    }
    const results = await runAudit(auditConfigFor(moto.endpoint, CORE_CONFIG, { accounts, roleName: 'Audit' }));
    expect(results.map((r) => [r.accountId, r.roleArn, r.error, r.audit?.document.buckets.map((b) => b.name)])).toEqual([
      ['111111111111', 'arn:aws:iam::111111111111:role/Audit', undefined, ['bucket-of-111111111111']],
      ['222222222222', 'arn:aws:iam::222222222222:role/Audit', undefined, ['bucket-of-222222222222']],
    ]);
  });

  test('--org with --shard splits the organization into disjoint slices covering every account', async () => {
    const org = new OrganizationsClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    for (let i = 0; i < 4; i++) await org.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `m${i}@example.com` }));
    org.destroy();
    const slices: string[][] = [];
    for (const index of [1, 2]) {
      const results = await runAudit(auditConfigFor(moto.endpoint, CORE_CONFIG, { org: true, roleName: 'OrganizationAccountAccessRole', shard: { index, count: 2 } }));
      expect(results.every((r) => r.error === undefined)).toBe(true);
      slices.push(results.map((r) => r.accountId));
    }
    const all = [...slices[0]!, ...slices[1]!];
    expect(all).toHaveLength(5); // the management account and four members
    expect(new Set(all).size).toBe(5);
    expect(all).toContain(MOTO_ACCOUNT);
    expect(Math.abs(slices[0]!.length - slices[1]!.length)).toBeLessThanOrEqual(1);
  });
});
