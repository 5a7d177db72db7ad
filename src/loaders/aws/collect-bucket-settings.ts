/**
 * Per-bucket configuration collectors: one Get* call per snapshot section, sent to a client of the
 * bucket's region. Each returns the section in the API's shape, `null`, or an unknown marker; none throws.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
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
  type S3Client,
} from '@aws-sdk/client-s3';
import { BUCKET_SECTION_OPERATIONS, type BucketSection } from './operations.js';
import { isUnknownSection, outcomeOf, unknownSection } from './outcome.js';
import { plainJson, type JsonObject, type Section } from './snapshot-document.js';

/** Maps a successful response to its section; may return an unknown marker for a malformed answer. */
type Extract = (output: Record<string, unknown>) => Section;
type Fetch = (client: S3Client, bucket: string) => Promise<Record<string, unknown>>;

interface SettingCollector {
  fetch: Fetch;
  extract: Extract;
  /** The section when the call says "not configured"; null unless stated. */
  notConfigured?: Section;
}

/** A member of the response as plain JSON, or null when the API left it out. */
function member(name: string): Extract {
  return (out) => (out[name] === undefined || out[name] === null ? null : plainJson(out[name]));
}

function parsePolicy(out: Record<string, unknown>): Section {
  const text = out['Policy'];
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    const doc: unknown = JSON.parse(text);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return unknownSection('GetBucketPolicy returned a policy that is not a JSON object');
    return doc as JsonObject;
  } catch {
    return unknownSection('GetBucketPolicy returned a policy that is not valid JSON');
  }
}

function policyStatus(out: Record<string, unknown>): Section {
  // Kept as returned: some S3-compatible endpoints answer 200 without IsPublic, and the converter reads
  // a missing IsPublic as unknown (never as "not public").
  return plainJson(out['PolicyStatus'] ?? {});
}

function versioning(out: Record<string, unknown>): Section {
  const json = plainJson(out);
  // A bucket whose versioning was never enabled answers with an empty body.
  return json['Status'] === undefined && json['MFADelete'] === undefined ? null : json;
}

function tags(out: Record<string, unknown>): Section {
  const set = (out['TagSet'] ?? []) as { Key?: string; Value?: string }[];
  const map: JsonObject = {};
  for (const t of set) if (t.Key !== undefined) map[t.Key] = t.Value ?? '';
  return map;
}

function whole(out: Record<string, unknown>): Section {
  return plainJson(out);
}

function acl(out: Record<string, unknown>): Section {
  const json = plainJson(out);
  return { Owner: json['Owner'] ?? null, Grants: json['Grants'] ?? [] };
}

const send =
  <I>(make: (input: { Bucket: string }) => I) =>
  (client: S3Client, bucket: string): Promise<Record<string, unknown>> =>
    (client.send as (cmd: I) => Promise<Record<string, unknown>>)(make({ Bucket: bucket }));

export const SETTING_COLLECTORS: Record<Exclude<BucketSection, 'keySample'>, SettingCollector> = {
  publicAccessBlock: { fetch: send((i) => new GetPublicAccessBlockCommand(i)), extract: member('PublicAccessBlockConfiguration') },
  policy: { fetch: send((i) => new GetBucketPolicyCommand(i)), extract: parsePolicy },
  // No bucket policy (NoSuchBucketPolicy): the policy cannot make the bucket public.
  policyStatus: { fetch: send((i) => new GetBucketPolicyStatusCommand(i)), extract: policyStatus, notConfigured: { IsPublic: false } },
  acl: { fetch: send((i) => new GetBucketAclCommand(i)), extract: acl },
  ownershipControls: { fetch: send((i) => new GetBucketOwnershipControlsCommand(i)), extract: member('OwnershipControls') },
  lifecycle: { fetch: send((i) => new GetBucketLifecycleConfigurationCommand(i)), extract: whole },
  encryption: { fetch: send((i) => new GetBucketEncryptionCommand(i)), extract: member('ServerSideEncryptionConfiguration') },
  versioning: { fetch: send((i) => new GetBucketVersioningCommand(i)), extract: versioning },
  logging: { fetch: send((i) => new GetBucketLoggingCommand(i)), extract: member('LoggingEnabled') },
  website: { fetch: send((i) => new GetBucketWebsiteCommand(i)), extract: whole },
  replication: { fetch: send((i) => new GetBucketReplicationCommand(i)), extract: member('ReplicationConfiguration') },
  objectLock: { fetch: send((i) => new GetObjectLockConfigurationCommand(i)), extract: member('ObjectLockConfiguration') },
  tags: { fetch: send((i) => new GetBucketTaggingCommand(i)), extract: tags },
};

export interface SettingResult {
  section: Section;
  /** Set when the section is unknown: what kind of failure it was (for the error count and progress). */
  failure?: 'denied' | 'throttled' | 'timeout' | 'error';
}

/** Reads one section of one bucket. Never throws. */
export async function collectSetting(
  section: Exclude<BucketSection, 'keySample'>,
  client: S3Client,
  bucket: string,
): Promise<SettingResult> {
  const collector = SETTING_COLLECTORS[section];
  const outcome = await outcomeOf(BUCKET_SECTION_OPERATIONS[section], () => collector.fetch(client, bucket));
  switch (outcome.kind) {
    case 'configured': {
      const value = collector.extract(outcome.value);
      return isUnknownSection(value) ? { section: value, failure: 'error' } : { section: value };
    }
    case 'notConfigured':
      return { section: collector.notConfigured ?? null };
    case 'unknown':
      return { section: unknownSection(outcome.reason), failure: outcome.category };
  }
}
