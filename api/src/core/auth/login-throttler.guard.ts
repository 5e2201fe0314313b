import { ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

const THROTTLE_MESSAGE = 'cdlp:throttle-message';

/** The name of the throttler (and of its rows in login_throttle). */
export const LOGIN_THROTTLER = 'login';

/**
 * Limits a route to LOGIN_RATE_PER_MINUTE attempts per minute for one client address,
 * across every api instance (PgThrottlerStorage): one address cannot try many accounts.
 * The per-account lockout (LOGIN_MAX_FAILURES, in app_user) stops the guessing of one
 * account from many addresses.
 */
export function LoginThrottle(message: string): MethodDecorator {
  return applyDecorators(SetMetadata(THROTTLE_MESSAGE, message), UseGuards(LoginThrottlerGuard));
}

const THROTTLE_SOFT = 'cdlp:throttle-soft';
const THROTTLED = Symbol('throttled');

/**
 * The same limit on a browser navigation (the ProConnect button): instead of a 429 body, the
 * handler is told (`isThrottled(req)`) and answers with a page of its own.
 */
export function LoginThrottleNavigation(): MethodDecorator {
  return applyDecorators(SetMetadata(THROTTLE_SOFT, true), UseGuards(LoginThrottlerGuard));
}

export function isThrottled(req: Request): boolean {
  return (req as Request & { [THROTTLED]?: boolean })[THROTTLED] === true;
}

@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  /** The client address (IPv6 grouped by subnet, as the library does), hashed: the table holds no personal data. */
  protected override async getTracker(req: Request): Promise<string> {
    return createHash('sha256').update(await super.getTracker(req)).digest('hex');
  }

  /** The 429 of the portal: a French message in the usual error body, and Retry-After in seconds. */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    if (this.reflector.get<boolean | undefined>(THROTTLE_SOFT, context.getHandler())) {
      (context.switchToHttp().getRequest<Request>() as Request & { [THROTTLED]?: boolean })[THROTTLED] = true;
      return;
    }
    const message = this.reflector.get<string | undefined>(THROTTLE_MESSAGE, context.getHandler()) ?? 'Trop de tentatives. Patientez une minute avant de réessayer.';
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new HttpException({ statusCode: 429, message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
