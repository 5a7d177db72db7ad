import type { Finding, InputError } from '../engine/finding.js';

/** Everything a reporter may show. Reporters know findings, never sources or rules' logic. */
export interface Report {
  findings: Finding[];
  errors: InputError[];
  /** Files that were scanned. */
  files: string[];
  /** The working directory paths are relative to (SARIF's %SRCROOT%). */
  cwd: string;
  /** SARIF automationDetails.id prefix: "s3lint/check/" or "s3lint/audit/<account>/". */
  category?: string;
  toolVersion: string;
  /** How unknown findings are shown: as notes (default), or hidden from text/markdown output. */
  showUnknown?: boolean;
}

export type Reporter = (report: Report, options: { color: boolean }) => string;
