#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { ConfigError } from '../engine/config.js';
import { EXIT_ERROR, UsageError } from './errors.js';
import { VERSION } from './version.js';

function fail(message: string): never {
  process.stderr.write(`s3lint: ${message}\n`);
  process.exit(EXIT_ERROR);
}

export function buildProgram(): Command {
  const program = new Command('s3lint')
    .description('Static policy linter and live auditor for Amazon S3.\n\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      process.exit(EXIT_ERROR); // commander already printed the message
    }
    if (e instanceof UsageError || e instanceof ConfigError) fail(e.message);
    if (process.env.S3LINT_DEBUG) process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    fail(`internal error: ${(e as Error).message ?? String(e)} (set S3LINT_DEBUG=1 for details)`);
  }
}

void main();
