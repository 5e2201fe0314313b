import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SSE_METADATA } from '@nestjs/common/constants';
import type { Response } from 'express';
import { CSRF_HEADER, Permission, SESSION_COOKIE, hasPermission } from '@cdlp/shared';
import { requestContext } from '../context/request-context';
import { AuthenticatedRequest } from './current-user';
import { PERMISSION_KEY, PUBLIC_KEY } from './permission.decorator';
import { OpenTransaction, attachRequestTransaction, takeRequestTransaction } from '../database/tenant-db';
import { SessionEntity } from './session.entity';
import { SessionService } from './session.service';
import { UserEntity } from './user.entity';
import { timingSafeEqual } from 'node:crypto';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard. Every handler must declare @RequirePermission or @Public; a handler
 * with neither is refused, so a forgotten declaration fails closed.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();

    const token = readCookie(req, SESSION_COOKIE);
    // TENANT-1 and the read path: a protected, non-streaming request resolves its session and
    // opens its transaction in the account's scope in one round trip; the tenant interceptor
    // runs the handler in it (a read with PostgreSQL's generic plans, see TenantDb.begin).
    // Public routes and event streams only look the session up.
    const opensTransaction =
      !isPublic &&
      permission !== undefined &&
      !this.reflector.get<boolean | undefined>(SSE_METADATA, context.getHandler());
    const found: { session: SessionEntity; user: UserEntity; tx?: OpenTransaction } | null = !token
      ? null
      : opensTransaction
        ? await this.sessions.beginRequest(token, { genericPlans: SAFE_METHODS.has(req.method) })
        : await this.sessions.resolve(token);
    if (found) {
      req.user = found.user;
      req.session = found.session;
      const store = requestContext.getStore();
      if (store) store.actor = { userId: found.user.id, role: found.user.role, sessionId: found.session.id };
    }
    const tx = found?.tx;
    if (found && tx) {
      attachRequestTransaction(req, tx);
      // If the request never reaches the interceptor (refused below, or by a later guard), the
      // connection still goes back to the pool when the response ends.
      context
        .switchToHttp()
        .getResponse<Response>()
        .once('close', () => void takeRequestTransaction(req)?.abandon());
      try {
        this.check(req, permission, found);
      } catch (err) {
        await tx.abandon();
        throw err;
      }
      return true;
    }
    if (isPublic) return true;
    this.check(req, permission, found);
    return true;
  }

  private check(
    req: AuthenticatedRequest,
    permission: Permission | undefined,
    found: { session: SessionEntity; user: UserEntity } | null,
  ): void {
    if (!permission) {
      throw new ForbiddenException('Accès refusé : cette route ne déclare aucune permission.');
    }
    if (!found) {
      throw new UnauthorizedException(
        'Votre session a expiré ou vous n’êtes pas connecté. Veuillez vous connecter.',
      );
    }
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers[CSRF_HEADER];
      const sent = Array.isArray(header) ? header[0] : header;
      if (!sent || !safeEqual(sent, found.session.csrfToken)) {
        throw new ForbiddenException(
          'Jeton anti-falsification (CSRF) absent ou invalide. Rechargez la page.',
        );
      }
    }
    if (!hasPermission(found.user.role, permission)) {
      throw new ForbiddenException("Vous n'avez pas les droits nécessaires pour cette action.");
    }
  }
}

export function readCookie(req: AuthenticatedRequest, name: string): string | null {
  const cookies = (req as { cookies?: Record<string, string> }).cookies;
  const value = cookies?.[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
