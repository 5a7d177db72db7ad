/** docs/audit.md states the exact permissions and the rules that go unknown without each: keep it true. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BUCKET_SECTIONS, BUCKET_SECTION_OPERATIONS, OTHER_OPERATIONS } from '../../src/loaders/aws/operations.js';
import { rulesReading } from '../../src/loaders/aws/requirements.js';

const doc = readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');

function row(permission: string): string[] {
  const line = doc.split('\n').find((l) => l.startsWith(`| \`${permission}\` |`));
  expect(line, `docs/audit.md has a row for ${permission}`).toBeDefined();
  return line!.split('|').slice(1, -1).map((c) => c.trim());
}

function policyActions(): string[] {
  const json = /```json\n([\s\S]*?)\n```/.exec(doc)![1]!;
  const policy = JSON.parse(json) as { Statement: { Action: string[] }[] };
  return policy.Statement.flatMap((s) => s.Action).sort();
}

describe('docs/audit.md', () => {
  test('the IAM policy holds exactly the permissions of the calls the audit makes', () => {
    const needed = [
      ...BUCKET_SECTIONS.map((s) => BUCKET_SECTION_OPERATIONS[s].permission),
      OTHER_OPERATIONS.accountPublicAccessBlock.permission,
      OTHER_OPERATIONS.listBuckets.permission,
      OTHER_OPERATIONS.bucketLocation.permission,
      OTHER_OPERATIONS.vpcEndpoints.permission,
    ].sort();
    expect(policyActions()).toEqual(needed);
  });

  test.each(BUCKET_SECTIONS.map((s) => [s]))('the %s row names its call and the rules that read it', (section) => {
    const op = BUCKET_SECTION_OPERATIONS[section];
    const [, call, sectionCell, rules] = row(op.permission);
    expect(call).toBe(op.operation);
    expect(sectionCell).toBe(`\`${section}\``);
    expect(rules).toBe(rulesReading(section).join(', ') || '—');
  });

  test('account and VPC endpoint rows', () => {
    expect(row('s3:GetAccountPublicAccessBlock')[3]).toBe(rulesReading('account').join(', '));
    expect(row('ec2:DescribeVpcEndpoints')[3]).toMatch(new RegExp(`^${rulesReading('vpcEndpoints').join(', ')} `));
  });
});
