/**
 * `s3lint check` is offline and read-only: over the whole fixtures tree, in every output format, it attempts
 * no network access (any attempt is recorded by the deny-network preload and fails the test), writes nothing
 * but the report it was asked for, and never prints the environment's AWS credentials.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixtures.js';

const PRELOAD = join(REPO_ROOT, 'test', 'safety', 'deny-network.mjs');
const CANARIES = {
  AWS_ACCESS_KEY_ID: 'AKIAS3LINTCANARY0001',
  AWS_SECRET_ACCESS_KEY: 's3lintCanarySecretKey/DoNotPrint+0123456789',
  AWS_SESSION_TOKEN: 's3lintCanarySessionToken0123456789abcdef',
  AWS_SECURITY_TOKEN: 's3lintCanarySecurityToken0123456789',
};
const FORMATS = ['text', 'json', 'sarif'] as const;

let work = '';
let tree = '';
let denyLog = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 's3lint-safety-'));
  tree = join(work, 'fixtures');
  cpSync(FIXTURES_DIR, tree, { recursive: true });
  denyLog = join(work, 'deny.log');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  attempts: string[];
}

function runNode(args: string[], cwd: string, extraEnv: Record<string, string> = {}): Run {
  rmSync(denyLog, { force: true });
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, ...CANARIES, ...extraEnv, NO_COLOR: '1', S3LINT_DENY_LOG: denyLog, AWS_PROFILE: '', AWS_EC2_METADATA_DISABLED: '' },
  });
  const attempts = existsSync(denyLog) ? readFileSync(denyLog, 'utf8').trim().split('\n').filter(Boolean) : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, attempts };
}

/** Path → sha256 of every file under `dir`. */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function leakedCanaries(text: string): string[] {
  return Object.entries(CANARIES)
    .filter(([, value]) => text.includes(value) || text.includes(value.slice(0, 12)))
    .map(([name]) => name);
}

describe('the deny-network preload (so that the checks below can fail)', () => {
  const probes: [string, string][] = [
    ['fetch', "await fetch('http://127.0.0.1:9/')"],
    ['net.connect', "(await import('node:net')).connect(9, '127.0.0.1')"],
    ['net.Socket.prototype.connect', "new (await import('node:net')).Socket().connect(9, '127.0.0.1')"],
    ['tls.connect', "(await import('node:tls')).connect(443, 'example.com')"],
    ['http.request', "(await import('node:http')).request('http://127.0.0.1:9/').end()"],
    ['https.get', "(await import('node:https')).get('https://example.com/')"],
    ['dns.lookup', "(await import('node:dns')).lookup('example.com', () => {})"],
    ['dns/promises.resolve4', "await (await import('node:dns/promises')).resolve4('example.com')"],
    ['dgram.createSocket', "(await import('node:dgram')).createSocket('udp4')"],
    ['child_process.spawn', "(await import('node:child_process')).spawn('curl', ['http://example.com'])"],
  ];
  it.each(probes)('records and blocks %s', (api, code) => {
    const r = runNode(['--input-type=module', '-e', `try { ${code} } catch {}`], work);
    expect(r.attempts.length).toBeGreaterThan(0);
    expect(r.attempts.join('\n')).toContain(api);
  });
});

describe('s3lint check over the whole fixtures tree', () => {
  it.each(FORMATS)('attempts no network access and prints no credentials (--format %s)', { timeout: 120_000 }, (format) => {
    const before = digest(tree);
    const r = runNode([CLI, 'check', '.', '--format', format], tree);
    expect(r.attempts).toEqual([]);
    expect([0, 1, 2], r.stderr).toContain(r.status);
    expect(r.stdout.length, r.stderr).toBeGreaterThan(1000); // the fixtures produce a substantial report
    expect(leakedCanaries(r.stdout + r.stderr)).toEqual([]);
    expect(digest(tree)).toEqual(before);
  });

  it('writes only the --output file it was given', { timeout: 180_000 }, () => {
    const outDir = mkdtempSync(join(work, 'out-'));
    const before = digest(tree);
    for (const format of FORMATS) {
      const r = runNode([CLI, 'check', '.', '--format', format, '--output', join(outDir, `report.${format}`)], tree);
      expect(r.attempts).toEqual([]);
      expect(r.stdout).toBe('');
      expect(leakedCanaries(r.stderr)).toEqual([]);
    }
    expect(readdirSync(outDir).sort()).toEqual(['report.json', 'report.sarif', 'report.text']);
    for (const name of readdirSync(outDir)) expect(leakedCanaries(readFileSync(join(outDir, name), 'utf8'))).toEqual([]);
    expect(digest(tree)).toEqual(before);
  });

  it('names a credential-looking environment nowhere even when a scanned file mentions the variables', { timeout: 120_000 }, () => {
    const r = runNode([CLI, 'check', '.', '--format', 'json', '--var', 'region=eu-west-1'], tree, { TF_VAR_secret: CANARIES.AWS_SECRET_ACCESS_KEY });
    expect(r.attempts).toEqual([]);
    expect(leakedCanaries(r.stdout + r.stderr)).toEqual([]);
  });
});
