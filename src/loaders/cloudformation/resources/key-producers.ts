/**
 * Key-layout evidence from resources that write objects: Kinesis Firehose delivery streams, DMS S3
 * endpoints, Glue tables with partition projection, and bucket server access logging. Templates are
 * converted to s3lint's neutral syntax by src/keys/templates.ts.
 */
import { known, unknown, type KeyLayoutEvidence, type KeyProducer, type ResourceContext, type Value } from '../../../model/index.js';
import { fromAccessLogFormat, fromDmsSettings, fromFirehosePrefix, fromGlueLocationTemplate } from '../../../keys/templates.js';
import { rString, type RNode } from '../resolved.js';
import { boolValue, field, stringValue, writtenNode, type Field } from '../values.js';
import type { ResourceDef } from '../template.js';

export interface LinkedProducer {
  resource: ResourceDef;
  producer: KeyProducer;
  /** The template bucket written to, when linked by Ref/GetAtt. */
  targetLogicalId?: string;
  /** The bucket name written to, when known. */
  targetName?: string;
}

export interface ProducerInput {
  res: ResourceDef;
  address: string;
  props: RNode | undefined;
  context: ResourceContext;
  /** The template bucket a value refers to (by Ref/GetAtt or by name/ARN). */
  bucketIdOf(node: RNode): string | undefined;
  /** The address of a template bucket. */
  bucketAddress(logicalId: string): string;
  /** The name a template bucket deploys with. */
  bucketName(logicalId: string): Value<string>;
}

type Present = Field & { kind: 'present' };

export function producersOf(input: ProducerInput): LinkedProducer[] {
  switch (input.res.type) {
    case 'AWS::KinesisFirehose::DeliveryStream':
      return firehose(input);
    case 'AWS::DMS::Endpoint':
      return dms(input);
    case 'AWS::Glue::Table':
      return glue(input);
    case 'AWS::S3::Bucket':
      return accessLogs(input);
    default:
      return [];
  }
}

function linked(input: ProducerInput, kind: KeyLayoutEvidence['source'], target: Field, nameFromValue: (s: string) => string, evidence: KeyLayoutEvidence[]): LinkedProducer {
  const at = input.res.typeRange;
  let bucket: Value<string> = unknown('the target bucket is not set', at);
  const out: Omit<LinkedProducer, 'producer'> = { resource: input.res };
  if (target.kind === 'unknown') bucket = unknown(target.reason, target.at);
  const node = writtenNode(target);
  if (node && target.kind !== 'absent') {
    const id = input.bucketIdOf(node);
    const s = rString(node);
    if (id !== undefined) {
      out.targetLogicalId = id;
      const name = input.bucketName(id);
      bucket = name.known ? known(name.value, target.at) : known(input.bucketAddress(id), target.at);
      if (name.known) out.targetName = name.value;
    } else if (s !== undefined) {
      out.targetName = nameFromValue(s);
      bucket = known(out.targetName, target.at);
    } else bucket = stringValue(target);
  }
  return { ...out, producer: { address: input.address, at, context: input.context, kind, bucket, evidence } };
}

function firehose(input: ProducerInput): LinkedProducer[] {
  const out: LinkedProducer[] = [];
  for (const key of ['ExtendedS3DestinationConfiguration', 'S3DestinationConfiguration']) {
    const dest = field(input.props, key);
    if (dest.kind !== 'present') continue;
    const dynamic = field(dest.node, 'DynamicPartitioningConfiguration');
    const enabledField = dynamic.kind === 'present' ? field(dynamic.node, 'Enabled') : undefined;
    const enabled = enabledField && enabledField.kind !== 'absent' ? boolValue(enabledField) : undefined;
    const dynamicPartitioning = enabled?.known === true && enabled.value;
    const evidence = [
      firehoseEvidence(input, dest, 'Prefix', 'firehose', dynamicPartitioning),
      firehoseEvidence(input, dest, 'ErrorOutputPrefix', 'firehose-error', dynamicPartitioning),
    ];
    out.push(linked(input, 'firehose', field(dest.node, 'BucketARN'), arnToName, evidence));
  }
  return out;
}

function firehoseEvidence(input: ProducerInput, dest: Present, key: string, source: 'firehose' | 'firehose-error', dynamicPartitioning: boolean): KeyLayoutEvidence {
  const f = field(dest.node, key);
  const at = f.kind === 'absent' ? dest.at : f.at;
  const ev: KeyLayoutEvidence = { at, source, producer: input.address };
  const opts = { errorOutput: source === 'firehose-error', dynamicPartitioning };
  if (f.kind === 'absent') {
    ev.template = known(fromFirehosePrefix(undefined, opts), at, true);
    ev.sourceTemplate = `(no ${key}: Firehose default)`;
  } else {
    const s = stringValue(f);
    ev.template = s.known ? known(fromFirehosePrefix(s.value, opts), at) : s;
    if (s.known) ev.sourceTemplate = s.value;
  }
  return ev;
}

function dms(input: ProducerInput): LinkedProducer[] {
  const settings = field(input.props, 'S3Settings');
  if (settings.kind !== 'present') return [];
  const get = (key: string): string | undefined => {
    const f = field(settings.node, key);
    return f.kind === 'present' ? rString(f.node) : undefined;
  };
  const enabled = field(settings.node, 'DatePartitionEnabled');
  const unknownPart = ['BucketFolder', 'DatePartitionEnabled', 'DatePartitionSequence', 'DatePartitionDelimiter']
    .map((k) => field(settings.node, k))
    .find((f): f is Field & { kind: 'unknown' } => f.kind === 'unknown');
  const enabledValue = enabled.kind === 'present' ? boolValue(enabled) : undefined;
  const at = enabled.kind !== 'absent' ? enabled.at : settings.at;
  const template = unknownPart
    ? unknown(unknownPart.reason, unknownPart.at)
    : known(
        fromDmsSettings({
          ...(get('BucketFolder') !== undefined ? { bucketFolder: get('BucketFolder')! } : {}),
          datePartitionEnabled: enabledValue?.known === true && enabledValue.value,
          ...(get('DatePartitionSequence') !== undefined ? { sequence: get('DatePartitionSequence')! } : {}),
          ...(get('DatePartitionDelimiter') !== undefined ? { delimiter: get('DatePartitionDelimiter')! } : {}),
        }),
        at,
      );
  const evidence: KeyLayoutEvidence = { at, source: 'dms', producer: input.address, template };
  return [linked(input, 'dms', field(settings.node, 'BucketName'), (s) => s, [evidence])];
}

function glue(input: ProducerInput): LinkedProducer[] {
  const table = field(input.props, 'TableInput');
  if (table.kind !== 'present') return [];
  const params = field(table.node, 'Parameters');
  if (params.kind !== 'present' || params.node.t !== 'map') return [];
  const projection: Record<string, string> = {};
  for (const e of params.node.entries) {
    const s = rString(e.value);
    if (s !== undefined) projection[e.key] = s;
  }
  const location = field(params.node, 'storage.location.template');
  if (location.kind === 'absent') return [];
  const s = stringValue(location);
  const evidence: KeyLayoutEvidence = {
    at: location.at,
    source: 'glue',
    producer: input.address,
    template: s.known ? known(fromGlueLocationTemplate(s.value, projection), location.at) : s,
  };
  if (s.known) evidence.sourceTemplate = s.value;
  const bucketName = s.known ? /^s3a?n?:\/\/([^/]+)/i.exec(s.value)?.[1] : undefined;
  const target: Field = bucketName !== undefined ? { kind: 'present', node: { t: 'scalar', v: bucketName, at: location.at }, at: location.at } : s.known ? { kind: 'absent' } : { kind: 'unknown', reason: s.reason, at: location.at };
  return [linked(input, 'glue', target, (n) => n, [evidence])];
}

/** A bucket's LoggingConfiguration writes server access logs into the destination (itself when none). */
function accessLogs(input: ProducerInput): LinkedProducer[] {
  const logging = field(input.props, 'LoggingConfiguration');
  if (logging.kind !== 'present') return [];
  const dest = field(logging.node, 'DestinationBucketName');
  const prefix = field(logging.node, 'LogFilePrefix');
  const format = field(logging.node, 'TargetObjectKeyFormat');
  const partitioned = format.kind === 'present' ? field(format.node, 'PartitionedPrefix') : undefined;
  const dateSource = partitioned?.kind === 'present' ? field(partitioned.node, 'PartitionDateSource') : undefined;
  const prefixValue = prefix.kind === 'absent' ? known('', logging.at, true) : stringValue(prefix);
  const at = prefix.kind !== 'absent' ? prefix.at : logging.at;
  const template: Value<string> = !prefixValue.known
    ? prefixValue
    : known(
        fromAccessLogFormat(prefixValue.value, partitioned?.kind === 'present' ? 'PartitionedPrefix' : 'SimplePrefix', dateSource?.kind === 'present' ? rString(dateSource.node) : undefined),
        at,
      );
  const evidence: KeyLayoutEvidence = { at, source: 'access-log', producer: input.address, template };
  if (prefixValue.known) evidence.sourceTemplate = prefixValue.value;
  const self: Field = { kind: 'present', node: { t: 'unknown', reason: 'self', at: logging.at, origin: { logicalId: input.res.logicalId } }, at: logging.at };
  return [linked(input, 'access-log', dest.kind === 'absent' ? self : dest, (s) => s, [evidence])];
}

function arnToName(arn: string): string {
  return arn.replace(/^arn:[^:]*:s3:::/, '').replace(/\/.*$/, '');
}

export const PRODUCER_TYPES = new Set(['AWS::KinesisFirehose::DeliveryStream', 'AWS::DMS::Endpoint', 'AWS::Glue::Table', 'AWS::S3::Bucket']);

