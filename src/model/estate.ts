/**
 * The normalized model every loader produces and every rule reads.
 *
 * Conventions:
 * - `Value<X | null>`: known `null` means "not configured" (absent), which is different from unknown.
 * - Optional nested `Value`s that are `undefined` mean the property was not written; the loader sets
 *   `implicit: true` known values instead where the source documents a default that matters to a rule.
 * - `at` on an object is the location of the block/property that declares it (or the API call).
 */
import type { JsonValue, Provenance, Value } from './value.js';

/** The source kinds a loader can produce. Informational only; rules must not branch on it. */
export type SourceKind = 'terraform' | 'terraform-plan' | 'cloudformation' | 'snapshot' | 'aws';

export interface Estate {
  accounts: Account[];
  buckets: Bucket[];
  vpcEndpoints: VpcEndpoint[];
  accessPoints: AccessPoint[];
  /** Resources that write objects into buckets (Firehose, DMS, Glue tables, log delivery...). */
  keyProducers: KeyProducer[];
}

export function emptyEstate(): Estate {
  return { accounts: [], buckets: [], vpcEndpoints: [], accessPoints: [], keyProducers: [] };
}

/** Every addressable resource of the estate, for lookups by address. */
export function allResources(estate: Estate): (Bucket | Account | VpcEndpoint | AccessPoint | KeyProducer)[] {
  return [...estate.buckets, ...estate.accounts, ...estate.vpcEndpoints, ...estate.accessPoints, ...estate.keyProducers];
}

export function mergeEstates(parts: Estate[]): Estate {
  const out = emptyEstate();
  for (const p of parts) {
    out.accounts.push(...p.accounts);
    out.buckets.push(...p.buckets);
    out.vpcEndpoints.push(...p.vpcEndpoints);
    out.accessPoints.push(...p.accessPoints);
    out.keyProducers.push(...p.keyProducers);
  }
  return out;
}

/** Extra context shown with findings: calling module blocks, CDK construct path, stack, etc. */
export interface ResourceContext {
  /** Where this resource was reached from, outermost first (e.g. the `module "logs"` call block). */
  via?: { label: string; at: Provenance }[];
  /** CDK construct path from `aws:cdk:path` metadata. */
  cdkPath?: string;
  /** Source kind that produced the resource (informational). */
  source?: SourceKind;
}

export interface PublicAccessBlock {
  at: Provenance;
  blockPublicAcls: Value<boolean>;
  ignorePublicAcls: Value<boolean>;
  blockPublicPolicy: Value<boolean>;
  restrictPublicBuckets: Value<boolean>;
}

export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
] as const;
export type PublicAccessBlockFlag = (typeof PUBLIC_ACCESS_BLOCK_FLAGS)[number];

export interface Account {
  /** Stable identity: resource address, or the account id for live audits. */
  address: string;
  id: Value<string>;
  at: Provenance;
  context?: ResourceContext;
  /** Account-level Block Public Access (S3 Control). Known null = not configured. */
  publicAccessBlock: Value<PublicAccessBlock | null>;
  /** Organization S3_POLICY public_access_block_configuration: "all" | "none". Undefined when not declared. */
  organizationPublicAccessBlock?: Value<'all' | 'none' | null>;
}

/**
 * A policy document (bucket, endpoint or access point policy). `json` is the document as it deploys;
 * scalars that could not be determined are `{ "$s3lint:unknown": reason }` markers.
 * `locations` maps JSON pointers ("/Statement/0/Principal") to where that part is written, when known.
 */
export interface PolicyDocument {
  json: JsonValue;
  at: Provenance;
  locations?: Record<string, Provenance>;
}

export interface AclGrant {
  at: Provenance;
  grantee: {
    type: 'Group' | 'CanonicalUser' | 'AmazonCustomerByEmail';
    uri?: string;
    id?: string;
    email?: string;
  };
  permission: Value<'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL'>;
}

export interface Acl {
  at: Provenance;
  /** Canned ACL in S3 spelling ("public-read"); loaders convert CloudFormation's "PublicRead". */
  canned?: Value<string>;
  grants?: Value<AclGrant[]>;
}

export type ObjectOwnership = 'ObjectWriter' | 'BucketOwnerPreferred' | 'BucketOwnerEnforced';

export interface LifecycleFilter {
  at?: Provenance;
  prefix?: Value<string>;
  tags?: Value<Record<string, string>>;
  objectSizeGreaterThan?: Value<number>;
  objectSizeLessThan?: Value<number>;
}

export interface LifecycleTransition {
  at: Provenance;
  storageClass: Value<string>;
  days?: Value<number>;
  date?: Value<string>;
}

export interface LifecycleRule {
  at: Provenance;
  id?: Value<string>;
  status: Value<'Enabled' | 'Disabled'>;
  /** Combined scope: V1 top-level Prefix and V2 Filter are both mapped here. Empty/absent = whole bucket. */
  filter: LifecycleFilter;
  abortIncompleteMultipartUpload?: { at: Provenance; daysAfterInitiation: Value<number> };
  expiration?: { at: Provenance; days?: Value<number>; date?: Value<string>; expiredObjectDeleteMarker?: Value<boolean> };
  transitions: LifecycleTransition[];
  noncurrentVersionTransitions: LifecycleTransition[];
  noncurrentVersionExpiration?: { at: Provenance; days?: Value<number>; newerNoncurrentVersions?: Value<number> };
}

export interface Lifecycle {
  at: Provenance;
  /** Known list of rules; unknown when the rule list itself is dynamic (e.g. a dynamic block over an unknown). */
  rules: Value<LifecycleRule[]>;
  transitionDefaultMinimumObjectSize?: Value<string>;
}

export interface EncryptionRule {
  at: Provenance;
  /** "AES256" | "aws:kms" | "aws:kms:dsse" */
  sseAlgorithm: Value<string>;
  kmsMasterKeyId?: Value<string>;
  bucketKeyEnabled?: Value<boolean>;
  blockedEncryptionTypes?: Value<string[]>;
}

export interface Versioning {
  at: Provenance;
  status: Value<'Enabled' | 'Suspended' | 'Disabled'>;
  mfaDelete?: Value<'Enabled' | 'Disabled'>;
}

export interface Logging {
  at: Provenance;
  /** Bucket name of the log target. CloudFormation without DestinationBucketName: the bucket itself. */
  targetBucket: Value<string>;
  targetPrefix?: Value<string>;
  keyFormat?: Value<'SimplePrefix' | 'PartitionedPrefix'>;
  partitionDateSource?: Value<'EventTime' | 'DeliveryTime'>;
}

export interface Website {
  at: Provenance;
  indexDocument?: Value<string>;
  errorDocument?: Value<string>;
  redirectAllRequestsTo?: Value<string>;
}

export interface ObjectLock {
  at: Provenance;
  enabled: Value<boolean>;
  defaultRetention?: { at: Provenance; mode?: Value<string>; days?: Value<number>; years?: Value<number> };
}

export interface ReplicationRule {
  at: Provenance;
  id?: Value<string>;
  status: Value<'Enabled' | 'Disabled'>;
  destinationBucket: Value<string>;
  destinationAccount?: Value<string>;
}

export interface Replication {
  at: Provenance;
  role?: Value<string>;
  rules: Value<ReplicationRule[]>;
}

export interface Notification {
  at: Provenance;
  /** Destinations kinds configured: "lambda" | "sqs" | "sns" | "eventbridge" */
  targets: Value<string[]>;
}

/**
 * Evidence about how object keys are laid out in a bucket.
 * `template` uses s3lint's neutral placeholder syntax produced by loaders:
 *   `{date:yyyy/MM/dd/HH}` a date/time part with its format (`{date?:...}` when the part is an assumption
 *   the semantics mark UNVERIFIED, e.g. Firehose appending a timestamp under dynamic partitioning),
 *   `{var:name:kind}` a variable with its kind
 *   (kind: "date" | "time-ordered" | "high-cardinality" | "low-cardinality" | "unknown"), literal text otherwise.
 * Loaders may also keep the source's own template text in `sourceTemplate` for messages.
 */
export interface KeyLayoutEvidence {
  at: Provenance;
  /** What produced the evidence. */
  source: 'firehose' | 'firehose-error' | 'access-log' | 'dms' | 'glue' | 'object' | 'cloudtrail' | 'flow-log' | 'alb' | 'sample' | 'other';
  /** Address of the producing resource, when it is a resource. */
  producer?: string;
  template?: Value<string>;
  sourceTemplate?: string;
  /** Sampled real keys (live audits) or keys listed in IaC. */
  sampleKeys?: string[];
  /** Expected request rates when the source or configuration says so. */
  expectedPutRate?: number;
  expectedGetRate?: number;
}

export interface Bucket {
  /** Stable identity: resource address ("module.logs.aws_s3_bucket.this[0]"), "Stack::LogicalId", or ARN. */
  address: string;
  name: Value<string>;
  at: Provenance;
  context?: ResourceContext;
  account?: Value<string>;
  region?: Value<string>;
  /** True for S3 Express directory buckets. */
  directory?: boolean;
  publicAccessBlock: Value<PublicAccessBlock | null>;
  policy: Value<PolicyDocument | null>;
  acl: Value<Acl | null>;
  ownership: Value<{ at: Provenance; objectOwnership: Value<ObjectOwnership> } | null>;
  lifecycle: Value<Lifecycle | null>;
  encryption: Value<{ at: Provenance; rules: EncryptionRule[] } | null>;
  versioning: Value<Versioning | null>;
  logging: Value<Logging | null>;
  website: Value<Website | null>;
  objectLock: Value<ObjectLock | null>;
  replication: Value<Replication | null>;
  notification?: Value<Notification | null>;
  tags: Value<Record<string, string> | null>;
  /** Live audits only: GetBucketPolicyStatus.IsPublic. */
  policyStatusIsPublic?: Value<boolean>;
  keyLayouts: KeyLayoutEvidence[];
}

export interface VpcEndpoint {
  address: string;
  id: Value<string>;
  at: Provenance;
  context?: ResourceContext;
  serviceName: Value<string>;
  vpcId: Value<string>;
  type: Value<'Gateway' | 'Interface' | 'GatewayLoadBalancer'>;
  /** Known null = default full-access policy. */
  policy: Value<PolicyDocument | null>;
  region?: Value<string>;
}

export interface AccessPoint {
  address: string;
  name: Value<string>;
  at: Provenance;
  context?: ResourceContext;
  /** Bucket name (or linked bucket address when only that is known). */
  bucket: Value<string>;
  networkOrigin: Value<'Internet' | 'VPC'>;
  vpcId?: Value<string>;
  publicAccessBlock: Value<PublicAccessBlock | null>;
  policy: Value<PolicyDocument | null>;
}

export interface KeyProducer {
  address: string;
  at: Provenance;
  context?: ResourceContext;
  kind: KeyLayoutEvidence['source'];
  /** Target bucket name, when it could be resolved. */
  bucket: Value<string>;
  evidence: KeyLayoutEvidence[];
}
