import { describe, expect, it } from 'vitest';
import { resolveRules } from '../../src/engine/config.js';
import { allRules, findRule } from '../../src/engine/registry.js';

/** docs/presets.md, FSBP table: control → rules. */
const FSBP: Record<string, string[]> = {
  'S3.1': ['S3L003'],
  'S3.2': ['S3L010', 'S3L011'],
  'S3.3': ['S3L010', 'S3L011'],
  'S3.5': ['S3L012'],
  'S3.6': ['S3L023'],
  'S3.8': ['S3L002'],
  'S3.9': ['S3L017'],
  'S3.12': ['S3L014'],
};

const OPT_IN = ['S3L016', 'S3L019', 'S3L025', 'S3L026'];
const MINE = ['S3L011', 'S3L014', 'S3L015', 'S3L016', 'S3L017', 'S3L018', 'S3L019', 'S3L020', 'S3L021', 'S3L022', 'S3L024', 'S3L025', 'S3L026'];

const ids = (preset: string) => resolveRules({ preset }).map((r) => r.rule.meta.id).sort();

describe('presets', () => {
  it('fsbp runs exactly the rules of the documented FSBP table', () => {
    expect(ids('fsbp')).toEqual([...new Set(Object.values(FSBP).flat())].sort());
  });

  it('every FSBP rule names its controls as Security Hub peers', () => {
    for (const [control, ruleIds] of Object.entries(FSBP)) {
      for (const id of ruleIds) expect(findRule(id)?.meta.peers.securityHub, `${id} for ${control}`).toContain(control);
    }
  });

  it('recommended leaves the policy-choice rules off; strict runs every rule', () => {
    const recommended = ids('recommended');
    for (const id of OPT_IN) expect(recommended).not.toContain(id);
    for (const id of MINE.filter((i) => !OPT_IN.includes(i))) expect(recommended).toContain(id);
    expect(ids('strict')).toEqual(allRules().map((r) => r.meta.id).sort());
  });

  it('an opt-in rule can be enabled on top of a preset', () => {
    expect(resolveRules({ rules: { 'customer-managed-kms-key': { enabled: true } } }).map((r) => r.rule.meta.id)).toContain('S3L019');
  });
});

describe('catalog metadata of issue 6 rules', () => {
  for (const id of MINE) {
    it(`${id} is registered with complete metadata`, () => {
      const meta = findRule(id)?.meta;
      expect(meta, `${id} registered`).toBeDefined();
      if (!meta) return;
      expect(meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meta.securitySeverity).toBeGreaterThanOrEqual(0.1);
      expect(meta.securitySeverity).toBeLessThanOrEqual(10);
      expect(meta.docs.what.length).toBeGreaterThan(80);
      expect(meta.docs.why.length).toBeGreaterThan(80);
      expect(Object.keys(meta.docs.example).length).toBeGreaterThan(0);
      expect(Object.keys(meta.docs.fix).length).toBeGreaterThan(0);
      expect(meta.docs.references.length).toBeGreaterThan(0);
      for (const ref of meta.docs.references) expect(ref).toMatch(/^https:\/\//);
      expect(meta.enabledByDefault).toBe(!OPT_IN.includes(id));
      expect(meta.presets).toContain('strict');
    });
  }
});
