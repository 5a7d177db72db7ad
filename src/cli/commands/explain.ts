import { Command } from 'commander';
import { findRule } from '../../engine/registry.js';
import { ruleText } from '../../report/rule-docs.js';
import { UsageError } from '../errors.js';

export function register(program: Command): void {
  program
    .command('explain')
    .description('Print a rule\'s documentation: what it checks, why, an example and the fix')
    .argument('<rule>', 'rule id or name, e.g. S3L001 or abort-incomplete-multipart-upload')
    .action((id: string) => {
      const rule = findRule(id);
      if (!rule) throw new UsageError(`unknown rule "${id}" (see \`s3lint rules\`)`);
      process.stdout.write(ruleText(rule.meta));
    });
}
