/**
 * The exit codes of every command, in one place: 0 success; 1 the work failed (invalid sweep file,
 * failed job, failed check); 2 wrong usage (unknown command or option, a bad argument); 130 stopped
 * by a signal (Ctrl-C or SIGTERM).
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;
