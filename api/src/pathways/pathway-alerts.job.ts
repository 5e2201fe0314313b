import { Injectable, OnModuleInit } from '@nestjs/common';
import { TenantDb } from '../core/database/tenant-db';
import { JobScheduler } from '../core/jobs/job-scheduler';
import { RetentionService } from '../psp-requests/retention.service';
import { PathwaysService } from './pathways.service';

/**
 * Hourly, the PSP-6 expiry alerts (each period is alerted once); daily, the DP-3 purge of
 * what reached the end of its retention. Each département runs in its own scope.
 */
@Injectable()
export class PathwayAlertsJob implements OnModuleInit {
  constructor(
    private readonly pathways: PathwaysService,
    private readonly retention: RetentionService,
    private readonly db: TenantDb,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register('pathway-expiry-alerts', 'hour', () => this.run());
    this.scheduler.register('retention-purge', 'day', () => this.db.forEachDepartement(() => this.retention.purge().then(() => undefined)));
  }

  async run(): Promise<number> {
    let sent = 0;
    await this.db.forEachDepartement(async () => {
      sent += await this.pathways.sendExpiryAlerts();
    });
    return sent;
  }
}
