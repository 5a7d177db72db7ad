/** The sections of a parsed template that evaluation needs, indexed by name. */
import type { SourceRange } from '../../model/index.js';
import { child, entry, scalarString, type CfnEntry, type CfnMap, type CfnNode } from './node.js';

export interface ParameterDef {
  name: string;
  type: string;
  default?: CfnNode;
  range: SourceRange;
}

export interface ResourceDef {
  logicalId: string;
  type: string;
  /** The `Type: AWS::S3::Bucket` line: where findings about missing settings point. */
  typeRange: SourceRange;
  /** The whole resource declaration. */
  range: SourceRange;
  properties?: CfnEntry;
  condition?: string;
  metadata?: CfnNode;
}

export interface Template {
  file: string;
  /** Identity prefix of the addresses of this template's resources. */
  stack: string;
  root: CfnMap;
  parameters: Map<string, ParameterDef>;
  mappings: CfnNode | undefined;
  conditions: Map<string, CfnEntry>;
  resources: Map<string, ResourceDef>;
  isSam: boolean;
}

export function readTemplate(file: string, stack: string, root: CfnMap): Template {
  const parameters = new Map<string, ParameterDef>();
  for (const p of mapEntries(child(root, 'Parameters'))) {
    parameters.set(p.key, {
      name: p.key,
      type: scalarString(child(p.value, 'Type')) ?? 'String',
      default: child(p.value, 'Default'),
      range: p.range,
    });
  }
  const conditions = new Map<string, CfnEntry>();
  for (const c of mapEntries(child(root, 'Conditions'))) conditions.set(c.key, c);
  const resources = new Map<string, ResourceDef>();
  for (const r of mapEntries(child(root, 'Resources'))) {
    const typeEntry = entry(r.value, 'Type');
    const type = scalarString(typeEntry?.value);
    if (!typeEntry || type === undefined) continue;
    const def: ResourceDef = { logicalId: r.key, type, typeRange: typeEntry.range, range: r.range };
    const props = entry(r.value, 'Properties');
    if (props) def.properties = props;
    const condition = scalarString(child(r.value, 'Condition'));
    if (condition !== undefined) def.condition = condition;
    const metadata = child(r.value, 'Metadata');
    if (metadata) def.metadata = metadata;
    resources.set(r.key, def);
  }
  const transform = child(root, 'Transform');
  const transforms = transform?.kind === 'seq' ? transform.items.map(scalarString) : [scalarString(transform)];
  return {
    file,
    stack,
    root,
    parameters,
    mappings: child(root, 'Mappings'),
    conditions,
    resources,
    isSam: transforms.some((t) => t?.startsWith('AWS::Serverless') ?? false),
  };
}

function mapEntries(node: CfnNode | undefined): CfnEntry[] {
  return node?.kind === 'map' ? node.entries : [];
}

/** `Metadata.aws:cdk:path` written by CDK synthesis. */
export function cdkPathOf(resource: ResourceDef): string | undefined {
  return scalarString(child(resource.metadata, 'aws:cdk:path'));
}
