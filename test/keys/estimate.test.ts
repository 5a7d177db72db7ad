import { describe, expect, it } from 'vitest';
import { describeEstimate, estimate, hexShardChars, prefixesNeeded, suggest } from '../../src/keys/estimate.js';
import { analyseTemplate, isRisky } from '../../src/keys/layout.js';
import { analyseSamples } from '../../src/keys/sample-layout.js';

describe('prefixesNeeded and hexShardChars', () => {
  it.each([
    // [put, get, prefixes needed at 50% of 3,500 / 5,500, hex chars]
    [0, 0, 1, 1],
    [1_000, 2_000, 1, 1],
    [1_750, 2_750, 1, 1],
    [1_751, 0, 2, 1],
    [12_000, 30_000, 11, 1],
    [28_000, 0, 16, 1],
    [28_001, 0, 17, 2],
    [100_000, 500_000, 182, 2],
    [0, 2_000_000, 728, 3],
  ])('%d PUT/s, %d GET/s → %d prefixes, %d hex chars', (put, get, needed, chars) => {
    expect(prefixesNeeded({ put, get })).toBe(needed);
    expect(hexShardChars(needed)).toBe(chars);
  });
});

describe('estimate', () => {
  it('puts all traffic of a date-first layout on one prefix and counts what is above the ceilings', () => {
    const e = estimate(analyseTemplate('logs/{date:yyyy/MM/dd/HH}/'), { put: 7_000, get: 5_500 });
    expect(e.hotPrefixes).toBe(1);
    expect(e.exceedsCeiling).toBe(true);
    // 3,500 of 7,000 PUT/s above; GET exactly at the ceiling.
    expect(e.shareAboveCeiling).toBeCloseTo(3_500 / 12_500, 6);
    expect(describeEstimate(e, 'test')).toBe(
      'At 7,000 PUT/s and 5,500 GET/s (test) the current traffic goes to 1 prefix: 7,000 PUT/s (200% of the 3,500 PUT/s per-prefix ceiling) and 5,500 GET/s (100% of 5,500) each; about 28% of requests are above the ceilings until S3 auto-partitions (503 Slow Down meanwhile).',
    );
  });
  it('divides by the values of low-cardinality parts before the date when they are known', () => {
    const keys = Array.from({ length: 400 }, (_, i) => `${['eu', 'us', 'ap', 'sa'][i % 4]}/2026/01/${String(1 + (i % 28)).padStart(2, '0')}/x${i}`);
    const a = analyseSamples(keys, 'keys');
    expect(a.layout).toBe('date-first');
    expect(a.spread).toBe(4);
    const e = estimate(a, { put: 8_000, get: 0 });
    expect(e.hotPrefixes).toBe(4);
    expect(e.perPrefixPut).toBe(2_000);
    expect(e.exceedsCeiling).toBe(false);
  });
  it('assumes one busy value when the cardinality before the date is unknown', () => {
    const e = estimate(analyseTemplate('{var:schema:low-cardinality}/{date:yyyy/MM/dd}/'), { put: 4_000, get: 0 });
    expect([e.hotPrefixes, e.hotPrefixesAssumed, e.exceedsCeiling]).toEqual([1, true, true]);
  });
});

describe('estimate of layouts that spread', () => {
  it('counts the values of the first varying part when they are known exactly', () => {
    const keys = Array.from({ length: 1_600 }, (_, i) => `${(i % 16).toString(16)}f/2026/01/15/o${i}`);
    const a = analyseSamples(keys, 'keys');
    expect(a.layout).toBe('hash-first');
    const e = estimate(a, { put: 80_000, get: 0 });
    expect([e.concentrated, e.hotPrefixes, e.perPrefixPut, e.exceedsCeiling]).toEqual([false, 16, 5_000, true]);
    expect(describeEstimate(e, 'test')).toBe(
      'At 80,000 PUT/s and 0 GET/s (test) the traffic spreads over about 16 prefixes (5,000 PUT/s and 0 GET/s each when evenly spread), still above the per-prefix ceilings of 3,500 PUT/s and 5,500 GET/s: about 30% of requests until S3 partitions further.',
    );
  });
  it('does not invent a number of prefixes when the values are not known', () => {
    const e = estimate(analyseTemplate('{var:customer_id:high-cardinality}/{date:yyyy}/'), { put: 1_000_000, get: 0 });
    expect([e.concentrated, e.exceedsCeiling]).toEqual([false, false]);
    expect(describeEstimate(e, 'test')).toBe(
      'At 1,000,000 PUT/s and 0 GET/s (test) no date or time-ordered part comes first, so S3 can partition the key range by the parts that vary.',
    );
  });
});

describe('suggest', () => {
  it.each([
    ['logs/{date:yyyy/MM/dd/HH}/', 1_000, 2_000, 'hex-shard', 'logs/{var:hash-hex1:high-cardinality}/{date:yyyy/MM/dd/HH}/'],
    ['logs/{date:yyyy/MM/dd/HH}/', 60_000, 0, 'hex-shard', 'logs/{var:hash-hex2:high-cardinality}/{date:yyyy/MM/dd/HH}/'],
    ['{date:yyyy-MM-dd}/{var:uuid:high-cardinality}.json', 1_000, 0, 'hex-shard', '{var:hash-hex1:high-cardinality}/{date:yyyy-MM-dd}/{var:uuid:high-cardinality}.json'],
    ['p/{date:yyyy/MM/dd}/{var:customer_id:high-cardinality}/', 1_000, 0, 'move-field-first', 'p/{var:customer_id:high-cardinality}/{date:yyyy/MM/dd}/'],
    ["t/{date:'dt='yyyy-MM-dd}/{var:tenant:high-cardinality}/part.parquet", 1_000, 0, 'move-field-first', "t/{var:tenant:high-cardinality}/{date:'dt='yyyy-MM-dd}/part.parquet"],
    ['events/{var:ulid:time-ordered}.json', 1_000, 0, 'hex-shard', 'events/{var:hash-hex1:high-cardinality}/{var:ulid:time-ordered}.json'],
    ['cdc/{var:table:low-cardinality}/{date:yyyy/MM/dd}/', 1_000, 0, 'hex-shard', 'cdc/{var:table:low-cardinality}/{var:hash-hex1:high-cardinality}/{date:yyyy/MM/dd}/'],
  ] as const)('%s at %d PUT/s, %d GET/s', (template, put, get, kind, rewritten) => {
    const s = suggest(analyseTemplate(template), { put, get });
    expect(s?.kind).toBe(kind);
    expect(s?.template).toBe(rewritten);
    // The suggested layout is no longer a risky one.
    expect(isRisky(analyseTemplate(rewritten).layout)).toBe(false);
  });
  it('keeps Hive names with their values when a sampled field moves', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `t/dt=2026-01-${String(1 + (i % 28)).padStart(2, '0')}/customer_id=c${i % 40}x/part-${i}.parquet`);
    const a = analyseSamples(keys);
    expect(a.layout).toBe('date-first');
    expect(suggest(a, { put: 1_000, get: 0 })?.template).toBe(
      't/customer_id={var:customer_id:high-cardinality}/dt={date:yyyy-MM-dd}/part-{var:prefixed-id:high-cardinality}.parquet',
    );
  });
  it('uses a shard when the later field has too few values for the rate', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `t/2026/01/${String(1 + (i % 28)).padStart(2, '0')}/user${i % 20}/f${i}.json`);
    const a = analyseSamples(keys);
    expect(suggest(a, { put: 100_000, get: 0 })?.kind).toBe('hex-shard');
    expect(suggest(a, { put: 1_000, get: 0 })?.kind).toBe('move-field-first');
  });
  it('suggests nothing for layouts that already spread', () => {
    expect(suggest(analyseTemplate('{var:hash:high-cardinality}/{date:yyyy}/'), { put: 1e6, get: 0 })).toBeUndefined();
    expect(suggest(analyseTemplate('static/file'), { put: 1e6, get: 0 })).toBeUndefined();
  });
});
