/**
 * The CloudFormation loader: YAML/JSON templates, SAM templates and CDK output (cdk.out/*.template.json)
 * into the model. Parsing keeps positions for every node; intrinsics are evaluated (evaluate.ts), and
 * conditions that cannot be decided produce one resource per value (variants.ts).
 */
import type { InputError } from '../../engine/finding.js';
import { mergeEstates, unknown, type Bucket, type Estate } from '../../model/index.js';
import type { CandidateFile, Loader, LoadOptions, LoadResult } from '../types.js';
import { buildTemplate, type DetachedPolicy } from './build.js';
import type { ParameterInputs } from './evaluate.js';
import type { CfnNode } from './node.js';
import { loadParameters } from './parameters.js';
import { parseJsonTemplate } from './parse-json.js';
import { parseYamlTemplate, type ParseFailure } from './parse-yaml.js';
import { hasTemplateExtension, isJsonSource, looksLikeTemplate } from './sniff.js';
import { readTemplate, type Template } from './template.js';

export const cloudFormationLoader: Loader = {
  id: 'cloudformation',
  claims(file: CandidateFile): boolean {
    if (!hasTemplateExtension(file.path)) return false;
    try {
      return looksLikeTemplate(file.text());
    } catch {
      return false;
    }
  },
  load: loadTemplates,
};

export type TemplateParse = { template: Template } | { error: InputError } | { skipped: true };

/** Parse one template file; `skipped` when it parses but is not a template after all. */
export function parseTemplateFile(path: string, text: string): TemplateParse {
  const parsed: CfnNode | ParseFailure = isJsonSource(path, text) ? parseJsonTemplate(path, text) : parseYamlTemplate(path, text);
  if (!('kind' in parsed)) {
    return { error: { file: path, line: parsed.line, column: parsed.column, message: `CloudFormation template: ${parsed.message}`, level: 'error' } };
  }
  if (parsed.kind !== 'map') return { skipped: true };
  const hasTemplateKeys = parsed.entries.some((e) => e.key === 'Resources' || e.key === 'AWSTemplateFormatVersion');
  if (!hasTemplateKeys) return { skipped: true };
  return { template: readTemplate(path, stackName(path), parsed) };
}

/**
 * The stack part of resource addresses ("Stack::LogicalId"): the template's file name without its
 * extensions (CDK's "MyStack.template.json" → "MyStack"). Not the path, so that fingerprints survive
 * moving or renaming the directory a template lives in.
 */
export function stackName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/(\.template)?\.(json|ya?ml|template)$/i, '') || base;
}

export async function loadTemplates(files: CandidateFile[], options: LoadOptions): Promise<LoadResult> {
  const { inputs, errors } = await loadParameters(options.cfnParameterFiles, options.cfnParameters, options.cwd);
  const estates: Estate[] = [];
  const detached: DetachedPolicy[] = [];
  const loaded: string[] = [];
  for (const file of files) {
    if (file.size > options.maxFileSize) {
      errors.push({ file: file.path, message: `skipped: ${file.size} bytes is over the ${options.maxFileSize}-byte limit`, level: 'note' });
      continue;
    }
    let text: string;
    try {
      text = file.text();
    } catch {
      errors.push({ file: file.path, message: 'cannot be read', level: 'error' });
      continue;
    }
    let out: ReturnType<typeof buildTemplate>;
    try {
      const result = parseTemplateFile(file.path, text);
      if ('error' in result) {
        errors.push(result.error);
        continue;
      }
      if ('skipped' in result) continue;
      out = buildTemplate(result.template, inputs as ParameterInputs);
    } catch (e) {
      // One bad template must not cost the others (the registry's catch would fail every template at once).
      errors.push({ file: file.path, message: `internal error while reading this template: ${(e as Error).message}`, level: 'error' });
      continue;
    }
    estates.push(out.estate);
    detached.push(...out.detachedPolicies);
    loaded.push(file.path);
  }
  const estate = mergeEstates(estates);
  attachDetachedPolicies(estate, detached);
  return { estate, errors, files: loaded };
}

/**
 * A bucket policy for a bucket declared in another scanned template is attached to it by name; otherwise the
 * bucket is represented by the policy alone, its other settings unknown.
 */
function attachDetachedPolicies(estate: Estate, detached: DetachedPolicy[]): void {
  // Buckets by name that have no policy of their own yet, in estate order: each takes the first policy naming it.
  const open = new Map<string, Bucket[]>();
  const offer = (b: Bucket): void => {
    if (!b.name.known || !b.policy.known || b.policy.value !== null) return;
    const list = open.get(b.name.value);
    if (list) list.push(b);
    else open.set(b.name.value, [b]);
  };
  estate.buckets.forEach(offer);
  for (const p of detached) {
    const name = p.bucketName;
    const target = name.known ? open.get(name.value)?.shift() : undefined;
    if (target) {
      target.policy = p.policy;
      continue;
    }
    const bucket = policyOnlyBucket(p);
    estate.buckets.push(bucket);
    offer(bucket);
  }
}

function policyOnlyBucket(p: DetachedPolicy): Bucket {
  const why = unknown(
    p.bucketName.known ? `bucket "${p.bucketName.value}" is not declared in the scanned templates (only its bucket policy is)` : `the bucket of policy ${p.address} is not declared in the scanned templates`,
    p.typeAt,
  );
  return {
    address: p.address,
    name: p.bucketName,
    at: p.typeAt,
    context: p.context,
    publicAccessBlock: why,
    policy: p.policy,
    acl: why,
    ownership: why,
    lifecycle: why,
    encryption: why,
    versioning: why,
    logging: why,
    website: why,
    objectLock: why,
    replication: why,
    notification: why,
    tags: why,
    keyLayouts: [],
  };
}
