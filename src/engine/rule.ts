/**
 * The contract between the engine and the rules in rules/. A rule is metadata + a pure check()
 * over the Estate; it never knows which source produced the model.
 */
import type { Estate, Provenance } from '../model/index.js';
import type { Severity } from './severity.js';

export type FixFormat = 'terraform' | 'cloudformation' | 'snapshot' | 'cli';

export interface RuleDocs {
  /** What the rule checks, one paragraph. */
  what: string;
  /** Why it matters: the cost, data or availability consequence, with AWS's own facts. */
  why: string;
  /** A failing configuration, per format. */
  example: Partial<Record<FixFormat, string>>;
  /** The corrected configuration, per format. */
  fix: Partial<Record<FixFormat, string>>;
  references: string[];
}

export interface PeerIds {
  checkov?: string[];
  trivy?: string[];
  kics?: string[];
  cfnNag?: string[];
  prowler?: string[];
  securityHub?: string[];
}

export interface RuleMeta {
  /** Stable id, never changed once released ("S3L001"). */
  id: string;
  /** Short kebab-case name ("abort-incomplete-multipart-upload"), also accepted wherever an id is. */
  name: string;
  /** Former ids and names, accepted in configuration and suppressions. */
  aliases?: string[];
  title: string;
  defaultSeverity: Severity;
  /** GitHub code scanning security-severity, 0.1 to 10. */
  securitySeverity: number;
  tags: string[];
  /** Rules that are policy choices rather than defects are off by default. */
  enabledByDefault: boolean;
  /** Presets that enable this rule ("recommended", "strict", "fsbp"). */
  presets: string[];
  docs: RuleDocs;
  peers: PeerIds;
  /** JSON Schema of the rule's options, and the defaults. */
  optionsSchema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
}

export interface RelatedLocation {
  message: string;
  at: Provenance;
}

/** What a rule reports. The engine adds rule id, fingerprint and final severity. */
export interface FindingInput {
  /** The resource the finding is about. */
  resource: { kind: 'bucket' | 'account' | 'vpc-endpoint' | 'access-point' | 'key-producer'; address: string; name?: string };
  /** Model path of the offending setting ("publicAccessBlock.blockPublicAcls"); part of the fingerprint. */
  path: string;
  message: string;
  /** Where to point: the offending value, or the resource declaration when the setting is missing. */
  at: Provenance;
  /** Defaults to the rule's severity. */
  severity?: Severity;
  /**
   * 'violation': the configuration is wrong. 'unknown': the rule could not decide because a value it
   * needs is unknown; shown as a note by default, never counted as a pass.
   */
  kind?: 'violation' | 'unknown';
  related?: RelatedLocation[];
  /** Extra discriminator for the fingerprint when one resource+path can yield several findings. */
  discriminator?: string;
  /** Machine-readable details for JSON output (e.g. the key-layout estimate). */
  properties?: Record<string, unknown>;
}

export interface RuleContext<O = Record<string, unknown>> {
  estate: Estate;
  options: O;
  report(finding: FindingInput): void;
}

export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta;
  check(ctx: RuleContext<O>): void;
}

export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}
