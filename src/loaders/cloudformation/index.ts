// Placeholder until the CloudFormation loader lands: claims no file.
import type { Loader } from '../types.js';
import { emptyEstate } from '../../model/index.js';

export const cloudFormationLoader: Loader = {
  id: 'cloudformation',
  claims: () => false,
  load: async () => ({ estate: emptyEstate(), errors: [], files: [] }),
};
