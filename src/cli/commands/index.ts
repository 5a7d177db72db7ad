// Registration point for CLI commands: one import and one entry per command module.
import type { Command } from 'commander';
import { register as check } from './check.js';
import { register as rules } from './rules.js';
import { register as explain } from './explain.js';

export const COMMANDS: ((program: Command) => void)[] = [
  check,
  rules,
  explain,
];
