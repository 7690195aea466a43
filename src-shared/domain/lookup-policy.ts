/**
 * How many failed customer lookups a clerk may make before lookup locks until a supervisor unlocks it, and
 * over how long they are counted (the main process enforces it; the screens may say it).
 */
export const LOOKUP_MAX_FAILURES = 5;
export const LOOKUP_FAILURE_WINDOW_MS = 10 * 60 * 1000;
