import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParameters, parameterPairs } from '../../src/loaders/cloudformation/parameters.js';

describe('parameter files', () => {
  it('accepts the CLI list form, the name/value object form and the CodePipeline form', () => {
    expect(parameterPairs([{ ParameterKey: 'Env', ParameterValue: 'prod' }])).toEqual([['Env', 'prod']]);
    expect(parameterPairs({ Env: 'prod', Count: 3, List: ['a', 'b'] })).toEqual([['Env', 'prod'], ['Count', '3'], ['List', 'a,b']]);
    expect(parameterPairs({ Parameters: { Env: 'dev' } })).toEqual([['Env', 'dev']]);
    expect(parameterPairs('x')).toBeUndefined();
  });

  it('later files override earlier ones and --parameter overrides files; errors name the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3lint-cfn-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ ParameterKey: 'Env', ParameterValue: 'a' }, { ParameterKey: 'Team', ParameterValue: 'x' }]));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ Env: 'b' }));
    writeFileSync(join(dir, 'bad.json'), '{');
    const r = await loadParameters(['a.json', 'b.json', 'bad.json'], { Team: 'cli' }, dir);
    expect(Object.fromEntries(r.inputs)).toEqual({ Env: 'b', Team: 'cli' });
    expect(r.errors).toMatchObject([{ file: 'bad.json', level: 'error' }]);
  });
});
