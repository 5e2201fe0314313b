import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../core/auth/current-user';
import { TenantDb, scopeOf } from '../core/database/tenant-db';
import { notFound } from '../core/http/errors';
import { SittingsService } from './sittings.service';

/**
 * Checks that the caller may see the sitting before its event stream starts: once a
 * stream has begun its status line (200) is sent, so a refusal must come earlier, from a
 * guard (which runs after the global session guard).
 */
@Injectable()
export class SittingStreamGuard implements CanActivate {
  constructor(
    private readonly db: TenantDb,
    private readonly sittings: SittingsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = req.user;
    const id = req.params['id'];
    if (!user || typeof id !== 'string') return false;
    // Pipes run inside the stream: an id that is not a uuid is refused here, before it starts.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('Séance introuvable.');
    await this.db.run(scopeOf(user.departementCode), () => this.sittings.assertVisible(user, id));
    return true;
  }
}
