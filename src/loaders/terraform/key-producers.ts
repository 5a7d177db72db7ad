/**
 * Key-layout evidence from Terraform: Firehose prefixes, server access log delivery, DMS S3 targets, Glue
 * partition projection templates and aws_s3_object keys, converted with src/keys/templates.ts.
 */
import { fromAccessLogFormat, fromDmsSettings, fromFirehosePrefix, fromGlueLocationTemplate, fromObjectKey } from '../../keys/templates.js';
import { known, unknown, type KeyLayoutEvidence, type KeyProducer, type SourceRange, type Value } from '../../model/index.js';
import type { ResourceLike } from './module.js';
import { bool, bucketNameOf, contextOf, headerAt, item, readArg, str, strMap, type Item } from './read.js';
import { first } from './s3-fields.js';
import type { TV } from './values.js';

/** Resolves a bucket value to a link to a bucket of the estate (whatever the caller links with). */
type Resolve<L> = (v: TV | undefined) => L | undefined;

export interface ProducedLayout<L> {
  producer: KeyProducer;
  /** The bucket the producer writes into, as the resolver linked it. */
  bucket?: L;
}

function bucketValue(v: Value<string> | undefined, at: SourceRange): Value<string> {
  if (!v) return unknown('the target bucket is not set', at);
  return v.known ? known(bucketNameOf(v.value), v.at) : v;
}

function templateOf(v: Value<string> | undefined, convert: (s: string | undefined) => string, at: SourceRange): { template: Value<string>; sourceTemplate?: string } {
  if (v && !v.known) return { template: unknown(v.reason, v.at) };
  const out: { template: Value<string>; sourceTemplate?: string } = { template: known(convert(v?.value), v?.at ?? at, v === undefined) };
  if (v?.known) out.sourceTemplate = v.value;
  return out;
}

function produced<L>(inst: ResourceLike, kind: KeyProducer['kind'], bucket: Value<string>, evidence: KeyLayoutEvidence[], link: L | undefined): ProducedLayout<L> {
  const at = headerAt(item(inst));
  const producer: KeyProducer = { address: inst.address, at, context: contextOf(inst.mod), kind, bucket, evidence };
  return link === undefined ? { producer } : { producer, bucket: link };
}

function firehose<L>(inst: ResourceLike, resolve: Resolve<L>): ProducedLayout<L> | undefined {
  const it = item(inst);
  const conf = first(it, 'extended_s3_configuration') ?? first(it, 's3_configuration');
  if (!conf) return undefined;
  const at = headerAt(conf);
  const dp = first(conf, 'dynamic_partitioning_configuration');
  const dynamic = dp ? bool(dp, 'enabled') : undefined;
  const opts = { dynamicPartitioning: dynamic?.known === true && dynamic.value };
  const prefix = str(conf, 'prefix');
  const errorPrefix = str(conf, 'error_output_prefix');
  const evidence: KeyLayoutEvidence[] = [
    { at: prefix?.at ?? at, source: 'firehose', producer: inst.address, ...templateOf(prefix, (p) => fromFirehosePrefix(p, opts), at) },
    { at: errorPrefix?.at ?? at, source: 'firehose-error', producer: inst.address, ...templateOf(errorPrefix, (p) => fromFirehosePrefix(p, { ...opts, errorOutput: true }), at) },
  ];
  return produced(inst, 'firehose', bucketValue(str(conf, 'bucket_arn'), at), evidence, resolve(readArg(conf, 'bucket_arn')?.tv));
}

function accessLog<L>(inst: ResourceLike, resolve: Resolve<L>, conf: Item): ProducedLayout<L> {
  const at = headerAt(conf);
  const prefix = str(conf, 'target_prefix');
  const fmt = first(conf, 'target_object_key_format');
  const partitioned = fmt ? first(fmt, 'partitioned_prefix') : undefined;
  const dateSource = partitioned ? str(partitioned, 'partition_date_source') : undefined;
  const format = partitioned ? 'PartitionedPrefix' : 'SimplePrefix';
  let template: Value<string>;
  if (prefix && !prefix.known) template = unknown(prefix.reason, prefix.at);
  else if (dateSource && !dateSource.known) template = unknown(dateSource.reason, dateSource.at);
  else template = known(fromAccessLogFormat(prefix?.value ?? '', format, dateSource?.value), prefix?.at ?? at);
  const evidence: KeyLayoutEvidence = { at: prefix?.at ?? at, source: 'access-log', producer: inst.address, template };
  if (prefix?.known) evidence.sourceTemplate = prefix.value;
  return produced(inst, 'access-log', bucketValue(str(conf, 'target_bucket'), at), [evidence], resolve(readArg(conf, 'target_bucket')?.tv));
}

function dms<L>(inst: ResourceLike, resolve: Resolve<L>): ProducedLayout<L> | undefined {
  const it = item(inst);
  const conf: Item | undefined = inst.def.type === 'aws_dms_s3_endpoint' ? it : first(it, 's3_settings');
  if (!conf) return undefined;
  const at = headerAt(conf);
  const folder = str(conf, 'bucket_folder');
  const enabled = bool(conf, 'date_partition_enabled');
  const sequence = str(conf, 'date_partition_sequence');
  const delimiter = str(conf, 'date_partition_delimiter');
  const unknownPart = [folder, enabled, sequence, delimiter].find((v) => v && !v.known);
  const template: Value<string> =
    unknownPart && !unknownPart.known
      ? unknown(unknownPart.reason, unknownPart.at)
      : known(
          fromDmsSettings({
            ...(folder?.known ? { bucketFolder: folder.value } : {}),
            ...(enabled?.known ? { datePartitionEnabled: enabled.value } : {}),
            ...(sequence?.known ? { sequence: sequence.value } : {}),
            ...(delimiter?.known ? { delimiter: delimiter.value } : {}),
          }),
          enabled?.at ?? at,
        );
  const evidence: KeyLayoutEvidence = { at: enabled?.at ?? at, source: 'dms', producer: inst.address, template };
  return produced(inst, 'dms', bucketValue(str(conf, 'bucket_name'), at), [evidence], resolve(readArg(conf, 'bucket_name')?.tv));
}

function glue<L>(inst: ResourceLike, resolve: Resolve<L>): ProducedLayout<L> | undefined {
  const it = item(inst);
  const params = strMap(it, 'parameters');
  if (!params) return undefined;
  const at = params.at;
  if (!params.known) return undefined;
  const tpl = params.value['storage.location.template'];
  if (params.value['projection.enabled'] !== 'true' || tpl === undefined) return undefined;
  const m = /^s3a?n?:\/\/([^/]+)/i.exec(tpl);
  const bucketName = m?.[1];
  const evidence: KeyLayoutEvidence = {
    at,
    source: 'glue',
    producer: inst.address,
    template: known(fromGlueLocationTemplate(tpl, params.value), at),
    sourceTemplate: tpl,
  };
  const bucket: Value<string> = bucketName ? known(bucketName, at) : unknown('storage.location.template has no bucket', at);
  const address = bucketName ? resolve({ k: 'str', v: bucketName, span: inst.def.block.header }) : undefined;
  return produced(inst, 'glue', bucket, [evidence], address);
}

function object<L>(inst: ResourceLike, resolve: Resolve<L>): ProducedLayout<L> | undefined {
  const it = item(inst);
  const at = headerAt(it);
  const key = str(it, 'key');
  if (!key) return undefined;
  const evidence: KeyLayoutEvidence = {
    at: key.at,
    source: 'object',
    producer: inst.address,
    template: key.known ? known(fromObjectKey(key.value), key.at) : unknown(key.reason, key.at),
  };
  if (key.known) {
    evidence.sampleKeys = [key.value];
    evidence.sourceTemplate = key.value;
  }
  return produced(inst, 'object', bucketValue(str(it, 'bucket'), at), [evidence], resolve(readArg(it, 'bucket')?.tv));
}

export function keyProducers<L>(byType: Map<string, ResourceLike[]>, resolve: Resolve<L>): ProducedLayout<L>[] {
  const out: ProducedLayout<L>[] = [];
  const push = (p: ProducedLayout<L> | undefined): void => {
    if (p) out.push(p);
  };
  const of = (type: string): ResourceLike[] => byType.get(type) ?? [];
  for (const inst of of('aws_kinesis_firehose_delivery_stream')) push(firehose(inst, resolve));
  for (const inst of of('aws_s3_bucket_logging')) push(accessLog(inst, resolve, item(inst)));
  for (const inst of of('aws_s3_bucket')) {
    const inline = first(item(inst), 'logging');
    if (inline) push(accessLog(inst, resolve, inline));
  }
  for (const type of ['aws_dms_endpoint', 'aws_dms_s3_endpoint']) for (const inst of of(type)) push(dms(inst, resolve));
  for (const inst of of('aws_glue_catalog_table')) push(glue(inst, resolve));
  for (const type of ['aws_s3_object', 'aws_s3_bucket_object']) for (const inst of of(type)) push(object(inst, resolve));
  return out;
}
