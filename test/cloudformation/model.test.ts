import { describe, expect, it } from 'vitest';
import type { Bucket } from '../../src/model/index.js';
import { estateOf, yaml } from './helpers.js';

function bucket(text: string, id: string, inputs: Record<string, string> = {}): Bucket {
  const b = estateOf(text, inputs).estate.buckets.find((x) => x.address === `template::${id}`);
  if (!b) throw new Error(`no bucket ${id}`);
  return b;
}

const FULL = yaml`
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: central-logs
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data-bucket
      AccessControl: PublicRead
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerPreferred
      VersioningConfiguration:
        Status: Enabled
      LoggingConfiguration:
        DestinationBucketName: !Ref Logs
        LogFilePrefix: data/
        TargetObjectKeyFormat:
          PartitionedPrefix: {}
      LifecycleConfiguration:
        TransitionDefaultMinimumObjectSize: all_storage_classes_128K
        Rules:
          - Id: big
            Status: Enabled
            Prefix: archive/
            ObjectSizeGreaterThan: '1048576'
            TagFilters:
              - Key: class
                Value: cold
            Transitions:
              - StorageClass: GLACIER
                TransitionInDays: 90
            NoncurrentVersionExpiration:
              NoncurrentDays: 30
      ObjectLockEnabled: true
      ObjectLockConfiguration:
        ObjectLockEnabled: Enabled
        Rule:
          DefaultRetention:
            Mode: GOVERNANCE
            Days: 5
      ReplicationConfiguration:
        Role: arn:aws:iam::111122223333:role/replication
        Rules:
          - Id: r1
            Status: Enabled
            Destination:
              Bucket: arn:aws:s3:::replica-bucket
              Account: '444455556666'
      WebsiteConfiguration:
        IndexDocument: index.html
      NotificationConfiguration:
        QueueConfigurations:
          - Event: s3:ObjectCreated:*
            Queue: arn:aws:sqs:us-east-1:111122223333:q
        EventBridgeConfiguration:
          EventBridgeEnabled: true
      Tags:
        - Key: team
          Value: data
  SelfLogging:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: self-logging
      LoggingConfiguration:
        LogFilePrefix: own/
`;

describe('AWS::S3::Bucket into the model', () => {
  it('absent settings are known null at the Type line', () => {
    const b = bucket(FULL, 'Logs');
    expect(b.at).toMatchObject({ startLine: 4, file: 'template.yaml' });
    for (const key of ['publicAccessBlock', 'policy', 'acl', 'lifecycle', 'encryption', 'versioning', 'logging', 'website', 'objectLock', 'replication', 'tags'] as const) {
      expect(b[key], key).toMatchObject({ known: true, value: null, at: { startLine: 4 } });
    }
  });

  it('converts AccessControl to the S3 canned ACL spelling', () => {
    expect(bucket(FULL, 'Data').acl).toMatchObject({ known: true, value: { canned: { known: true, value: 'public-read' } }, at: { startLine: 11 } });
  });

  it('reads ownership, versioning, website, tags, notification', () => {
    const b = bucket(FULL, 'Data');
    expect(b.ownership).toMatchObject({ value: { objectOwnership: { value: 'BucketOwnerPreferred', at: { startLine: 14 } } } });
    expect(b.versioning).toMatchObject({ value: { status: { value: 'Enabled', at: { startLine: 16 } } } });
    expect(b.website).toMatchObject({ value: { indexDocument: { value: 'index.html' } } });
    expect(b.tags).toMatchObject({ value: { team: 'data' } });
    expect(b.notification).toMatchObject({ value: { targets: { value: ['sqs', 'eventbridge'] } } });
  });

  it('reads logging with the linked destination, LogFilePrefix and partitioned key format (EventTime by default)', () => {
    const logging = bucket(FULL, 'Data').logging;
    expect(logging).toMatchObject({
      known: true,
      value: {
        targetBucket: { known: true, value: 'central-logs', at: { startLine: 18 } },
        targetPrefix: { value: 'data/' },
        keyFormat: { value: 'PartitionedPrefix' },
        partitionDateSource: { value: 'EventTime', implicit: true },
      },
    });
  });

  it('logs go to the bucket itself without DestinationBucketName', () => {
    expect(bucket(FULL, 'SelfLogging').logging).toMatchObject({ value: { targetBucket: { known: true, value: 'self-logging', implicit: true } } });
  });

  it('maps lifecycle rule filters (Prefix, TagFilters, ObjectSize) and transitions', () => {
    const lc = bucket(FULL, 'Data').lifecycle;
    expect(lc).toMatchObject({ known: true, value: { transitionDefaultMinimumObjectSize: { value: 'all_storage_classes_128K' } } });
    const rules = lc.known && lc.value ? lc.value.rules : undefined;
    expect(rules).toMatchObject({ known: true });
    const rule = rules?.known ? rules.value[0] : undefined;
    expect(rule).toMatchObject({
      id: { value: 'big' },
      status: { value: 'Enabled' },
      filter: { prefix: { value: 'archive/', at: { startLine: 27 } }, objectSizeGreaterThan: { value: 1048576 }, tags: { value: { class: 'cold' } } },
      transitions: [{ storageClass: { value: 'GLACIER' }, days: { value: 90 } }],
      noncurrentVersionExpiration: { days: { value: 30 } },
    });
    expect(rule?.abortIncompleteMultipartUpload).toBeUndefined();
  });

  it('reads object lock and replication (destination ARN to bucket name)', () => {
    const b = bucket(FULL, 'Data');
    expect(b.objectLock).toMatchObject({ value: { enabled: { value: true }, defaultRetention: { mode: { value: 'GOVERNANCE' }, days: { value: 5 } } } });
    expect(b.replication).toMatchObject({ value: { role: { value: 'arn:aws:iam::111122223333:role/replication' }, rules: { value: [{ destinationBucket: { value: 'replica-bucket' }, destinationAccount: { value: '444455556666' } }] } } });
  });

  it('adds server access log key layout evidence to the destination bucket', () => {
    const logs = bucket(FULL, 'Logs');
    expect(logs.keyLayouts).toHaveLength(1);
    expect(logs.keyLayouts[0]).toMatchObject({ source: 'access-log', producer: 'template::Data', sourceTemplate: 'data/' });
    expect(bucket(FULL, 'SelfLogging').keyLayouts).toMatchObject([{ source: 'access-log', producer: 'template::SelfLogging' }]);
  });

  it('Public Access Block: omitted flags of a present configuration are false and implicit', () => {
    const b = bucket(
      yaml`
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
`,
      'B',
    );
    expect(b.publicAccessBlock).toMatchObject({
      known: true,
      value: { blockPublicAcls: { value: true, at: { startLine: 6 } }, blockPublicPolicy: { value: false, implicit: true, at: { startLine: 5 } } },
    });
  });

  it('reads YAML 1.1 booleans (yes/no) and quoted booleans as booleans', () => {
    const b = bucket(
      yaml`
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: yes
        BlockPublicPolicy: 'true'
        IgnorePublicAcls: No
        RestrictPublicBuckets: maybe
`,
      'B',
    );
    const pab = b.publicAccessBlock.known ? b.publicAccessBlock.value : null;
    expect(pab?.blockPublicAcls).toMatchObject({ known: true, value: true });
    expect(pab?.blockPublicPolicy).toMatchObject({ known: true, value: true });
    expect(pab?.ignorePublicAcls).toMatchObject({ known: true, value: false });
    expect(pab?.restrictPublicBuckets).toMatchObject({ known: false, reason: 'expected a Boolean, found "maybe"' });
  });

  it('encryption: BucketKeyEnabled absent is false and implicit; KMS key kept', () => {
    const b = bucket(
      yaml`
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: alias/data
`,
      'B',
    );
    expect(b.encryption).toMatchObject({
      value: { rules: [{ sseAlgorithm: { value: 'aws:kms', at: { startLine: 8 } }, kmsMasterKeyId: { value: 'alias/data' }, bucketKeyEnabled: { value: false, implicit: true } }] },
    });
  });

  it('an unknown property value is unknown with its reason, at the property', () => {
    const b = bucket(
      yaml`
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: !ImportValue shared-versioning
`,
      'B',
    );
    expect(b.versioning).toMatchObject({ known: false, at: { startLine: 5 } });
    expect(!b.versioning.known && b.versioning.reason).toMatch(/ImportValue/);
  });
});
