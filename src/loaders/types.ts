/**
 * The contract between discovery and the source loaders. A loader knows its format and nothing about rules.
 */
import type { InputError } from '../engine/finding.js';
import type { Estate } from '../model/index.js';

export interface CandidateFile {
  /** Path as shown to users and written in reports: relative to the working directory, forward slashes. */
  path: string;
  absPath: string;
  /** Named explicitly on the command line (a loader may accept any content it recognises). */
  explicit: boolean;
  size: number;
  /** The file's text (UTF-8, BOM stripped); read once and cached. Throws on unreadable files. */
  text(): string;
}

export interface LoadOptions {
  cwd: string;
  /** Terraform `--var name=value`. */
  tfVars: Record<string, string>;
  /** Terraform `--var-file`. */
  tfVarFiles: string[];
  /** CloudFormation `--parameter Name=Value`. */
  cfnParameters: Record<string, string>;
  /** CloudFormation parameters JSON files. */
  cfnParameterFiles: string[];
  /** Glob patterns of paths to skip during discovery (on top of the built-in ones). */
  ignore: string[];
  /** Files larger than this are skipped with a note. */
  maxFileSize: number;
}

export function defaultLoadOptions(cwd: string): LoadOptions {
  return {
    cwd,
    tfVars: {},
    tfVarFiles: [],
    cfnParameters: {},
    cfnParameterFiles: [],
    ignore: [],
    maxFileSize: 10 * 1024 * 1024,
  };
}

export interface LoadResult {
  estate: Estate;
  errors: InputError[];
  /** Files the loader read and understood (for the "N files scanned" summary). */
  files: string[];
}

export interface Loader {
  id: 'snapshot' | 'terraform' | 'terraform-plan' | 'cloudformation';
  /**
   * Whether this loader takes the file. Called in registry order; the first loader that claims a file gets it.
   * Must be cheap: decide on the extension first, and only then on content.
   */
  claims(file: CandidateFile): boolean;
  load(files: CandidateFile[], options: LoadOptions): Promise<LoadResult>;
}
