/** The benchmark corpora must be deterministic and scan without input errors (or the numbers would lie). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCloudFormationCorpus, bigCloudFormationYaml, cloudFormationYaml } from '../../bench/generate.js';
import { scanPaths } from '../../src/engine/scan.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 's3lint-bench-corpus-'));
  dirs.push(d);
  return d;
}

describe('CloudFormation benchmark corpus', () => {
  it('is the same bytes on every run', async () => {
    const [a, b] = [tmp(), tmp()];
    const filesA = await generateCloudFormationCorpus(a, 8);
    const filesB = await generateCloudFormationCorpus(b, 8);
    expect(filesA.map((f) => f.slice(a.length))).toEqual(filesB.map((f) => f.slice(b.length)));
    for (let i = 0; i < filesA.length; i++) expect(readFileSync(filesA[i]!, 'utf8')).toBe(readFileSync(filesB[i]!, 'utf8'));
  });

  it('scans without input errors, with the buckets it declares', async () => {
    const dir = tmp();
    const files = await generateCloudFormationCorpus(dir, 8);
    const result = await scanPaths([dir], { load: { cwd: dir } });
    expect(result.errors).toEqual([]);
    expect(result.files).toHaveLength(files.length);
    // YAML stacks i = 0,1,2,4,5,6: a log bucket and 2 + (i % 2) data buckets; JSON stacks 3 and 7: three buckets.
    expect(result.estate.buckets).toHaveLength(3 + 4 + 3 + 3 + 3 + 4 + 3 + 3);
  });

  it('builds one large template with unique resource names', async () => {
    const dir = tmp();
    const text = bigCloudFormationYaml(200_000);
    expect(text.length).toBeGreaterThanOrEqual(200_000);
    const path = join(dir, 'big.yaml');
    writeFileSync(path, text);
    const result = await scanPaths([path], { load: { cwd: dir } });
    expect(result.errors).toEqual([]);
    const perStack = cloudFormationYaml(0).match(/Type: AWS::S3::Bucket\n/g)!.length;
    expect(result.estate.buckets.length).toBeGreaterThan(perStack * 10);
  });
});
