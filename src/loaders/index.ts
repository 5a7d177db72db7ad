import type { Loader } from './types.js';
import { snapshotLoader } from './snapshot/index.js';
import { terraformLoader, terraformPlanLoader } from './terraform/index.js';
import { cloudFormationLoader } from './cloudformation/index.js';

/** Registry order matters: the first loader that claims a file gets it (content-sniffed JSON formats first). */
export const LOADERS: readonly Loader[] = [snapshotLoader, terraformPlanLoader, cloudFormationLoader, terraformLoader];
