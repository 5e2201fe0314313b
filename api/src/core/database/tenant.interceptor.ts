import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SSE_METADATA } from '@nestjs/common/constants';
import { Observable, from, lastValueFrom } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/current-user';
import { PUBLIC_KEY } from '../auth/permission.decorator';
import { TenantDb, scopeOf, takeRequestTransaction } from './tenant-db';

/**
 * TENANT-1: a signed-in user's request runs in one transaction scoped to the user's
 * département (national accounts: the national scope). Everything the handler reads or
 * writes is then filtered by row-level security, and the request is atomic: an error
 * rolls back all of it.
 *
 * Event streams are not wrapped: they live for minutes, and each snapshot they push runs
 * in a scope of its own. Public routes without a session open their own scope once they
 * know the département (login, password reset).
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly db: TenantDb,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    if (this.reflector.get<boolean | undefined>(SSE_METADATA, context.getHandler())) return next.handle();
    // A public route (login, password reset) opens its own scopes: it must be able to
    // commit a failed attempt and still answer with an error.
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) {
      return next.handle();
    }
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = req.user;
    if (!user) return next.handle();
    const scope = scopeOf(user.departementCode);
    const handle = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    // Normally the session guard has opened the transaction already (one round trip for the
    // session and the scope); a route reached otherwise opens its own.
    const tx = takeRequestTransaction(req);
    return from(tx ? tx.run(scope, handle) : this.db.run(scope, handle));
  }
}
