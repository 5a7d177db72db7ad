/**
 * Bucket settings from the legacy inline blocks of aws_s3_bucket and from the split aws_s3_bucket_* resources.
 * Each builder returns the model object for one source; s3.ts decides which source applies.
 */
import {
  known,
  unknown,
  type Acl,
  type AclGrant,
  type EncryptionRule,
  type Lifecycle,
  type LifecycleFilter,
  type LifecycleRule,
  type LifecycleTransition,
  type Logging,
  type ObjectLock,
  type ObjectOwnership,
  type PublicAccessBlock,
  type Replication,
  type ReplicationRule,
  type SourceRange,
  type Value,
  type Versioning,
  type Website,
} from '../../model/index.js';
import { blocksOf, type BlockItem } from './blocks.js';
import { bool, bucketNameOf, headerAt, num, oneOf, readArg, str, strList, strMap, type Item } from './read.js';
import { spanRange } from './source.js';

type Items = { items: BlockItem[] } | { unknown: Value<never> };

function children(item: Item, type: string): Items {
  const r = blocksOf(item.body, type, item.scope);
  return 'unknown' in r ? { unknown: unknown(r.unknown, spanRange(r.span)) } : r;
}

function first(item: Item, type: string): BlockItem | undefined {
  const r = blocksOf(item.body, type, item.scope);
  return 'items' in r ? r.items[0] : undefined;
}

const STATUS = ['Enabled', 'Disabled'] as const;

// ---------------------------------------------------------------- public access block

export function publicAccessBlock(item: Item, defaultValue: boolean): PublicAccessBlock {
  const at = headerAt(item);
  const flag = (name: string): Value<boolean> => bool(item, name) ?? known(defaultValue, at, true);
  return {
    at,
    blockPublicAcls: flag('block_public_acls'),
    ignorePublicAcls: flag('ignore_public_acls'),
    blockPublicPolicy: flag('block_public_policy'),
    restrictPublicBuckets: flag('restrict_public_buckets'),
  };
}

// ---------------------------------------------------------------- lifecycle

function transition(t: BlockItem, daysArg: string): LifecycleTransition {
  const out: LifecycleTransition = { at: headerAt(t), storageClass: str(t, 'storage_class') ?? unknown('storage_class is not set', headerAt(t)) };
  const days = num(t, daysArg);
  if (days) out.days = days;
  const date = str(t, 'date');
  if (date) out.date = date;
  return out;
}

function sizeFilter(f: Item, out: LifecycleFilter): void {
  const gt = num(f, 'object_size_greater_than');
  if (gt) out.objectSizeGreaterThan = gt;
  const lt = num(f, 'object_size_less_than');
  if (lt) out.objectSizeLessThan = lt;
}

function splitFilter(rule: BlockItem): LifecycleFilter {
  const out: LifecycleFilter = {};
  const legacyPrefix = str(rule, 'prefix');
  if (legacyPrefix) out.prefix = legacyPrefix;
  const filters = children(rule, 'filter');
  if ('unknown' in filters) {
    out.prefix = filters.unknown;
    return out;
  }
  const f = filters.items[0];
  if (!f) return out;
  out.at = headerAt(f);
  const prefix = str(f, 'prefix');
  if (prefix) out.prefix = prefix;
  sizeFilter(f, out);
  const tag = first(f, 'tag');
  if (tag) {
    const k = str(tag, 'key');
    const v = str(tag, 'value');
    out.tags = k?.known && v?.known ? known({ [k.value]: v.value }, headerAt(tag)) : unknown('the tag filter is not known', headerAt(tag));
  }
  const and = first(f, 'and');
  if (and) {
    const p = str(and, 'prefix');
    if (p) out.prefix = p;
    const tags = strMap(and, 'tags');
    if (tags) out.tags = tags;
    sizeFilter(and, out);
  }
  return out;
}

/** The `expiration` block, the same in split and legacy inline lifecycle rules. */
function expirationOf(rule: BlockItem): LifecycleRule['expiration'] {
  const exp = first(rule, 'expiration');
  if (!exp) return undefined;
  const out: NonNullable<LifecycleRule['expiration']> = { at: headerAt(exp) };
  const days = num(exp, 'days');
  if (days) out.days = days;
  const date = str(exp, 'date');
  if (date) out.date = date;
  const marker = bool(exp, 'expired_object_delete_marker');
  if (marker) out.expiredObjectDeleteMarker = marker;
  return out;
}

/** `noncurrent_version_expiration`: split rules say `noncurrent_days`, legacy inline rules `days`. */
function noncurrentExpirationOf(rule: BlockItem, daysKey: 'noncurrent_days' | 'days'): LifecycleRule['noncurrentVersionExpiration'] {
  const nve = first(rule, 'noncurrent_version_expiration');
  if (!nve) return undefined;
  const out: NonNullable<LifecycleRule['noncurrentVersionExpiration']> = { at: headerAt(nve) };
  const days = num(nve, daysKey);
  if (days) out.days = days;
  const newer = num(nve, 'newer_noncurrent_versions');
  if (newer) out.newerNoncurrentVersions = newer;
  return out;
}

function splitRule(rule: BlockItem): LifecycleRule {
  const at = headerAt(rule);
  const out: LifecycleRule = {
    at,
    status: oneOf(str(rule, 'status'), STATUS, 'status') ?? unknown('status is not set', at),
    filter: splitFilter(rule),
    transitions: [],
    noncurrentVersionTransitions: [],
  };
  const id = str(rule, 'id');
  if (id) out.id = id;
  const abort = first(rule, 'abort_incomplete_multipart_upload');
  if (abort) {
    out.abortIncompleteMultipartUpload = {
      at: headerAt(abort),
      daysAfterInitiation: num(abort, 'days_after_initiation') ?? unknown('days_after_initiation is not set', headerAt(abort)),
    };
  }
  const expiration = expirationOf(rule);
  if (expiration) out.expiration = expiration;
  const ts = children(rule, 'transition');
  if ('items' in ts) out.transitions = ts.items.map((t) => transition(t, 'days'));
  const nts = children(rule, 'noncurrent_version_transition');
  if ('items' in nts) out.noncurrentVersionTransitions = nts.items.map((t) => transition(t, 'noncurrent_days'));
  const noncurrent = noncurrentExpirationOf(rule, 'noncurrent_days');
  if (noncurrent) out.noncurrentVersionExpiration = noncurrent;
  return out;
}

/** aws_s3_bucket_lifecycle_configuration. */
export function splitLifecycle(item: Item): Lifecycle {
  const at = headerAt(item);
  const rules = children(item, 'rule');
  const out: Lifecycle = { at, rules: 'unknown' in rules ? rules.unknown : known(rules.items.map(splitRule), at) };
  const tdmos = str(item, 'transition_default_minimum_object_size');
  out.transitionDefaultMinimumObjectSize = tdmos ?? known('all_storage_classes_128K', at, true);
  return out;
}

function legacyRule(rule: BlockItem): LifecycleRule {
  const at = headerAt(rule);
  const enabled = bool(rule, 'enabled');
  const out: LifecycleRule = {
    at,
    status: enabled === undefined ? unknown('enabled is not set', at) : enabled.known ? known(enabled.value ? 'Enabled' : 'Disabled', enabled.at) : enabled,
    filter: {},
    transitions: [],
    noncurrentVersionTransitions: [],
  };
  const id = str(rule, 'id');
  if (id) out.id = id;
  const prefix = str(rule, 'prefix');
  if (prefix) out.filter.prefix = prefix;
  const tags = strMap(rule, 'tags');
  if (tags) out.filter.tags = tags;
  const abortDays = readArg(rule, 'abort_incomplete_multipart_upload_days');
  if (abortDays) {
    out.abortIncompleteMultipartUpload = { at: abortDays.at, daysAfterInitiation: num(rule, 'abort_incomplete_multipart_upload_days') as Value<number> };
  }
  const expiration = expirationOf(rule);
  if (expiration) out.expiration = expiration;
  const ts = children(rule, 'transition');
  if ('items' in ts) out.transitions = ts.items.map((t) => transition(t, 'days'));
  const nts = children(rule, 'noncurrent_version_transition');
  if ('items' in nts) out.noncurrentVersionTransitions = nts.items.map((t) => transition(t, 'days'));
  const noncurrent = noncurrentExpirationOf(rule, 'days');
  if (noncurrent) out.noncurrentVersionExpiration = noncurrent;
  return out;
}

/** Inline aws_s3_bucket.lifecycle_rule blocks; undefined when there are none. */
export function inlineLifecycle(bucket: Item): Value<Lifecycle> | undefined {
  const rules = children(bucket, 'lifecycle_rule');
  if ('unknown' in rules) return rules.unknown;
  const firstRule = rules.items[0];
  if (!firstRule) return undefined;
  const at = headerAt(firstRule);
  return known({ at, rules: known(rules.items.map(legacyRule), at) }, at);
}

// ---------------------------------------------------------------- encryption

function encryptionRule(rule: BlockItem): EncryptionRule {
  const at = headerAt(rule);
  const byDefault = first(rule, 'apply_server_side_encryption_by_default');
  const out: EncryptionRule = {
    at,
    sseAlgorithm: (byDefault && str(byDefault, 'sse_algorithm')) ?? unknown('apply_server_side_encryption_by_default.sse_algorithm is not set', at),
    bucketKeyEnabled: bool(rule, 'bucket_key_enabled') ?? known(false, at, true),
  };
  const key = byDefault && str(byDefault, 'kms_master_key_id');
  if (key) out.kmsMasterKeyId = key;
  return out;
}

/** Split resource or inline `server_side_encryption_configuration` block (both hold `rule` blocks). */
export function encryption(item: Item): Value<{ at: SourceRange; rules: EncryptionRule[] }> {
  const at = headerAt(item);
  const rules = children(item, 'rule');
  if ('unknown' in rules) return rules.unknown;
  return known({ at, rules: rules.items.map(encryptionRule) }, at);
}

// ---------------------------------------------------------------- versioning

export function splitVersioning(item: Item): Value<Versioning> {
  const at = headerAt(item);
  const conf = first(item, 'versioning_configuration');
  if (!conf) return unknown('versioning_configuration is not set', at);
  const out: Versioning = {
    at: headerAt(conf),
    status: oneOf(str(conf, 'status'), ['Enabled', 'Suspended', 'Disabled'] as const, 'status') ?? unknown('status is not set', headerAt(conf)),
  };
  const mfa = oneOf(str(conf, 'mfa_delete'), STATUS, 'mfa_delete');
  if (mfa) out.mfaDelete = mfa;
  return known(out, at);
}

export function inlineVersioning(block: BlockItem): Value<Versioning> {
  const at = headerAt(block);
  const enabled = bool(block, 'enabled') ?? known(false, at, true);
  const out: Versioning = { at, status: enabled.known ? known(enabled.value ? 'Enabled' : 'Disabled', enabled.at, enabled.implicit) : enabled };
  const mfa = bool(block, 'mfa_delete');
  if (mfa) out.mfaDelete = mfa.known ? known(mfa.value ? 'Enabled' : 'Disabled', mfa.at) : mfa;
  return known(out, at);
}

// ---------------------------------------------------------------- logging

function nameValue(v: Value<string> | undefined, at: SourceRange): Value<string> {
  if (!v) return unknown('target_bucket is not set', at);
  return v.known ? known(bucketNameOf(v.value), v.at) : v;
}

export function logging(item: Item): Logging {
  const at = headerAt(item);
  const out: Logging = { at, targetBucket: nameValue(str(item, 'target_bucket'), at) };
  const prefix = str(item, 'target_prefix');
  if (prefix) out.targetPrefix = prefix;
  const fmt = first(item, 'target_object_key_format');
  if (fmt) {
    const partitioned = first(fmt, 'partitioned_prefix');
    if (partitioned) {
      out.keyFormat = known('PartitionedPrefix', headerAt(partitioned));
      const src = oneOf(str(partitioned, 'partition_date_source'), ['EventTime', 'DeliveryTime'] as const, 'partition_date_source');
      out.partitionDateSource = src ?? known('EventTime', headerAt(partitioned), true);
    } else if (first(fmt, 'simple_prefix')) out.keyFormat = known('SimplePrefix', headerAt(fmt));
  } else out.keyFormat = known('SimplePrefix', at, true);
  return out;
}

// ---------------------------------------------------------------- ACL

const PERMISSIONS = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'] as const;

function grantee(g: BlockItem, typeArg: string, emailArg: string): AclGrant['grantee'] | undefined {
  const type = str(g, typeArg);
  if (!type?.known) return undefined;
  const out: AclGrant['grantee'] = { type: type.value as AclGrant['grantee']['type'] };
  const uri = str(g, 'uri');
  if (uri?.known) out.uri = uri.value;
  const id = str(g, 'id');
  if (id?.known) out.id = id.value;
  const email = str(g, emailArg);
  if (email?.known) out.email = email.value;
  return out;
}

/** aws_s3_bucket_acl: canned `acl` and/or access_control_policy grants. */
export function splitAcl(item: Item): Acl {
  const at = headerAt(item);
  const out: Acl = { at };
  const canned = str(item, 'acl');
  if (canned) out.canned = canned;
  const acp = first(item, 'access_control_policy');
  if (acp) {
    const grants = children(acp, 'grant');
    if ('unknown' in grants) out.grants = grants.unknown;
    else {
      const list: AclGrant[] = [];
      for (const g of grants.items) {
        const ge = first(g, 'grantee');
        const who = ge && grantee(ge, 'type', 'email_address');
        if (!who) {
          out.grants = unknown('a grant has an unknown grantee', headerAt(g));
          return out;
        }
        list.push({ at: headerAt(g), grantee: who, permission: oneOf(str(g, 'permission'), PERMISSIONS, 'permission') ?? unknown('permission is not set', headerAt(g)) });
      }
      out.grants = known(list, headerAt(acp));
    }
  }
  return out;
}

/** Inline aws_s3_bucket `acl` and `grant` blocks; undefined when neither is written. */
export function inlineAcl(bucket: Item): Acl | undefined {
  const canned = str(bucket, 'acl');
  const grants = children(bucket, 'grant');
  if (!canned && 'items' in grants && grants.items.length === 0) return undefined;
  const at = canned?.at ?? headerAt(bucket);
  const out: Acl = { at };
  if (canned) out.canned = canned;
  if ('unknown' in grants) out.grants = grants.unknown;
  else if (grants.items.length > 0) {
    const list: AclGrant[] = [];
    for (const g of grants.items) {
      const who = grantee(g, 'type', 'email');
      const perms = strList(g, 'permissions');
      if (!who || !perms?.known) {
        out.grants = unknown('a grant is not fully known', headerAt(g));
        return out;
      }
      for (const p of perms.value) {
        list.push({ at: headerAt(g), grantee: who, permission: oneOf(known(p, perms.at), PERMISSIONS, 'permission') as Value<AclGrant['permission'] extends Value<infer T> ? T : never> });
      }
    }
    out.grants = known(list, at);
  }
  return out;
}

// ---------------------------------------------------------------- ownership, website, object lock, replication

export function ownership(item: Item): Value<{ at: SourceRange; objectOwnership: Value<ObjectOwnership> }> {
  const at = headerAt(item);
  const rule = first(item, 'rule');
  if (!rule) return unknown('rule is not set', at);
  const v = oneOf(str(rule, 'object_ownership'), ['ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced'] as const, 'object_ownership');
  return known({ at, objectOwnership: v ?? unknown('object_ownership is not set', headerAt(rule)) }, at);
}

export function splitWebsite(item: Item): Website {
  const out: Website = { at: headerAt(item) };
  const index = first(item, 'index_document');
  const idx = index && str(index, 'suffix');
  if (idx) out.indexDocument = idx;
  const error = first(item, 'error_document');
  const err = error && str(error, 'key');
  if (err) out.errorDocument = err;
  const redirect = first(item, 'redirect_all_requests_to');
  const host = redirect && str(redirect, 'host_name');
  if (host) out.redirectAllRequestsTo = host;
  return out;
}

export function inlineWebsite(block: BlockItem): Website {
  const out: Website = { at: headerAt(block) };
  const idx = str(block, 'index_document');
  if (idx) out.indexDocument = idx;
  const err = str(block, 'error_document');
  if (err) out.errorDocument = err;
  const redirect = str(block, 'redirect_all_requests_to');
  if (redirect) out.redirectAllRequestsTo = redirect;
  return out;
}

export function objectLockRule(item: Item, out: ObjectLock): void {
  const rule = first(item, 'rule');
  const dr = rule && first(rule, 'default_retention');
  if (!dr) return;
  out.defaultRetention = { at: headerAt(dr) };
  const mode = str(dr, 'mode');
  if (mode) out.defaultRetention.mode = mode;
  const days = num(dr, 'days');
  if (days) out.defaultRetention.days = days;
  const years = num(dr, 'years');
  if (years) out.defaultRetention.years = years;
}

export function replication(item: Item, ruleType: 'rule' | 'rules', accountArg: 'account' | 'account_id'): Replication {
  const at = headerAt(item);
  const out: Replication = { at, rules: known([], at) };
  const role = str(item, 'role');
  if (role) out.role = role;
  const rules = children(item, ruleType);
  if ('unknown' in rules) {
    out.rules = rules.unknown;
    return out;
  }
  const list: ReplicationRule[] = rules.items.map((r) => {
    const rat = headerAt(r);
    const dest = first(r, 'destination');
    const rule: ReplicationRule = {
      at: rat,
      status: oneOf(str(r, 'status'), STATUS, 'status') ?? unknown('status is not set', rat),
      destinationBucket: dest ? nameValue(str(dest, 'bucket'), headerAt(dest)) : unknown('destination is not set', rat),
    };
    const id = str(r, 'id');
    if (id) rule.id = id;
    const account = dest && str(dest, accountArg);
    if (account) rule.destinationAccount = account;
    return rule;
  });
  out.rules = known(list, at);
  return out;
}

export function notificationTargets(item: Item): Value<string[]> {
  const at = headerAt(item);
  const out: string[] = [];
  for (const [type, kind] of [
    ['lambda_function', 'lambda'],
    ['queue', 'sqs'],
    ['topic', 'sns'],
  ] as const) {
    const r = children(item, type);
    if ('unknown' in r) return r.unknown;
    if (r.items.length > 0) out.push(kind);
  }
  const eb = bool(item, 'eventbridge');
  if (eb?.known && eb.value) out.push('eventbridge');
  return known(out, at);
}

export { children, first };
