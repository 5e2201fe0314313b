import { hostname } from 'node:os';
import type { NextFunction, Request, Response } from 'express';
import { Inject, Injectable, LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger } from 'pino';
import { AppConfig } from '../config/config';
import { currentRequestId } from '../context/request-context';

/** The process's one pino logger (provided by LoggingModule). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Structured JSON logs on standard output. Each request gets one line with its id, its method,
 * its path (without the query string, which may hold search terms) and its status: no headers,
 * no bodies, no cookies, never personal data. Any other line written while a request is being
 * served carries the request's id (`reqId`), taken from the request context.
 *
 * One logger for the whole process, rather than a child logger and an async context of its own
 * per request (nestjs-pino and pino-http did both, about a tenth of a read's time).
 */
export function createRootLogger(
  config: Pick<AppConfig, 'logLevel'>,
  // Written off the request's path: a line waits while the previous write is in progress and
  // goes out with the next batch, instead of each request blocking on its own write. pino
  // flushes what is pending when the process exits.
  destination: DestinationStream = pino.destination({ dest: 1, sync: false }),
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { pid: process.pid, hostname: hostname(), service: 'cdlp-api' },
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      redact: { paths: ['req.headers', 'res.headers', '*.password', '*.email'], remove: true },
    },
    destination,
  );
}

/**
 * The access log: one line per request once its answer is sent (or the client went away),
 * at warn for 4xx and error for 5xx. The health check, polled by orchestrators, is not logged.
 */
export function accessLog(logger: Logger): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (req.url.startsWith('/api/health')) return next();
    const started = performance.now();
    let logged = false;
    const done = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const status = res.statusCode;
      const level: Level = aborted ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](
        {
          req: {
            id: (req as Request & { id?: string }).id,
            method: req.method,
            path: req.originalUrl.split('?')[0],
          },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        aborted ? 'request aborted' : 'request completed',
      );
    };
    res.once('finish', () => done(false));
    res.once('close', () => done(!res.writableFinished));
    next();
  };
}

type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's logger on pino, with the same contract as nestjs-pino's: the last extra argument is
 * the context; an object is merged into the line, an Error goes under `err`; Nest's exception
 * handlers' (message, stack) pair becomes an error with that stack.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = {};
    const rest = params.length > 0 ? params.slice(0, -1) : [];
    if (params.length > 0) line['context'] = params[params.length - 1];
    if (message instanceof Error) {
      line['err'] = message;
      this.logger[level](line, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level](Object.assign(line, message));
    } else if (
      level === 'error' &&
      rest.length === 1 &&
      typeof rest[0] === 'string' &&
      /\n\s*at /.test(rest[0])
    ) {
      const err = new Error(String(message));
      err.stack = rest[0];
      line['err'] = err;
      this.logger[level](line);
    } else {
      this.logger[level](line, [message, ...rest].map(String).join(' '));
    }
  }
}
