import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { allRules } from '../../engine/registry.js';
import { UsageError } from '../errors.js';

function yamlScalar(v: unknown): string {
  return JSON.stringify(v);
}

/** A starter configuration: every key documented, every rule listed with its default state and options. */
export function starterConfig(): string {
  const lines = [
    '# s3lint configuration. Reference: docs/configuration.md; schema: schemas/config.schema.json.',
    '# Found upward from the scanned path (or pass --config). Command-line flags override it.',
    '',
    '# Rule preset: recommended (default), strict (every rule) or fsbp (AWS Foundational Security Best Practices).',
    'preset: recommended',
    '',
    '# Exit 1 when an unsuppressed finding is at or above this severity: info, low, medium, high, critical.',
    'failOn: low',
    '',
    '# Settings s3lint could not determine (variables without values, ...): show as notes, or hide (still counted).',
    'unknowns: show',
    '',
    '# Paths to skip (globs, relative to this file).',
    'ignore:',
    '  - "**/examples/**"',
    '',
    '# Per rule (id or name): true/false, a severity, or {enabled, severity, options}.',
    'rules:',
  ];
  for (const r of allRules()) {
    const m = r.meta;
    lines.push(`  # ${m.id} ${m.name}: ${m.title} (${m.enabledByDefault ? 'on' : 'off'} by default, ${m.defaultSeverity})`);
    const options = Object.entries(m.defaultOptions ?? {});
    if (options.length === 0) {
      lines.push(`  # ${m.id}: ${m.enabledByDefault ? 'true' : 'false'}`);
      continue;
    }
    lines.push(`  # ${m.id}:`, `  #   enabled: ${m.enabledByDefault ? 'true' : 'false'}`, '  #   options:');
    for (const [k, v] of options) lines.push(`  #     ${k}: ${yamlScalar(v)}`);
  }
  lines.push(
    '',
    '# Suppressions kept outside the sources (SARIF: external). Each needs a reason; "until" makes it expire.',
    '# Inline alternative, on the line above a resource, block or attribute:',
    '#   # s3lint-ignore S3L001 -- reason [until 2027-01-31]',
    'suppressions: []',
    '#  - rules: [S3L001]',
    '#    buckets: ["scratch-*"]',
    '#    resources: ["module.sandbox.**"]',
    '#    reason: short-lived sandbox buckets are emptied nightly',
    '#    until: "2027-01-31"',
    '',
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('init')
    .description('Write a commented starter configuration (s3lint.config.yaml)')
    .argument('[dir]', 'directory to write it to', '.')
    .option('--force', 'overwrite an existing file')
    .action((dir: string, opts: { force?: boolean }) => {
      const file = join(resolve(dir), 's3lint.config.yaml');
      if (!existsSync(resolve(dir))) throw new UsageError(`${dir}: no such directory`);
      if (existsSync(file) && !opts.force) throw new UsageError(`${file} exists (use --force to overwrite)`);
      writeFileSync(file, starterConfig());
      process.stderr.write(`s3lint: wrote ${file}\n`);
    });
}
