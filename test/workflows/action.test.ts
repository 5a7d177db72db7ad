/** action.yml and .pre-commit-hooks.yaml: their shell and regexes run as GitHub and pre-commit run them. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI } from '../support/cli.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { sarifValidator } from '../support/sarif-schema.js';
import { tempTree } from './support.js';

interface Step {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: Step[] } };

/** Run the action's scan step with bash, inputs substituted the way the runner does (${{ inputs.x }} → env). */
function runScanStep(cwd: string, inputs: Record<string, string>): { status: number; output: string; summary: string } {
  const step = action.runs.steps.find((s) => s.id === 'scan')!;
  const env: Record<string, string> = { ...process.env } as Record<string, string>;
  for (const [k, v] of Object.entries(step.env ?? {})) {
    const m = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(v);
    env[k] = m ? (inputs[m[1]!] ?? action.inputs[m[1]!]!.default) : v.replace('${{ github.action_path }}', REPO_ROOT);
  }
  env.GITHUB_OUTPUT = join(cwd, 'github-output');
  env.GITHUB_STEP_SUMMARY = join(cwd, 'step-summary.md');
  rmSync(env.GITHUB_OUTPUT, { force: true });
  rmSync(env.GITHUB_STEP_SUMMARY, { force: true });
  const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return { status: r.status ?? -1, output: read(env.GITHUB_OUTPUT), summary: read(env.GITHUB_STEP_SUMMARY) };
}

describe('action.yml', () => {
  it('is a composite action that uploads SARIF with github/codeql-action/upload-sarif', () => {
    expect(action.runs.using).toBe('composite');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with).toEqual({ sarif_file: '${{ inputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(action.runs.steps.find((s) => s.id === 'scan')!.env!.S3LINT).toBe('${{ github.action_path }}/dist/src/cli/main.js');
    expect(existsSync(CLI)).toBe(true);
  });

  it('runs s3lint, writes valid SARIF with the category, the job summary and the exit code', () => {
    const dir = tempTree({ 'infra/estate.s3lint.json': JSON.stringify({ s3lintSnapshot: 1, buckets: [{ name: 'action-bucket', lifecycle: null }] }) });
    const r = runScanStep(dir, { paths: 'infra', category: 's3lint/check/infra/', args: '--hide-unknown' });
    expect(r.status).toBe(0);
    expect(r.output).toBe('exit-code=1\n');
    const sarif = JSON.parse(readFileSync(join(dir, 's3lint.sarif'), 'utf8')) as { runs: { automationDetails: { id: string }; results: unknown[] }[] };
    expect(sarifValidator()(sarif)).toEqual([]);
    expect(sarif.runs[0]!.automationDetails.id).toBe('s3lint/check/infra/');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(r.summary, JSON.stringify(r)).toContain('s3lint:');
    expect(r.summary).toContain('action-bucket');
    const clean = runScanStep(dir, { paths: 'infra', 'fail-on': 'critical', 'step-summary': 'false' });
    expect(clean.output).toBe('exit-code=0\n');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; pass_filenames: boolean }[];

  it('declares the s3lint hook on staged IaC files', () => {
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(hook).toMatchObject({ id: 's3lint', entry: 's3lint check --pre-commit', language: 'node', pass_filenames: true });
    const files = new RegExp(hook.files);
    for (const f of ['main.tf', 'mod/x.tf.json', 'stack.yaml', 'stack.yml', 'plan.json', 'stack.template']) expect(files.test(f), f).toBe(true);
    for (const f of ['README.md', 'main.tfvars', 'script.sh', 'main.tf.bak']) expect(files.test(f), f).toBe(false);
  });
});
