/**
 * A self-contained HTML audit report: no scripts, no external assets (a Content-Security-Policy forbids
 * them), every value from the inputs escaped. Summary by severity and rule, one section per bucket or
 * resource, and a bar chart of the key-layout estimate of S3L006 findings.
 */
import type { Finding, InputError } from '../engine/finding.js';
import { findRule } from '../engine/registry.js';
import { SEVERITIES, type Severity } from '../engine/severity.js';
import { GET_CEILING_PER_PREFIX, PUT_CEILING_PER_PREFIX } from '../keys/estimate.js';
import { groupByResource, isSuppressed, locationText } from './group.js';
import { summarize } from './summary.js';
import type { Report, Reporter } from './types.js';

export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COLORS: Record<Severity | 'unknown' | 'suppressed', string> = {
  critical: '#7b1fa2',
  high: '#c62828',
  medium: '#ef6c00',
  low: '#0277bd',
  info: '#607d8b',
  unknown: '#9e9e9e',
  suppressed: '#bdbdbd',
};

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header,main{max-width:1100px;margin:0 auto;padding:16px 24px}
header{border-bottom:1px solid #ddd;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}
th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right;font-variant-numeric:tabular-nums;width:6em}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.bar{display:inline-block;height:10px;vertical-align:middle}
.muted{color:#666}.sup{color:#777}
section.resource{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:4px 16px 8px;margin:12px 0}
nav ol{columns:2;padding-left:20px}
figure{margin:8px 0}figcaption{font-size:12px;color:#555}
`;

function sevBadge(f: Finding): string {
  const key = isSuppressed(f) ? 'suppressed' : f.kind === 'unknown' ? 'unknown' : f.severity;
  return `<span class="sev" style="background:${COLORS[key]}">${html(key)}</span>`;
}

function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** Per-prefix request rate now and with the suggested layout, against S3's per-prefix ceilings. */
export function keyLayoutChart(f: Finding): string {
  const p = f.properties ?? {};
  const est = (p.estimate ?? {}) as Record<string, unknown>;
  const sug = (p.suggestion ?? {}) as Record<string, unknown>;
  const put = num(est.perPrefixPut);
  const get = num(est.perPrefixGet);
  if (put === undefined && get === undefined) return '';
  const shards = Math.max(1, num(sug.prefixes) ?? 1);
  const bars: { label: string; value: number; ceiling: number; color: string }[] = [];
  if (put !== undefined) {
    bars.push({ label: 'PUT/s per prefix now', value: put, ceiling: PUT_CEILING_PER_PREFIX, color: '#c62828' });
    if (shards > 1) bars.push({ label: `PUT/s per prefix, ${shards} shards`, value: put / shards, ceiling: PUT_CEILING_PER_PREFIX, color: '#2e7d32' });
  }
  if (get !== undefined) {
    bars.push({ label: 'GET/s per prefix now', value: get, ceiling: GET_CEILING_PER_PREFIX, color: '#ef6c00' });
    if (shards > 1) bars.push({ label: `GET/s per prefix, ${shards} shards`, value: get / shards, ceiling: GET_CEILING_PER_PREFIX, color: '#558b2f' });
  }
  const max = Math.max(...bars.map((b) => Math.max(b.value, b.ceiling))) * 1.1;
  const width = 640;
  const labelW = 210;
  const plot = width - labelW - 70;
  const rowH = 24;
  const height = bars.length * rowH + 10;
  const x = (v: number) => labelW + (v / max) * plot;
  const rows = bars
    .map((b, i) => {
      const y = 5 + i * rowH;
      const cx = x(b.ceiling).toFixed(1);
      return (
        `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end" font-size="11">${html(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${Math.max(1, x(b.value) - labelW).toFixed(1)}" height="14" fill="${b.color}"><title>${html(`${b.label}: ${Math.round(b.value)}`)}</title></rect>` +
        `<text x="${(x(b.value) + 4).toFixed(1)}" y="${y + 14}" font-size="11">${html(String(Math.round(b.value)))}</text>` +
        `<line x1="${cx}" x2="${cx}" y1="${y}" y2="${y + rowH - 2}" stroke="#000" stroke-dasharray="3,2"><title>${html(`ceiling ${b.ceiling}/s per prefix`)}</title></line>`
      );
    })
    .join('');
  const template = typeof p.template === 'string' ? p.template : '';
  const suggested = typeof sug.template === 'string' ? sug.template : '';
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${html(`key layout estimate for ${template}`)}">${rows}</svg>` +
    `<figcaption>Layout <code>${html(template)}</code>${suggested ? ` → suggested <code>${html(suggested)}</code>` : ''}. Dashed lines: S3's per-prefix ceilings (${PUT_CEILING_PER_PREFIX} PUT/s, ${GET_CEILING_PER_PREFIX} GET/s).</figcaption></figure>`
  );
}

function findingRows(findings: Finding[]): string {
  return findings
    .map((f) => {
      const extra: string[] = [];
      for (const v of f.context?.via ?? []) extra.push(`<div class="muted">via ${html(v.label)} at <code>${html(locationText(v.at))}</code></div>`);
      for (const r of f.related) extra.push(`<div class="muted">${html(r.message)} (<code>${html(locationText(r.at))}</code>)</div>`);
      if (isSuppressed(f)) extra.push(`<div class="sup">suppressed: ${html(f.suppressions!.map((s) => `${s.justification}${s.until ? ` (until ${s.until})` : ''}`).join('; '))}</div>`);
      const chart = f.ruleId === 'S3L006' ? keyLayoutChart(f) : '';
      return `<tr><td>${sevBadge(f)}</td><td><code>${html(f.ruleId)}</code><br><span class="muted">${html(f.ruleName)}</span></td><td><code>${html(locationText(f.at))}</code></td><td>${html(f.message)}${extra.join('')}${chart}</td></tr>`;
    })
    .join('\n');
}

function errorRows(errors: InputError[]): string {
  return errors
    .map((e) => `<tr><td>${html(e.level ?? 'error')}</td><td><code>${html(e.line !== undefined ? `${e.file}:${e.line}` : e.file)}</code></td><td>${html(e.message)}</td></tr>`)
    .join('\n');
}

export const htmlReporter: Reporter = (report: Report) => {
  const s = summarize(report);
  const shown = report.findings.filter((f) => f.kind === 'violation' || isSuppressed(f) || report.showUnknown !== false);
  const maxSev = Math.max(1, ...SEVERITIES.map((sev) => s.bySeverity[sev]), s.unknown, s.suppressed);
  const sevRows = [...SEVERITIES.slice().reverse().map((sev) => [sev, s.bySeverity[sev]] as const), ['unknown', s.unknown] as const, ['suppressed', s.suppressed] as const]
    .map(([label, n]) => `<tr><td>${html(label)}</td><td class="n">${n}</td><td><span class="bar" style="width:${Math.round((n / maxSev) * 300)}px;background:${COLORS[label]}"></span></td></tr>`)
    .join('\n');
  const byRule = new Map<string, { active: number; unknown: number; suppressed: number }>();
  for (const f of report.findings) {
    const r = byRule.get(f.ruleId) ?? { active: 0, unknown: 0, suppressed: 0 };
    if (isSuppressed(f)) r.suppressed++;
    else if (f.kind === 'unknown') r.unknown++;
    else r.active++;
    byRule.set(f.ruleId, r);
  }
  const ruleRows = [...byRule.entries()]
    .sort()
    .map(([id, r]) => {
      const meta = findRule(id)?.meta;
      return `<tr><td><code>${html(id)}</code> ${html(meta?.name ?? '')}</td><td>${html(meta?.title ?? '')}</td><td class="n">${r.active}</td><td class="n">${r.unknown}</td><td class="n">${r.suppressed}</td></tr>`;
    })
    .join('\n');
  const groups = groupByResource(shown);
  const toc = groups.map((g, i) => `<li><a href="#r${i}">${html(g.title)}</a> <span class="muted">(${g.findings.length})</span></li>`).join('');
  const sections = groups
    .map(
      (g, i) =>
        `<section class="resource" id="r${i}"><h3>${html(g.title)}</h3><div class="muted">${html(g.kind)} <code>${html(g.address)}</code></div>` +
        `<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead><tbody>\n${findingRows(g.findings)}\n</tbody></table></section>`,
    )
    .join('\n');
  const title = `s3lint report: ${s.findings} finding${s.findings === 1 ? '' : 's'}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${html(title)}</h1><div class="muted">s3lint ${html(report.toolVersion)} · ${s.files} file${s.files === 1 ? '' : 's'} · ${s.unknown} unknown · ${s.suppressed} suppressed · ${s.inputErrors} input error${s.inputErrors === 1 ? '' : 's'}</div></header>
<main>
<h2 id="summary">Summary by severity</h2>
<table class="summary"><thead><tr><th>Severity</th><th>Findings</th><th></th></tr></thead><tbody>
${sevRows}
</tbody></table>
<h2 id="rules">Summary by rule</h2>
${ruleRows ? `<table><thead><tr><th>Rule</th><th>Title</th><th>Findings</th><th>Unknown</th><th>Suppressed</th></tr></thead><tbody>\n${ruleRows}\n</tbody></table>` : '<p>No findings.</p>'}
<h2 id="resources">Buckets and resources</h2>
${groups.length > 0 ? `<nav><ol>${toc}</ol></nav>\n${sections}` : '<p>No findings.</p>'}
${report.errors.length > 0 ? `<h2 id="notes">Notes and input errors</h2><table><thead><tr><th>Level</th><th>Where</th><th>Message</th></tr></thead><tbody>\n${errorRows(report.errors)}\n</tbody></table>` : ''}
</main>
</body>
</html>
`;
};
