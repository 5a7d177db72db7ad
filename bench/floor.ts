/**
 * The parse-only floor: read every file and run the parser the loader uses, nothing else (no positions
 * beyond what the parser itself keeps, no evaluation, no rules). A scan cannot be faster than this on one core.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl } from '../src/loaders/terraform/hcl2json.js';
import { parseJsonTemplate } from '../src/loaders/cloudformation/parse-json.js';
import { parseYamlTemplate } from '../src/loaders/cloudformation/parse-yaml.js';
import { isJsonSource } from '../src/loaders/cloudformation/sniff.js';

export type BenchFormat = 'terraform' | 'cloudformation';

export function isCorpusFile(format: BenchFormat, name: string): boolean {
  return format === 'terraform' ? name.endsWith('.tf') : name.endsWith('.yaml') || name.endsWith('.json');
}

/** The corpus files under `dir`, in a fixed order. */
export function corpusFiles(format: BenchFormat, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (isCorpusFile(format, entry.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Parses one file with the loader's parser; throws when the corpus does not parse (the numbers would lie). */
export async function parseOne(format: BenchFormat, path: string): Promise<void> {
  const text = readFileSync(path, 'utf8');
  if (format === 'terraform') {
    const r = await parseHcl(path, text);
    if (!r.ok) throw new Error(`benchmark corpus does not parse: ${path}:${r.line}: ${r.message}`);
    return;
  }
  const r = isJsonSource(path, text) ? parseJsonTemplate(path, text) : parseYamlTemplate(path, text);
  if (!('kind' in r)) throw new Error(`benchmark corpus does not parse: ${path}:${r.line}: ${r.message}`);
}

/** Milliseconds to read and parse every file, one after the other, in this thread. */
export async function parseOnlyMs(format: BenchFormat, files: string[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await parseOne(format, f);
  return performance.now() - t0;
}
