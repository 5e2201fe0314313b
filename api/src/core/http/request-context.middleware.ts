import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER } from '@cdlp/shared';
import { requestContext } from '../context/request-context';

/** Gives each request an id (from the X-Request-Id header when it is sane) and a context store. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  const requestId = candidate && /^[A-Za-z0-9-]{8,64}$/.test(candidate) ? candidate : randomUUID();
  (req as Request & { id?: string }).id = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  requestContext.run({ requestId, actor: null }, () => next());
}
