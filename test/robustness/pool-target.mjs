// Target module for the worker-pool tests (plain JavaScript: workers run compiled code only).
import { threadId } from 'node:worker_threads';

export async function work(kind, value) {
  if (kind === 'echo') return { value, threadId };
  if (kind === 'throw') throw new Error(`bad input: ${value}`);
  if (kind === 'spin') for (;;); // a parser stuck in a loop
  if (kind === 'exit') process.exit(3);
  return undefined;
}
