/** Terraform sources: HCL/JSON configuration (terraformLoader) and `terraform show -json` plans (terraformPlanLoader). */
import type { Loader } from '../types.js';
import { isTerraformFile, loadTerraform } from './loader.js';
import { isPlanJson, loadPlans } from './plan.js';

export const terraformLoader: Loader = {
  id: 'terraform',
  claims: (file) => isTerraformFile(file.path),
  load: loadTerraform,
};

export const terraformPlanLoader: Loader = {
  id: 'terraform-plan',
  claims: (file) => file.path.endsWith('.json') && !file.path.endsWith('.tf.json') && isPlanJson(file),
  load: loadPlans,
};
