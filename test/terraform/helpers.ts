import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discover } from '../../src/loaders/discover.js';
import { loadTerraform } from '../../src/loaders/terraform/loader.js';
import { defaultLoadOptions, type LoadOptions } from '../../src/loaders/types.js';

/** Writes the files into a fresh temp dir and returns its path. */
export function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 's3lint-tf-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Loads the .tf files of `files` (all of them, as discovery would pass them) with the Terraform loader. */
export async function load(files: Record<string, string>, opts: Partial<LoadOptions> = {}) {
  const dir = tree(files);
  const options = { ...defaultLoadOptions(dir), ...opts };
  const found = discover(['.'], { cwd: dir, ignore: [], maxFileSize: options.maxFileSize });
  const tf = found.files.filter((f) => f.path.endsWith('.tf') || f.path.endsWith('.tf.json'));
  return loadTerraform(tf, options);
}
