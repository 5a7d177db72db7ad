// Registration point for CLI commands: one import and one entry per command module.
import type { Command } from 'commander';
import { register as check } from './check.js';
import { register as rules } from './rules.js';
import { register as explain } from './explain.js';
import { register as keys } from './keys.js';
import { register as audit } from './audit.js';
import { register as merge } from './merge.js';
import { register as baseline } from './baseline.js';
import { register as init } from './init.js';

export const COMMANDS: ((program: Command) => void)[] = [
  check,
  rules,
  explain,
  keys,
  audit,
  merge,
  baseline,
  init,
];
