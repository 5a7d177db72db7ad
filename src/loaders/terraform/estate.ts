/**
 * From module instances to the model: buckets with their inline and split settings linked, account-level
 * Block Public Access, S3 VPC endpoints, access points and key producers.
 *
 * Configurations (root modules) are added one at a time and read into model parts at once, so the caller
 * can release each configuration's parsed files before the next: a monorepo's memory is its model, not its
 * syntax trees. Links inside a configuration (by resource reference, then by bucket name) are made while it
 * is added; a split resource that names a bucket its configuration does not declare is linked by name when
 * every configuration has been added, to the first configuration that declares it, or to an external bucket.
 */
import { emptyEstate, known, unknown, type Bucket, type Estate, type Value } from '../../model/index.js';
import {
  assembleBucket,
  externalBucket,
  externalSeed,
  readDeclaredBucket,
  readSplitPart,
  SPLIT_TYPES,
  unlinkedPart,
  type BucketParts,
  type ExternalSeed,
  type SplitPart,
  type SplitType,
  type UnlinkedPart,
} from './bucket-model.js';
import { keyProducers, type ProducedLayout } from './key-producers.js';
import type { ResourceLike } from './module.js';
import { policyValue } from './policy-json.js';
import { bucketNameOf, contextOf, headerAt, item, readArg, str } from './read.js';
import { bucketName } from './resources.js';
import * as F from './s3-fields.js';
import type { TV } from './values.js';

/** The resource instances of one configuration, by resource type. */
export type ByType = Map<string, ResourceLike[]>;

/** A bucket value resolved inside its configuration: a bucket, a name to look up across configurations, or why neither. */
type LocalLink = { parts: BucketParts } | { name: string } | { unknownReason: string };

/** The buckets one configuration declares, by address and by name. */
class ConfigurationBuckets {
  readonly byAddress = new Map<string, BucketParts>();
  readonly byName = new Map<string, BucketParts>();

  add(parts: BucketParts, name: TV): void {
    this.byAddress.set(parts.address, parts);
    if (name.k === 'str' && !this.byName.has(name.v)) this.byName.set(name.v, parts);
  }

  get size(): number {
    return this.byAddress.size;
  }

  /** The bucket a `bucket` value designates: by resource reference first, then by name. */
  resolve(v: TV | undefined): LocalLink {
    if (!v) return { unknownReason: 'bucket is not set' };
    const origin = v.k === 'str' || v.k === 'unknown' ? v.origin : undefined;
    if (origin && (origin.resourceType === 'aws_s3_bucket' || origin.resourceType === 'aws_s3_directory_bucket')) {
      const parts = this.byAddress.get(origin.address);
      if (parts) return { parts };
    }
    if (v.k === 'str') {
      const name = bucketNameOf(v.v);
      const parts = this.byName.get(name);
      return parts ? { parts } : { name };
    }
    if (v.k === 'unknown') return { unknownReason: v.reason };
    return { unknownReason: `bucket is a ${v.k}` };
  }
}

/** A split resource naming a bucket its configuration does not declare: linked when every configuration is in. */
interface Deferred {
  type: SplitType;
  name: string;
  part: SplitPart;
  seed: ExternalSeed;
  value: TV;
}

export class EstateBuilder {
  private readonly estate = emptyEstate();
  private readonly declared: BucketParts[] = [];
  /** Declared buckets by name, the first configuration's first. */
  private readonly byName = new Map<string, BucketParts>();
  private readonly externals = new Map<string, BucketParts>();
  private readonly deferred: Deferred[] = [];
  private readonly layouts: ProducedLayout<LocalLink>[] = [];
  private configurations = 0;

  /** Reads one configuration's resources into the model; nothing of `byType` is kept. */
  addConfiguration(byType: ByType): void {
    const order = this.configurations++;
    const local = new ConfigurationBuckets();
    const unlinked = new Map<SplitType, UnlinkedPart>();
    for (const inst of byType.get('aws_s3_bucket') ?? []) {
      const name = bucketName(inst, 'bucket', inst.def.block.header);
      const parts = readDeclaredBucket(inst, name, unlinked);
      local.add(parts, name);
      this.declared.push(parts);
      if (name.k === 'str' && !this.byName.has(name.v)) this.byName.set(name.v, parts);
    }
    for (const type of SPLIT_TYPES) {
      for (const inst of byType.get(type) ?? []) {
        const value = inst.arg('bucket');
        const link = local.resolve(value);
        if ('parts' in link) addPart(link.parts, type, readSplitPart(type, inst, order));
        else if ('name' in link) this.deferred.push({ type, name: link.name, part: readSplitPart(type, inst, order), seed: externalSeed(inst), value: value as TV });
        else if (value && value.k === 'unknown' && (value.error === true || local.size === 0)) {
          // A broken reference, or an unknown value in a configuration without buckets, designates a bucket
          // managed elsewhere: model it from what is declared here.
          const seed = externalSeed(inst);
          const key = `${order}\u0000${seed.text}`;
          let parts = this.externals.get(key);
          if (!parts) this.externals.set(key, (parts = externalBucket(seed, undefined, value)));
          addPart(parts, type, readSplitPart(type, inst, order));
        } else if (!unlinked.has(type)) unlinked.set(type, unlinkedPart(inst, link.unknownReason));
      }
    }
    this.accounts(byType);
    this.vpcEndpoints(byType);
    this.accessPoints(byType, local);
    for (const layout of keyProducers(byType, (v) => local.resolve(v))) this.layouts.push(layout);
  }

  /** Links the split resources and key producers that name buckets of other configurations, and returns the model. */
  finish(): Estate {
    // In the order of the split types, then of the configurations: the first resource to name an undeclared
    // bucket is the one its external model is built from.
    this.deferred.sort((a, b) => SPLIT_TYPES.indexOf(a.type) - SPLIT_TYPES.indexOf(b.type));
    for (const d of this.deferred) {
      let parts = this.byName.get(d.name);
      if (!parts) {
        const key = `name:${d.name}`;
        parts = this.externals.get(key);
        if (!parts) this.externals.set(key, (parts = externalBucket(d.seed, d.name, d.value)));
      }
      addPart(parts, d.type, d.part);
    }
    const models = new Map<BucketParts, Bucket>();
    for (const parts of [...this.declared, ...this.externals.values()]) {
      for (const list of parts.split.values()) list.sort((a, b) => a.order - b.order);
      const bucket = assembleBucket(parts);
      models.set(parts, bucket);
      this.estate.buckets.push(bucket);
    }
    for (const layout of this.layouts) {
      this.estate.keyProducers.push(layout.producer);
      const link = layout.bucket;
      const parts = link === undefined ? undefined : 'parts' in link ? link.parts : 'name' in link ? this.byName.get(link.name) : undefined;
      if (parts) models.get(parts)?.keyLayouts.push(...layout.producer.evidence);
    }
    return this.estate;
  }

  private accounts(byType: ByType): void {
    for (const inst of byType.get('aws_s3_account_public_access_block') ?? []) {
      const it = item(inst);
      const at = headerAt(it);
      this.estate.accounts.push({
        address: inst.address,
        id: str(it, 'account_id') ?? unknown('account_id is not set: the account of the provider credentials', at),
        at,
        context: contextOf(inst.mod),
        publicAccessBlock: known(F.publicAccessBlock(it, false), at),
      });
    }
  }

  private vpcEndpoints(byType: ByType): void {
    const policies = new Map<string, ResourceLike>();
    for (const inst of byType.get('aws_vpc_endpoint_policy') ?? []) {
      const id = inst.arg('vpc_endpoint_id');
      const origin = id && (id.k === 'str' || id.k === 'unknown') ? id.origin : undefined;
      if (origin?.resourceType === 'aws_vpc_endpoint') policies.set(origin.address, inst);
    }
    for (const inst of byType.get('aws_vpc_endpoint') ?? []) {
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
      this.estate.vpcEndpoints.push({
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

  private accessPoints(byType: ByType, local: ConfigurationBuckets): void {
    for (const inst of byType.get('aws_s3_access_point') ?? []) {
      const it = item(inst);
      const at = headerAt(it);
      const bucketArg = readArg(it, 'bucket');
      let bucket: Value<string> = str(it, 'bucket') ?? unknown('bucket is not set', at);
      if (!bucket.known) {
        // Only a reference to a bucket resource can resolve an unknown value (a name would be known).
        const link = local.resolve(bucketArg?.tv);
        if ('parts' in link) bucket = link.parts.name.known ? known(link.parts.name.value, bucket.at) : known(link.parts.address, bucket.at);
      }
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
      this.estate.accessPoints.push(ap);
    }
  }
}

function addPart(parts: BucketParts, type: SplitType, part: SplitPart): void {
  const list = parts.split.get(type);
  if (list) list.push(part);
  else parts.split.set(type, [part]);
}

/** The model of one configuration's resources (a plan file). */
export function buildEstateFrom(byType: ByType): Estate {
  const builder = new EstateBuilder();
  builder.addConfiguration(byType);
  return builder.finish();
}
