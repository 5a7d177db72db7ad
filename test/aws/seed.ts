/**
 * Seeds moto with an estate whose expected findings are known: one bucket per core-rule case, plus a
 * clean bucket, plus account-level Block Public Access.
 */
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { MOTO_ACCOUNT, TEST_CREDENTIALS } from './moto.js';

export function s3Client(endpoint: string, region = 'us-east-1'): S3Client {
  return new S3Client({ endpoint, region, forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

const ALL_ON: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const ABORT_RULE = {
  ID: 'abort-mpu',
  Status: 'Enabled' as const,
  Filter: { Prefix: '' },
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
};

async function createBucket(s3: S3Client, name: string, region: string): Promise<void> {
  await s3.send(
    new CreateBucketCommand(region === 'us-east-1' ? { Bucket: name } : { Bucket: name, CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }),
  );
}

/** A bucket with nothing for the core rules to report. */
export async function seedCleanBucket(endpoint: string, name: string, region = 'us-east-1'): Promise<void> {
  const s3 = s3Client(endpoint, region);
  await createBucket(s3, name, region);
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: ALL_ON }));
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: name, LifecycleConfiguration: { Rules: [ABORT_RULE] } }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: name,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' }, BucketKeyEnabled: true }],
      },
    }),
  );
  s3.destroy();
}

/**
 * The core-rule scenario. Expected violations (CORE_EXPECTED) follow from:
 * - account BPA with only BlockPublicAcls on → S3L003 on the three other flags;
 * - "audit-no-config": no BPA, no lifecycle → S3L002 (no configuration) and S3L001 (no lifecycle);
 * - "audit-partial-bpa": BPA with BlockPublicPolicy off → S3L002 on that flag;
 * - "audit-kms-no-key" (eu-west-1): SSE-KMS without a Bucket Key → S3L005;
 * - "audit-lifecycle-no-abort": lifecycle without AbortIncompleteMultipartUpload → S3L001;
 * - "audit-clean" and "audit-clean-eu" (eu-west-1): nothing.
 */
export async function seedCoreScenario(endpoint: string): Promise<void> {
  const control = new S3ControlClient({
    endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    endpointProvider: () => ({ url: new URL(endpoint) }),
  });
  await control.send(
    new PutAccountPublicAccessBlockCommand({
      AccountId: MOTO_ACCOUNT,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false },
    }),
  );
  control.destroy();

  await seedCleanBucket(endpoint, 'audit-clean');
  await seedCleanBucket(endpoint, 'audit-clean-eu', 'eu-west-1');

  const s3 = s3Client(endpoint);
  await createBucket(s3, 'audit-no-config', 'us-east-1');
  await s3.send(new PutBucketEncryptionCommand({
    Bucket: 'audit-no-config',
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  }));
  await s3.send(new PutObjectCommand({ Bucket: 'audit-no-config', Key: '2026/01/15/a.json', Body: '{}' }));

  await seedCleanBucket(endpoint, 'audit-partial-bpa');
  await s3.send(
    new PutPublicAccessBlockCommand({ Bucket: 'audit-partial-bpa', PublicAccessBlockConfiguration: { ...ALL_ON, BlockPublicPolicy: false } }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'audit-partial-bpa',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::audit-partial-bpa', 'arn:aws:s3:::audit-partial-bpa/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      }),
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'audit-partial-bpa', VersioningConfiguration: { Status: 'Enabled' } }));

  const eu = s3Client(endpoint, 'eu-west-1');
  await seedCleanBucket(endpoint, 'audit-kms-no-key', 'eu-west-1');
  await eu.send(
    new PutBucketEncryptionCommand({
      Bucket: 'audit-kms-no-key',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' } }] },
    }),
  );
  eu.destroy();

  await seedCleanBucket(endpoint, 'audit-lifecycle-no-abort');
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'audit-lifecycle-no-abort',
      LifecycleConfiguration: { Rules: [{ ID: 'expire-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }] },
    }),
  );
  s3.destroy();
}

/** Buckets for load tests: bare buckets with a few settings so every call has something to return. */
export async function seedManyBuckets(endpoint: string, count: number, prefix = 'load'): Promise<string[]> {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS });
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < names.length) {
        const name = names[next++]!;
        await s3.send(new CreateBucketCommand({ Bucket: name }));
        if (names.indexOf(name) % 2 === 0) {
          await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: ALL_ON }));
        }
      }
    }),
  );
  s3.destroy();
  return names;
}
