/**
 * One template into the model: evaluates each supported resource (once per undecided-condition variant),
 * links bucket policies, access points and key producers to buckets by logical id or by name.
 * Resolved properties are cached per scenario, so linking stays linear in the number of resources.
 */
import { emptyEstate, known, unknown, type Bucket, type Estate, type PolicyDocument, type ResourceContext, type SourceRange, type Value } from '../../model/index.js';
import { Evaluator, type ParameterInputs } from './evaluate.js';
import { rString, type RNode } from './resolved.js';
import { cdkPathOf, type ResourceDef, type Template } from './template.js';
import { field, policyDocument, stringValue, writtenNode } from './values.js';
import { evaluateVariants, variantAddress, variantContext, type Variant } from './variants.js';
import { buildBucket } from './resources/bucket.js';
import { buildVpcEndpoint, isS3ServiceName } from './resources/vpc-endpoint.js';
import { buildAccessPoint } from './resources/access-point.js';
import { buildOrganizationAccount, isS3OrganizationPolicy } from './resources/organization-policy.js';
import { PRODUCER_TYPES, producersOf, type LinkedProducer } from './resources/key-producers.js';

/** A bucket policy whose bucket is not declared in its template; the loader links it across templates. */
export interface DetachedPolicy {
  address: string;
  typeAt: SourceRange;
  context: ResourceContext;
  bucketName: Value<string>;
  policy: Value<PolicyDocument | null>;
}

export interface TemplateOutput {
  estate: Estate;
  detachedPolicies: DetachedPolicy[];
}

interface Addressed {
  address: string;
  context?: ResourceContext;
}

export function buildTemplate(template: Template, inputs: ParameterInputs): TemplateOutput {
  return new TemplateBuilder(template, inputs).build();
}

class TemplateBuilder {
  private readonly resources: ResourceDef[];
  private readonly bucketIds: Set<string>;
  private readonly policies: ResourceDef[];
  private readonly producerResources: ResourceDef[];
  private readonly propsCache = new Map<string, { node: RNode | undefined; undecided: string[] }>();
  private readonly producerCache = new Map<string, { producers: LinkedProducer[]; byLogicalId: Map<string, LinkedProducer[]>; byName: Map<string, LinkedProducer[]> }>();
  private readonly policyIndexCache = new Map<string, { byLogicalId: Map<string, ResourceDef[]>; byName: Map<string, ResourceDef[]> }>();

  constructor(
    private readonly template: Template,
    private readonly inputs: ParameterInputs,
  ) {
    this.resources = [...template.resources.values()];
    this.bucketIds = new Set(this.ofType('AWS::S3::Bucket').map((r) => r.logicalId));
    this.policies = this.ofType('AWS::S3::BucketPolicy');
    this.producerResources = this.resources.filter((r) => PRODUCER_TYPES.has(r.type));
  }

  build(): TemplateOutput {
    const estate = emptyEstate();
    const detachedPolicies: DetachedPolicy[] = [];
    for (const res of this.ofType('AWS::S3::Bucket')) this.collect(res, (ev) => this.bucket(ev, res), estate.buckets);
    for (const res of this.policies) {
      const base = new Evaluator(this.template, this.inputs);
      const target = writtenNode(field(this.props(base, res), 'Bucket'));
      if (target && this.bucketIdOf(base, target) !== undefined) continue;
      this.collect(res, (ev) => this.detachedPolicy(ev, res), detachedPolicies);
    }
    for (const res of this.ofType('AWS::EC2::VPCEndpoint')) this.collect(res, (ev) => this.vpcEndpoint(ev, res), estate.vpcEndpoints);
    for (const res of this.ofType('AWS::S3::AccessPoint')) {
      this.collect(
        res,
        (ev) =>
          buildAccessPoint({
            address: this.address(res),
            logicalId: res.logicalId,
            props: this.props(ev, res),
            typeAt: res.typeRange,
            context: contextOf(res),
            bucket: this.bucketReference(ev, res),
          }),
        estate.accessPoints,
      );
    }
    for (const res of this.ofType('AWS::Organizations::Policy')) {
      this.collect(
        res,
        (ev) => {
          const props = this.props(ev, res);
          if (!isS3OrganizationPolicy(props)) return undefined;
          return buildOrganizationAccount({ address: this.address(res), logicalId: res.logicalId, props, typeAt: res.typeRange, context: contextOf(res) });
        },
        estate.accounts,
      );
    }
    for (const res of this.producerResources) {
      this.collect(res, (ev) => producersOf(this.producerInput(ev, res)).map((l) => l.producer), estate.keyProducers);
    }
    return { estate, detachedPolicies };
  }

  /** Builds a resource once per variant and adds the results, addressed by variant, to `into`. */
  private collect<T extends Addressed>(res: ResourceDef, build: (ev: Evaluator) => T | T[] | undefined, into: T[]): void {
    const variants: Variant<T | T[] | undefined>[] = evaluateVariants(this.template, this.inputs, (ev) => (created(ev, res) ? build(ev) : undefined));
    for (const v of variants) {
      const values = v.value === undefined ? [] : Array.isArray(v.value) ? v.value : [v.value];
      for (const value of values) {
        value.address = variantAddress(value.address, v.assumptions);
        value.context = variantContext(this.template, value.context ?? {}, v.assumptions);
        into.push(value);
      }
    }
  }

  private ofType(type: string): ResourceDef[] {
    return this.resources.filter((r) => r.type === type);
  }

  private address(res: ResourceDef): string {
    return `${this.template.stack}::${res.logicalId}`;
  }

  /** Resolved Properties of a resource under the evaluator's scenario (cached, undecided conditions replayed). */
  private props(ev: Evaluator, res: ResourceDef): RNode | undefined {
    const key = `${scenarioKey(ev)}|${res.logicalId}`;
    let hit = this.propsCache.get(key);
    if (!hit) {
      const fresh = new Evaluator(this.template, this.inputs, ev.scenario);
      hit = { node: res.properties ? fresh.resolve(res.properties.value) : undefined, undecided: [...fresh.undecided] };
      this.propsCache.set(key, hit);
    }
    for (const c of hit.undecided) ev.undecided.add(c);
    return hit.node;
  }

  private bucket(ev: Evaluator, res: ResourceDef): Bucket {
    const props = this.props(ev, res);
    const nameField = field(props, 'BucketName');
    const name: Value<string> =
      nameField.kind === 'absent' ? unknown(`bucket ${res.logicalId} has no BucketName: CloudFormation generates its name at deploy time`, res.typeRange) : stringValue(nameField);
    const region = this.inputs.get('AWS::Region');
    const account = this.inputs.get('AWS::AccountId');
    return buildBucket({
      address: this.address(res),
      props,
      typeAt: res.typeRange,
      name,
      policy: this.linkedPolicy(ev, res, name),
      context: contextOf(res),
      ...(region !== undefined ? { region: known(region, res.typeRange, true) } : {}),
      ...(account !== undefined ? { account: known(account, res.typeRange, true) } : {}),
      keyLayouts: this.producersWriting(ev, res.logicalId, name).flatMap((l) => l.producer.evidence),
    });
  }

  private linkedPolicy(ev: Evaluator, bucket: ResourceDef, name: Value<string>): Value<PolicyDocument | null> {
    const index = this.policyIndex(ev);
    const candidates = [...(index.byLogicalId.get(bucket.logicalId) ?? []), ...(name.known ? (index.byName.get(name.value) ?? []) : [])];
    for (const p of candidates) {
      if (!created(ev, p)) continue;
      const doc = field(this.props(ev, p), 'PolicyDocument');
      if (doc.kind === 'absent') return unknown(`bucket policy ${p.logicalId} has no PolicyDocument`, p.typeRange);
      if (doc.kind === 'unknown') return unknown(doc.reason, doc.at);
      return policyDocument(doc);
    }
    return known(null, bucket.typeRange);
  }

  /** Bucket policies of the template by target (logical id of a Ref/GetAtt, or literal name), per scenario. */
  private policyIndex(ev: Evaluator): { byLogicalId: Map<string, ResourceDef[]>; byName: Map<string, ResourceDef[]> } {
    const key = scenarioKey(ev);
    let index = this.policyIndexCache.get(key);
    if (!index) {
      index = { byLogicalId: new Map(), byName: new Map() };
      for (const p of this.policies) {
        const target = writtenNode(field(this.props(new Evaluator(this.template, this.inputs, ev.scenario), p), 'Bucket'));
        if (!target) continue;
        const origin = target.t === 'scalar' || target.t === 'unknown' ? target.origin : undefined;
        const name = rString(target);
        const [map, k] = origin ? [index.byLogicalId, origin.logicalId] : [index.byName, name];
        if (k === undefined) continue;
        map.set(k, [...(map.get(k) ?? []), p]);
      }
      this.policyIndexCache.set(key, index);
    }
    return index;
  }

  private detachedPolicy(ev: Evaluator, res: ResourceDef): DetachedPolicy {
    const props = this.props(ev, res);
    const target = field(props, 'Bucket');
    const doc = field(props, 'PolicyDocument');
    const bucketName = target.kind === 'absent' ? unknown('Bucket is not set (required)', res.typeRange) : stringValue(target);
    return {
      address: this.address(res),
      typeAt: res.typeRange,
      context: contextOf(res),
      bucketName: bucketName.known ? known(bucketName.value.replace(/^arn:[^:]*:s3:::/, ''), bucketName.at) : bucketName,
      policy:
        doc.kind === 'absent'
          ? unknown(`bucket policy ${res.logicalId} has no PolicyDocument`, res.typeRange)
          : doc.kind === 'unknown'
            ? unknown(doc.reason, doc.at)
            : policyDocument(doc),
    };
  }

  private vpcEndpoint(ev: Evaluator, res: ResourceDef) {
    const endpoint = buildVpcEndpoint({
      address: this.address(res),
      logicalId: res.logicalId,
      props: this.props(ev, res),
      typeAt: res.typeRange,
      context: contextOf(res),
      serviceNameShape: this.serviceNameShape(ev, res),
    });
    return !endpoint.serviceName.known || isS3ServiceName(endpoint.serviceName.value) ? endpoint : undefined;
  }

  /** ServiceName with unknown pseudo parameters kept as text, so `com.amazonaws.${AWS::Region}.s3` is still S3. */
  private serviceNameShape(ev: Evaluator, res: ResourceDef): Value<string> | undefined {
    const withPlaceholders = new Map(this.inputs);
    for (const p of ['AWS::Region', 'AWS::AccountId', 'AWS::StackName']) if (!withPlaceholders.has(p)) withPlaceholders.set(p, '${' + p + '}');
    const shaped = new Evaluator(this.template, withPlaceholders, ev.scenario);
    const serviceName = res.properties?.value.kind === 'map' ? res.properties.value.entries.find((e) => e.key === 'ServiceName') : undefined;
    if (!serviceName) return undefined;
    const r = shaped.resolve(serviceName.value);
    const s = rString(r);
    return s !== undefined ? known(s, serviceName.range) : undefined;
  }

  private bucketReference(ev: Evaluator, res: ResourceDef): Value<string> {
    const f = field(this.props(ev, res), 'Bucket');
    if (f.kind === 'absent') return unknown('Bucket is not set (required)', res.typeRange);
    const node = writtenNode(f);
    const s = node ? rString(node) : undefined;
    if (s !== undefined) return known(s, f.at);
    const id = node ? this.bucketIdOf(ev, node) : undefined;
    return id !== undefined ? known(this.address(this.template.resources.get(id)!), f.at) : stringValue(f);
  }

  /** The template bucket a value refers to: by Ref/GetAtt, or by its name or ARN. */
  private bucketIdOf(ev: Evaluator, node: RNode): string | undefined {
    const origin = node.t === 'scalar' || node.t === 'unknown' ? node.origin : undefined;
    if (origin) return this.bucketIds.has(origin.logicalId) ? origin.logicalId : undefined;
    const s = rString(node);
    return s === undefined ? undefined : ev.bucketIdByName(s.replace(/^arn:[^:]*:s3:::/, '').replace(/\/.*$/, ''), this.bucketIds);
  }

  private producerInput(ev: Evaluator, res: ResourceDef) {
    return {
      res,
      address: this.address(res),
      props: this.props(ev, res),
      context: contextOf(res),
      bucketIdOf: (node: RNode) => this.bucketIdOf(ev, node),
      bucketAddress: (id: string) => `${this.template.stack}::${id}`,
      bucketName: (id: string): Value<string> => {
        const n = ev.bucketName(id);
        return n.known ? known(n.value, res.typeRange) : unknown(n.reason, res.typeRange);
      },
    };
  }

  /** The key producers writing into a template bucket (linked by logical id, or by name), per scenario. */
  private producersWriting(ev: Evaluator, logicalId: string, name: Value<string>): LinkedProducer[] {
    const key = scenarioKey(ev);
    let hit = this.producerCache.get(key);
    if (!hit) {
      // A fresh evaluator: conditions of producers must not split the bucket being built.
      const fresh = new Evaluator(this.template, this.inputs, ev.scenario);
      const producers = this.producerResources.filter((r) => created(fresh, r)).flatMap((r) => producersOf(this.producerInput(fresh, r)));
      hit = { producers, byLogicalId: new Map(), byName: new Map() };
      for (const p of producers) {
        const [map, k] = p.targetLogicalId !== undefined ? [hit.byLogicalId, p.targetLogicalId] : [hit.byName, p.targetName];
        if (k !== undefined) map.set(k, [...(map.get(k) ?? []), p]);
      }
      this.producerCache.set(key, hit);
    }
    return [...(hit.byLogicalId.get(logicalId) ?? []), ...(name.known ? (hit.byName.get(name.value) ?? []) : [])];
  }
}

const scenarioKeys = new WeakMap<Evaluator, string>();

function scenarioKey(ev: Evaluator): string {
  let key = scenarioKeys.get(ev);
  if (key === undefined) {
    key = [...ev.scenario].map(([c, v]) => `${c}=${v}`).join(',');
    scenarioKeys.set(ev, key);
  }
  return key;
}

/** A resource exists unless its Condition is false (an undecided condition is recorded and split on). */
function created(ev: Evaluator, res: ResourceDef): boolean {
  const d = ev.exists(res.logicalId);
  return !d.known || d.value;
}

function contextOf(res: ResourceDef): ResourceContext {
  const cdkPath = cdkPathOf(res);
  return cdkPath !== undefined ? { source: 'cloudformation', cdkPath } : { source: 'cloudformation' };
}
