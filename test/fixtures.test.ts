/**
 * The one generic fixture runner: every fixtures/<ruleId>/<fail|pass>/<case>/ is scanned with default
 * configuration (plus the case's config.json), and the violations of the directory's rule must equal
 * expected.json exactly (file + line); expected entries of other rules must be present too.
 */
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../src/engine/scan.js';
import { formatInputError } from '../src/report/text.js';
import { fixtureCases, relativeToRepo, type ExpectedFinding } from './support/fixtures.js';

const key = (f: ExpectedFinding) => `${f.file}:${f.line} ${f.ruleId}`;

describe('fixtures', () => {
  const cases = fixtureCases();

  it('has fail and pass cases', () => {
    expect(cases.some((c) => c.outcome === 'fail')).toBe(true);
    expect(cases.some((c) => c.outcome === 'pass')).toBe(true);
  });

  for (const c of cases) {
    it(`${c.ruleId} ${c.outcome}/${c.name}`, async () => {
      const rules = { ...(c.config?.rules ?? {}) };
      rules[c.ruleId] = { ...(rules[c.ruleId] ?? {}), enabled: true };
      const result = await scanPaths(['.'], { load: { ...(c.load ?? {}), cwd: c.dir }, config: { ...c.config, rules } });
      expect(result.errors.map(formatInputError), `input errors in ${relativeToRepo(c.dir)}`).toEqual([]);
      expect(result.files.length, 'the case must contain at least one scanned file').toBeGreaterThan(0);
      const actual = result.findings
        .filter((f) => f.kind === 'violation' && f.at.kind === 'source')
        .map((f) => ({ file: f.at.kind === 'source' ? f.at.file : '', line: f.at.kind === 'source' ? f.at.startLine : 0, ruleId: f.ruleId, message: f.message }));
      const own = actual.filter((f) => f.ruleId === c.ruleId).map(key).sort();
      const expectedOwn = c.expected.filter((f) => f.ruleId === c.ruleId).map(key).sort();
      const detail = actual.map((f) => `${key(f)}: ${f.message}`).join('\n');
      expect(own, `findings of ${c.ruleId} in ${relativeToRepo(c.dir)}\nall findings:\n${detail}`).toEqual(expectedOwn);
      if (c.outcome === 'pass') expect(expectedOwn).toEqual([]);
      else expect(expectedOwn.length, 'a fail case must expect at least one finding of its rule').toBeGreaterThan(0);
      const all = new Set(actual.map(key));
      for (const other of c.expected.filter((f) => f.ruleId !== c.ruleId)) {
        expect(all.has(key(other)), `expected ${key(other)} in ${relativeToRepo(c.dir)}\nall findings:\n${detail}`).toBe(true);
      }
    });
  }
});
