import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TenantDb } from '../core/database/tenant-db';
import { JobScheduler } from '../core/jobs/job-scheduler';
import { ConvocationsService } from './convocations.service';

/** Hourly: reminders to members who have not answered, two days before the sitting; each département in its scope. */
@Injectable()
export class SittingRemindersJob implements OnModuleInit {
  private readonly logger = new Logger(SittingRemindersJob.name);

  constructor(
    private readonly convocations: ConvocationsService,
    private readonly db: TenantDb,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register('sitting-reminders', 'hour', () => this.run());
  }

  async run(): Promise<number> {
    let total = 0;
    await this.db.forEachDepartement(async (departement) => {
      const n = await this.convocations.sendReminders();
      if (n > 0) this.logger.log({ departement, reminders: n }, 'sitting reminders queued');
      total += n;
    });
    return total;
  }
}
