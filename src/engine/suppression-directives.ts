/**
 * Reading suppression directives from source text, without the loaders: comments
 * (`# s3lint-ignore S3L001,S3L002 -- reason until 2027-01-31`, also `//`), peer comments
 * (`checkov:skip=CKV_AWS_18:reason`, `trivy:ignore:AVD-AWS-0086`) and CloudFormation
 * `Metadata.s3lint.ignore` entries.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Directive {
  /** Where it is written (display path, 1-based line). */
  file: string;
  line: number;
  /** Rule ids/names as written; for peers, the peer ids. */
  ids: string[];
  reason?: string;
  until?: string;
  origin: 's3lint' | 'checkov' | 'trivy' | 'cfn-metadata';
  /** The line the directive applies to (comment directives), or the resource's line range (metadata). */
  anchorLine?: number;
  range?: { logicalId: string; startLine: number; endLine: number };
  /** Why the directive cannot be used, when it is malformed. */
  problem?: string;
}

const COMMENT = /^\s*(?:#|\/\/)\s?(.*)$/;
const S3LINT = /^s3lint-ignore(?:\s+(.*))?$/;
const BODY = /^(.*?)(?:\s+--\s*(.*?))?\s*$/;
const UNTIL = /^(.*?)\s+until\s+(\d{4}-\d{2}-\d{2})$/;
const CHECKOV = /checkov:skip=([A-Za-z0-9_]+)(?::(.*))?$/;
const TRIVY = /trivy:ignore:([A-Za-z0-9_-]+)/;

export function lineIndent(line: string): number {
  return line.length - line.trimStart().length;
}

export function isCommentLine(line: string): boolean {
  return COMMENT.test(line);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** The first line after the comment block that holds line `i` (0-based), or undefined when a blank line intervenes. */
function nextCode(lines: string[], i: number): number | undefined {
  for (let k = i + 1; k < lines.length; k++) {
    if (isBlank(lines[k]!)) return undefined;
    if (!isCommentLine(lines[k]!)) return k;
  }
  return undefined;
}

const parentCache = new WeakMap<string[], Int32Array>();

/**
 * For every line, the nearest code line above it with a smaller indentation (-1: none), in one pass.
 * A stack of open blocks is enough: a line that is popped had a later line at the same or a smaller
 * indentation, which is nearer and at least as enclosing.
 */
function parents(lines: string[]): Int32Array {
  let out = parentCache.get(lines);
  if (out) return out;
  out = new Int32Array(lines.length).fill(-1);
  const stack: { line: number; indent: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const indent = lineIndent(l);
    const code = !isBlank(l) && !isCommentLine(l);
    let top = stack.length - 1;
    while (top >= 0 && stack[top]!.indent >= indent) top--;
    out[i] = top >= 0 ? stack[top]!.line : -1;
    if (code) {
      stack.length = top + 1;
      stack.push({ line: i, indent });
    }
  }
  parentCache.set(lines, out);
  return out;
}

/** The nearest line above `i` with a smaller indentation (the enclosing block header), 0-based. */
function enclosing(lines: string[], i: number): number | undefined {
  const parent = parents(lines)[i] ?? -1;
  return parent >= 0 ? parent : undefined;
}

function parseS3lint(rest: string | undefined): Pick<Directive, 'ids' | 'reason' | 'until' | 'problem'> {
  const m = BODY.exec(rest ?? '')!;
  const ids = (m[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let reason = m[2]?.trim();
  let until: string | undefined;
  const u = reason !== undefined ? UNTIL.exec(reason) : null;
  if (u) {
    reason = u[1]!.trim();
    until = u[2];
  }
  const out: Pick<Directive, 'ids' | 'reason' | 'until' | 'problem'> = { ids };
  if (reason) out.reason = reason;
  if (until) out.until = until;
  if (ids.length === 0) out.problem = 'names no rule (write "# s3lint-ignore S3L001 -- why")';
  else if (!reason) out.problem = `has no reason and is ignored (write "# s3lint-ignore ${ids.join(',')} -- why")`;
  else if (until && Number.isNaN(Date.parse(`${until}T00:00:00Z`))) out.problem = `has an invalid date "${until}"`;
  return out;
}

/** Comment directives of one file. `peers` adds Checkov/Trivy comments. */
export function commentDirectives(file: string, text: string, peers: boolean): Directive[] {
  if (!text.includes('s3lint-ignore') && !(peers && (text.includes('checkov:skip') || text.includes('trivy:ignore')))) return [];
  const lines = text.split(/\r?\n/);
  const out: Directive[] = [];
  lines.forEach((line, i) => {
    const c = COMMENT.exec(line);
    if (!c) return;
    const body = c[1]!.trim();
    const s = S3LINT.exec(body);
    if (s) {
      const d: Directive = { file, line: i + 1, origin: 's3lint', ...parseS3lint(s[1]) };
      const anchor = nextCode(lines, i);
      if (anchor !== undefined) d.anchorLine = anchor + 1;
      out.push(d);
      return;
    }
    if (!peers) return;
    const ck = CHECKOV.exec(body);
    if (ck) {
      // Checkov reads its skip comments anywhere inside the resource: an indented one applies to its enclosing block.
      const anchor = lineIndent(line) > 0 ? enclosing(lines, i) : nextCode(lines, i);
      const d: Directive = { file, line: i + 1, origin: 'checkov', ids: [ck[1]!], reason: ck[2]?.trim() || `checkov:skip=${ck[1]}` };
      if (anchor !== undefined) d.anchorLine = anchor + 1;
      out.push(d);
      return;
    }
    const tv = TRIVY.exec(body);
    if (tv) {
      const anchor = nextCode(lines, i);
      const d: Directive = { file, line: i + 1, origin: 'trivy', ids: [tv[1]!], reason: `trivy:ignore:${tv[1]}` };
      if (anchor !== undefined) d.anchorLine = anchor + 1;
      out.push(d);
    }
  });
  return out;
}

/**
 * The lines a finding at `line` hangs from: the line itself and its enclosing blocks by indentation
 * (attribute → nested block → resource). Top-level YAML sections (`Resources:`) are not anchors.
 */
export function anchorLines(text: string | string[], line: number, yamlLike: boolean): number[] {
  const lines = typeof text === 'string' ? text.split(/\r?\n/) : text;
  const out = [line];
  let i = line - 1;
  while (i >= 0 && i < lines.length) {
    const up = enclosing(lines, i);
    if (up === undefined) break;
    if (yamlLike && lineIndent(lines[up]!) === 0) break;
    out.push(up + 1);
    i = up;
  }
  return out;
}

interface MetaEntry {
  id?: unknown;
  reason?: unknown;
  until?: unknown;
}

/** `Metadata.s3lint.ignore` entries of a CloudFormation template (YAML or JSON). Not a template: []. */
export function metadataDirectives(file: string, text: string): Directive[] {
  if (!text.includes('s3lint') || !text.includes('Resources')) return [];
  const counter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, logLevel: 'silent' });
  } catch {
    return [];
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const resources = doc.contents.get('Resources', true);
  if (!isMap(resources)) return [];
  const lineAt = (n: Node | undefined | null): number | undefined => (n?.range ? counter.linePos(n.range[0]).line : undefined);
  const out: Directive[] = [];
  for (const pair of resources.items) {
    const logicalId = String((pair.key as { value?: unknown })?.value ?? pair.key);
    const res = pair.value as Node | null;
    if (!isMap(res)) continue;
    const ignore = (res.getIn(['Metadata', 's3lint', 'ignore'], true) ?? null) as Node | null;
    if (ignore === null) continue;
    const startLine = lineAt(pair.key as Node) ?? 1;
    const endLine = res.range ? counter.linePos(Math.max(res.range[1] - 1, res.range[0])).line : startLine;
    const range = { logicalId, startLine, endLine };
    if (!isSeq(ignore)) {
      out.push({ file, line: lineAt(ignore) ?? startLine, ids: [], origin: 'cfn-metadata', range, problem: 'Metadata.s3lint.ignore must be a list of {id, reason, until}' });
      continue;
    }
    for (const item of ignore.items) {
      const line = lineAt(item as Node) ?? startLine;
      const entry = ((item as Node & { toJSON(): unknown }).toJSON?.() ?? {}) as MetaEntry;
      const ids = typeof entry.id === 'string' ? entry.id.split(',').map((s) => s.trim()).filter(Boolean) : [];
      const d: Directive = { file, line, ids, origin: 'cfn-metadata', range };
      if (typeof entry.reason === 'string' && entry.reason.trim() !== '') d.reason = entry.reason.trim();
      if (typeof entry.until === 'string') d.until = entry.until;
      if (ids.length === 0) d.problem = 'names no rule (an entry needs "id")';
      else if (!d.reason) d.problem = 'has no reason and is ignored (an entry needs "reason")';
      else if (d.until !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(d.until) || Number.isNaN(Date.parse(`${d.until}T00:00:00Z`)))) d.problem = `has an invalid date "${d.until}" (expected YYYY-MM-DD)`;
      out.push(d);
    }
  }
  return out;
}
