/** Exit codes (README "Exit codes"): 0 clean, 1 findings at or above --fail-on, 2 usage or input errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** A usage error: printed as one line on stderr, exit 2, never a stack trace. */
export class UsageError extends Error {}
