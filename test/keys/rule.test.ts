import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import type { Bucket, Estate, KeyLayoutEvidence } from '../../src/model/index.js';
import { emptyEstate, known, sourceRange, unknown } from '../../src/model/index.js';
import rule from '../../rules/date-first-key-prefix.js';

const at = (line: number) => sourceRange('main.tf', line, 3);

function bucket(name: string, keyLayouts: KeyLayoutEvidence[]): Bucket {
  const none = known(null, at(1), true);
  return {
    address: `aws_s3_bucket.${name}`,
    name: known(name, at(1)),
    at: at(1),
    publicAccessBlock: none,
    policy: none,
    acl: none,
    ownership: none,
    lifecycle: none,
    encryption: none,
    versioning: none,
    logging: none,
    website: none,
    objectLock: none,
    replication: none,
    tags: none,
    keyLayouts,
  };
}

function evidence(line: number, template: string, extra: Partial<KeyLayoutEvidence> = {}): KeyLayoutEvidence {
  return { at: at(line), source: 'firehose', template: known(template, at(line)), ...extra };
}

function run(estate: Estate, options?: Record<string, unknown>) {
  const config = { preset: 'strict', rules: { S3L006: { enabled: true, ...(options ? { options } : {}) } } };
  return runRules(estate, config).findings.filter((f) => f.ruleId === 'S3L006');
}

describe('S3L006 date-first-key-prefix', () => {
  it('has the documented metadata', () => {
    expect(rule.meta).toMatchObject({ id: 'S3L006', name: 'date-first-key-prefix', defaultSeverity: 'low', defaultOptions: { putRate: 1000, getRate: 2000 } });
    expect(rule.meta.securitySeverity).toBeLessThan(4);
    expect(rule.meta.docs.why).toContain('heuristic');
  });

  it('reports each risky evidence of a bucket at its location, low below the ceilings and medium above', () => {
    const estate = emptyEstate();
    estate.buckets.push(
      bucket('lake', [
        evidence(10, 'logs/{date:yyyy/MM/dd/HH}/'),
        evidence(20, '{var:customer_id:high-cardinality}/{date:yyyy/MM/dd}/'),
        evidence(30, 'hot/{date:yyyy/MM/dd}/', { expectedPutRate: 20_000, expectedGetRate: 0 }),
      ]),
    );
    const findings = run(estate);
    expect(findings.map((f) => [f.at.kind === 'source' ? f.at.startLine : 0, f.kind, f.severity])).toEqual([
      [10, 'violation', 'low'],
      [30, 'violation', 'medium'],
    ]);
    expect(findings[1]!.message).toContain('At 20,000 PUT/s and 0 GET/s (expected rates of the source)');
    expect(findings[1]!.message).toContain('Suggested layout: insert 1 hex character of a hash of the object name before the date (16 prefixes): hot/{var:hash-hex1:high-cardinality}/{date:yyyy/MM/dd}/.');
    expect(findings[1]!.properties).toMatchObject({ layout: 'date-first', estimate: { hotPrefixes: 1, exceedsCeiling: true }, suggestion: { kind: 'hex-shard' } });
    expect(findings[0]!.message).toContain('throughput risk heuristic');
  });

  it('uses the putRate/getRate options', () => {
    const estate = emptyEstate();
    estate.buckets.push(bucket('b', [evidence(5, '{date:yyyy/MM/dd}/')]));
    const [f] = run(estate, { putRate: 50_000, getRate: 100_000 });
    expect(f!.severity).toBe('medium');
    expect(f!.message).toContain('At 50,000 PUT/s and 100,000 GET/s (rule options putRate/getRate)');
    expect(f!.message).toContain('{var:hash-hex2:high-cardinality}');
  });

  it('analyses sampled keys, and says UNVERIFIED for an assumed Firehose timestamp', () => {
    const estate = emptyEstate();
    estate.buckets.push(
      bucket('s', [
        { at: at(7), source: 'sample', sampleKeys: ['orders/01HQ3Z5X8N6T7V9W0Y1Z2A3B4C.json', 'orders/01HQ3Z5X9N6T7V9W0Y1Z2A3B4D.json'] },
        evidence(8, 'raw/{var:kind:low-cardinality}/{date?:yyyy/MM/dd/HH}/'),
      ]),
    );
    const findings = run(estate);
    expect(findings.map((f) => f.properties?.layout)).toEqual(['time-ordered-id-first', 'date-first']);
    expect(findings[1]!.message).toContain('UNVERIFIED');
  });

  it('says the DMS date-folder placement is UNVERIFIED', () => {
    const estate = emptyEstate();
    estate.buckets.push(bucket('d', [evidence(6, 'cdc/{var:schema_name:low-cardinality}/{var:table_name:low-cardinality}/{date:yyyy/MM/dd}/', { source: 'dms' })]));
    const [f] = run(estate);
    expect(f!.message).toContain('right after the low-cardinality parts {var:schema_name:low-cardinality}, {var:table_name:low-cardinality}');
    expect(f!.message).toContain('s3lint assumes schema/table/date (UNVERIFIED)');
  });

  it('reports an unknown template or an undecidable layout as unknown, never as a pass', () => {
    const estate = emptyEstate();
    estate.buckets.push(
      bucket('u', [
        { at: at(3), source: 'firehose', template: unknown('var.prefix has no value', at(4)) },
        evidence(9, '{var:thing:unknown}/{date:yyyy}/'),
      ]),
    );
    const findings = run(estate);
    expect(findings.map((f) => [f.kind, f.at.kind === 'source' ? f.at.startLine : 0])).toEqual([
      ['unknown', 4],
      ['unknown', 9],
    ]);
    expect(findings[0]!.message).toBe('Cannot tell the key layout of bucket "u" (Firehose prefix): var.prefix has no value.');
  });

  it('does not report spread or AWS log delivery layouts', () => {
    const estate = emptyEstate();
    estate.buckets.push(
      bucket('ok', [
        evidence(1, 'events/{var:customer_id:high-cardinality}/{date:yyyy/MM/dd}/'),
        evidence(2, 'AWSLogs/123456789012/CloudTrail/eu-west-1/{date:yyyy/MM/dd}/'),
        { at: at(3), source: 'sample', sampleKeys: ['shard=07/2026/01/15/a', 'shard=03/2026/01/15/b'] },
      ]),
    );
    expect(run(estate)).toEqual([]);
  });

  it('skips Firehose error output prefixes unless the evidence carries expected rates', () => {
    const estate = emptyEstate();
    estate.buckets.push(
      bucket('e', [
        evidence(3, '{var:error-output-type:low-cardinality}/{date?:yyyy/MM/dd/HH}/', { source: 'firehose-error' }),
        evidence(4, 'errors/{date:yyyy/MM/dd}/', { source: 'firehose-error', expectedPutRate: 9_000 }),
      ]),
    );
    expect(run(estate).map((f) => [f.at.kind === 'source' ? f.at.startLine : 0, f.severity])).toEqual([[4, 'medium']]);
  });

  it('reports producers whose evidence is not attached to a bucket, once', () => {
    const estate = emptyEstate();
    const shared = evidence(12, '{date:yyyy/MM/dd/HH}/');
    estate.buckets.push(bucket('target', [shared]));
    const orphan = evidence(40, 'x/{date:yyyy/MM/dd/HH}/');
    estate.keyProducers.push(
      { address: 'aws_kinesis_firehose_delivery_stream.a', at: at(11), kind: 'firehose', bucket: known('target', at(11)), evidence: [shared] },
      { address: 'aws_kinesis_firehose_delivery_stream.b', at: at(39), kind: 'firehose', bucket: unknown('var.bucket has no value', at(39)), evidence: [orphan] },
    );
    const findings = run(estate);
    expect(findings.map((f) => [f.resource.kind, f.at.kind === 'source' ? f.at.startLine : 0])).toEqual([
      ['bucket', 12],
      ['key-producer', 40],
    ]);
    expect(findings[1]!.message).toContain('in an unresolved bucket written by aws_kinesis_firehose_delivery_stream.b');
  });
});
