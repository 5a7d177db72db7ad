/**
 * From module instances to the model: buckets with their inline and split settings linked, account-level
 * Block Public Access, S3 VPC endpoints, access points and key producers.
 */
import {
  emptyEstate,
  known,
  unknown,
  type Bucket,
  type Estate,
  type ObjectLock,
  type ResourceContext,
  type SourceRange,
  type Value,
} from '../../model/index.js';
import { keyProducers } from './key-producers.js';
import type { ModuleInstance, ResourceLike } from './module.js';
import { policyValue } from './policy-json.js';
import { bool, bucketNameOf, headerAt, readArg, str, strMap, type Item } from './read.js';
import { bucketName } from './resources.js';
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
type SplitType = (typeof SPLIT_TYPES)[number];

interface BucketEntry {
  inst: ResourceLike;
  root: unknown;
  name: TV;
  split: Map<SplitType, ResourceLike[]>;
  /**
   * A bucket that split resources configure but that this configuration does not declare (created elsewhere,
   * or named through an unresolvable reference). Its undeclared settings are unknown, not absent.
   */
  external?: { address: string; reason: string };
}

interface Unlinked {
  inst: ResourceLike;
  root: unknown;
  reason: string;
}

function item(inst: ResourceLike): Item {
  return { body: inst.body, scope: inst.scope, header: inst.def.block.header };
}

export function contextOf(mod: { context: ResourceContext['via']; source?: 'terraform' | 'terraform-plan' }): ResourceContext {
  const source = mod.source ?? 'terraform';
  return mod.context && mod.context.length > 0 ? { via: mod.context, source } : { source };
}

/** All resource instances of the given types under the roots, with their root. */
export type ByType = Map<string, { inst: ResourceLike; root: unknown }[]>;

function collect(roots: ModuleInstance[]): ByType {
  const out = new Map<string, { inst: ResourceLike; root: unknown }[]>();
  for (const root of roots) {
    for (const mod of root.walk()) {
      for (const def of mod.def.resources.values()) {
        const list = out.get(def.type) ?? [];
        for (const inst of mod.instances(def)) list.push({ inst, root });
        out.set(def.type, list);
      }
    }
  }
  return out;
}

class Linker {
  readonly byAddress = new Map<string, BucketEntry>();
  readonly byName = new Map<string, BucketEntry[]>();

  add(entry: BucketEntry): void {
    this.byAddress.set(entry.inst.address, entry);
    if (entry.name.k === 'str') this.byName.set(entry.name.v, [...(this.byName.get(entry.name.v) ?? []), entry]);
  }

  /** The bucket a `bucket` value designates: by resource reference first, then by name (same root preferred). */
  resolve(v: TV | undefined, root: unknown): { entry?: BucketEntry; unknownReason?: string } {
    if (!v) return { unknownReason: 'bucket is not set' };
    const origin = v.k === 'str' || v.k === 'unknown' ? v.origin : undefined;
    if (origin && (origin.resourceType === 'aws_s3_bucket' || origin.resourceType === 'aws_s3_directory_bucket')) {
      const e = this.byAddress.get(origin.address);
      if (e) return { entry: e };
    }
    if (v.k === 'str') {
      const candidates = this.byName.get(bucketNameOf(v.v)) ?? [];
      return { entry: candidates.find((c) => c.root === root) ?? candidates[0] };
    }
    if (v.k === 'unknown') return { unknownReason: v.reason };
    return { unknownReason: `bucket is a ${v.k}` };
  }
}

export function buildEstate(roots: ModuleInstance[]): Estate {
  return buildEstateFrom(collect(roots));
}

/** The model from resources grouped by type; `root` groups resources of one configuration (linking by name prefers it). */
export function buildEstateFrom(byType: ByType): Estate {
  const estate = emptyEstate();
  const linker = new Linker();
  const entries: BucketEntry[] = [];
  for (const { inst, root } of byType.get('aws_s3_bucket') ?? []) {
    const entry: BucketEntry = { inst, root, name: bucketName(inst, 'bucket', inst.def.block.header), split: new Map() };
    entries.push(entry);
    linker.add(entry);
  }
  const unlinked = new Map<SplitType, Unlinked[]>();
  const rootsWithBuckets = new Set(entries.map((e) => e.root));
  const externals = new Map<string, BucketEntry>();
  for (const type of SPLIT_TYPES) {
    for (const { inst, root } of byType.get(type) ?? []) {
      const value = inst.arg('bucket');
      const target = linker.resolve(value, root);
      let entry = target.entry;
      if (!entry && value) {
        // Not a bucket of this configuration. A known name, a broken reference, or an unknown value in a
        // configuration without buckets designates a bucket managed elsewhere: model it from what is declared.
        const brokenRef = value.k === 'unknown' && value.error === true;
        if (value.k === 'str' || brokenRef || (value.k === 'unknown' && !rootsWithBuckets.has(root))) {
          entry = externalBucket(externals, inst, root, value);
        }
      }
      if (entry) entry.split.set(type, [...(entry.split.get(type) ?? []), inst]);
      else if (target.unknownReason !== undefined) unlinked.set(type, [...(unlinked.get(type) ?? []), { inst, root, reason: target.unknownReason }]);
    }
  }
  for (const entry of [...entries, ...externals.values()]) estate.buckets.push(bucketModel(entry, unlinked));

  for (const { inst } of byType.get('aws_s3_account_public_access_block') ?? []) {
    const it = item(inst);
    const at = headerAt(it);
    estate.accounts.push({
      address: inst.address,
      id: str(it, 'account_id') ?? unknown('account_id is not set: the account of the provider credentials', at),
      at,
      context: contextOf(inst.mod),
      publicAccessBlock: known(F.publicAccessBlock(it, false), at),
    });
  }
  vpcEndpoints(byType, estate);
  accessPoints(byType, linker, estate);
  for (const p of keyProducers(byType, (v, root) => linker.resolve(v, root).entry?.inst.address)) {
    estate.keyProducers.push(p.producer);
    if (p.bucketAddress) {
      const b = estate.buckets.find((x) => x.address === p.bucketAddress);
      if (b) b.keyLayouts.push(...p.producer.evidence);
    }
  }
  return estate;
}

/** The entry for a bucket that split resources configure but this configuration does not declare. */
function externalBucket(externals: Map<string, BucketEntry>, inst: ResourceLike, root: unknown, value: TV): BucketEntry {
  const attr = inst.body.attrs.get('bucket');
  const text = attr ? attr.span.src.text.slice(attr.span.s, attr.span.e).replace(/^bucket\s*=\s*/, '') : '?';
  const name = value.k === 'str' ? bucketNameOf(value.v) : undefined;
  const key = name !== undefined ? `name:${name}` : `expr:${text}`;
  const existing = externals.get(key);
  if (existing) return existing;
  const address = name !== undefined ? `external bucket ${name}` : `external bucket ${text}`;
  const reason =
    value.k === 'unknown' && value.error === true
      ? `${inst.address} refers to a bucket this configuration does not declare (${value.reason})`
      : `the bucket is not declared in this configuration (only ${inst.address} configures it here)`;
  const entry: BucketEntry = {
    inst,
    root,
    name: name !== undefined ? { k: 'str', v: name, span: attr?.span ?? inst.def.block.header } : value,
    split: new Map(),
    external: { address, reason },
  };
  externals.set(key, entry);
  return entry;
}

/** The one split resource of a type for this bucket, or why the setting is unknown. */
function splitFor(entry: BucketEntry, type: SplitType, unlinked: Map<SplitType, Unlinked[]>): ResourceLike | Value<never> | undefined {
  const linked = entry.split.get(type);
  if (linked && linked.length > 1) {
    // S3 keeps one configuration per bucket: with two resources, the last one applied wins.
    return unknown(`${linked.map((l) => l.address).join(' and ')} all configure this bucket; which one applies depends on the order of apply`, headerAt(item(linked[linked.length - 1] as ResourceLike)));
  }
  if (linked && linked.length === 1) return linked[0];
  const maybe = (unlinked.get(type) ?? []).find((u) => u.root === entry.root);
  if (maybe) {
    return unknown(`${maybe.inst.address} may configure this bucket, but its bucket is unknown (${maybe.reason})`, headerAt(item(maybe.inst)));
  }
  return undefined;
}

function isInstance(x: unknown): x is ResourceLike {
  return typeof x === 'object' && x !== null && 'address' in x && 'def' in x;
}

function bucketModel(entry: BucketEntry, unlinked: Map<SplitType, Unlinked[]>): Bucket {
  const inst = entry.inst;
  const external = entry.external;
  const it = item(inst);
  const at = headerAt(it);
  const none = known(null, at);
  const split = <R>(type: SplitType, build: (i: ResourceLike) => Value<R>, fallback: () => Value<R | null>): Value<R | null> => {
    const s = splitFor(entry, type, unlinked);
    if (s === undefined) return external ? unknown(external.reason, at) : fallback();
    if (isInstance(s)) return build(s);
    return s;
  };
  const nameTV = entry.name;
  const name: Value<string> = nameTV.k === 'str' ? known(nameTV.v, spanRange(it.body.attrs.get('bucket')?.span ?? it.header)) : unknown(nameTV.k === 'unknown' ? nameTV.reason : 'bucket name is not a string', at);
  if (external) return externalBucketModel(entry, external, name, at, split);

  const policyAttr = readArg(it, 'policy');
  const lifecycleInline = F.inlineLifecycle(it);
  const sseInline = F.first(it, 'server_side_encryption_configuration');
  const versioningInline = F.first(it, 'versioning');
  const loggingInline = F.first(it, 'logging');
  const websiteInline = F.first(it, 'website');
  const replicationInline = F.first(it, 'replication_configuration');
  const aclInline = F.inlineAcl(it);

  const bucket: Bucket = {
    address: inst.address,
    name,
    at,
    context: contextOf(inst.mod),
    publicAccessBlock: split('aws_s3_bucket_public_access_block', (s) => known(F.publicAccessBlock(item(s), false), headerAt(item(s))), () => none),
    policy: split(
      'aws_s3_bucket_policy',
      (s) => {
        const p = readArg(item(s), 'policy');
        return p ? policyValue(p.tv, p.at) : unknown('policy is not set', headerAt(item(s)));
      },
      () => (policyAttr ? policyValue(policyAttr.tv, policyAttr.at) : none),
    ),
    acl: split('aws_s3_bucket_acl', (s) => known(F.splitAcl(item(s)), headerAt(item(s))), () => (aclInline ? known(aclInline, aclInline.at) : none)),
    ownership: split('aws_s3_bucket_ownership_controls', (s) => F.ownership(item(s)), () => none),
    lifecycle: split('aws_s3_bucket_lifecycle_configuration', (s) => known(F.splitLifecycle(item(s)), headerAt(item(s))), () => lifecycleInline ?? none),
    encryption: split('aws_s3_bucket_server_side_encryption_configuration', (s) => F.encryption(item(s)), () => (sseInline ? F.encryption(sseInline) : none)),
    versioning: split('aws_s3_bucket_versioning', (s) => F.splitVersioning(item(s)), () => (versioningInline ? F.inlineVersioning(versioningInline) : none)),
    logging: split('aws_s3_bucket_logging', (s) => known(F.logging(item(s)), headerAt(item(s))), () => (loggingInline ? known(F.logging(loggingInline), headerAt(loggingInline)) : none)),
    website: split('aws_s3_bucket_website_configuration', (s) => known(F.splitWebsite(item(s)), headerAt(item(s))), () => (websiteInline ? known(F.inlineWebsite(websiteInline), headerAt(websiteInline)) : none)),
    objectLock: objectLock(entry, it, unlinked),
    replication: split(
      'aws_s3_bucket_replication_configuration',
      (s) => known(F.replication(item(s), 'rule', 'account'), headerAt(item(s))),
      () => (replicationInline ? known(F.replication(replicationInline, 'rules', 'account_id'), headerAt(replicationInline)) : none),
    ),
    notification: split('aws_s3_bucket_notification', (s) => known({ at: headerAt(item(s)), targets: F.notificationTargets(item(s)) }, headerAt(item(s))), () => none),
    tags: strMap(it, 'tags') ?? none,
    keyLayouts: [],
  };
  const region = regionOf(inst);
  if (region) bucket.region = region;
  return bucket;
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

type SplitReader = <R>(type: SplitType, build: (i: ResourceLike) => Value<R>, fallback: () => Value<R | null>) => Value<R | null>;

/** A bucket declared elsewhere: only its split resources here are known; everything else is unknown. */
function externalBucketModel(entry: BucketEntry, external: NonNullable<BucketEntry['external']>, name: Value<string>, at: SourceRange, split: SplitReader): Bucket {
  const never = (): Value<never> => unknown(external.reason, at);
  return {
    address: external.address,
    name,
    at,
    context: contextOf(entry.inst.mod),
    publicAccessBlock: split('aws_s3_bucket_public_access_block', (s) => known(F.publicAccessBlock(item(s), false), headerAt(item(s))), never),
    policy: split(
      'aws_s3_bucket_policy',
      (s) => {
        const p = readArg(item(s), 'policy');
        return p ? policyValue(p.tv, p.at) : unknown('policy is not set', headerAt(item(s)));
      },
      never,
    ),
    acl: split('aws_s3_bucket_acl', (s) => known(F.splitAcl(item(s)), headerAt(item(s))), never),
    ownership: split('aws_s3_bucket_ownership_controls', (s) => F.ownership(item(s)), never),
    lifecycle: split('aws_s3_bucket_lifecycle_configuration', (s) => known(F.splitLifecycle(item(s)), headerAt(item(s))), never),
    encryption: split('aws_s3_bucket_server_side_encryption_configuration', (s) => F.encryption(item(s)), never),
    versioning: split('aws_s3_bucket_versioning', (s) => F.splitVersioning(item(s)), never),
    logging: split('aws_s3_bucket_logging', (s) => known(F.logging(item(s)), headerAt(item(s))), never),
    website: split('aws_s3_bucket_website_configuration', (s) => known(F.splitWebsite(item(s)), headerAt(item(s))), never),
    objectLock: split(
      'aws_s3_bucket_object_lock_configuration',
      (s) => {
        const lockAt = headerAt(item(s));
        const out: ObjectLock = { at: lockAt, enabled: known(true, lockAt, true) };
        F.objectLockRule(item(s), out);
        return known(out, lockAt);
      },
      never,
    ),
    replication: split('aws_s3_bucket_replication_configuration', (s) => known(F.replication(item(s), 'rule', 'account'), headerAt(item(s))), never),
    notification: split('aws_s3_bucket_notification', (s) => known({ at: headerAt(item(s)), targets: F.notificationTargets(item(s)) }, headerAt(item(s))), never),
    tags: unknown(external.reason, at),
    keyLayouts: [],
  };
}

function objectLock(entry: BucketEntry, it: Item, unlinked: Map<SplitType, Unlinked[]>): Value<ObjectLock | null> {
  const at = headerAt(it);
  const enabledAttr = bool(it, 'object_lock_enabled');
  const inline = F.first(it, 'object_lock_configuration');
  const s = splitFor(entry, 'aws_s3_bucket_object_lock_configuration', unlinked);
  if (s !== undefined && !isInstance(s)) return s;
  if (!enabledAttr && !inline && s === undefined) return known(null, at);
  let enabled: Value<boolean> = enabledAttr ?? known(false, at, true);
  let lockAt: SourceRange = (enabledAttr?.at as SourceRange | undefined) ?? at;
  const out: ObjectLock = { at: lockAt, enabled };
  if (inline) {
    lockAt = headerAt(inline);
    const e = str(inline, 'object_lock_enabled');
    if (e) enabled = e.known ? known(e.value === 'Enabled', e.at) : e;
    F.objectLockRule(inline, out);
  }
  if (s !== undefined && isInstance(s)) {
    const si = item(s);
    lockAt = headerAt(si);
    if (!enabledAttr) enabled = known(true, lockAt, true);
    F.objectLockRule(si, out);
  }
  out.at = lockAt;
  out.enabled = enabled;
  return known(out, lockAt);
}


function vpcEndpoints(byType: ByType, estate: Estate): void {
  const policies = new Map<string, ResourceLike>();
  for (const { inst } of byType.get('aws_vpc_endpoint_policy') ?? []) {
    const id = inst.arg('vpc_endpoint_id');
    const origin = id && (id.k === 'str' || id.k === 'unknown') ? id.origin : undefined;
    if (origin?.resourceType === 'aws_vpc_endpoint') policies.set(origin.address, inst);
  }
  for (const { inst } of byType.get('aws_vpc_endpoint') ?? []) {
    const it = item(inst);
    const at = headerAt(it);
    const service = str(it, 'service_name') ?? unknown('service_name is not set', at);
    if (service.known && !/\.s3$/.test(service.value) && !service.value.endsWith('.s3')) continue;
    const typeV = str(it, 'vpc_endpoint_type');
    const type: Value<'Gateway' | 'Interface' | 'GatewayLoadBalancer'> = typeV
      ? typeV.known && ['Gateway', 'Interface', 'GatewayLoadBalancer'].includes(typeV.value)
        ? (typeV as Value<'Gateway'>)
        : unknown(typeV.known ? `vpc_endpoint_type ${typeV.value} is not recognised` : typeV.reason, typeV.at)
      : known('Gateway', at, true);
    const splitPolicy = policies.get(inst.address);
    const p = splitPolicy ? readArg(item(splitPolicy), 'policy') : readArg(it, 'policy');
    estate.vpcEndpoints.push({
      address: inst.address,
      id: unknown(`${inst.address}.id is known only after apply`, at),
      at,
      context: contextOf(inst.mod),
      serviceName: service,
      vpcId: str(it, 'vpc_id') ?? unknown('vpc_id is not set', at),
      type,
      policy: p ? policyValue(p.tv, p.at) : known(null, at),
    });
  }
}

function accessPoints(byType: ByType, linker: Linker, estate: Estate): void {
  for (const { inst, root } of byType.get('aws_s3_access_point') ?? []) {
    const it = item(inst);
    const at = headerAt(it);
    const bucketArg = readArg(it, 'bucket');
    const linked = linker.resolve(bucketArg?.tv, root).entry;
    let bucket: Value<string> = str(it, 'bucket') ?? unknown('bucket is not set', at);
    if (!bucket.known && linked) bucket = linked.name.k === 'str' ? known(linked.name.v, bucket.at) : known(linked.inst.address, bucket.at);
    const vpc = F.first(it, 'vpc_configuration');
    const vpcId = vpc ? str(vpc, 'vpc_id') : undefined;
    const pabBlock = F.first(it, 'public_access_block_configuration');
    const p = readArg(it, 'policy');
    const ap = {
      address: inst.address,
      name: str(it, 'name') ?? unknown('name is not set', at),
      at,
      context: contextOf(inst.mod),
      bucket,
      networkOrigin: known(vpc ? ('VPC' as const) : ('Internet' as const), vpc ? headerAt(vpc) : at, !vpc),
      publicAccessBlock: known(F.publicAccessBlock(pabBlock ?? it, true), pabBlock ? headerAt(pabBlock) : at),
      policy: p ? policyValue(p.tv, p.at) : known(null, at),
      ...(vpcId ? { vpcId } : {}),
    };
    if (!pabBlock) {
      // No block: all four settings are on (the access point default) and cannot change later.
      for (const flag of ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const) {
        (ap.publicAccessBlock.value as unknown as Record<string, Value<boolean>>)[flag] = known(true, at, true);
      }
    }
    estate.accessPoints.push(ap);
  }
}

