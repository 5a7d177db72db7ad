import type { Provenance, ResourceContext } from '../model/index.js';
import type { FindingInput, RelatedLocation } from './rule.js';
import type { Severity } from './severity.js';

export interface Suppression {
  kind: 'inSource' | 'external';
  justification: string;
  /** Where the suppression is written (comment line, metadata, config file). */
  at?: Provenance;
  until?: string;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  kind: 'violation' | 'unknown';
  message: string;
  at: Provenance;
  resource: FindingInput['resource'];
  path: string;
  related: RelatedLocation[];
  context?: ResourceContext;
  /** Stable across unrelated edits: rule + resource identity + setting path. */
  fingerprint: string;
  properties?: Record<string, unknown>;
  suppressions?: Suppression[];
}

/** A problem with an input file: the file is reported, the rest of the scan goes on, exit code 2. */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** 'error' fails the run (exit 2); 'note' is informational (e.g. a skipped oversized file, a remote module). */
  level?: 'error' | 'warning' | 'note';
}
