import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { UserEntity } from './user.entity';
import { SessionEntity } from './session.entity';

export interface AuthenticatedRequest extends Request {
  user?: UserEntity;
  session?: SessionEntity;
}

/** The logged-in user of the request (set by the session guard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserEntity => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.user) throw new Error('CurrentUser used on a route without authentication');
  return req.user;
});

export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionEntity => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.session) throw new Error('CurrentSession used on a route without authentication');
  return req.session;
});
