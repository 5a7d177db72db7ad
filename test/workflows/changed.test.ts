import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempTree, type JsonReport } from './support.js';

const bucket = (name: string) => `resource "aws_s3_bucket" "b" {\n  bucket = "${name}"\n}\n`;
const call = (label: string, source: string) => `module "${label}" {\n  source = "${source}"\n}\n`;
const template = (name: string) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ${name}\n`;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

describe('--changed-since', () => {
  it('scans the touched module, the modules calling it and changed templates, and says what it skipped', () => {
    const repo = tempTree({
      'modules/store/main.tf': bucket('store-bucket'),
      'modules/other/main.tf': bucket('other-bucket'),
      'envs/prod/main.tf': call('store', '../../modules/store'),
      'envs/dev/main.tf': call('other', '../../modules/other'),
      'stacks/a.yaml': template('stack-a'),
      'stacks/b.yaml': template('stack-b'),
    });
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    writeFileSync(join(repo, 'modules/store/main.tf'), bucket('store-bucket-renamed'));
    writeFileSync(join(repo, 'stacks/b.yaml'), template('stack-b2'));

    const r = runCli(['check', '.', '--changed-since', 'HEAD', '--format', 'json'], { cwd: repo });
    expect(r.stderr).toBe(
      [
        's3lint: --changed-since HEAD: scanning 1 changed Terraform directory (+1 calling module: envs/prod) and 1 changed template/snapshot file',
        's3lint: --changed-since HEAD: skipped 2 unchanged Terraform directories: envs/dev, modules/other',
        's3lint: --changed-since HEAD: skipped 1 unchanged YAML/JSON file: stacks/a.yaml',
        '',
      ].join('\n'),
    );
    const names = new Set((JSON.parse(r.stdout) as JsonReport).findings.map((f) => f.resource.name));
    expect(names.has('store-bucket-renamed')).toBe(true);
    expect(names.has('stack-b2')).toBe(true);
    expect(names.has('other-bucket')).toBe(false);
    expect(names.has('stack-a')).toBe(false);
  });

  it('rejects an unknown ref with exit 2', () => {
    const repo = tempTree({ 'main.tf': bucket('x') });
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    const r = runCli(['check', '.', '--changed-since', 'no-such-ref'], { cwd: repo });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^s3lint: --changed-since: "no-such-ref" is not a commit in .* \(fetch it first/);
  });

  it('--pre-commit scans the whole module of a staged .tf file and skips staged files that are not IaC', () => {
    const dir = tempTree({
      'infra/variables.tf': 'variable "n" {\n  default = "from-variables-tf"\n}\n',
      'infra/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = var.n\n}\n',
      'package.json': '{"name": "app"}\n',
      'stack.yaml': template('hook-stack'),
    });
    const r = runCli(['check', '--pre-commit', 'infra/main.tf', 'package.json', 'stack.yaml', 'deleted.tf', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('s3lint: --pre-commit: skipped 1 staged file that is not Terraform, CloudFormation, a plan or a snapshot\n');
    const report = JSON.parse(r.stdout) as JsonReport & { files: string[] };
    expect(report.files).toEqual(['infra/main.tf', 'infra/variables.tf', 'stack.yaml']);
    expect(new Set(report.findings.map((f) => f.resource.name))).toEqual(new Set(['from-variables-tf', 'hook-stack']));
  });
});
