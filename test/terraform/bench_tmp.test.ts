import { it } from 'vitest';
import { runTerraformBench } from '../../bench/terraform.js';
it('bench', async () => { await runTerraformBench([1000]); }, 300_000);
