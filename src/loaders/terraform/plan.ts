/** Terraform plan JSON (`terraform show -json`): detection by content. */
import type { CandidateFile, LoadOptions, LoadResult } from '../types.js';
import { emptyEstate } from '../../model/index.js';

/** Cheap content sniff: a plan has format_version and planned_values or configuration at the top level. */
export function isPlanJson(file: CandidateFile): boolean {
  const head = file.text().slice(0, 4096);
  if (!/^\s*\{/.test(head) || !head.includes('"format_version"')) return false;
  const text = file.text();
  return text.includes('"planned_values"') || text.includes('"configuration"');
}

export async function loadPlans(_files: CandidateFile[], _options: LoadOptions): Promise<LoadResult> {
  return { estate: emptyEstate(), errors: [], files: [] };
}
