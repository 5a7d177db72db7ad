/**
 * Converters from the key templates of AWS sources to s3lint's neutral key template syntax, the form the
 * Terraform, CloudFormation and snapshot loaders store in KeyLayoutEvidence.template.
 *
 * Syntax (text is read left to right in key order):
 *   {date:FORMAT}       a date/time part; FORMAT is a Java DateTimeFormatter pattern ("yyyy/MM/dd/HH",
 *                       "'year='yyyy'/month='MM"), or "epoch-seconds" / "epoch-millis".
 *   {date?:FORMAT}      the same, but added by s3lint from a documented behaviour that is UNVERIFIED for this
 *                       configuration (e.g. Firehose appending a timestamp when dynamic partitioning is on).
 *   {var:name:kind}     a variable part; kind is date | time-ordered | high-cardinality | low-cardinality | unknown.
 *   anything else       literal text. Only `{date:`, `{date?:` and `{var:` open a placeholder; other braces are
 *                       literal. There is no escaping.
 * Example: Firehose `logs/!{partitionKeyFromQuery:customer_id}/` becomes
 *          `logs/{var:customer_id:high-cardinality}/{date?:yyyy/MM/dd/HH}/`.
 *
 * All functions are pure. Facts: /work/shared/docs/s3-semantics.md §6.
 */
import { classifyKey } from './segments.js';
import type { SegmentClass } from './segments.js';
import { datePart, varPart } from './template-syntax.js';
import type { VarKind } from './template-syntax.js';

/** Firehose's default prefix and the timestamp it appends to prefixes without one (UTC by default). */
export const FIREHOSE_DEFAULT_TIMESTAMP = 'yyyy/MM/dd/HH';

const DATE_NAMES = /^(year|yyyy|yr|month|mm|mon|day|dd|hour|hh|hr|minute|min|dt|date|ds|ts|timestamp|time|datetime|event_?date|event_?time|ingest(ion)?_?(date|time)|partition_?date|load_?date|created_?(at|date)|day_?id|date_?id)$/i;
const HIGH_NAMES = /(^|[_-])(id|uuid|guid|key|hash|shard|bucket|salt)$|^(customer|tenant|user|device|client|session|merchant|store|player|vehicle|sensor|host|instance|order|org|organization|shard|hash|salt)s?([_-]?(id|no|num|number|name|key))?$/i;
const LOW_NAMES = /^(env|environment|stage|region|aws[_-]?region|account|account[_-]?id|aws[_-]?account[_-]?id|country|type|event[_-]?type|kind|category|level|status|source|service|app|application|table|schema|database|db|format|version|lang|language|channel|topic|stream|error[_-]?output[_-]?type)$/i;

/** The kind a variable most likely has, from its name alone ("customer_id" → high-cardinality). */
export function kindFromName(name: string): VarKind {
  if (DATE_NAMES.test(name)) return 'date';
  if (LOW_NAMES.test(name)) return 'low-cardinality';
  if (HIGH_NAMES.test(name)) return 'high-cardinality';
  return 'unknown';
}

export interface FirehosePrefixOptions {
  /** The prefix is an ErrorOutputPrefix (where `!{firehose:error-output-type}` is allowed). */
  errorOutput?: boolean;
  /** DynamicPartitioningConfiguration.Enabled. */
  dynamicPartitioning?: boolean;
}

const FIREHOSE_EXPRESSION = /!\{([A-Za-z]+):([^}]*)\}/g;

/**
 * A Firehose Prefix or ErrorOutputPrefix as a neutral template. Rules (s3-semantics §6):
 * - an empty or absent prefix is the default `yyyy/MM/dd/HH/`;
 * - a prefix without a timestamp expression gets `yyyy/MM/dd/HH/` appended verbatim. This is documented for
 *   plain prefixes; with dynamic partitioning, and for error prefixes, it is UNVERIFIED, so the appended part
 *   is written `{date?:...}`.
 */
export function fromFirehosePrefix(prefix: string | undefined, opts: FirehosePrefixOptions = {}): string {
  const assumedOnly = opts.errorOutput === true;
  if (prefix === undefined || prefix === '') {
    return opts.errorOutput
      ? `${varPart('error-output-type', 'low-cardinality')}/${datePart(FIREHOSE_DEFAULT_TIMESTAMP, true)}/`
      : `${datePart(FIREHOSE_DEFAULT_TIMESTAMP, assumedOnly)}/`;
  }
  let hasTimestamp = false;
  let hasPartitionKey = false;
  const converted = prefix.replace(FIREHOSE_EXPRESSION, (_m, namespace: string, arg: string) => {
    switch (namespace) {
      case 'timestamp':
        hasTimestamp = true;
        return datePart(arg);
      case 'firehose':
        if (arg === 'random-string') return varPart('random-string', 'high-cardinality');
        if (arg === 'error-output-type') return varPart('error-output-type', 'low-cardinality');
        return varPart(`firehose-${arg}`, 'unknown');
      case 'partitionKeyFromQuery':
      case 'partitionKeyFromLambda':
        hasPartitionKey = true;
        return varPart(arg, kindFromName(arg));
      default:
        return varPart(`${namespace}-${arg}`, 'unknown');
    }
  });
  if (hasTimestamp) return converted;
  const unverified = opts.dynamicPartitioning === true || hasPartitionKey || opts.errorOutput === true;
  return `${converted}${datePart(FIREHOSE_DEFAULT_TIMESTAMP, unverified)}/`;
}

/** True when fromFirehosePrefix had to assume an UNVERIFIED appended timestamp. */
export function firehoseTimestampIsAssumed(template: string): boolean {
  return template.includes('{date?:');
}

/**
 * Server access log keys (s3-semantics §6): SimplePrefix `[TargetPrefix]YYYY-mm-DD-HH-MM-SS-UniqueString`;
 * PartitionedPrefix `[TargetPrefix]SourceAccountId/SourceRegion/SourceBucket/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-
 * UniqueString` (EventTime, the default date source, writes 00-00-00 for the time). The prefix is verbatim.
 */
export function fromAccessLogFormat(
  targetPrefix: string,
  format: 'SimplePrefix' | 'PartitionedPrefix',
  partitionDateSource?: string,
): string {
  const unique = varPart('unique-string', 'high-cardinality');
  if (format === 'SimplePrefix') return `${targetPrefix}${datePart('yyyy-MM-dd-HH-mm-ss')}-${unique}`;
  const fileTime = partitionDateSource === 'DeliveryTime' ? datePart('yyyy-MM-dd-HH-mm-ss') : `${datePart('yyyy-MM-dd')}-00-00-00`;
  return (
    `${targetPrefix}${varPart('source-account-id', 'low-cardinality')}/${varPart('source-region', 'low-cardinality')}/` +
    `${varPart('source-bucket', 'low-cardinality')}/${datePart('yyyy/MM/dd')}/${fileTime}-${unique}`
  );
}

export interface DmsSettings {
  bucketFolder?: string;
  datePartitionEnabled?: boolean;
  /** DatePartitionSequence: YYYYMMDD (default) | YYYYMMDDHH | YYYYMM | MMYYYYDD | DDMMYYYY. */
  sequence?: string;
  /** DatePartitionDelimiter: SLASH (default) | UNDERSCORE | DASH | NONE. */
  delimiter?: string;
}

const DMS_SEQUENCES: Record<string, string[]> = {
  YYYYMMDD: ['yyyy', 'MM', 'dd'],
  YYYYMMDDHH: ['yyyy', 'MM', 'dd', 'HH'],
  YYYYMM: ['yyyy', 'MM'],
  MMYYYYDD: ['MM', 'yyyy', 'dd'],
  DDMMYYYY: ['dd', 'MM', 'yyyy'],
};
const DMS_DELIMITERS: Record<string, string> = { SLASH: '/', UNDERSCORE: '_', DASH: '-', NONE: '' };

/**
 * AWS DMS S3 target: `[BucketFolder/]schema_name/table_name/` and, with DatePartitionEnabled, the commit-date
 * folders under the table (placement UNVERIFIED per s3-semantics §6; it matches AWS's examples).
 */
export function fromDmsSettings(settings: DmsSettings): string {
  const folder = settings.bucketFolder ? `${settings.bucketFolder.replace(/\/+$/, '')}/` : '';
  const base = `${folder}${varPart('schema_name', 'low-cardinality')}/${varPart('table_name', 'low-cardinality')}/`;
  if (settings.datePartitionEnabled !== true) return base;
  const units = DMS_SEQUENCES[(settings.sequence ?? 'YYYYMMDD').toUpperCase()] ?? DMS_SEQUENCES.YYYYMMDD!;
  const delimiter = DMS_DELIMITERS[(settings.delimiter ?? 'SLASH').toUpperCase()] ?? '/';
  return `${base}${datePart(units.join(delimiter))}/`;
}

function integerRangeSize(range: string | undefined): number | undefined {
  const m = /^\s*(-?\d+)\s*,\s*(-?\d+)\s*$/.exec(range ?? '');
  return m ? Math.abs(Number(m[2]) - Number(m[1])) + 1 : undefined;
}

/** Variables with at least this many values spread traffic enough to count as high-cardinality. */
const HIGH_CARDINALITY_VALUES = 10;

function glueVariable(name: string, projection: Record<string, string>): string {
  const type = projection[`projection.${name}.type`]?.toLowerCase();
  const nameKind = kindFromName(name);
  switch (type) {
    case 'date': {
      const format = projection[`projection.${name}.format`];
      return format ? datePart(format) : varPart(name, 'date');
    }
    case 'integer': {
      if (nameKind === 'date') return varPart(name, 'date');
      const size = integerRangeSize(projection[`projection.${name}.range`]);
      return varPart(name, size === undefined || size >= HIGH_CARDINALITY_VALUES ? 'high-cardinality' : 'low-cardinality');
    }
    case 'enum': {
      if (nameKind === 'date') return varPart(name, 'date');
      const values = (projection[`projection.${name}.values`] ?? '').split(',').filter((v) => v.trim() !== '');
      return varPart(name, values.length >= HIGH_CARDINALITY_VALUES ? 'high-cardinality' : 'low-cardinality');
    }
    case 'injected':
      return varPart(name, nameKind === 'date' ? 'date' : 'high-cardinality');
    default:
      return varPart(name, nameKind);
  }
}

/**
 * Athena/Glue partition projection `storage.location.template` ("s3://bucket/prefix/${day}/${customer_id}/")
 * as a key template (the bucket is dropped). `projection` holds the table parameters
 * (`projection.<col>.type` = date | integer | enum | injected, `.format`, `.range`, `.values`).
 */
export function fromGlueLocationTemplate(template: string, projection: Record<string, string>): string {
  const key = template.replace(/^s3a?n?:\/\/[^/]*\/?/i, '');
  return key.replace(/\$\{([^}]*)\}/g, (_m, name: string) => glueVariable(name.trim(), projection));
}

function slug(detail: string): string {
  return detail.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'value';
}

function segmentPlaceholder(cls: SegmentClass): string | undefined {
  switch (cls.kind) {
    case 'static':
      return undefined;
    case 'date':
      return datePart(cls.dateFormat ?? 'unknown');
    case 'time-ordered':
      return varPart(slug(cls.detail), 'time-ordered');
    case 'hash':
      return varPart(cls.detail === 'hex shard' ? 'hex-shard' : `hash-${slug(cls.detail)}`, 'high-cardinality');
    case 'high-cardinality':
      return varPart(slug(cls.detail), 'high-cardinality');
    case 'low-cardinality':
      return varPart(slug(cls.detail), 'low-cardinality');
    case 'aws-partition':
      return varPart(slug(cls.detail), 'low-cardinality');
  }
}

/**
 * A literal object key written in IaC (aws_s3_object.key, a Lambda's S3Key...) as a template: each segment
 * that looks like a date, an id or a hash becomes a placeholder, and consecutive date segments merge
 * (`reports/2026/01/15/a.csv` → `reports/{date:yyyy/MM/dd}/a.csv`).
 */
export function fromObjectKey(key: string): string {
  const pieces: string[] = [];
  let openDate: string[] | undefined;
  const closeDate = (): void => {
    if (openDate !== undefined) pieces.push(datePart(openDate.join('/')));
    openDate = undefined;
  };
  for (const { text, cls } of classifyKey(key)) {
    const mergeable = cls.kind === 'date' && cls.lead === '' && cls.tail === '' && cls.dateFormat !== undefined && !cls.dateFormat.startsWith('epoch');
    if (mergeable) {
      if (openDate === undefined) {
        if (pieces.length > 0) pieces.push('/');
        openDate = [];
      }
      openDate.push(cls.dateFormat!);
      continue;
    }
    const hadDate = openDate !== undefined;
    closeDate();
    if (pieces.length > 0 || hadDate) pieces.push('/');
    const placeholder = segmentPlaceholder(cls);
    pieces.push(placeholder === undefined ? text : `${cls.lead}${placeholder}${cls.tail}`);
  }
  closeDate();
  return pieces.join('');
}
