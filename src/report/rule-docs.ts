/** One rendering of a rule's own metadata, used by `s3lint explain`, docs/rules/*.md and SARIF help. */
import type { FixFormat, RuleMeta } from '../engine/rule.js';

const FORMAT_LABELS: Record<FixFormat, { title: string; fence: string }> = {
  terraform: { title: 'Terraform', fence: 'hcl' },
  cloudformation: { title: 'CloudFormation', fence: 'yaml' },
  snapshot: { title: 'Snapshot', fence: 'json' },
  cli: { title: 'AWS CLI', fence: 'sh' },
};

function snippets(map: Partial<Record<FixFormat, string>>): string[] {
  const out: string[] = [];
  for (const [format, code] of Object.entries(map) as [FixFormat, string][]) {
    const label = FORMAT_LABELS[format];
    out.push(`${label.title}:`, '', '```' + label.fence, code, '```', '');
  }
  return out;
}

function peerLines(meta: RuleMeta): string[] {
  const names: Record<string, string> = { checkov: 'Checkov', trivy: 'Trivy', kics: 'KICS', cfnNag: 'cfn_nag', prowler: 'Prowler', securityHub: 'Security Hub' };
  return Object.entries(meta.peers)
    .filter(([, ids]) => ids && ids.length > 0)
    .map(([peer, ids]) => `- ${names[peer] ?? peer}: ${(ids as string[]).join(', ')}`);
}

export function ruleMarkdown(meta: RuleMeta): string {
  const lines = [
    `# ${meta.id} ${meta.name}`,
    '',
    `**${meta.title}**`,
    '',
    `Severity: ${meta.defaultSeverity} (security-severity ${meta.securitySeverity.toFixed(1)}) · ` +
      `${meta.enabledByDefault ? 'on by default' : 'off by default'} · presets: ${meta.presets.join(', ') || 'none'} · tags: ${meta.tags.join(', ')}`,
    '',
    '## What it does',
    '',
    meta.docs.what,
    '',
    '## Why is this bad?',
    '',
    meta.docs.why,
    '',
    '## Example',
    '',
    ...snippets(meta.docs.example),
    '## Use instead',
    '',
    ...snippets(meta.docs.fix),
  ];
  if (meta.defaultOptions && Object.keys(meta.defaultOptions).length > 0) {
    lines.push('## Options', '', '```json', JSON.stringify(meta.defaultOptions, null, 2), '```', '');
  }
  const peers = peerLines(meta);
  if (peers.length > 0) lines.push('## Equivalent checks in other tools', '', ...peers, '');
  if (meta.aliases && meta.aliases.length > 0) lines.push('## Aliases', '', meta.aliases.map((a) => `- ${a}`).join('\n'), '');
  lines.push('## References', '', ...meta.docs.references.map((r) => `- ${r}`), '');
  return lines.join('\n');
}

/** Plain-text rendering for terminals: the markdown without fences' noise. */
export function ruleText(meta: RuleMeta): string {
  return ruleMarkdown(meta).replace(/^```\w*\n?/gm, '').replace(/\*\*/g, '');
}
