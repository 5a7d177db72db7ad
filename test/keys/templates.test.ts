import { describe, expect, it } from 'vitest';
import {
  fromAccessLogFormat,
  fromDmsSettings,
  fromFirehosePrefix,
  fromGlueLocationTemplate,
  fromObjectKey,
  kindFromName,
} from '../../src/keys/templates.js';
import { parseTemplate, renderTemplate } from '../../src/keys/template-syntax.js';

describe('fromFirehosePrefix', () => {
  it.each([
    // [prefix, options, expected template]
    [undefined, {}, '{date:yyyy/MM/dd/HH}/'],
    ['', {}, '{date:yyyy/MM/dd/HH}/'],
    ['logs/', {}, 'logs/{date:yyyy/MM/dd/HH}/'],
    ['logs', {}, 'logs{date:yyyy/MM/dd/HH}/'],
    ['logs/!{timestamp:yyyy-MM-dd}/', {}, 'logs/{date:yyyy-MM-dd}/'],
    ["data/!{timestamp:'year='yyyy'/month='MM}/", {}, "data/{date:'year='yyyy'/month='MM}/"],
    ['raw/!{firehose:random-string}/!{timestamp:yyyy/MM/dd}/', {}, 'raw/{var:random-string:high-cardinality}/{date:yyyy/MM/dd}/'],
    [
      'events/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/',
      { dynamicPartitioning: true },
      'events/{var:customer_id:high-cardinality}/{date:yyyy/MM/dd}/',
    ],
    [
      'events/!{partitionKeyFromLambda:event_type}/',
      { dynamicPartitioning: true },
      'events/{var:event_type:low-cardinality}/{date?:yyyy/MM/dd/HH}/',
    ],
    ['static/', { dynamicPartitioning: true }, 'static/{date?:yyyy/MM/dd/HH}/'],
    ['!{partitionKeyFromQuery:year}/!{partitionKeyFromQuery:mystery}/', {}, '{var:year:date}/{var:mystery:unknown}/{date?:yyyy/MM/dd/HH}/'],
    [
      'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
      { errorOutput: true },
      'errors/{var:error-output-type:low-cardinality}/{date:yyyy/MM/dd}/',
    ],
    [undefined, { errorOutput: true }, '{var:error-output-type:low-cardinality}/{date?:yyyy/MM/dd/HH}/'],
    ['failed/', { errorOutput: true }, 'failed/{date?:yyyy/MM/dd/HH}/'],
  ] as const)('%j %j', (prefix, opts, expected) => {
    expect(fromFirehosePrefix(prefix, opts)).toBe(expected);
  });
});

describe('fromAccessLogFormat', () => {
  it('SimplePrefix is the date right after the verbatim prefix', () => {
    expect(fromAccessLogFormat('logs/', 'SimplePrefix')).toBe('logs/{date:yyyy-MM-dd-HH-mm-ss}-{var:unique-string:high-cardinality}');
    expect(fromAccessLogFormat('logs', 'SimplePrefix')).toBe('logs{date:yyyy-MM-dd-HH-mm-ss}-{var:unique-string:high-cardinality}');
  });
  it('PartitionedPrefix puts account, region and bucket first', () => {
    expect(fromAccessLogFormat('logs/', 'PartitionedPrefix')).toBe(
      'logs/{var:source-account-id:low-cardinality}/{var:source-region:low-cardinality}/{var:source-bucket:low-cardinality}/' +
        '{date:yyyy/MM/dd}/{date:yyyy-MM-dd}-00-00-00-{var:unique-string:high-cardinality}',
    );
    expect(fromAccessLogFormat('', 'PartitionedPrefix', 'DeliveryTime')).toBe(
      '{var:source-account-id:low-cardinality}/{var:source-region:low-cardinality}/{var:source-bucket:low-cardinality}/' +
        '{date:yyyy/MM/dd}/{date:yyyy-MM-dd-HH-mm-ss}-{var:unique-string:high-cardinality}',
    );
  });
});

describe('fromDmsSettings', () => {
  it.each([
    [{}, '{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/'],
    [{ bucketFolder: 'cdc/', datePartitionEnabled: false }, 'cdc/{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/'],
    [{ bucketFolder: 'cdc', datePartitionEnabled: true }, 'cdc/{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/{date:yyyy/MM/dd}/'],
    [
      { datePartitionEnabled: true, sequence: 'YYYYMMDDHH', delimiter: 'DASH' },
      '{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/{date:yyyy-MM-dd-HH}/',
    ],
    [{ datePartitionEnabled: true, sequence: 'DDMMYYYY', delimiter: 'NONE' }, '{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/{date:ddMMyyyy}/'],
    [{ datePartitionEnabled: true, sequence: 'YYYYMM', delimiter: 'UNDERSCORE' }, '{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/{date:yyyy_MM}/'],
  ])('%j', (settings, expected) => {
    expect(fromDmsSettings(settings)).toBe(expected);
  });
});

describe('fromGlueLocationTemplate', () => {
  it('maps projection types to kinds and drops the bucket', () => {
    const projection = {
      'projection.enabled': 'true',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy/MM/dd',
      'projection.customer_id.type': 'injected',
      'projection.shard.type': 'integer',
      'projection.shard.range': '0,63',
      'projection.env.type': 'enum',
      'projection.env.values': 'dev,prod',
      'projection.year.type': 'integer',
      'projection.year.range': '2020,2030',
    };
    expect(fromGlueLocationTemplate('s3://bucket/prefix/${day}/${customer_id}/', projection)).toBe(
      'prefix/{date:yyyy/MM/dd}/{var:customer_id:high-cardinality}/',
    );
    expect(fromGlueLocationTemplate('s3://bucket/${shard}/${env}/${year}/', projection)).toBe(
      '{var:shard:high-cardinality}/{var:env:low-cardinality}/{var:year:date}/',
    );
    expect(fromGlueLocationTemplate('s3://b/x/${region}/${other}/', {})).toBe('x/{var:region:low-cardinality}/{var:other:unknown}/');
    expect(fromGlueLocationTemplate('s3://b/${dt}/', { 'projection.dt.type': 'date' })).toBe('{var:dt:date}/');
  });
});

describe('fromObjectKey', () => {
  it.each([
    ['reports/summary.json', 'reports/summary.json'],
    ['reports/2026/01/15/a.csv', 'reports/{date:yyyy/MM/dd}/a.csv'],
    ['2026/01/15/10/x.gz', '{date:yyyy/MM/dd/HH}/x.gz'],
    ['data/dt=2026-01-15/part.parquet', 'data/dt={date:yyyy-MM-dd}/part.parquet'],
    ['a/01HQ3Z5X8N6T7V9W0Y1Z2A3B4C.json', 'a/{var:ulid:time-ordered}.json'],
    ['u/3f2504e0-4f89-41d3-9a0c-0305e82c3301/p.png', 'u/{var:uuidv4:high-cardinality}/p.png'],
    ['a3/2026-01-15/x', '{var:hex-shard:high-cardinality}/{date:yyyy-MM-dd}/x'],
  ])('%s', (key, expected) => {
    expect(fromObjectKey(key)).toBe(expected);
  });
});

describe('template syntax', () => {
  it('round-trips and keeps unknown braces literal', () => {
    const t = 'a/{var:x:high-cardinality}/{date?:yyyy}/{not a placeholder}/{var:y:weird}';
    expect(parseTemplate(t)).toEqual([
      { type: 'literal', text: 'a/' },
      { type: 'var', name: 'x', kind: 'high-cardinality' },
      { type: 'literal', text: '/' },
      { type: 'date', format: 'yyyy', assumed: true },
      { type: 'literal', text: '/{not a placeholder}/' },
      { type: 'var', name: 'y', kind: 'unknown' },
    ]);
    expect(renderTemplate(parseTemplate('x/{date:yyyy}/{var:a:date}'))).toBe('x/{date:yyyy}/{var:a:date}');
  });
  it('guesses kinds from names', () => {
    expect(kindFromName('customer_id')).toBe('high-cardinality');
    expect(kindFromName('dt')).toBe('date');
    expect(kindFromName('region')).toBe('low-cardinality');
    expect(kindFromName('zzz')).toBe('unknown');
  });
});
