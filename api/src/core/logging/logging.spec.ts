import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../context/request-context';
import { AppLogger, accessLog, createRootLogger } from './logging';

function capture(level: 'info' | 'silent' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = createRootLogger({ logLevel: level }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { logger, lines };
}

function fakeExchange(url: string, status: number) {
  const res = Object.assign(new EventEmitter(), { statusCode: status, writableFinished: false });
  const req = { url, originalUrl: url, method: 'GET', id: 'req-1' };
  return { req: req as unknown as Request, res: res as unknown as Response & EventEmitter & { writableFinished: boolean } };
}

describe('access log', () => {
  it('writes one line per request: id, method, path without the query string, status', () => {
    const { logger, lines } = capture();
    const { req, res } = fakeExchange('/api/members?search=Dupont', 200);
    const next = jest.fn() as NextFunction;
    accessLog(logger)(req, res, next);
    expect(next).toHaveBeenCalled();
    res.writableFinished = true;
    res.emit('finish');
    res.emit('close');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, service: 'cdlp-api', req: { id: 'req-1', method: 'GET', path: '/api/members' }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(JSON.stringify(lines[0])).not.toContain('Dupont');
  });

  it('logs 4xx at warn, 5xx at error, an aborted request at warn, and never the health check', () => {
    const { logger, lines } = capture();
    for (const [url, status, aborted] of [['/api/x', 404, false], ['/api/y', 500, false], ['/api/z', 200, true], ['/api/health', 200, false]] as const) {
      const { req, res } = fakeExchange(url, status);
      accessLog(logger)(req, res, jest.fn());
      if (!aborted) {
        res.writableFinished = true;
        res.emit('finish');
      }
      res.emit('close');
    }
    expect(lines.map((l) => [(l['req'] as { path: string }).path, l['level'], l['msg']])).toEqual([
      ['/api/x', 40, 'request completed'],
      ['/api/y', 50, 'request completed'],
      ['/api/z', 40, 'request aborted'],
    ]);
  });
});

describe('AppLogger (Nest on pino)', () => {
  it('takes the last argument as the context, merges objects, puts errors under err, and tags lines with the request id', () => {
    const { logger, lines } = capture();
    const nest = new AppLogger(logger);
    nest.log('démarré', 'Bootstrap');
    nest.warn({ outboxId: 'o1' }, 'Outbox');
    nest.error(new Error('panne'), 'Worker');
    requestContext.run({ requestId: 'abc-123', actor: null }, () => nest.debug('ignoré'));
    requestContext.run({ requestId: 'abc-123', actor: null }, () => nest.log('dans la requête'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'démarré', context: 'Bootstrap' });
    expect(lines[0]).not.toHaveProperty('reqId');
    expect(lines[1]).toMatchObject({ level: 40, outboxId: 'o1', context: 'Outbox' });
    expect(lines[2]).toMatchObject({ level: 50, msg: 'panne', context: 'Worker', err: { message: 'panne' } });
    expect(lines[3]).toMatchObject({ msg: 'dans la requête', reqId: 'abc-123' });
  });

  it("turns Nest's exception handlers' (message, stack, context) into an error with that stack", () => {
    const { logger, lines } = capture();
    new AppLogger(logger).error('boom', 'Error: boom\n    at f (x.js:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionsHandler', err: { message: 'boom', stack: 'Error: boom\n    at f (x.js:1:1)' } });
  });

  it('removes e-mail addresses and passwords from logged objects, and writes nothing when silent', () => {
    const { logger, lines } = capture();
    new AppLogger(logger).log({ user: { email: 'a@b.fr', password: 'x', id: 'u1' } });
    expect(lines[0]).toMatchObject({ user: { id: 'u1' } });
    expect(JSON.stringify(lines[0])).not.toMatch(/a@b\.fr|password/);
    const silent = capture('silent');
    new AppLogger(silent.logger).error('rien');
    expect(silent.lines).toHaveLength(0);
  });
});
