/**
 * One bucket of the model from Terraform, in two steps: what each resource says is read into plain model
 * values while its module instance is alive (`readDeclaredBucket`, `readSplitPart`), and the bucket is
 * assembled from those parts once every resource that may configure it has been linked (`assembleBucket`).
 * The parts hold no syntax trees or scopes, so a configuration's parsed files can be released as soon as its
 * resources have been read.
 */
import {
  known,
  unknown,
  type Bucket,
  type ObjectLock,
  type ResourceContext,
  type SourceRange,
  type Value,
} from '../../model/index.js';
import type { ResourceLike } from './module.js';
import { policyValue } from './policy-json.js';
import { bool, contextOf, headerAt, item, readArg, str, strMap, type Item } from './read.js';
import * as F from './s3-fields.js';
import { spanRange, type Span } from './source.js';
import type { TV } from './values.js';

export const SPLIT_TYPES = [
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_website_configuration',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_replication_configuration',
  'aws_s3_bucket_notification',
] as const;
export type SplitType = (typeof SPLIT_TYPES)[number];

/** The bucket setting each split resource type configures. */
const FIELD = {
  aws_s3_bucket_public_access_block: 'publicAccessBlock',
  aws_s3_bucket_policy: 'policy',
  aws_s3_bucket_lifecycle_configuration: 'lifecycle',
  aws_s3_bucket_server_side_encryption_configuration: 'encryption',
  aws_s3_bucket_versioning: 'versioning',
  aws_s3_bucket_logging: 'logging',
  aws_s3_bucket_acl: 'acl',
  aws_s3_bucket_ownership_controls: 'ownership',
  aws_s3_bucket_website_configuration: 'website',
  aws_s3_bucket_object_lock_configuration: 'objectLock',
  aws_s3_bucket_replication_configuration: 'replication',
  aws_s3_bucket_notification: 'notification',
} as const satisfies Record<SplitType, keyof Bucket>;

type SplitField = (typeof FIELD)[SplitType];
/** A setting's model value (a Value of the setting or null). */
type Setting<K extends SplitField> = NonNullable<Bucket[K]>;

/** What one split resource says about its bucket's setting. */
export interface SplitPart {
  address: string;
  at: SourceRange;
  value: Value<unknown>;
  /** Configurations are read one after the other: parts keep the order in which they were declared. */
  order: number;
}

/** A split resource whose bucket could not be told (its `bucket` is unknown or not a string). */
export interface UnlinkedPart {
  address: string;
  at: SourceRange;
  reason: string;
}

const SPLIT_READERS: { [T in SplitType]: (s: Item) => Setting<(typeof FIELD)[T]> } = {
  aws_s3_bucket_public_access_block: (s) => known(F.publicAccessBlock(s, false), headerAt(s)),
  aws_s3_bucket_policy: (s) => {
    const p = readArg(s, 'policy');
    return p ? policyValue(p.tv, p.at) : unknown('policy is not set', headerAt(s));
  },
  aws_s3_bucket_lifecycle_configuration: (s) => known(F.splitLifecycle(s), headerAt(s)),
  aws_s3_bucket_server_side_encryption_configuration: (s) => F.encryption(s),
  aws_s3_bucket_versioning: (s) => F.splitVersioning(s),
  aws_s3_bucket_logging: (s) => known(F.logging(s), headerAt(s)),
  aws_s3_bucket_acl: (s) => known(F.splitAcl(s), headerAt(s)),
  aws_s3_bucket_ownership_controls: (s) => F.ownership(s),
  aws_s3_bucket_website_configuration: (s) => known(F.splitWebsite(s), headerAt(s)),
  aws_s3_bucket_object_lock_configuration: (s) => {
    // A lock configuration resource implies Object Lock is enabled on the bucket.
    const lockAt = headerAt(s);
    const out: ObjectLock = { at: lockAt, enabled: known(true, lockAt, true) };
    F.objectLockRule(s, out);
    return known(out, lockAt);
  },
  aws_s3_bucket_replication_configuration: (s) => known(F.replication(s, 'rule', 'account'), headerAt(s)),
  aws_s3_bucket_notification: (s) => {
    const at = headerAt(s);
    return known({ at, targets: F.notificationTargets(s) }, at);
  },
};

export function readSplitPart(type: SplitType, inst: ResourceLike, order: number): SplitPart {
  const it = item(inst);
  return { address: inst.address, at: headerAt(it), value: SPLIT_READERS[type](it), order };
}

export function unlinkedPart(inst: ResourceLike, reason: string): UnlinkedPart {
  return { address: inst.address, at: headerAt(item(inst)), reason };
}

/** Everything a bucket's model needs, read from its resources. */
export interface BucketParts {
  address: string;
  name: Value<string>;
  at: SourceRange;
  context: ResourceContext;
  region?: Value<string>;
  tags: Value<Record<string, string> | null>;
  /** The value of each setting when no split resource configures it (inline blocks, or "not configured"). */
  fallback: { [K in Exclude<SplitField, 'objectLock'>]: Setting<K> };
  /** The inline parts of Object Lock, combined with a lock configuration resource when there is one. */
  objectLock: InlineObjectLock;
  split: Map<SplitType, SplitPart[]>;
  /** The first split resource of each type in the bucket's configuration whose bucket is unknown. */
  unlinked: ReadonlyMap<SplitType, UnlinkedPart>;
  /** A bucket that split resources configure but that no configuration declares: what is not written is unknown. */
  external?: { reason: string };
}

interface InlineObjectLock {
  enabledAttr?: Value<boolean>;
  /** Object Lock settings from `object_lock_enabled` and the inline `object_lock_configuration` block. */
  base?: { lock: ObjectLock };
}

/** Reads an `aws_s3_bucket` resource (its inline settings); split resources are linked to it afterwards. */
export function readDeclaredBucket(inst: ResourceLike, nameTV: TV, unlinked: ReadonlyMap<SplitType, UnlinkedPart>): BucketParts {
  const it = item(inst);
  const at = headerAt(it);
  const none = known(null, at);
  const name: Value<string> =
    nameTV.k === 'str' ? known(nameTV.v, spanRange(it.body.attrs.get('bucket')?.span ?? it.header)) : unknown(nameTV.k === 'unknown' ? nameTV.reason : 'bucket name is not a string', at);
  const policyAttr = readArg(it, 'policy');
  const sseInline = F.first(it, 'server_side_encryption_configuration');
  const versioningInline = F.first(it, 'versioning');
  const loggingInline = F.first(it, 'logging');
  const websiteInline = F.first(it, 'website');
  const replicationInline = F.first(it, 'replication_configuration');
  const aclInline = F.inlineAcl(it);
  const parts: BucketParts = {
    address: inst.address,
    name,
    at,
    context: contextOf(inst.mod),
    tags: strMap(it, 'tags') ?? none,
    fallback: {
      publicAccessBlock: none,
      policy: policyAttr ? policyValue(policyAttr.tv, policyAttr.at) : none,
      acl: aclInline ? known(aclInline, aclInline.at) : none,
      ownership: none,
      lifecycle: F.inlineLifecycle(it) ?? none,
      encryption: sseInline ? F.encryption(sseInline) : none,
      versioning: versioningInline ? F.inlineVersioning(versioningInline) : none,
      logging: loggingInline ? known(F.logging(loggingInline), headerAt(loggingInline)) : none,
      website: websiteInline ? known(F.inlineWebsite(websiteInline), headerAt(websiteInline)) : none,
      replication: replicationInline ? known(F.replication(replicationInline, 'rules', 'account_id'), headerAt(replicationInline)) : none,
      notification: none,
    },
    objectLock: inlineObjectLock(it),
    split: new Map(),
    unlinked,
  };
  const region = regionOf(inst);
  if (region) parts.region = region;
  return parts;
}

/** The Object Lock settings written on the bucket resource itself (before any lock configuration resource). */
function inlineObjectLock(it: Item): InlineObjectLock {
  const at = headerAt(it);
  const enabledAttr = bool(it, 'object_lock_enabled');
  const inline = F.first(it, 'object_lock_configuration');
  const out: InlineObjectLock = enabledAttr ? { enabledAttr } : {};
  if (!enabledAttr && !inline) return out;
  let enabled: Value<boolean> = enabledAttr ?? known(false, at, true);
  let lockAt: SourceRange = (enabledAttr?.at as SourceRange | undefined) ?? at;
  const lock: ObjectLock = { at: lockAt, enabled };
  if (inline) {
    lockAt = headerAt(inline);
    const e = str(inline, 'object_lock_enabled');
    if (e) enabled = e.known ? known(e.value === 'Enabled', e.at) : e;
    F.objectLockRule(inline, lock);
  }
  lock.at = lockAt;
  lock.enabled = enabled;
  out.base = { lock };
  return out;
}

/** The bucket's Region when the configuration says it (resource or provider `region`); see ResourceInstance.region. */
function regionOf(inst: ResourceLike): Value<string> | undefined {
  const r = 'region' in inst && typeof inst.region === 'function' ? (inst.region as () => { tv: TV; span: Span } | undefined)() : undefined;
  if (!r) return undefined;
  const at = spanRange(r.span);
  if (r.tv.k === 'str') return known(r.tv.v, at);
  if (r.tv.k === 'unknown') return unknown(r.tv.reason, at);
  return undefined;
}

/** What a bucket that no configuration declares is built from: the split resource that first names it. */
export interface ExternalSeed {
  address: string;
  at: SourceRange;
  context: ResourceContext;
  /** The `bucket` argument as written (identifies a bucket named by an expression). */
  text: string;
  nameAt: SourceRange;
}

export function externalSeed(inst: ResourceLike): ExternalSeed {
  const attr = inst.body.attrs.get('bucket');
  return {
    address: inst.address,
    at: headerAt(item(inst)),
    context: contextOf(inst.mod),
    text: attr ? attr.span.src.text.slice(attr.span.s, attr.span.e).replace(/^bucket\s*=\s*/, '') : '?',
    nameAt: spanRange(attr?.span ?? inst.def.block.header),
  };
}

/** The parts of a bucket that split resources configure but this configuration does not declare. */
export function externalBucket(seed: ExternalSeed, name: string | undefined, value: TV | undefined): BucketParts {
  const reason =
    value?.k === 'unknown' && value.error === true
      ? `${seed.address} refers to a bucket this configuration does not declare (${value.reason})`
      : `the bucket is not declared in this configuration (only ${seed.address} configures it here)`;
  const never = unknown(reason, seed.at);
  return {
    address: name !== undefined ? `external bucket ${name}` : `external bucket ${seed.text}`,
    name: name !== undefined ? known(name, seed.nameAt) : unknown(value?.k === 'unknown' ? value.reason : 'bucket name is not a string', seed.at),
    at: seed.at,
    context: seed.context,
    tags: never,
    fallback: {
      publicAccessBlock: never,
      policy: never,
      acl: never,
      ownership: never,
      lifecycle: never,
      encryption: never,
      versioning: never,
      logging: never,
      website: never,
      replication: never,
      notification: never,
    },
    objectLock: {},
    split: new Map(),
    unlinked: new Map(),
    external: { reason },
  };
}

/** The one split resource of a type for this bucket, or why the setting is unknown. */
function splitFor(parts: BucketParts, type: SplitType): SplitPart | Value<never> | undefined {
  const linked = parts.split.get(type);
  if (linked && linked.length > 1) {
    // S3 keeps one configuration per bucket: with two resources, the last one applied wins.
    return unknown(`${linked.map((l) => l.address).join(' and ')} all configure this bucket; which one applies depends on the order of apply`, (linked[linked.length - 1] as SplitPart).at);
  }
  if (linked && linked.length === 1) return linked[0];
  const maybe = parts.unlinked.get(type);
  if (maybe) return unknown(`${maybe.address} may configure this bucket, but its bucket is unknown (${maybe.reason})`, maybe.at);
  return undefined;
}

function isPart(x: SplitPart | Value<never>): x is SplitPart {
  return 'address' in x;
}

function setting<T extends Exclude<SplitType, 'aws_s3_bucket_object_lock_configuration'>>(parts: BucketParts, type: T): Setting<(typeof FIELD)[T]> {
  const s = splitFor(parts, type);
  if (s === undefined) return parts.fallback[FIELD[type]] as Setting<(typeof FIELD)[T]>;
  return (isPart(s) ? s.value : s) as Setting<(typeof FIELD)[T]>;
}

function objectLock(parts: BucketParts): Value<ObjectLock | null> {
  const s = splitFor(parts, 'aws_s3_bucket_object_lock_configuration');
  if (parts.external) return s === undefined ? unknown(parts.external.reason, parts.at) : ((isPart(s) ? s.value : s) as Value<ObjectLock>);
  if (s !== undefined && !isPart(s)) return s;
  const { enabledAttr, base } = parts.objectLock;
  if (s === undefined) return base ? known(base.lock, base.lock.at) : known(null, parts.at);
  const resource = s.value.known ? (s.value.value as ObjectLock) : undefined;
  // With a lock configuration resource, Object Lock is enabled unless the bucket says otherwise.
  const out: ObjectLock = { at: s.at, enabled: enabledAttr && base ? base.lock.enabled : known(true, s.at, true) };
  const retention = resource?.defaultRetention ?? base?.lock.defaultRetention;
  if (retention) out.defaultRetention = retention;
  return known(out, s.at);
}

export function assembleBucket(parts: BucketParts): Bucket {
  const bucket: Bucket = {
    address: parts.address,
    name: parts.name,
    at: parts.at,
    context: parts.context,
    publicAccessBlock: setting(parts, 'aws_s3_bucket_public_access_block'),
    policy: setting(parts, 'aws_s3_bucket_policy'),
    acl: setting(parts, 'aws_s3_bucket_acl'),
    ownership: setting(parts, 'aws_s3_bucket_ownership_controls'),
    lifecycle: setting(parts, 'aws_s3_bucket_lifecycle_configuration'),
    encryption: setting(parts, 'aws_s3_bucket_server_side_encryption_configuration'),
    versioning: setting(parts, 'aws_s3_bucket_versioning'),
    logging: setting(parts, 'aws_s3_bucket_logging'),
    website: setting(parts, 'aws_s3_bucket_website_configuration'),
    objectLock: objectLock(parts),
    replication: setting(parts, 'aws_s3_bucket_replication_configuration'),
    notification: setting(parts, 'aws_s3_bucket_notification'),
    tags: parts.tags,
    keyLayouts: [],
  };
  if (parts.region) bucket.region = parts.region;
  return bucket;
}
