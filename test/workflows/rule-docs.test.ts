import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_COMMAND, RULE_DOCS_DIR, ruleDocFiles } from '../../bench/gen-rule-docs.js';
import { allRules } from '../../src/engine/registry.js';
import { ruleMarkdown, ruleText } from '../../src/report/rule-docs.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/fixtures.js';

describe('docs/rules', () => {
  it('are up to date with the rules\' metadata', () => {
    const dir = join(REPO_ROOT, RULE_DOCS_DIR);
    const expected = ruleDocFiles();
    const stale: string[] = [];
    for (const [name, text] of expected) {
      const path = join(dir, name);
      if (!existsSync(path)) stale.push(`${name} (missing)`);
      else if (readFileSync(path, 'utf8') !== text) stale.push(`${name} (outdated)`);
    }
    const present = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md')) : [];
    for (const name of present) if (!expected.has(name)) stale.push(`${name} (no such rule)`);
    expect(stale, `${RULE_DOCS_DIR} is stale: ${stale.join(', ')}. Run \`${DOCS_COMMAND}\` and commit ${RULE_DOCS_DIR}.`).toEqual([]);
  });

  it('hold the same text `s3lint explain` prints', () => {
    const rule = allRules()[0]!;
    const doc = ruleDocFiles().get(`${rule.meta.id}.md`)!;
    expect(doc.endsWith(ruleMarkdown(rule.meta))).toBe(true);
    const r = runCli(['explain', rule.meta.id]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(ruleText(rule.meta));
  });
});
