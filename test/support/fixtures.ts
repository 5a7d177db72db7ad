import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');

export interface ExpectedFinding {
  file: string;
  line: number;
  ruleId: string;
}

export interface FixtureCase {
  ruleId: string;
  outcome: 'fail' | 'pass';
  name: string;
  dir: string;
  expected: ExpectedFinding[];
  /** Optional engine configuration for the case (config.json). */
  config?: { preset?: string; rules?: Record<string, { enabled?: boolean; severity?: never; options?: Record<string, unknown> }> };
  /** Optional load options for the case (load.json), e.g. tfVars or cfnParameters. */
  load?: Record<string, unknown>;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Every fixtures/<ruleId>/<fail|pass>/<case>/expected.json. */
export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const ruleId of readdirSync(FIXTURES_DIR).sort()) {
    for (const outcome of ['fail', 'pass'] as const) {
      const outcomeDir = join(FIXTURES_DIR, ruleId, outcome);
      if (!isDir(outcomeDir)) continue;
      for (const name of readdirSync(outcomeDir).sort()) {
        const dir = join(outcomeDir, name);
        const expectedFile = join(dir, 'expected.json');
        if (!existsSync(expectedFile)) continue;
        const c: FixtureCase = { ruleId, outcome, name, dir, expected: JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedFinding[] };
        const configFile = join(dir, 'config.json');
        if (existsSync(configFile)) c.config = JSON.parse(readFileSync(configFile, 'utf8'));
        const loadFile = join(dir, 'load.json');
        if (existsSync(loadFile)) c.load = JSON.parse(readFileSync(loadFile, 'utf8'));
        cases.push(c);
      }
    }
  }
  return cases;
}

export function relativeToRepo(p: string): string {
  return relative(REPO_ROOT, p);
}
