/**
 * End-to-end tests of `s3lint keys` through the built CLI (npm test builds first).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dir: string;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3lint-keys-cli-'));
  writeFileSync(
    join(dir, 'small.txt'),
    ['logs/2026/01/15/10/a.gz', 'logs/2026/01/15/10/b.gz', 'logs/2026/01/15/11/c.gz', 'logs/2026/01/14/23/d.gz', 'config/app.json', ''].join('\n'),
  );
  // 20,000 generated keys: ULIDs under one prefix, as an S3 Inventory CSV (gzip), keys URL-encoded.
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let seed = 7;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const ulid = `01HQ${pad(i % 10_000, 6)}` + Array.from({ length: 16 }, () => crockford[next() % 32]).join('');
    lines.push(`"orders-bucket","orders%2F${ulid}.json","${100 + i}","2026-01-15T10:00:00.000Z","etag${i}"`);
  }
  writeFileSync(join(dir, 'inventory.csv.gz'), gzipSync(`${lines.join('\n')}\n`));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('s3lint keys', () => {
  it('prints the prefix tree, layout, estimate and suggestion as text', () => {
    const r = runCli(['keys', join(dir, 'small.txt'), '--depth', '3'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '5 keys (one key per line)',
      '',
      'Prefix tree (share of keys, a proxy for request traffic):',
      '  logs/                                                     80.0%            4  static word',
      '    2026/                                                   80.0%            4  date yyyy',
      '      01/                                                   80.0%            4  date MM',
      '  config/                                                   20.0%            1  static word',
      '    app.json                                                20.0%            1  static word',
      '',
      'Layout: date-first',
      '  template: logs/{date:yyyy/MM/dd/HH}/{var:object-name:low-cardinality}',
      '  The date/time part {date:yyyy/MM/dd/HH} comes right after the static prefix "logs/", so all writes of the current hour share one prefix.',
      '',
      'Estimate: At 1,000 PUT/s and 2,000 GET/s (default rates; set --put-rate/--get-rate) the current traffic goes to 1 prefix: 1,000 PUT/s (29% of the 3,500 PUT/s per-prefix ceiling) and 2,000 GET/s (36% of 5,500) each; no request is above the ceilings at these rates, but the hot range moves with time and starts unsplit.',
      '  (ceilings: 3,500 PUT/s and 5,500 GET/s per partitioned prefix)',
      'Suggestion: insert 1 hex character of a hash of the object name before the date (16 prefixes): logs/{var:hash-hex1:high-cardinality}/{date:yyyy/MM/dd/HH}/{var:object-name:low-cardinality}',
      '',
      'This is a throughput risk heuristic, not an AWS rule: S3 scales prefixes automatically and AWS says sequential names are fine in general (2018), but scaling is gradual and returns 503 Slow Down meanwhile.',
      '',
    ]);
  });

  it('reads a gzip S3 Inventory CSV and reports JSON with the given rates', () => {
    const r = runCli(['keys', join(dir, 'inventory.csv.gz'), '--format', 'json', '--put-rate', '40000', '--get-rate', '0']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      keys: 20_000,
      inputFormat: 'inventory-csv',
      layout: 'time-ordered-id-first',
      template: 'orders/{var:ulid:time-ordered}.json',
      estimate: { putRate: 40_000, getRate: 0, hotPrefixes: 1, perPrefixPut: 40_000, exceedsCeiling: true, shareAboveCeiling: 0.913 },
      suggestion: { kind: 'hex-shard', template: 'orders/{var:hash-hex2:high-cardinality}/{var:ulid:time-ordered}.json', prefixes: 256 },
    });
    expect(report.tree[0]).toMatchObject({ label: 'orders/', keys: 20_000, share: 1 });
    // The fan-out is bounded: 64 named children, the rest in one overflow row.
    const children = report.tree[0].children as { label: string }[];
    expect(children.length).toBeLessThanOrEqual(9);
  });

  it('reads stdin with "-" and escapes every value in HTML', () => {
    const input = ['<script>alert(1)</script>/2026/01/15/a&b.json', '<script>alert(1)</script>/2026/01/16/"q".json', ''].join('\n');
    const r = runCli(['keys', '-', '--format', 'html'], { input, cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stdout).not.toContain('<script>');
    expect(r.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;/');
    expect(r.stdout).toContain('Key layout: <span class="risk">date-first</span>');
    expect(r.stdout).not.toMatch(/<link|<script|src=/);
  });

  it('takes the rates from S3L006 options in the configuration file unless given on the command line', () => {
    writeFileSync(join(dir, 's3lint.config.json'), '{ "rules": { "date-first-key-prefix": { "options": { "putRate": 7000 } } } }\n');
    try {
      const fromConfig = JSON.parse(runCli(['keys', 'small.txt', '--format', 'json'], { cwd: dir }).stdout);
      expect([fromConfig.estimate.putRate, fromConfig.estimate.getRate]).toEqual([7000, 2000]);
      expect(fromConfig.estimate.text).toContain('(S3L006 options in the configuration file)');
      const typed = JSON.parse(runCli(['keys', 'small.txt', '--format', 'json', '--put-rate', '5'], { cwd: dir }).stdout);
      expect(typed.estimate.putRate).toBe(5);
      const none = JSON.parse(runCli(['keys', 'small.txt', '--format', 'json', '--no-config'], { cwd: dir }).stdout);
      expect(none.estimate.putRate).toBe(1000);
    } finally {
      rmSync(join(dir, 's3lint.config.json'));
    }
  });

  it('says there is nothing to analyse for an empty list', () => {
    writeFileSync(join(dir, 'empty.txt'), '');
    const text = runCli(['keys', 'empty.txt'], { cwd: dir });
    expect([text.status, text.stdout]).toEqual([0, '0 keys (one key per line): nothing to analyse.\n']);
    const json = runCli(['keys', 'empty.txt', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual({ keys: 0, inputFormat: 'lines', layout: null, tree: [] });
  });

  it('writes to --output', () => {
    const out = join(dir, 'out.json');
    const r = runCli(['keys', join(dir, 'small.txt'), '--format', 'json', '--output', out]);
    expect([r.status, r.stdout]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(out, 'utf8')).layout).toBe('date-first');
  });

  it.each([
    [['keys', '/nonexistent/keys.txt'], 's3lint: /nonexistent/keys.txt: no such file\n'],
    [['keys', 'SMALL', '--put-rate', 'fast'], 's3lint: --put-rate expects a number of requests per second (got "fast")\n'],
    [['keys', 'SMALL', '--depth', '0'], 's3lint: --depth expects a positive integer (got "0")\n'],
  ])('exits 2 with one line on stderr for %j', (args, stderr) => {
    const r = runCli(args.map((a) => (a === 'SMALL' ? join(dir, 'small.txt') : a)), { cwd: dir });
    expect([r.status, r.stderr, r.stdout]).toEqual([2, stderr, '']);
  });
});
