// Placeholder until the Terraform loader lands: claims no file.
import type { Loader } from '../types.js';
import { emptyEstate } from '../../model/index.js';

export const terraformLoader: Loader = {
  id: 'terraform',
  claims: () => false,
  load: async () => ({ estate: emptyEstate(), errors: [], files: [] }),
};

export const terraformPlanLoader: Loader = {
  id: 'terraform-plan',
  claims: () => false,
  load: async () => ({ estate: emptyEstate(), errors: [], files: [] }),
};
