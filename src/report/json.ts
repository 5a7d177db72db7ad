import { summarize } from './summary.js';
import type { Report, Reporter } from './types.js';

export const JSON_REPORT_VERSION = 1;

export const jsonReporter: Reporter = (report: Report) =>
  JSON.stringify(
    {
      s3lintReport: JSON_REPORT_VERSION,
      tool: { name: 's3lint', version: report.toolVersion },
      summary: summarize(report),
      findings: report.findings,
      errors: report.errors,
      files: report.files,
    },
    null,
    2,
  ) + '\n';
