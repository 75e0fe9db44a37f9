// Errors the command line turns into exit codes (docs/design.md, "The command-line
// contract"): 2 for bad input, with one line naming the problem; 3 for an internal error
// or a run stopped by its memory budget; 130/143 for a run stopped by SIGINT/SIGTERM.

/** Bad input from the user: unknown model, option, parameter, malformed file. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
/** A run that stopped before it finished, for want of memory. */
export const EXIT_STOPPED = 3;
