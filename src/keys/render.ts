/**
 * Output of `s3lint keys`: the prefix tree with traffic share, the detected layout, the estimate and the
 * suggestion, as text, JSON or a self-contained HTML page (every value escaped).
 */
import { GET_CEILING_PER_PREFIX, PUT_CEILING_PER_PREFIX } from './estimate.js';
import { HEURISTIC_NOTE, LAYOUT_LABELS } from './evidence.js';
import type { SegmentKind } from './segments.js';
import type { KeyListAnalysis } from './stream.js';
import type { TrieNode } from './trie.js';

export interface TreeRow {
  /** Segment text (with a trailing "/" when keys continue below it); "…" rows aggregate the rest. */
  label: string;
  keys: number;
  /** Share of all keys (0..1): the proxy for request traffic. */
  share: number;
  /** What the segment looks like: "date yyyy", "hash hex shard", "static word"... */
  kind: string;
  children: TreeRow[];
}

export interface TreeOptions {
  /** Levels shown. */
  depth: number;
  /** Children shown per node; the rest are summed into one "… more" row. */
  top: number;
}

export const DEFAULT_TREE_OPTIONS: TreeOptions = { depth: 4, top: 8 };

function dominantKind(node: TrieNode): SegmentKind {
  if (!node.kinds) return node.cls.kind;
  let best: SegmentKind = node.cls.kind;
  let n = -1;
  for (const [k, c] of Object.entries(node.kinds) as [SegmentKind, number][]) {
    if (c > n) {
      best = k;
      n = c;
    }
  }
  return best;
}

function rowFor(node: TrieNode, total: number, level: number, opts: TreeOptions): TreeRow {
  const hasBelow = (node.children?.size ?? 0) > 0 || node.overflow !== undefined || node.deeper > 0;
  let label: string;
  let kind: string;
  if (node.isOverflow) {
    const distinct = node.distinct?.size ?? 0;
    label = `… ${distinct.toLocaleString('en-US')}+ other values${hasBelow ? '/' : ''}`;
    kind = dominantKind(node);
  } else {
    label = `${node.text}${hasBelow ? '/' : ''}`;
    kind = `${node.cls.kind} ${node.cls.detail}`;
  }
  return {
    label,
    keys: node.count,
    share: total === 0 ? 0 : node.count / total,
    kind,
    children: level + 1 < opts.depth ? childRows(node, total, level + 1, opts) : [],
  };
}

function childRows(node: TrieNode, total: number, level: number, opts: TreeOptions): TreeRow[] {
  const children = node.children ? [...node.children.values()] : [];
  if (node.overflow) children.push(node.overflow);
  children.sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const shown = children.slice(0, opts.top).map((c) => rowFor(c, total, level, opts));
  const rest = children.slice(opts.top);
  if (rest.length > 0) {
    const keys = rest.reduce((a, c) => a + c.count, 0);
    const values = rest.reduce((a, c) => a + (c.isOverflow ? (c.distinct?.size ?? 1) : 1), 0);
    shown.push({
      label: `… ${values.toLocaleString('en-US')}${rest.some((c) => c.isOverflow) ? '+' : ''} more`,
      keys,
      share: total === 0 ? 0 : keys / total,
      kind: '',
      children: [],
    });
  }
  return shown;
}

export function prefixTree(result: KeyListAnalysis, opts: TreeOptions = DEFAULT_TREE_OPTIONS): TreeRow[] {
  return childRows(result.trie.root, result.keys, 0, opts);
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function num(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const FORMAT_LABEL = { lines: 'one key per line', 'inventory-csv': 'S3 Inventory CSV' } as const;

function treeLines(rows: TreeRow[], indent: string, out: string[]): void {
  for (const row of rows) {
    const label = `${indent}${row.label}`;
    out.push(`  ${label.padEnd(56)} ${pct(row.share).padStart(6)}  ${num(row.keys).padStart(11)}  ${row.kind}`.trimEnd());
    treeLines(row.children, `${indent}  `, out);
  }
}

export function renderText(result: KeyListAnalysis, opts: TreeOptions = DEFAULT_TREE_OPTIONS): string {
  const out: string[] = [];
  out.push(`${num(result.keys)} keys (${FORMAT_LABEL[result.format]})`);
  if (result.keys === 0) return `${out[0]}: nothing to analyse.\n`;
  out.push('');
  out.push('Prefix tree (share of keys, a proxy for request traffic):');
  treeLines(prefixTree(result, opts), '', out);
  out.push('');
  const a = result.analysis;
  out.push(`Layout: ${LAYOUT_LABELS[a.layout]}`);
  out.push(`  template: ${a.template}`);
  out.push(`  ${a.reason}`);
  out.push('');
  out.push(`Estimate: ${result.estimateText}`);
  out.push(`  (ceilings: ${num(PUT_CEILING_PER_PREFIX)} PUT/s and ${num(GET_CEILING_PER_PREFIX)} GET/s per partitioned prefix)`);
  if (result.suggestion) out.push(`Suggestion: ${result.suggestion.text}`);
  else out.push('Suggestion: none needed; the layout spreads the current traffic.');
  out.push('');
  out.push(HEURISTIC_NOTE);
  return `${out.join('\n')}\n`;
}

export function toJson(result: KeyListAnalysis, opts: TreeOptions = DEFAULT_TREE_OPTIONS): Record<string, unknown> {
  const a = result.analysis;
  const e = result.estimate;
  if (result.keys === 0) return { keys: 0, inputFormat: result.format, layout: null, tree: [] };
  return {
    keys: result.keys,
    inputFormat: result.format,
    layout: a.layout,
    template: a.template,
    staticPrefix: a.staticPrefix,
    reason: a.reason,
    estimate: {
      putRate: e.rates.put,
      getRate: e.rates.get,
      hotPrefixes: e.hotPrefixes,
      perPrefixPut: Math.round(e.perPrefixPut),
      perPrefixGet: Math.round(e.perPrefixGet),
      putCeiling: PUT_CEILING_PER_PREFIX,
      getCeiling: GET_CEILING_PER_PREFIX,
      shareAboveCeiling: Math.round(e.shareAboveCeiling * 1000) / 1000,
      exceedsCeiling: e.exceedsCeiling,
      text: result.estimateText,
    },
    suggestion: result.suggestion
      ? { kind: result.suggestion.kind, template: result.suggestion.template, prefixes: result.suggestion.prefixes, text: result.suggestion.text }
      : null,
    tree: prefixTree(result, opts),
    note: HEURISTIC_NOTE,
  };
}

export function renderJson(result: KeyListAnalysis, opts: TreeOptions = DEFAULT_TREE_OPTIONS): string {
  return `${JSON.stringify(toJson(result, opts), null, 2)}\n`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlTree(rows: TreeRow[]): string {
  if (rows.length === 0) return '';
  const items = rows.map((r) => {
    const bar = `<span class="bar" style="width:${Math.max(0, Math.min(100, r.share * 100)).toFixed(1)}%"></span>`;
    const line = `<span class="seg">${escapeHtml(r.label)}</span> <span class="share">${escapeHtml(pct(r.share))}</span> <span class="n">${escapeHtml(num(r.keys))}</span> <span class="kind">${escapeHtml(r.kind)}</span>${bar}`;
    return r.children.length > 0 ? `<li><details open><summary>${line}</summary>${htmlTree(r.children)}</details></li>` : `<li>${line}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

export function renderHtml(result: KeyListAnalysis, opts: TreeOptions = DEFAULT_TREE_OPTIONS): string {
  const a = result.analysis;
  const risky = a.layout === 'date-first' || a.layout === 'time-ordered-id-first';
  const e = escapeHtml;
  if (result.keys === 0) {
    return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>s3lint keys</title></head><body><h1>No keys to analyse</h1></body></html>\n`;
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>s3lint keys: ${e(LAYOUT_LABELS[a.layout])}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:72em;color:#222}
code{background:#f3f3f3;padding:0 .25em}
.risk{color:#a40000}.ok{color:#176b00}
ul{list-style:none;padding-left:1.2em;margin:0}
li{margin:.1em 0}
.seg{font-family:ui-monospace,monospace}
.share{display:inline-block;min-width:4.5em;text-align:right;font-variant-numeric:tabular-nums}
.n{display:inline-block;min-width:7em;text-align:right;color:#666;font-variant-numeric:tabular-nums}
.kind{color:#666;margin-left:1em}
.bar{display:block;height:3px;background:#4a7bd0;margin:1px 0 2px}
</style></head><body>
<h1>Key layout: <span class="${risky ? 'risk' : 'ok'}">${e(LAYOUT_LABELS[a.layout])}</span></h1>
<p>${e(num(result.keys))} keys (${e(FORMAT_LABEL[result.format])}).</p>
<p>Template: <code>${e(a.template)}</code></p>
<p>${e(a.reason)}</p>
<h2>Estimate</h2>
<p>${e(result.estimateText)}</p>
<h2>Suggestion</h2>
<p>${result.suggestion ? `${e(result.suggestion.summary)}: <code>${e(result.suggestion.template)}</code>` : 'None needed; the layout spreads the current traffic.'}</p>
<h2>Prefix tree</h2>
<p>Share of keys, a proxy for request traffic.</p>
${htmlTree(prefixTree(result, opts))}
<p><small>${e(HEURISTIC_NOTE)}</small></p>
</body></html>
`;
}
