/**
 * The library entry point: paths → discovery → loaders → one Estate → rules → findings.
 */
import type { Estate } from '../model/index.js';
import { mergeEstates } from '../model/index.js';
import { discover } from '../loaders/discover.js';
import { LOADERS } from '../loaders/index.js';
import type { CandidateFile, LoadOptions } from '../loaders/types.js';
import { defaultLoadOptions } from '../loaders/types.js';
import type { EngineConfig } from './config.js';
import type { Finding, InputError } from './finding.js';
import { runRules } from './run.js';

export interface ScanOptions {
  load?: Partial<LoadOptions>;
  config?: EngineConfig;
}

export interface ScanResult {
  estate: Estate;
  findings: Finding[];
  errors: InputError[];
  files: string[];
}

export interface LoadedEstate {
  estate: Estate;
  errors: InputError[];
  files: string[];
}

/** Discovery and loading only (no rules): what `check` and the benchmarks share. */
export async function loadPaths(paths: string[], load: Partial<LoadOptions> = {}): Promise<LoadedEstate> {
  const options: LoadOptions = { ...defaultLoadOptions(load.cwd ?? process.cwd()), ...load };
  const found = discover(paths.length > 0 ? paths : ['.'], { cwd: options.cwd, ignore: options.ignore, maxFileSize: options.maxFileSize });
  const errors: InputError[] = [...found.errors];
  const byLoader = new Map<(typeof LOADERS)[number], CandidateFile[]>();
  for (const file of found.files) {
    const loader = claimant(file, errors);
    if (loader === undefined) {
      if (file.explicit) {
        errors.push({ file: file.path, message: 'not a recognised input (Terraform, Terraform plan JSON, CloudFormation template or s3lint snapshot)' });
      }
      continue;
    }
    const list = byLoader.get(loader) ?? [];
    list.push(file);
    byLoader.set(loader, list);
  }
  const results = await Promise.all(
    [...byLoader.entries()].map(async ([loader, files]) => {
      try {
        return await loader.load(files, options);
      } catch (e) {
        // A loader bug must not hide the other sources: report it against the files it had.
        return {
          estate: mergeEstates([]),
          errors: files.map((f) => ({ file: f.path, message: `internal error in the ${loader.id} loader: ${(e as Error).message}` })),
          files: [],
        };
      }
    }),
  );
  for (const r of results) errors.push(...r.errors);
  return {
    estate: mergeEstates(results.map((r) => r.estate)),
    errors,
    files: results.flatMap((r) => r.files).sort(),
  };
}

function claimant(file: CandidateFile, errors: InputError[]): (typeof LOADERS)[number] | undefined {
  for (const loader of LOADERS) {
    try {
      if (loader.claims(file)) return loader;
    } catch (e) {
      errors.push({ file: file.path, message: `cannot read: ${(e as Error).message}` });
      return undefined;
    }
  }
  return undefined;
}

export async function scanPaths(paths: string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const loaded = await loadPaths(paths, opts.load);
  const run = runRules(loaded.estate, opts.config);
  return { estate: loaded.estate, findings: run.findings, errors: [...loaded.errors, ...run.errors], files: loaded.files };
}

export { runRules };
