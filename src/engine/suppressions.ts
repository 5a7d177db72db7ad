/**
 * Suppressions are matched against findings after the rules ran: by the finding's location, the
 * declaration of its resource and the module calls it was reached through (a comment above a `module`
 * block covers that instance), by CloudFormation Metadata, and by configuration (bucket name or
 * resource address globs). Expired, unused and malformed suppressions come back as warnings.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import type { Estate, Provenance } from '../model/index.js';
import type { ConfigSuppressionEntry } from './config-file.js';
import type { Finding, InputError, Suppression } from './finding.js';
import { allRules, findRule } from './registry.js';
import { anchorLines, commentDirectives, metadataDirectives, type Directive } from './suppression-directives.js';
import { allResources, sourceRange } from '../model/index.js';

export interface SuppressionOptions {
  cwd: string;
  estate: Estate;
  /** Scanned files (display paths): their directives are read even when they have no finding (unused ones). */
  files: string[];
  config?: { file: string; entries: ConfigSuppressionEntry[] };
  /** Honour Checkov `checkov:skip=` and Trivy `trivy:ignore:` comments through the rules' peer ids. */
  honorPeers?: boolean;
  /** Ids of the rules that ran: unused suppressions of other rules are not reported. */
  ranRules: Set<string>;
  /** YYYY-MM-DD; defaults to today (UTC). */
  today?: string;
}

export interface SuppressionResult {
  findings: Finding[];
  notes: InputError[];
}

const YAML_LIKE = /\.(ya?ml|template|json)$/i;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Peer id → s3lint rule ids. Trivy ids are compared without the AVD- prefix. */
function peerIndex(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const add = (key: string, id: string) => map.set(key, [...(map.get(key) ?? []), id]);
  for (const r of allRules()) {
    for (const c of r.meta.peers.checkov ?? []) add(`checkov:${c.toUpperCase()}`, r.meta.id);
    for (const t of r.meta.peers.trivy ?? []) add(`trivy:${t.toUpperCase().replace(/^AVD-/, '')}`, r.meta.id);
  }
  return map;
}

interface Target {
  directive: Directive;
  /** Rule ids this directive suppresses (resolved). */
  ruleIds: Set<string>;
  /** Rule id → used. */
  used: Set<string>;
  expired: boolean;
}

class SourceCache {
  private readonly texts = new Map<string, string | null>();
  private readonly split = new Map<string, string[]>();
  constructor(private readonly cwd: string) {}
  text(file: string): string | undefined {
    if (!this.texts.has(file)) {
      try {
        this.texts.set(file, readFileSync(resolve(this.cwd, file), 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        this.texts.set(file, null);
      }
    }
    return this.texts.get(file) ?? undefined;
  }
  lines(file: string): string[] | undefined {
    let l = this.split.get(file);
    if (!l) {
      const text = this.text(file);
      if (text === undefined) return undefined;
      l = text.split(/\r?\n/);
      this.split.set(file, l);
    }
    return l;
  }
}

function resourceDeclarations(estate: Estate): Map<string, { at: Provenance; via: Provenance[] }> {
  const map = new Map<string, { at: Provenance; via: Provenance[] }>();
  for (const r of allResources(estate)) {
    map.set(r.address, { at: r.at, via: (r.context?.via ?? []).map((v) => v.at) });
  }
  return map;
}

export function applySuppressions(findings: Finding[], opts: SuppressionOptions): SuppressionResult {
  const now = opts.today ?? today();
  const cache = new SourceCache(opts.cwd);
  const peers = opts.honorPeers ? peerIndex() : new Map<string, string[]>();
  const notes: InputError[] = [];
  const note = (file: string, line: number | undefined, message: string) => {
    const n: InputError = { file, message, level: 'warning' };
    if (line !== undefined) n.line = line;
    notes.push(n);
  };

  // 1. Every directive in the scanned files, resolved to rule ids.
  const targets: Target[] = [];
  const byAnchor = new Map<string, Target[]>();
  const metadata: Target[] = [];
  // Scanned files, plus files only reached through findings (module sources outside the scanned paths).
  const files = new Set(opts.files);
  for (const f of findings) {
    for (const at of [f.at, ...(f.context?.via ?? []).map((v) => v.at)]) if (at.kind === 'source') files.add(at.file);
  }
  for (const file of [...files].sort()) {
    const text = cache.text(file);
    if (text === undefined) continue;
    const directives = [...commentDirectives(file, text, opts.honorPeers === true), ...(YAML_LIKE.test(file) ? metadataDirectives(file, text) : [])];
    for (const d of directives) {
      const label = describe(d);
      if (d.problem) {
        note(d.file, d.line, `${label} ${d.problem}`);
        continue;
      }
      const ruleIds = new Set<string>();
      for (const id of d.ids) {
        if (d.origin === 'checkov' || d.origin === 'trivy') {
          for (const r of peers.get(`${d.origin}:${id.toUpperCase().replace(/^AVD-/, '')}`) ?? []) ruleIds.add(r);
          continue;
        }
        const rule = findRule(id);
        if (rule) ruleIds.add(rule.meta.id);
        else note(d.file, d.line, `${label} names unknown rule "${id}" (see \`s3lint rules\`)`);
      }
      if (ruleIds.size === 0) continue;
      const expired = d.until !== undefined && d.until < now;
      const t: Target = { directive: d, ruleIds, used: new Set(), expired };
      if (expired) note(d.file, d.line, `${label} expired on ${d.until}: the findings it covered are reported again (reason was: ${d.reason})`);
      targets.push(t);
      if (d.range) metadata.push(t);
      else if (d.anchorLine !== undefined) {
        const key = `${d.file}\u0000${d.anchorLine}`;
        byAnchor.set(key, [...(byAnchor.get(key) ?? []), t]);
      }
    }
  }

  // 2. Match each finding.
  const declarations = resourceDeclarations(opts.estate);
  const config = (opts.config?.entries ?? []).map((e) => ({
    entry: e,
    rules: new Set(e.rules.map((r) => (r === '*' ? '*' : findRule(r)!.meta.id))),
    bucket: e.buckets ? picomatch(e.buckets, { dot: true }) : undefined,
    resource: e.resources ? picomatch(e.resources, { dot: true }) : undefined,
    used: false,
    expired: e.until !== undefined && e.until < now,
  }));
  for (const c of config) {
    if (c.expired) note(opts.config!.file, c.entry.line, `configuration suppression of ${[...c.rules].join(',')} expired on ${c.entry.until}: the findings it covered are reported again (reason was: ${c.entry.reason})`);
  }

  const out = findings.map((f) => {
    const suppressions: Suppression[] = [];
    const anchors = anchorsOf(f, declarations, cache);
    const seen = new Set<Target>();
    for (const key of anchors) {
      for (const t of byAnchor.get(key) ?? []) {
        if (seen.has(t) || !t.ruleIds.has(f.ruleId)) continue;
        seen.add(t);
        t.used.add(f.ruleId);
        if (!t.expired) suppressions.push(inSource(t.directive));
      }
    }
    for (const t of metadata) {
      if (seen.has(t) || !t.ruleIds.has(f.ruleId) || !inResource(f, t.directive, anchors)) continue;
      seen.add(t);
      t.used.add(f.ruleId);
      if (!t.expired) suppressions.push(inSource(t.directive));
    }
    for (const c of config) {
      if (!c.rules.has('*') && !c.rules.has(f.ruleId)) continue;
      const byBucket = c.bucket !== undefined && f.resource.name !== undefined && c.bucket(f.resource.name);
      const byResource = c.resource !== undefined && c.resource(f.resource.address);
      if (!byBucket && !byResource) continue;
      c.used = true;
      if (c.expired) continue;
      const s: Suppression = { kind: 'external', justification: c.entry.reason, at: sourceRange(opts.config!.file, c.entry.line, 1) };
      if (c.entry.until) s.until = c.entry.until;
      suppressions.push(s);
    }
    if (suppressions.length === 0) return f;
    return { ...f, suppressions: [...(f.suppressions ?? []), ...suppressions] };
  });

  // 3. Unused suppressions (of rules that ran; peer comments belong to their own tools and are not reported).
  for (const t of targets) {
    if (t.expired || t.directive.origin === 'checkov' || t.directive.origin === 'trivy') continue;
    const unused = [...t.ruleIds].filter((id) => opts.ranRules.has(id) && !t.used.has(id));
    if (unused.length > 0) note(t.directive.file, t.directive.line, `${describe(t.directive)} is unused: no ${unused.join(', ')} finding ${t.directive.range ? `in resource ${t.directive.range.logicalId}` : 'below it'}`);
  }
  for (const c of config) {
    if (c.expired || c.used) continue;
    const ids = [...c.rules];
    if (!ids.includes('*') && !ids.some((id) => opts.ranRules.has(id))) continue;
    note(opts.config!.file, c.entry.line, `configuration suppression of ${ids.join(',')} is unused: it matches no finding`);
  }
  notes.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
  return { findings: out, notes };
}

function describe(d: Directive): string {
  switch (d.origin) {
    case 's3lint':
      return `s3lint-ignore ${d.ids.join(',')}`.trimEnd();
    case 'cfn-metadata':
      return `Metadata s3lint ignore${d.ids.length > 0 ? ` ${d.ids.join(',')}` : ''}${d.range ? ` of ${d.range.logicalId}` : ''}`;
    default:
      return `${d.origin} suppression ${d.ids.join(',')}`;
  }
}

function inSource(d: Directive): Suppression {
  const s: Suppression = { kind: 'inSource', justification: d.reason ?? '', at: sourceRange(d.file, d.line, 1) };
  if (d.until) s.until = d.until;
  return s;
}

/** file\0line keys of every line the finding hangs from. */
function anchorsOf(f: Finding, declarations: Map<string, { at: Provenance; via: Provenance[] }>, cache: SourceCache): Set<string> {
  const keys = new Set<string>();
  const add = (at: Provenance | undefined) => {
    if (!at || at.kind !== 'source') return;
    const text = cache.lines(at.file);
    const lines = text === undefined ? [at.startLine] : anchorLines(text, at.startLine, YAML_LIKE.test(at.file));
    for (const l of lines) keys.add(`${at.file}\u0000${l}`);
  };
  add(f.at);
  const decl = declarations.get(f.resource.address);
  add(decl?.at);
  for (const v of [...(decl?.via ?? []), ...(f.context?.via ?? []).map((x) => x.at)]) add(v);
  return keys;
}

function inResource(f: Finding, d: Directive, anchors: Set<string>): boolean {
  const range = d.range!;
  const m = /^(.*)::([^:[\]]+)(?:\[.*\])?$/.exec(f.resource.address);
  if (m && m[1] === d.file && m[2] === range.logicalId) return true;
  for (const key of anchors) {
    const [file, line] = key.split('\u0000') as [string, string];
    const n = Number(line);
    if (file === d.file && n >= range.startLine && n <= range.endLine) return true;
  }
  return false;
}
