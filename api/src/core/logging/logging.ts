import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../config/config';

/**
 * Structured JSON logs with the request id. Only the method, the path (without
 * the query string, which may hold search terms) and the status are logged:
 * no headers, no bodies, no cookies, never personal data.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // Named wildcard: path-to-regexp 8 (Express 5) refuses a bare '*'.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
      customProps: () => ({ service: 'cdlp-api' }),
      serializers: {
        req: (req: { id?: string; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: {
        ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/health'),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      redact: { paths: ['req.headers', 'res.headers', '*.password', '*.email'], remove: true },
    },
  };
}
