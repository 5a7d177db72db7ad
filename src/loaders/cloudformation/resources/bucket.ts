/** `AWS::S3::Bucket` properties into the model. Absent settings are known null at the resource's Type line. */
import {
  known,
  unknown,
  type Acl,
  type Bucket,
  type EncryptionRule,
  type KeyLayoutEvidence,
  type Lifecycle,
  type LifecycleFilter,
  type LifecycleRule,
  type LifecycleTransition,
  type Logging,
  type Notification,
  type ObjectLock,
  type ObjectOwnership,
  type PolicyDocument,
  type Replication,
  type ReplicationRule,
  type ResourceContext,
  type SourceRange,
  type Value,
  type Versioning,
  type Website,
} from '../../../model/index.js';
import type { RNode } from '../resolved.js';
import { rString } from '../resolved.js';
import { setOwn } from '../node.js';
import { boolValue, enumValue, field, listItems, numberValue, opt, stringValue, type Field } from '../values.js';
import { publicAccessBlock } from './public-access-block.js';

export interface BucketInput {
  address: string;
  props: RNode | undefined;
  /** The `Type:` line. */
  typeAt: SourceRange;
  name: Value<string>;
  policy: Value<PolicyDocument | null>;
  context: ResourceContext;
  region?: Value<string>;
  account?: Value<string>;
  keyLayouts: KeyLayoutEvidence[];
}

const CANNED_ACLS: Record<string, string> = {
  Private: 'private',
  PublicRead: 'public-read',
  PublicReadWrite: 'public-read-write',
  AuthenticatedRead: 'authenticated-read',
  LogDeliveryWrite: 'log-delivery-write',
  BucketOwnerRead: 'bucket-owner-read',
  BucketOwnerFullControl: 'bucket-owner-full-control',
  AwsExecRead: 'aws-exec-read',
};

export function buildBucket(input: BucketInput): Bucket {
  const { props, typeAt } = input;
  const get = (key: string): Field => field(props, key);
  const bucket: Bucket = {
    address: input.address,
    name: input.name,
    at: typeAt,
    context: input.context,
    publicAccessBlock: publicAccessBlock(get('PublicAccessBlockConfiguration'), typeAt),
    policy: input.policy,
    acl: section(get('AccessControl'), typeAt, acl),
    ownership: section(get('OwnershipControls'), typeAt, ownership),
    lifecycle: section(get('LifecycleConfiguration'), typeAt, lifecycle),
    encryption: section(get('BucketEncryption'), typeAt, encryption),
    versioning: section(get('VersioningConfiguration'), typeAt, versioning),
    logging: section(get('LoggingConfiguration'), typeAt, (f) => logging(f, input.name)),
    website: section(get('WebsiteConfiguration'), typeAt, website),
    objectLock: objectLock(get('ObjectLockEnabled'), get('ObjectLockConfiguration'), typeAt),
    replication: section(get('ReplicationConfiguration'), typeAt, replication),
    notification: section(get('NotificationConfiguration'), typeAt, notification),
    tags: section(get('Tags'), typeAt, tags),
    keyLayouts: input.keyLayouts,
  };
  if (input.region) bucket.region = input.region;
  if (input.account) bucket.account = input.account;
  return bucket;
}

/** Absent → known null at the resource; unknown → unknown; present → read. */
function section<T>(f: Field, resourceAt: SourceRange, read: (f: Field & { kind: 'present' }) => Value<T>): Value<T | null> {
  if (f.kind === 'absent') return known(null, resourceAt);
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  return read(f);
}

function acl(f: Field & { kind: 'present' }): Value<Acl> {
  const s = stringValue(f);
  if (!s.known) return s;
  const canned = CANNED_ACLS[s.value] ?? (Object.values(CANNED_ACLS).includes(s.value) ? s.value : undefined);
  if (canned === undefined) return unknown(`AccessControl "${s.value}" is not a canned ACL CloudFormation accepts`, f.at);
  return known({ at: f.at, canned: known(canned, f.at) }, f.at);
}

function ownership(f: Field & { kind: 'present' }): Value<{ at: SourceRange; objectOwnership: Value<ObjectOwnership> }> {
  const rules = field(f.node, 'Rules');
  if (rules.kind === 'absent') return unknown('OwnershipControls has no Rules', f.at);
  if (rules.kind === 'unknown') return unknown(rules.reason, rules.at);
  const items = listItems(rules);
  if (typeof items === 'string') return unknown(items, rules.at);
  const first = items[0];
  if (!first) return unknown('OwnershipControls has an empty Rules list', rules.at);
  const value = field(first, 'ObjectOwnership');
  if (value.kind === 'absent') return unknown('OwnershipControls rule has no ObjectOwnership', first.at);
  return known({ at: f.at, objectOwnership: enumValue(value, ['ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced'] as const) }, f.at);
}

function lifecycle(f: Field & { kind: 'present' }): Value<Lifecycle> {
  const out: Lifecycle = { at: f.at, rules: known([], f.at) };
  const rules = field(f.node, 'Rules');
  if (rules.kind === 'unknown') out.rules = unknown(rules.reason, rules.at);
  else if (rules.kind === 'present') {
    const items = listItems(rules);
    if (typeof items === 'string') out.rules = unknown(items, rules.at);
    else {
      const unknownItem = items.find((i) => i.t === 'unknown');
      out.rules = unknownItem?.t === 'unknown' ? unknown(unknownItem.reason, unknownItem.at) : known(items.map(lifecycleRule), rules.at);
    }
  }
  const minSize = opt(field(f.node, 'TransitionDefaultMinimumObjectSize'), stringValue);
  if (minSize) out.transitionDefaultMinimumObjectSize = minSize;
  return known(out, f.at);
}

function lifecycleRule(node: RNode): LifecycleRule {
  const get = (key: string): Field => field(node, key);
  const status = get('Status');
  const rule: LifecycleRule = {
    at: node.at,
    status: status.kind === 'absent' ? unknown('lifecycle rule has no Status (required)', node.at) : enumValue(status, ['Enabled', 'Disabled'] as const),
    filter: lifecycleFilter(node),
    transitions: transitions(get('Transitions'), get('Transition'), 'TransitionInDays', 'TransitionDate'),
    noncurrentVersionTransitions: transitions(get('NoncurrentVersionTransitions'), get('NoncurrentVersionTransition'), 'TransitionInDays', undefined),
  };
  const id = opt(get('Id'), stringValue);
  if (id) rule.id = id;
  const abort = get('AbortIncompleteMultipartUpload');
  if (abort.kind !== 'absent') {
    const days = abort.kind === 'present' ? field(abort.node, 'DaysAfterInitiation') : abort;
    rule.abortIncompleteMultipartUpload = {
      at: abort.at,
      daysAfterInitiation: days.kind === 'absent' ? unknown('AbortIncompleteMultipartUpload has no DaysAfterInitiation (required)', abort.at) : numberValue(days),
    };
  }
  const expDays = opt(get('ExpirationInDays'), numberValue);
  const expDate = opt(get('ExpirationDate'), stringValue);
  const expMarker = opt(get('ExpiredObjectDeleteMarker'), boolValue);
  if (expDays || expDate || expMarker) {
    const first = [expDays, expDate, expMarker].find((v) => v !== undefined)!;
    rule.expiration = { at: first.at };
    if (expDays) rule.expiration.days = expDays;
    if (expDate) rule.expiration.date = expDate;
    if (expMarker) rule.expiration.expiredObjectDeleteMarker = expMarker;
  }
  const ncExp = get('NoncurrentVersionExpiration');
  const ncExpDays = opt(get('NoncurrentVersionExpirationInDays'), numberValue);
  if (ncExp.kind !== 'absent') {
    rule.noncurrentVersionExpiration = { at: ncExp.at };
    const days = opt(field(ncExp.kind === 'present' ? ncExp.node : undefined, 'NoncurrentDays'), numberValue);
    const newer = opt(field(ncExp.kind === 'present' ? ncExp.node : undefined, 'NewerNoncurrentVersions'), numberValue);
    if (days) rule.noncurrentVersionExpiration.days = days;
    if (newer) rule.noncurrentVersionExpiration.newerNoncurrentVersions = newer;
  } else if (ncExpDays) {
    rule.noncurrentVersionExpiration = { at: ncExpDays.at, days: ncExpDays };
  }
  return rule;
}

/** CloudFormation has no Filter object: Prefix, TagFilters and ObjectSize* sit on the rule itself. */
function lifecycleFilter(node: RNode): LifecycleFilter {
  const filter: LifecycleFilter = {};
  const prefix = opt(field(node, 'Prefix'), stringValue);
  const greater = opt(field(node, 'ObjectSizeGreaterThan'), numberValue);
  const less = opt(field(node, 'ObjectSizeLessThan'), numberValue);
  const tagField = field(node, 'TagFilters');
  const tagValue = tagField.kind === 'absent' ? undefined : keyValueList(tagField);
  if (prefix) filter.prefix = prefix;
  if (tagValue) filter.tags = tagValue;
  if (greater) filter.objectSizeGreaterThan = greater;
  if (less) filter.objectSizeLessThan = less;
  const first = [prefix, tagValue, greater, less].find((v) => v !== undefined);
  if (first) filter.at = first.at;
  return filter;
}

function transitions(list: Field, single: Field, daysKey: string, dateKey: string | undefined): LifecycleTransition[] {
  const nodes: RNode[] = [];
  if (list.kind === 'present' && list.node.t === 'list') nodes.push(...list.node.items);
  if (single.kind === 'present') nodes.push(single.node);
  const out = nodes.map((n) => {
    const sc = field(n, 'StorageClass');
    const t: LifecycleTransition = { at: n.at, storageClass: sc.kind === 'absent' ? unknown('transition has no StorageClass', n.at) : stringValue(sc) };
    const days = opt(field(n, daysKey), numberValue) ?? opt(field(n, 'NoncurrentDays'), numberValue);
    if (days) t.days = days;
    const date = dateKey ? opt(field(n, dateKey), stringValue) : undefined;
    if (date) t.date = date;
    return t;
  });
  for (const f of [list, single]) {
    if (f.kind === 'unknown') out.push({ at: f.at, storageClass: unknown(f.reason, f.at) });
  }
  return out;
}

function encryption(f: Field & { kind: 'present' }): Value<{ at: SourceRange; rules: EncryptionRule[] }> {
  const config = field(f.node, 'ServerSideEncryptionConfiguration');
  if (config.kind === 'absent') return unknown('BucketEncryption has no ServerSideEncryptionConfiguration (required)', f.at);
  if (config.kind === 'unknown') return unknown(config.reason, config.at);
  const items = listItems(config);
  if (typeof items === 'string') return unknown(items, config.at);
  const rules: EncryptionRule[] = [];
  for (const item of items) {
    if (item.t === 'unknown') return unknown(item.reason, item.at);
    const byDefault = field(item, 'ServerSideEncryptionByDefault');
    const algorithm = byDefault.kind === 'present' ? field(byDefault.node, 'SSEAlgorithm') : byDefault;
    const rule: EncryptionRule = {
      at: item.at,
      sseAlgorithm: algorithm.kind === 'absent' ? unknown('no ServerSideEncryptionByDefault.SSEAlgorithm', item.at) : stringValue(algorithm),
    };
    if (byDefault.kind === 'present') {
      const key = opt(field(byDefault.node, 'KMSMasterKeyID'), stringValue);
      if (key) rule.kmsMasterKeyId = key;
    }
    // S3 Bucket Keys are off unless BucketKeyEnabled is written (CFN docs: "By default, S3 Bucket Key is not enabled").
    const bucketKey = field(item, 'BucketKeyEnabled');
    rule.bucketKeyEnabled = bucketKey.kind === 'absent' ? known(false, item.at, true) : boolValue(bucketKey);
    const blocked = field(item, 'BlockedEncryptionTypes');
    if (blocked.kind !== 'absent') rule.blockedEncryptionTypes = stringList(blocked.kind === 'present' ? field(blocked.node, 'EncryptionType') : blocked, blocked.at);
    rules.push(rule);
  }
  return known({ at: f.at, rules }, f.at);
}

function versioning(f: Field & { kind: 'present' }): Value<Versioning> {
  const status = field(f.node, 'Status');
  return known(
    { at: f.at, status: status.kind === 'absent' ? unknown('VersioningConfiguration has no Status (required)', f.at) : enumValue(status, ['Enabled', 'Suspended'] as const) },
    f.at,
  );
}

/** Without DestinationBucketName, CloudFormation delivers the logs to the bucket itself. */
function logging(f: Field & { kind: 'present' }, selfName: Value<string>): Value<Logging> {
  const dest = field(f.node, 'DestinationBucketName');
  const targetBucket: Value<string> =
    dest.kind === 'absent'
      ? selfName.known
        ? known(selfName.value, f.at, true)
        : unknown(`logs go to this bucket itself (no DestinationBucketName), and ${selfName.reason}`, f.at)
      : stringValue(dest);
  const out: Logging = { at: f.at, targetBucket };
  const prefix = opt(field(f.node, 'LogFilePrefix'), stringValue);
  if (prefix) out.targetPrefix = prefix;
  const format = field(f.node, 'TargetObjectKeyFormat');
  if (format.kind === 'unknown') out.keyFormat = unknown(format.reason, format.at);
  else if (format.kind === 'present') {
    const partitioned = field(format.node, 'PartitionedPrefix');
    if (partitioned.kind === 'present') {
      out.keyFormat = known('PartitionedPrefix', partitioned.at);
      const source = field(partitioned.node, 'PartitionDateSource');
      // API_PartitionedPrefix: PartitionDateSource defaults to EventTime.
      out.partitionDateSource = source.kind === 'absent' ? known('EventTime', partitioned.at, true) : enumValue(source, ['EventTime', 'DeliveryTime'] as const);
    } else if (partitioned.kind === 'unknown') out.keyFormat = unknown(partitioned.reason, partitioned.at);
    else if (field(format.node, 'SimplePrefix').kind !== 'absent') out.keyFormat = known('SimplePrefix', format.at);
  }
  return known(out, f.at);
}

function website(f: Field & { kind: 'present' }): Value<Website> {
  const out: Website = { at: f.at };
  const index = opt(field(f.node, 'IndexDocument'), stringValue);
  const error = opt(field(f.node, 'ErrorDocument'), stringValue);
  const redirect = field(f.node, 'RedirectAllRequestsTo');
  if (index) out.indexDocument = index;
  if (error) out.errorDocument = error;
  if (redirect.kind === 'present') {
    const host = field(redirect.node, 'HostName');
    out.redirectAllRequestsTo = host.kind === 'absent' ? unknown('RedirectAllRequestsTo has no HostName', redirect.at) : stringValue(host);
  } else if (redirect.kind === 'unknown') out.redirectAllRequestsTo = unknown(redirect.reason, redirect.at);
  return known(out, f.at);
}

function objectLock(enabledField: Field, configField: Field, resourceAt: SourceRange): Value<ObjectLock | null> {
  if (enabledField.kind === 'absent' && configField.kind === 'absent') return known(null, resourceAt);
  if (configField.kind === 'unknown') return unknown(configField.reason, configField.at);
  const at = enabledField.kind !== 'absent' ? enabledField.at : (configField as Field & { kind: 'present' }).at;
  let enabled: Value<boolean>;
  if (enabledField.kind !== 'absent') enabled = boolValue(enabledField);
  else {
    const inner = field((configField as Field & { kind: 'present' }).node, 'ObjectLockEnabled');
    enabled = inner.kind === 'absent' ? known(false, at, true) : enumToBool(stringValue(inner));
  }
  const lock: ObjectLock = { at, enabled };
  if (configField.kind === 'present') {
    const retention = field(field(configField.node, 'Rule').kind === 'present' ? (field(configField.node, 'Rule') as Field & { kind: 'present' }).node : undefined, 'DefaultRetention');
    if (retention.kind === 'present') {
      lock.defaultRetention = { at: retention.at };
      const mode = opt(field(retention.node, 'Mode'), stringValue);
      const days = opt(field(retention.node, 'Days'), numberValue);
      const years = opt(field(retention.node, 'Years'), numberValue);
      if (mode) lock.defaultRetention.mode = mode;
      if (days) lock.defaultRetention.days = days;
      if (years) lock.defaultRetention.years = years;
    }
  }
  return known(lock, at);
}

function enumToBool(v: Value<string>): Value<boolean> {
  return v.known ? known(v.value === 'Enabled', v.at) : v;
}

function replication(f: Field & { kind: 'present' }): Value<Replication> {
  const out: Replication = { at: f.at, rules: known([], f.at) };
  const role = opt(field(f.node, 'Role'), stringValue);
  if (role) out.role = role;
  const rules = field(f.node, 'Rules');
  if (rules.kind === 'unknown') out.rules = unknown(rules.reason, rules.at);
  else if (rules.kind === 'present') {
    const items = listItems(rules);
    if (typeof items === 'string') out.rules = unknown(items, rules.at);
    else {
      const list: ReplicationRule[] = items.map((item) => {
        const dest = field(item, 'Destination');
        const bucketField = dest.kind === 'present' ? field(dest.node, 'Bucket') : dest;
        const bucketArn = bucketField.kind === 'absent' ? unknown('replication rule has no Destination.Bucket', item.at) : stringValue(bucketField);
        const status = field(item, 'Status');
        const rule: ReplicationRule = {
          at: item.at,
          status: status.kind === 'absent' ? unknown('replication rule has no Status', item.at) : enumValue(status, ['Enabled', 'Disabled'] as const),
          destinationBucket: bucketArn.known ? known(bucketArn.value.replace(/^arn:[^:]*:s3:::/, ''), bucketArn.at) : bucketArn,
        };
        const id = opt(field(item, 'Id'), stringValue);
        if (id) rule.id = id;
        const account = dest.kind === 'present' ? opt(field(dest.node, 'Account'), stringValue) : undefined;
        if (account) rule.destinationAccount = account;
        return rule;
      });
      out.rules = known(list, rules.at);
    }
  }
  return known(out, f.at);
}

function notification(f: Field & { kind: 'present' }): Value<Notification> {
  const targets: string[] = [];
  const kinds: [string, string][] = [
    ['LambdaConfigurations', 'lambda'],
    ['QueueConfigurations', 'sqs'],
    ['TopicConfigurations', 'sns'],
  ];
  for (const [key, kind] of kinds) {
    const list = field(f.node, key);
    if (list.kind === 'unknown') return known({ at: f.at, targets: unknown(list.reason, list.at) }, f.at);
    if (list.kind === 'present' && list.node.t === 'list' && list.node.items.length > 0) targets.push(kind);
  }
  const eventBridge = field(f.node, 'EventBridgeConfiguration');
  if (eventBridge.kind === 'present') {
    const enabled = field(eventBridge.node, 'EventBridgeEnabled');
    if (enabled.kind === 'absent' || (enabled.kind === 'present' && boolValue(enabled).known && (boolValue(enabled) as { value: boolean }).value)) targets.push('eventbridge');
  }
  return known({ at: f.at, targets: known(targets, f.at) }, f.at);
}

function tags(f: Field & { kind: 'present' }): Value<Record<string, string>> {
  return keyValueList(f);
}

/** `[{Key, Value}]` lists (Tags, TagFilters) into a record. */
function keyValueList(f: Field & { kind: 'present' | 'unknown' }): Value<Record<string, string>> {
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  const items = listItems(f);
  if (typeof items === 'string') return unknown(items, f.at);
  const out: Record<string, string> = {};
  for (const item of items) {
    const k = field(item, 'Key');
    const v = field(item, 'Value');
    const key = k.kind === 'present' ? rString(k.node) : undefined;
    const value = v.kind === 'present' ? rString(v.node) : v.kind === 'absent' ? '' : undefined;
    if (key === undefined || value === undefined) {
      const why = k.kind === 'unknown' ? k.reason : v.kind === 'unknown' ? v.reason : 'a tag has no literal Key';
      return unknown(why, item.at);
    }
    setOwn(out, key, value);
  }
  return known(out, f.at);
}

function stringList(f: Field, at: SourceRange): Value<string[]> {
  if (f.kind === 'absent') return known([], at);
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  const items = listItems(f);
  if (typeof items === 'string') {
    const single = rString(f.node);
    return single !== undefined ? known([single], f.at) : unknown(items, f.at);
  }
  const out: string[] = [];
  for (const i of items) {
    const s = rString(i);
    if (s === undefined) return unknown(i.t === 'unknown' ? i.reason : 'expected strings', i.at);
    out.push(s);
  }
  return known(out, f.at);
}
