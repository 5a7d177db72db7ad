/**
 * Mutation sweep: every seed fixture file is truncated, byte-flipped and re-encoded, and each variant is
 * scanned (in-process library, worker thread, time budget) next to a known-good fixture of the same format.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolatedScanner, companion, fixtureBytes, makeTree, removeTree, violations } from './harness.js';
import { byteFlips, encodingVariants, truncations, type Mutation } from './mutations.js';

const SEEDS = [
  { format: 'snapshot', file: 'S3L002/fail/snapshot-flags/estate.s3lint.json', name: 'estate.s3lint.json', companion: 'S3L001/fail/snapshot-no-lifecycle' },
  { format: 'CloudFormation YAML', file: 'S3L005/fail/cfn-yaml-kms-no-bucket-key/template.yaml', name: 'template.yaml', companion: 'S3L001/fail/cfn-yaml-no-abort' },
  { format: 'CloudFormation JSON', file: 'S3L005/fail/cfn-json-bucket-key-false/template.json', name: 'template.json', companion: 'S3L002/fail/cfn-json-no-bpa' },
  { format: 'Terraform HCL', file: 'S3L001/fail/terraform-split-expiration-only/main.tf', name: 'main.tf', companion: 'S3L001/fail/terraform-count-no-lifecycle' },
  { format: 'Terraform JSON', file: 'S3L002/fail/terraform-json-syntax/main.tf.json', name: 'main.tf.json', companion: 'S3L001/fail/terraform-count-no-lifecycle' },
];

/** Per-case budget: the seeds are under 1 KB and scan in milliseconds; the slack absorbs a loaded CI machine. */
const BUDGET_MS = 10_000;

const scanner = new IsolatedScanner();
afterAll(() => scanner.close());

async function sweep(seed: (typeof SEEDS)[number], mutations: Mutation[]): Promise<string[]> {
  const comp = companion(seed.companion);
  const root = makeTree(comp, seed.name, '');
  const hostile = `hostile/${seed.name}`;
  const problems: string[] = [];
  try {
    for (const m of mutations) {
      writeFileSync(join(root, hostile), m.bytes);
      const outcome = await scanner.scan([hostile, 'good'], root, BUDGET_MS);
      for (const p of violations(outcome, comp, { hostile, ...m.expect })) problems.push(`${m.label}: ${p}`);
    }
  } finally {
    removeTree(root);
  }
  return problems;
}

describe.each(SEEDS)('hostile variants of a $format file', (seed) => {
  const bytes = fixtureBytes(seed.file);
  const seedNumber = SEEDS.indexOf(seed) + 1;

  it('survives truncation at every N bytes', async () => {
    expect(await sweep(seed, truncations(bytes))).toEqual([]);
  });

  it('survives seeded random byte flips', async () => {
    expect(await sweep(seed, byteFlips(bytes, seedNumber))).toEqual([]);
  });

  it('reports invalid UTF-8, UTF-16 and NUL bytes with a position, and reads BOM and CRLF variants', async () => {
    expect(await sweep(seed, encodingVariants(bytes))).toEqual([]);
  });

  it('scans the unmodified seed cleanly (the sweep would be vacuous otherwise)', async () => {
    expect(await sweep(seed, [{ label: 'unmodified', bytes, expect: { mustParse: true } }])).toEqual([]);
  });
});
