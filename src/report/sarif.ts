/**
 * SARIF 2.1.0 for GitHub code scanning: rules with help and security-severity, results with 1-based
 * regions in UTF-16 columns, partialFingerprints that ignore line moves, automationDetails for categories.
 */
import type * as Sarif from 'sarif';
import { pathToFileURL } from 'node:url';
import type { Finding, InputError } from '../engine/finding.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Severity } from '../engine/severity.js';
import { allRules } from '../engine/registry.js';
import type { Provenance } from '../model/index.js';
import { ruleMarkdown } from './rule-docs.js';
import type { Report, Reporter } from './types.js';

export const FINGERPRINT_KEY = 's3lint/v1';
const SRCROOT = '%SRCROOT%';

export function sarifLevel(severity: Severity, kind: Finding['kind']): Sarif.Result.level {
  if (kind === 'unknown') return 'note';
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

function ruleDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.what },
    help: { text: `${meta.docs.what}\n\n${meta.docs.why}`, markdown: ruleMarkdown(meta) },
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity, 'violation'), enabled: meta.enabledByDefault },
    properties: {
      tags: ['security', ...meta.tags.filter((t) => t !== 'security')].slice(0, 10),
      precision: 'high',
      'security-severity': meta.securitySeverity.toFixed(1),
      problem: { severity: meta.defaultSeverity },
    },
  };
}

/** A URI for a finding that comes from an API call: a stable pseudo-path GitHub accepts as a location. */
export function apiArtifactUri(at: Extract<Provenance, { kind: 'api' }>): string {
  const name = at.resource.replace(/^arn:aws[\w-]*:s3:::/, '').replace(/^arn:aws[\w-]*:/, '');
  return `aws/${name.replace(/[^A-Za-z0-9._/-]/g, '_')}`;
}

function location(at: Provenance, message?: string): Sarif.Location {
  const loc: Sarif.Location =
    at.kind === 'source'
      ? {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(at.file), uriBaseId: SRCROOT },
            region: { startLine: at.startLine, startColumn: at.startColumn, endLine: Math.max(at.endLine, at.startLine), endColumn: Math.max(at.endColumn, at.endLine > at.startLine ? 1 : at.startColumn) },
          },
        }
      : {
          physicalLocation: { artifactLocation: { uri: apiArtifactUri(at), uriBaseId: SRCROOT }, region: { startLine: 1 } },
          logicalLocations: [{ name: at.resource, fullyQualifiedName: `${at.resource}#${at.call}`, kind: 'resource' }],
        };
  if (message) loc.message = { text: message };
  return loc;
}

function result(f: Finding, ruleIndex: Map<string, number>): Sarif.Result {
  const primary = location(f.at);
  primary.logicalLocations = [
    ...(primary.logicalLocations ?? []),
    { name: f.resource.name ?? f.resource.address, fullyQualifiedName: f.resource.address, kind: f.resource.kind },
  ];
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    level: sarifLevel(f.severity, f.kind),
    kind: f.kind === 'unknown' ? 'review' : 'fail',
    message: { text: f.message },
    locations: [primary],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { severity: f.severity, path: f.path, resource: f.resource, ...(f.properties ?? {}) },
  };
  const index = ruleIndex.get(f.ruleId);
  if (index !== undefined) r.ruleIndex = index;
  const related = [...(f.context?.via ?? []).map((v) => ({ message: `via ${v.label}`, at: v.at })), ...f.related];
  if (related.length > 0) r.relatedLocations = related.map((x, id) => ({ ...location(x.at, x.message), id }));
  if (f.suppressions && f.suppressions.length > 0) {
    r.suppressions = f.suppressions.map((s) => {
      const out: Sarif.Suppression = { kind: s.kind, justification: s.justification, status: 'accepted' };
      if (s.at) out.location = location(s.at);
      return out;
    });
  }
  return r;
}

function notification(e: InputError): Sarif.Notification {
  const n: Sarif.Notification = { level: e.level === 'note' ? 'note' : e.level === 'warning' ? 'warning' : 'error', message: { text: e.message } };
  const region: Sarif.Region = {};
  if (e.line !== undefined) region.startLine = e.line;
  if (e.column !== undefined) region.startColumn = e.column;
  n.locations = [{ physicalLocation: { artifactLocation: { uri: encodeURI(e.file), uriBaseId: SRCROOT }, ...(e.line !== undefined ? { region } : {}) } }];
  return n;
}

export function buildSarif(report: Report): Sarif.Log {
  const rules = allRules().map((r) => r.meta);
  const ruleIndex = new Map(rules.map((m, i) => [m.id, i]));
  const root = pathToFileURL(report.cwd.endsWith('/') ? report.cwd : report.cwd + '/').href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 's3lint',
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            informationUri: 'https://github.com/s3lint/s3lint',
            rules: rules.map(ruleDescriptor),
          },
        },
        automationDetails: { id: report.category ?? 's3lint/check/' },
        originalUriBaseIds: { [SRCROOT]: { uri: root } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.errors.every((e) => (e.level ?? 'error') !== 'error'),
            toolExecutionNotifications: report.errors.map(notification),
          },
        ],
        results: report.findings.map((f) => result(f, ruleIndex)),
      },
    ],
  };
}

export const sarifReporter: Reporter = (report) => JSON.stringify(buildSarif(report), null, 2) + '\n';
