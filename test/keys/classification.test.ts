import { describe, expect, it } from 'vitest';
import { analyseTemplate } from '../../src/keys/layout.js';
import type { LayoutClass } from '../../src/keys/layout.js';
import { analyseSamples } from '../../src/keys/sample-layout.js';
import { classifySegment } from '../../src/keys/segments.js';
import type { SegmentKind } from '../../src/keys/segments.js';
import { fromAccessLogFormat, fromDmsSettings, fromFirehosePrefix, fromGlueLocationTemplate } from '../../src/keys/templates.js';

// Deterministic pseudo-random generator so the samples are stable.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = rng(42);
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid4 = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const uuid7 = (i: number): string => `0190${(0x1000 + i).toString(16)}-${hex(4)}-7${hex(3)}-b${hex(3)}-${hex(12)}`;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulid = (i: number): string => `01HQ3Z${String(i).padStart(4, '0')}` + Array.from({ length: 16 }, () => CROCKFORD[Math.floor(rand() * 32)]).join('');
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ksuid = (i: number): string => `2Nh${String.fromCharCode(65 + (i % 26))}` + Array.from({ length: 23 }, (_, j) => B62[(j * 7 + Math.floor(rand() * 62)) % 62]).join('') ;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const day = (i: number): string => `2026/01/${pad(1 + (i % 28))}`;
const iso = (i: number): string => `2026-01-${pad(1 + (i % 28))}`;

type Case = [name: string, input: string, expected: LayoutClass];

const TEMPLATES: Case[] = [
  ['Firehose default prefix', fromFirehosePrefix(undefined), 'date-first'],
  ['Firehose static prefix gets the timestamp appended (logs/2026/... trap)', fromFirehosePrefix('logs/'), 'date-first'],
  ['Firehose timestamp first', fromFirehosePrefix('!{timestamp:yyyy-MM-dd}/data/'), 'date-first'],
  ['Firehose Hive timestamp', fromFirehosePrefix("events/!{timestamp:'dt='yyyy-MM-dd}/"), 'date-first'],
  ['Firehose random string first', fromFirehosePrefix('raw/!{firehose:random-string}/!{timestamp:yyyy/MM/dd}/'), 'hash-first'],
  ['Firehose customer partition key first', fromFirehosePrefix('e/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/'), 'high-cardinality-first'],
  ['Firehose low-cardinality key then date', fromFirehosePrefix('e/!{partitionKeyFromQuery:event_type}/!{timestamp:yyyy/MM/dd}/'), 'date-first'],
  ['Firehose partition key of unknown kind then date', fromFirehosePrefix('e/!{partitionKeyFromLambda:thing}/'), 'unknown'],
  ['Firehose dynamic partitioning with date keys', fromFirehosePrefix('!{partitionKeyFromQuery:year}/!{partitionKeyFromQuery:month}/'), 'date-first'],
  ['Firehose error prefix', fromFirehosePrefix('errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/', { errorOutput: true }), 'date-first'],
  ['access log SimplePrefix', fromAccessLogFormat('logs/', 'SimplePrefix'), 'date-first'],
  ['access log SimplePrefix without slash', fromAccessLogFormat('s3-logs', 'SimplePrefix'), 'date-first'],
  ['access log PartitionedPrefix', fromAccessLogFormat('logs/', 'PartitionedPrefix'), 'fine'],
  ['access log PartitionedPrefix delivery time', fromAccessLogFormat('', 'PartitionedPrefix', 'DeliveryTime'), 'fine'],
  ['DMS without date partitions', fromDmsSettings({ bucketFolder: 'dms' }), 'fine'],
  ['DMS with date partitions under the table', fromDmsSettings({ bucketFolder: 'dms', datePartitionEnabled: true }), 'date-first'],
  ['Glue date first', fromGlueLocationTemplate('s3://b/p/${day}/${customer_id}/', { 'projection.day.type': 'date', 'projection.day.format': 'yyyy/MM/dd' }), 'date-first'],
  ['Glue customer first', fromGlueLocationTemplate('s3://b/p/${customer_id}/${day}/', { 'projection.day.type': 'date', 'projection.customer_id.type': 'injected' }), 'high-cardinality-first'],
  ['Glue integer shard first', fromGlueLocationTemplate('s3://b/${shard}/${dt}/', { 'projection.shard.type': 'integer', 'projection.shard.range': '0,255', 'projection.dt.type': 'date' }), 'hash-first'],
  ['Glue small enum then date', fromGlueLocationTemplate('s3://b/${env}/${dt}/', { 'projection.env.type': 'enum', 'projection.env.values': 'dev,prod', 'projection.dt.type': 'date' }), 'date-first'],
  ['CloudTrail AWSLogs trap: account and Region first', 'AWSLogs/123456789012/CloudTrail/eu-west-1/{date:yyyy/MM/dd}/', 'fine'],
  ['CloudTrail organization trail', 'trail/AWSLogs/o-a1b2c3d4e5/123456789012/CloudTrail/eu-west-1/{date:yyyy/MM/dd}/', 'fine'],
  ['ALB logs under a prefix', 'alb/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/{date:yyyy/MM/dd}/', 'fine'],
  ['VPC flow logs Hive-compatible', 'AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=eu-west-1/{date:\'year=\'yyyy/\'month=\'MM}/', 'fine'],
  ['AWSLogs with an account variable', 'AWSLogs/{var:account-id:low-cardinality}/{var:region:low-cardinality}/{date:yyyy/MM/dd}/', 'fine'],
  ['AWSLogs directly followed by a date', 'AWSLogs/{date:yyyy/MM/dd}/', 'date-first'],
  ['Region alone is not an AWS delivery layout', 'logs/{var:region:low-cardinality}/{date:yyyy/MM/dd}/', 'date-first'],
  ['shard=07 trap: shard first', 'shard={var:shard:high-cardinality}/{date:yyyy/MM/dd}/', 'hash-first'],
  ['customer first', 'data/{var:customer_id:high-cardinality}/{date:yyyy-MM-dd}/', 'high-cardinality-first'],
  ['ULID first', 'events/{var:ulid:time-ordered}.json', 'time-ordered-id-first'],
  ['epoch first', '{date:epoch-millis}-{var:uuid:high-cardinality}.json', 'date-first'],
  ['static only', 'config/app.json', 'fine'],
  ['low-cardinality only', 'exports/{var:table_name:low-cardinality}/data.csv', 'fine'],
  ['dt= Hive partition first (trap)', "{date:'dt='yyyy-MM-dd}/{var:uuid:high-cardinality}.parquet", 'date-first'],
  ['year=/month= Hive', "tbl/{date:'year='yyyy'/month='MM'/day='dd}/part.parquet", 'date-first'],
  ['hour bucket', 'metrics/{date:yyyy-MM-dd-HH}/{var:host:high-cardinality}.gz', 'date-first'],
  ['hash first then date', '{var:hash-md5:high-cardinality}/{date:yyyy/MM/dd}/x', 'hash-first'],
  ['time-ordered var', 'o/{var:order_seq:time-ordered}/', 'time-ordered-id-first'],
];

/** Sample sets: [name, keys, expected]. */
const SAMPLES: [string, string[], LayoutClass][] = [
  ['logs/2026/... under one static prefix (trap)', range(200).map((i) => `logs/${day(i)}/${pad(i % 24)}/stream-${uuid4()}.gz`), 'date-first'],
  ['date at the root', range(100).map((i) => `${day(i)}/${uuid4()}.json`), 'date-first'],
  ['ISO date at the root', range(100).map((i) => `${iso(i)}/${uuid4()}.json`), 'date-first'],
  ['compact date', range(100).map((i) => `exports/2026${pad(1 + (i % 12))}${pad(1 + (i % 28))}/f${i}.csv`), 'date-first'],
  ['dt= Hive partitions first (trap)', range(100).map((i) => `dt=${iso(i)}/part-${pad(i, 5)}-${uuid4()}.parquet`), 'date-first'],
  ['year=/month= Hive partitions', range(100).map((i) => `tbl/year=2026/month=${pad(1 + (i % 12))}/day=${pad(1 + (i % 28))}/${uuid4()}.parquet`), 'date-first'],
  ['epoch seconds', range(100).map((i) => `ingest/${1768471200 + i * 3600}/${uuid4()}`), 'date-first'],
  ['epoch milliseconds', range(100).map((i) => `ingest/${1768471200000 + i * 1000}.json`), 'date-first'],
  ['hour buckets', range(100).map((i) => `m/${iso(i)}-${pad(i % 24)}/${uuid4()}.gz`), 'date-first'],
  ['ISO timestamp file names', range(100).map((i) => `snap/${iso(i)}T${pad(i % 24)}:00:00Z.json`), 'date-first'],
  ['compact timestamp', range(100).map((i) => `b/20260115${pad(i % 24)}${pad(i % 60)}00.tar`), 'date-first'],
  ['access log SimplePrefix keys', range(100).map((i) => `s3logs/${iso(i)}-${pad(i % 24)}-00-00-${hex(16).toUpperCase()}`), 'date-first'],
  ['app name then date in the file name', range(100).map((i) => `backups/db-${iso(i)}.sql.gz`), 'date-first'],
  ['ULID keys (trap)', range(200).map((i) => `events/${ulid(i)}.json`), 'time-ordered-id-first'],
  ['KSUID keys', range(200).map((i) => `msgs/${ksuid(i)}`), 'time-ordered-id-first'],
  ['UUIDv7 keys', range(200).map((i) => `orders/${uuid7(i)}.json`), 'time-ordered-id-first'],
  ['Snowflake ids', range(200).map((i) => `tweets/${1541815603606036480n + BigInt(i * 4194304)}.json`), 'time-ordered-id-first'],
  ['zero-padded counters', range(200).map((i) => `seq/${pad(i, 8)}.dat`), 'time-ordered-id-first'],
  ['AWSLogs CloudTrail (trap)', range(100).map((i) => `AWSLogs/123456789012/CloudTrail/eu-west-1/${day(i)}/123456789012_CloudTrail_eu-west-1_20260115T1030Z_${hex(16)}.json.gz`), 'fine'],
  ['AWSLogs organization trail', range(100).map((i) => `AWSLogs/o-a1b2c3d4e5/123456789012/CloudTrail/eu-west-1/${day(i)}/x${i}.json.gz`), 'fine'],
  ['AWSLogs several regions', range(100).map((i) => `AWSLogs/123456789012/CloudTrail/${['eu-west-1', 'us-east-1'][i % 2]}/${day(i)}/x${i}.json.gz`), 'fine'],
  ['shard=07/2026/... (trap)', range(320).map((i) => `shard=${pad(i % 32)}/${day(i)}/${uuid4()}`), 'hash-first'],
  ['hex shard first', range(256).map((i) => `${(i % 256).toString(16).padStart(2, '0')}/${day(i)}/obj${i}`), 'hash-first'],
  ['MD5 first', range(100).map(() => `${hex(32)}.bin`), 'hash-first'],
  ['SHA-256 content addressed', range(100).map(() => `cas/${hex(64)}`), 'hash-first'],
  ['UUIDv4 first', range(100).map(() => `uploads/${uuid4()}/original.jpg`), 'high-cardinality-first'],
  ['customer ids first', range(300).map((i) => `tenants/${1000 + (i % 150)}/${day(i)}/r.json`), 'high-cardinality-first'],
  ['Hive customer_id first', range(300).map((i) => `t/customer_id=c${i % 100}x/${iso(i)}/r.json`), 'high-cardinality-first'],
  ['many distinct names first', range(400).map((i) => `users/user${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (i % 17))}/avatar.png`), 'high-cardinality-first'],
  ['static keys', ['config/app.json', 'config/db.json', 'index.html', 'assets/logo.png'], 'fine'],
  ['few tables without dates', range(60).map((i) => `exports/${['orders', 'users', 'items'][i % 3]}/data.csv`), 'fine'],
  ['a single hex-looking folder reads as a shard (a sorted listing shows the first shard only)', range(100).map((i) => `a3f9/${day(i)}/x${i}`), 'hash-first'],
  ['a single numeric folder shared by many keys is static', range(100).map((i) => `4711/${day(i)}/x${i}`), 'date-first'],
  ['a few hex-looking labels over many keys are labels', range(7000).map((i) => `a${i % 7}/${day(i)}/x${i}`), 'date-first'],
  ['deep keys with small label sets', range(2000).map((i) => `a${i % 7}/b${i % 11}/c${i % 13}/${day(i)}/x${i}`), 'date-first'],
  ['env folders then date', range(100).map((i) => `${['prod', 'dev'][i % 2]}/${day(i)}/x${i}`), 'date-first'],
  ['one key from IaC with a date', ['reports/2026/01/15/summary.csv'], 'date-first'],
  ['one plain key from IaC', ['site/index.html'], 'fine'],
  ['DMS full-load files: counters under each table', range(60).map((i) => `dms/${['orders', 'users', 'items'][i % 3]}/LOAD${pad(1 + i, 8)}.csv`), 'time-ordered-id-first'],
];

/** Cases decided by key counts, which only a complete list has. */
const KEY_WEIGHTED_ONLY = new Set([
  'a single numeric folder shared by many keys is static',
  'a few hex-looking labels over many keys are labels',
  'deep keys with small label sets',
]);

/**
 * A live audit samples the first page of a sorted listing plus a few keys under spread first-level prefixes:
 * one shard or one tenant dominates the counts. As a sample, values count, not keys.
 * [name, keys, layout as a complete list, layout as a sample]
 */
const SAMPLE_BIAS: [string, string[], LayoutClass, LayoutClass][] = [
  [
    'first page under shard 00, a few keys under other shards',
    [...range(1000).map((i) => `00/${day(i)}/o${i}`), ...['3f', '7e', 'bd', 'fc'].flatMap((s) => range(20).map((i) => `${s}/${day(i)}/o${i}`))],
    'date-first',
    'hash-first',
  ],
  ['first page under one tenant id', range(1000).map((i) => `tenants/48213/${day(i)}/o${i}`), 'date-first', 'high-cardinality-first'],
];

describe('layout classification of templates', () => {
  it.each(TEMPLATES)('%s', (_name, template, expected) => {
    expect(analyseTemplate(template).layout).toBe(expected);
  });
});

describe('layout classification of key lists and samples', () => {
  it.each(SAMPLES)('%s', (_name, keys, expected) => {
    expect(analyseSamples(keys, 'keys').layout).toBe(expected);
  });
  it.each(SAMPLES.filter(([name]) => !KEY_WEIGHTED_ONLY.has(name)))('as a sample: %s', (_name, keys, expected) => {
    expect(analyseSamples(keys, 'values').layout).toBe(expected);
  });
  it.each(SAMPLE_BIAS)('sorted-listing bias: %s', (_name, keys, asList, asSample) => {
    expect([analyseSamples(keys, 'keys').layout, analyseSamples(keys, 'values').layout]).toEqual([asList, asSample]);
  });
  it('has at least 60 cases in total', () => {
    expect(TEMPLATES.length + SAMPLES.length).toBeGreaterThanOrEqual(60);
  });
});

const SEGMENTS: [string, SegmentKind, string][] = [
  ['2026', 'date', 'yyyy'],
  ['2026-01-15', 'date', 'yyyy-MM-dd'],
  ['2026_01_15', 'date', 'yyyy_MM_dd'],
  ['20260115', 'date', 'yyyyMMdd'],
  ['2026011510', 'date', 'yyyyMMddHH'],
  ['2026-01', 'date', 'yyyy-MM'],
  ['2026-01-15T10:30:00Z', 'date', "yyyy-MM-dd'T'HH:mm:ss'Z'"],
  ['20260115T1030Z', 'date', "yyyyMMdd'T'HHmm'Z'"],
  ['dt=2026-01-15', 'date', 'yyyy-MM-dd'],
  ['1768471200', 'date', 'epoch seconds'],
  ['1768471200123', 'date', 'epoch milliseconds'],
  ['01HQ3Z5X8N6T7V9W0Y1Z2A3B4C', 'time-ordered', 'ULID'],
  ['0190b2f4-8d3e-7c21-b5a6-1f2e3d4c5b6a', 'time-ordered', 'UUIDv7'],
  ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'high-cardinality', 'UUIDv4'],
  ['1541815603606036480', 'time-ordered', 'Snowflake-style id'],
  ['00000123', 'time-ordered', 'zero-padded counter'],
  ['LOAD00000001.csv', 'time-ordered', 'zero-padded counter'],
  ['d41d8cd98f00b204e9800998ecf8427e', 'hash', 'MD5 hex digest'],
  ['a3', 'hash', 'hex shard'],
  ['shard=07', 'hash', 'shard (shard=)'],
  ['customer_id=4711', 'high-cardinality', 'numeric id'],
  ['cust-4711', 'high-cardinality', 'prefixed id'],
  ['48213', 'high-cardinality', 'numeric id'],
  ['eu-west-1', 'aws-partition', 'region'],
  ['logs', 'static', 'word'],
  ['env=prod', 'low-cardinality', 'Hive env='],
];

describe('segment classification', () => {
  it.each(SEGMENTS)('%s', (segment, kind, detail) => {
    const cls = classifySegment(segment);
    expect([cls.kind, cls.detail]).toEqual([kind, detail]);
  });
  it('reads 2-digit segments after a year as months, days and hours', () => {
    const year = classifySegment('2026');
    const month = classifySegment('01', { previous: year, previousText: '2026' });
    const dayCls = classifySegment('15', { previous: month, previousText: '01' });
    const hour = classifySegment('23', { previous: dayCls, previousText: '15' });
    expect([month.dateUnit, dayCls.dateUnit, hour.dateUnit]).toEqual(['month', 'day', 'hour']);
    expect(classifySegment('13', { previous: year, previousText: '2026' }).kind).not.toBe('date');
  });
  it('reads a 12-digit number after AWSLogs as an account id even when it looks like a date', () => {
    expect(classifySegment('202601151030', { previousText: 'AWSLogs' }).detail).toBe('account id');
    expect(classifySegment('202601151030').kind).toBe('date');
  });
});
