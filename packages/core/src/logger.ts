import { pino } from 'pino';
import type { Logger as PinoLogger, LoggerOptions } from 'pino';

export type Logger = PinoLogger;

export interface LoggerSettings {
  readonly level: string;
  readonly service: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * JSON logs, one object per line. Keys that could carry credentials or PHI are redacted even
 * if a careless call logs a whole object: ids belong in logs, names and narratives never.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.secret',
  'variables',
  '*.variables',
];

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that writes nothing, for code paths that need one and tests that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
