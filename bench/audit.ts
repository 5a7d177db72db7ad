/**
 * Benchmark of `s3lint audit` (issue 5 acceptance: 1,000 buckets audited at no less than 80% of the
 * request rate a bare loop of the same API calls reaches against the same moto_server at the same
 * concurrency). Starts its own moto_server, seeds the buckets, then measures both.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { defaultAuditConfig, runAudit } from '../src/loaders/aws/audit.js';
import { allNeeds } from '../src/loaders/aws/requirements.js';
import { motoAvailable, MOTO_ACCOUNT, startMoto, TEST_CREDENTIALS } from '../test/aws/moto.js';
import { seedManyBuckets } from '../test/aws/seed.js';

export const AUDIT_BENCH_BUCKETS = 1_000;
export const AUDIT_BENCH_CONCURRENCY = 16;
export const AUDIT_BENCH_MIN_RATIO = 0.8;

export interface AuditBenchResult {
  buckets: number;
  concurrency: number;
  audit: { calls: number; seconds: number; rate: number };
  bare: { calls: number; seconds: number; rate: number };
  ratio: number;
  withinTarget: boolean;
}

type Send = (client: S3Client, bucket: string) => Promise<unknown>;

/** The per-bucket calls a full audit makes (every rule enabled, key sample of one page). */
const PER_BUCKET: Send[] = [
  (c, b) => c.send(new GetBucketLocationCommand({ Bucket: b })),
  (c, b) => c.send(new GetPublicAccessBlockCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketPolicyCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketPolicyStatusCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketAclCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketOwnershipControlsCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketLifecycleConfigurationCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketEncryptionCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketVersioningCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketLoggingCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketWebsiteCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketReplicationCommand({ Bucket: b })),
  (c, b) => c.send(new GetObjectLockConfigurationCommand({ Bucket: b })),
  (c, b) => c.send(new GetBucketTaggingCommand({ Bucket: b })),
  (c, b) => c.send(new ListObjectsV2Command({ Bucket: b, MaxKeys: 1000 })),
];

/** The account-level calls of the audit, on plain clients. */
async function globalCalls(endpoint: string): Promise<number> {
  const config = { endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS };
  const sts = new STSClient(config);
  const control = new S3ControlClient({ ...config, endpointProvider: () => ({ url: new URL(endpoint) }) });
  const ec2 = new EC2Client(config);
  await sts.send(new GetCallerIdentityCommand({}));
  await control.send(new GetAccountPublicAccessBlockCommand({ AccountId: MOTO_ACCOUNT })).catch(() => undefined);
  await ec2.send(new DescribeVpcEndpointsCommand({}));
  for (const c of [sts, control, ec2]) c.destroy();
  return 3;
}

/** The same calls, in a plain worker pool on one plain client: the ceiling the audit is measured against. */
async function bareLoop(endpoint: string, buckets: string[], concurrency: number): Promise<{ calls: number; seconds: number }> {
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS });
  const start = performance.now();
  let calls = await globalCalls(endpoint);
  await client.send(new ListBucketsCommand({}));
  calls++;
  const work = buckets.flatMap((b) => PER_BUCKET.map((send) => () => send(client, b)));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < work.length) {
        // Expected 404s ("not configured") are answers like any other.
        await work[next++]!().catch(() => undefined);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  client.destroy();
  return { calls: calls + work.length, seconds };
}

async function auditOnce(endpoint: string, concurrency: number): Promise<{ calls: number; seconds: number; buckets: number }> {
  let calls = 0;
  const start = performance.now();
  const [result] = await runAudit(
    defaultAuditConfig({
      endpointUrl: endpoint,
      credentials: async () => ({ ...TEST_CREDENTIALS }),
      needs: allNeeds(),
      concurrency,
      clientConcurrency: concurrency,
      observe: () => calls++,
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  if (result?.error !== undefined) throw new Error(`audit failed: ${result.error}`);
  return { calls, seconds, buckets: result?.audit?.document.buckets.length ?? 0 };
}

export async function measureAuditBench(buckets = AUDIT_BENCH_BUCKETS, concurrency = AUDIT_BENCH_CONCURRENCY): Promise<AuditBenchResult> {
  const moto = await startMoto();
  try {
    const names = await seedManyBuckets(moto.endpoint, buckets, 'bench');
    // Warm every moto backend (S3, STS, S3 Control, EC2: its first call takes seconds) and the pools.
    await bareLoop(moto.endpoint, names.slice(0, 50), concurrency);
    // Best of two alternating runs each: the machine is shared, a single run can hit a busy moment.
    let audit = { calls: 0, seconds: Infinity, buckets: 0 };
    let bare = { calls: 0, seconds: Infinity };
    for (let round = 0; round < 2; round++) {
      const a = await auditOnce(moto.endpoint, concurrency);
      if (a.buckets !== buckets) throw new Error(`audit saw ${a.buckets} of ${buckets} buckets`);
      if (a.calls / a.seconds > audit.calls / audit.seconds) audit = a;
      const b = await bareLoop(moto.endpoint, names, concurrency);
      if (b.calls / b.seconds > bare.calls / bare.seconds) bare = b;
    }
    const auditRate = audit.calls / audit.seconds;
    const bareRate = bare.calls / bare.seconds;
    const ratio = auditRate / bareRate;
    return {
      buckets,
      concurrency,
      audit: { calls: audit.calls, seconds: audit.seconds, rate: auditRate },
      bare: { calls: bare.calls, seconds: bare.seconds, rate: bareRate },
      ratio,
      withinTarget: ratio >= AUDIT_BENCH_MIN_RATIO,
    };
  } finally {
    await moto.stop();
  }
}

/**
 * Prints both request rates and their ratio. Takes minutes: four runs of ~15,000 calls, and moto_server
 * answers 100-300 calls/s.
 */
export async function runAuditBench(buckets = AUDIT_BENCH_BUCKETS): Promise<void> {
  console.log(`audit: ${buckets} buckets in moto_server, concurrency ${AUDIT_BENCH_CONCURRENCY}`);
  if (!motoAvailable()) {
    console.log('  SKIPPED: moto_server is not on PATH');
    return;
  }
  const r = await measureAuditBench(buckets);
  const fmt = (x: { calls: number; seconds: number; rate: number }) => `${x.calls} calls in ${x.seconds.toFixed(1)} s = ${x.rate.toFixed(0)} calls/s`;
  console.log(`  s3lint audit: ${fmt(r.audit)}`);
  console.log(`  bare loop:    ${fmt(r.bare)}`);
  console.log(`  ratio: ${(r.ratio * 100).toFixed(0)}% (target >= ${AUDIT_BENCH_MIN_RATIO * 100}%) ${r.withinTarget ? 'OK' : 'BELOW TARGET'}`);
}
