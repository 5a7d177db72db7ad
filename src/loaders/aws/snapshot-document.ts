/**
 * The snapshot document the live audit assembles (docs/snapshot-format.md): each section holds the
 * S3 API's response shape, `null` when not configured, `{ "$unknown": reason }` when it could not be read.
 * `--save` writes exactly this document, and the snapshot converter turns it into the model.
 */
import type { JsonValue } from '../../model/index.js';
import type { BucketSection } from './operations.js';
import type { UnknownSection } from './outcome.js';

export type JsonObject = { [key: string]: JsonValue };

/** A collected section: the API shape, null (not configured) or unknown. */
export type Section = JsonObject | null | UnknownSection;

export interface SnapshotAccount {
  id: string;
  publicAccessBlock?: Section;
}

export type SnapshotBucket = {
  name: string;
  account?: string;
  /** Missing when GetBucketLocation could not be read (then `regionUnknown` says why). */
  region?: string;
} & Partial<Record<BucketSection, Section>>;

export interface SnapshotVpcEndpoint extends JsonObject {
  VpcEndpointId: string;
  region: string;
}

export interface SnapshotDocument {
  s3lintSnapshot: 1;
  generatedBy?: string;
  /** ISO 8601 time the audit finished reading. */
  generatedAt?: string;
  accounts: SnapshotAccount[];
  buckets: SnapshotBucket[];
  vpcEndpoints: SnapshotVpcEndpoint[];
  /** What could not be read at the account level ({ level, message }), for the record. */
  errors?: JsonObject[];
}

/** Plain JSON from an SDK output: no `$metadata`, Dates as ISO strings, undefined members dropped. */
export function plainJson(value: unknown): JsonObject {
  const { $metadata: _ignored, ...rest } = (value ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as JsonObject;
}

export function bucketArn(partition: string, name: string): string {
  return `arn:${partition}:s3:::${name}`;
}

/** The partition of an ARN ("aws", "aws-cn", "aws-us-gov"), "aws" when it cannot be read. */
export function partitionOf(arn: string | undefined): string {
  const part = arn?.split(':')[1];
  return part !== undefined && part !== '' ? part : 'aws';
}
