// Errors the command line turns into exit codes (DESIGN.md's contract):
// 2 for bad input, with one line naming the problem; 3 for an internal error.

/** Bad input from the user: unknown model, option, parameter, malformed file. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** The run could not go on within its resources (--max-memory): exit 3 with the figures so far. */
export class ResourceError extends Error {}
