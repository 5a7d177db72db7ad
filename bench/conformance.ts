/**
 * Peer conformance: runs s3lint on the test suites of KICS (Terraform and CloudFormation), Trivy (Terraform
 * and CloudFormation) and cfn_nag in ../shared/corpus, for every peer check that one of our rules names in
 * `meta.peers`, and prints the agreement per check (line-exact for KICS and cfn_nag line numbers) with the
 * disagreements. `--check-baseline` exits 1 when agreement on the core rules' topics drops below
 * bench/conformance-baseline.json; `--write-baseline` records the current agreement there.
 *
 * Usage: npm run conformance -- [corpus-dir] [--check-baseline | --write-baseline]
 * Peers are not ground truth: where they contradict AWS semantics, bench/conformance-notes.md says why.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../rules/index.js';
import type { EngineConfig } from '../src/engine/config.js';
import type { Rule } from '../src/engine/rule.js';
import { scanPaths } from '../src/engine/scan.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root, from bench/ in the sources or dist/bench/ when compiled. */
const REPO = existsSync(join(HERE, '..', 'package.json')) ? resolve(HERE, '..') : resolve(HERE, '..', '..');
const BASELINE = join(REPO, 'bench', 'conformance-baseline.json');
/** The core rules (issue 2) whose peer topics the baseline guards. */
export const CORE_RULES = ['S3L001', 'S3L002', 'S3L003', 'S3L004', 'S3L005'];

type Peer = 'kics' | 'trivy' | 'cfnNag';

/**
 * Peer checks that cover one setting of a rule that checks several: only our findings on that setting's
 * model path (or on the whole missing configuration) answer them. Bucket Block Public Access has one peer
 * check per flag in Trivy and KICS, and one s3lint rule for all four.
 */
const PATHS: Record<string, string[]> = {};
const BPA_FLAG_CHECKS: [string, string[]][] = [
  ['blockPublicAcls', ['AWS-0086', 'd0cc8694-fcad-43ff-ac86-32331d7e867f', '48f100d9-f499-4c6d-b2b8-deafe47ffb26']],
  ['blockPublicPolicy', ['AWS-0087', '1a4bc881-9f69-4d44-8c9a-d37d08f54c50', '860ba89b-b8de-4e72-af54-d6aee4138a69']],
  ['ignorePublicAcls', ['AWS-0091', '4fa66806-0dd9-4f8d-9480-3174d39c7c91', '6c8d51af-218d-4bfb-94a9-94eabaa0703a']],
  ['restrictPublicBuckets', ['AWS-0093', '1ec253ab-c220-4d63-b2de-5b40e0af9293', '350cd468-0e2c-44ef-9d22-cfb73a62523c']],
];
// Trivy fails a flag check when the bucket has no public access block at all; KICS only inspects existing
// public access block resources (it has no "missing" query), so only the flag itself answers KICS.
for (const [flag, ids] of BPA_FLAG_CHECKS) {
  for (const id of ids) PATHS[id] = id.startsWith('AWS-') ? ['publicAccessBlock', `publicAccessBlock.${flag}`] : [`publicAccessBlock.${flag}`];
}
PATHS['AWS-0094'] = ['publicAccessBlock'];

export interface CaseResult {
  /** "positive1.tf:10", "bad_1.tf", "buckets.json:24 (S3Bucket)". */
  what: string;
  agree: boolean;
  detail: string;
}

export interface CheckResult {
  peer: Peer;
  format: string;
  check: string;
  title: string;
  rules: string[];
  cases: CaseResult[];
}

interface Finding {
  file: string;
  line: number;
  ruleId: string;
  address: string;
  path: string;
}

function rulesFor(peer: Peer, id: string): Rule[] {
  return RULES.filter((r) => (r.meta.peers[peer] ?? []).includes(id));
}

function configEnabling(rules: Rule[]): EngineConfig {
  return { rules: Object.fromEntries(rules.map((r) => [r.meta.id, { enabled: true }])) };
}

/** Our violations of the given rules in one file, scanned on its own (cwd = its directory). */
async function scanFile(abs: string, rules: Rule[], peerCheck: string): Promise<{ findings: Finding[]; errors: string[] }> {
  const ids = new Set(rules.map((r) => r.meta.id));
  const paths = PATHS[peerCheck];
  const result = await scanPaths([abs], { load: { cwd: dirname(abs) }, config: configEnabling(rules) });
  return {
    findings: result.findings
      .filter((f) => f.kind === 'violation' && ids.has(f.ruleId) && f.at.kind === 'source' && (!paths || paths.includes(f.path)))
      .map((f) => ({ file: f.at.kind === 'source' ? f.at.file : '', line: f.at.kind === 'source' ? f.at.startLine : 0, ruleId: f.ruleId, address: f.resource.address, path: f.path })),
    errors: result.errors.filter((e) => (e.level ?? 'error') === 'error').map((e) => `${e.file}:${e.line ?? ''} ${e.message}`),
  };
}

function describe(findings: Finding[]): string {
  return findings.length === 0 ? 'no finding' : findings.map((f) => `${f.ruleId}@${f.line}`).join(', ');
}

async function kics(corpus: string): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const format of ['terraform', 'cloudformation']) {
    const base = join(corpus, 'kics', format);
    if (!existsSync(base)) continue;
    for (const query of readdirSync(base).sort()) {
      const meta = JSON.parse(readFileSync(join(base, query, 'metadata.json'), 'utf8')) as { id: string; queryName: string };
      const rules = rulesFor('kics', meta.id);
      if (rules.length === 0) continue;
      const testDir = join(base, query, 'test');
      const expected = JSON.parse(readFileSync(join(testDir, 'positive_expected_result.json'), 'utf8')) as { line: number; fileName?: string; filename?: string }[];
      const check: CheckResult = { peer: 'kics', format, check: meta.id, title: `${query} (${meta.queryName})`, rules: rules.map((r) => r.meta.id), cases: [] };
      for (const name of readdirSync(testDir).sort()) {
        if (!/^(positive|negative)\d*\.(tf|ya?ml|json)$/.test(name)) continue;
        const { findings, errors } = await scanFile(join(testDir, name), rules, meta.id);
        const lines = new Set(findings.map((f) => f.line));
        if (name.startsWith('negative')) {
          check.cases.push({ what: name, agree: findings.length === 0, detail: findings.length === 0 ? 'no finding (agrees)' : `s3lint reports ${describe(findings)}${errors.length ? `; errors: ${errors.join('; ')}` : ''}` });
          continue;
        }
        const wanted = expected.filter((e) => (e.fileName ?? e.filename) === name).map((e) => e.line);
        // A positive file without listed lines still expects a finding somewhere in it.
        if (wanted.length === 0) check.cases.push({ what: name, agree: findings.length > 0, detail: `KICS expects a finding; s3lint: ${describe(findings)}` });
        for (const line of wanted) {
          check.cases.push({
            what: `${name}:${line}`,
            agree: lines.has(line),
            detail: lines.has(line) ? 'same line' : `KICS expects line ${line}; s3lint: ${describe(findings)}${errors.length ? `; errors: ${errors.join('; ')}` : ''}`,
          });
        }
      }
      out.push(check);
    }
  }
  return out;
}

interface TrivyManifest {
  checks: { check_id: string; title: string; examples?: Record<string, { good?: string[] | null; bad?: string[] | null } | undefined> }[];
}

async function trivy(corpus: string): Promise<CheckResult[]> {
  const file = join(corpus, 'trivy', 'manifest.json');
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as TrivyManifest;
  const out: CheckResult[] = [];
  for (const c of manifest.checks) {
    const rules = rulesFor('trivy', c.check_id);
    if (rules.length === 0) continue;
    for (const format of ['terraform', 'cloudformation']) {
      const ex = c.examples?.[format];
      if (!ex) continue;
      const check: CheckResult = { peer: 'trivy', format, check: c.check_id, title: c.title, rules: rules.map((r) => r.meta.id), cases: [] };
      for (const [kind, list] of [['bad', ex.bad ?? []], ['good', ex.good ?? []]] as const) {
        for (const rel of list) {
          const { findings, errors } = await scanFile(join(corpus, 'trivy', rel), rules, c.check_id);
          const agree = kind === 'bad' ? findings.length > 0 : findings.length === 0;
          check.cases.push({ what: rel.split('/').slice(-1)[0] as string, agree, detail: `Trivy: ${kind === 'bad' ? 'finding' : 'no finding'}; s3lint: ${describe(findings)}${errors.length ? `; errors: ${errors.join('; ')}` : ''}` });
        }
      }
      out.push(check);
    }
  }
  return out;
}

interface CfnNagManifest {
  rules: Record<string, { id: string; text: string }>;
  cases: {
    template: string;
    violations: { rule_id: string; logical_resource_ids: string[]; line_numbers?: number[] }[];
    expected_logical_resource_ids?: string[] | null;
    rule_id?: string;
  }[];
}

async function cfnNag(corpus: string): Promise<CheckResult[]> {
  const file = join(corpus, 'cfn_nag', 'manifest.json');
  if (!existsSync(file)) return [];
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as CfnNagManifest;
  const byRule = new Map<string, CheckResult>();
  for (const rule of Object.values(manifest.rules)) {
    const rules = rulesFor('cfnNag', rule.id);
    if (rules.length > 0) byRule.set(rule.id, { peer: 'cfnNag', format: 'cloudformation', check: rule.id, title: rule.text, rules: rules.map((r) => r.meta.id), cases: [] });
  }
  for (const c of manifest.cases) {
    const expected = new Map<string, { ids: string[]; lines: number[] }>();
    for (const v of c.violations) expected.set(v.rule_id, { ids: v.logical_resource_ids, lines: v.line_numbers ?? [] });
    if (c.rule_id && c.expected_logical_resource_ids) expected.set(c.rule_id, { ids: c.expected_logical_resource_ids, lines: [] });
    for (const [ruleId, check] of byRule) {
      const rules = RULES.filter((r) => check.rules.includes(r.meta.id));
      // A template that is not about this rule at all (custom-rule specs list one rule) says nothing about it.
      if (!expected.has(ruleId) && c.rule_id !== undefined && c.rule_id !== ruleId) continue;
      const { findings, errors } = await scanFile(join(corpus, 'cfn_nag', c.template), rules, ruleId);
      const want = expected.get(ruleId);
      const name = c.template.split('/').slice(-1)[0] as string;
      if (!want || want.ids.length === 0) {
        check.cases.push({ what: name, agree: findings.length === 0, detail: `cfn_nag: no finding; s3lint: ${describe(findings)}` });
        continue;
      }
      want.ids.forEach((id, i) => {
        const line = want.lines[i];
        const hit = findings.some((f) => (line !== undefined ? f.line === line : f.address.endsWith(`::${id}`) || f.address === id));
        check.cases.push({
          what: `${name}:${line ?? ''} (${id})`,
          agree: hit,
          detail: hit ? 'same resource' : `cfn_nag expects ${id}${line !== undefined ? ` at line ${line}` : ''}; s3lint: ${describe(findings)}${errors.length ? `; errors: ${errors.join('; ')}` : ''}`,
        });
      });
    }
  }
  return [...byRule.values()].filter((c) => c.cases.length > 0);
}

export async function runConformance(corpus: string): Promise<CheckResult[]> {
  return [...(await kics(corpus)), ...(await trivy(corpus)), ...(await cfnNag(corpus))];
}

/** Agreement per core rule over the peer checks mapped to it: agreeing cases / all cases. */
export function coreAgreement(results: CheckResult[]): Record<string, { agree: number; total: number; ratio: number }> {
  const out: Record<string, { agree: number; total: number; ratio: number }> = {};
  for (const id of CORE_RULES) {
    const cases = results.filter((r) => r.rules.includes(id)).flatMap((r) => r.cases);
    if (cases.length === 0) continue;
    const agree = cases.filter((c) => c.agree).length;
    out[id] = { agree, total: cases.length, ratio: Number((agree / cases.length).toFixed(4)) };
  }
  return out;
}

function print(results: CheckResult[]): void {
  console.log('Peer conformance (agreement = cases where s3lint gives the peer\'s verdict; KICS and cfn_nag line-exact)');
  for (const r of results) {
    const agree = r.cases.filter((c) => c.agree).length;
    console.log(`  ${r.peer.padEnd(6)} ${r.format.padEnd(14)} ${r.check.padEnd(38)} → ${r.rules.join(',').padEnd(14)} ${String(agree).padStart(3)}/${String(r.cases.length).padEnd(3)} ${r.title}`);
  }
  const disagreements = results.flatMap((r) => r.cases.filter((c) => !c.agree).map((c) => ({ r, c })));
  console.log(`\nDisagreements (${disagreements.length}):`);
  for (const { r, c } of disagreements) console.log(`  ${r.peer} ${r.format} ${r.check} [${r.rules.join(',')}] ${c.what}: ${c.detail}`);
  console.log('\nCore rules (baseline topics):');
  for (const [id, a] of Object.entries(coreAgreement(results))) console.log(`  ${id}: ${a.agree}/${a.total} (${(a.ratio * 100).toFixed(1)}%)`);
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const corpus = resolve(args[0] ?? join(REPO, '..', 'shared', 'corpus'));
  if (!existsSync(corpus)) {
    console.error(`corpus not found: ${corpus}`);
    return 2;
  }
  const results = await runConformance(corpus);
  print(results);
  const core = coreAgreement(results);
  if (argv.includes('--write-baseline')) {
    writeFileSync(BASELINE, `${JSON.stringify(Object.fromEntries(Object.entries(core).map(([id, a]) => [id, a.ratio])), null, 2)}\n`);
    console.log(`\nbaseline written to ${BASELINE}`);
  }
  if (argv.includes('--check-baseline')) {
    const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>;
    const drops = Object.entries(baseline).filter(([id, min]) => (core[id]?.ratio ?? 0) < min);
    for (const [id, min] of drops) console.error(`conformance: agreement on ${id} dropped to ${((core[id]?.ratio ?? 0) * 100).toFixed(1)}% (baseline ${(min * 100).toFixed(1)}%)`);
    if (drops.length > 0) return 1;
    console.log('\nbaseline: no drop');
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`conformance failed: ${(e as Error).message}`);
      process.exit(2);
    },
  );
}
