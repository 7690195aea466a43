/** The log levels the terminal accepts (pino's), for COUNTER_LOG_LEVEL, settings.json and the IT settings screen. */
export const LOG_LEVEL_NAMES = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];
