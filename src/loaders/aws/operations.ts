/**
 * The catalog of read calls the live audit may make: which snapshot section each one fills, the IAM
 * permission it needs (named in "AccessDenied" unknowns and in docs/audit.md), and the error codes
 * that mean "not configured" rather than "could not read".
 */

/** Sections of a snapshot bucket object that a per-bucket call fills (docs/snapshot-format.md). */
export const BUCKET_SECTIONS = [
  'publicAccessBlock',
  'policy',
  'policyStatus',
  'acl',
  'ownershipControls',
  'lifecycle',
  'encryption',
  'versioning',
  'logging',
  'website',
  'replication',
  'objectLock',
  'tags',
  'keySample',
] as const;
export type BucketSection = (typeof BUCKET_SECTIONS)[number];

export interface OperationInfo {
  /** SDK / API operation name, e.g. "GetBucketPolicy". */
  operation: string;
  /** IAM action needed, e.g. "s3:GetBucketPolicy". */
  permission: string;
  /** Error codes (404s) that mean the setting is not configured: the section becomes `null`. */
  notConfigured: readonly string[];
}

export const BUCKET_SECTION_OPERATIONS: Record<BucketSection, OperationInfo> = {
  publicAccessBlock: {
    operation: 'GetPublicAccessBlock',
    permission: 's3:GetBucketPublicAccessBlock',
    notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
  },
  policy: { operation: 'GetBucketPolicy', permission: 's3:GetBucketPolicy', notConfigured: ['NoSuchBucketPolicy'] },
  policyStatus: {
    operation: 'GetBucketPolicyStatus',
    permission: 's3:GetBucketPolicyStatus',
    notConfigured: ['NoSuchBucketPolicy'],
  },
  acl: { operation: 'GetBucketAcl', permission: 's3:GetBucketAcl', notConfigured: [] },
  ownershipControls: {
    operation: 'GetBucketOwnershipControls',
    permission: 's3:GetBucketOwnershipControls',
    notConfigured: ['OwnershipControlsNotFoundError'],
  },
  lifecycle: {
    operation: 'GetBucketLifecycleConfiguration',
    permission: 's3:GetLifecycleConfiguration',
    notConfigured: ['NoSuchLifecycleConfiguration'],
  },
  encryption: {
    operation: 'GetBucketEncryption',
    permission: 's3:GetEncryptionConfiguration',
    notConfigured: ['ServerSideEncryptionConfigurationNotFoundError'],
  },
  versioning: { operation: 'GetBucketVersioning', permission: 's3:GetBucketVersioning', notConfigured: [] },
  logging: { operation: 'GetBucketLogging', permission: 's3:GetBucketLogging', notConfigured: [] },
  website: {
    operation: 'GetBucketWebsite',
    permission: 's3:GetBucketWebsite',
    notConfigured: ['NoSuchWebsiteConfiguration'],
  },
  replication: {
    operation: 'GetBucketReplication',
    permission: 's3:GetReplicationConfiguration',
    notConfigured: ['ReplicationConfigurationNotFoundError'],
  },
  objectLock: {
    operation: 'GetObjectLockConfiguration',
    permission: 's3:GetBucketObjectLockConfiguration',
    notConfigured: ['ObjectLockConfigurationNotFoundError'],
  },
  tags: { operation: 'GetBucketTagging', permission: 's3:GetBucketTagging', notConfigured: ['NoSuchTagSet'] },
  keySample: { operation: 'ListObjectsV2', permission: 's3:ListBucket', notConfigured: [] },
};

/** Account-level and inventory calls. */
export const OTHER_OPERATIONS = {
  callerIdentity: { operation: 'GetCallerIdentity', permission: 'sts:GetCallerIdentity', notConfigured: [] },
  accountPublicAccessBlock: {
    operation: 'GetPublicAccessBlock',
    permission: 's3:GetAccountPublicAccessBlock',
    notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
  },
  listBuckets: { operation: 'ListBuckets', permission: 's3:ListAllMyBuckets', notConfigured: [] },
  bucketLocation: { operation: 'GetBucketLocation', permission: 's3:GetBucketLocation', notConfigured: [] },
  vpcEndpoints: { operation: 'DescribeVpcEndpoints', permission: 'ec2:DescribeVpcEndpoints', notConfigured: [] },
  listAccounts: { operation: 'ListAccounts', permission: 'organizations:ListAccounts', notConfigured: [] },
  assumeRole: { operation: 'AssumeRole', permission: 'sts:AssumeRole', notConfigured: [] },
} as const satisfies Record<string, OperationInfo>;
