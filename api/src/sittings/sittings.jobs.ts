import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { ConvocationsService } from './convocations.service';

/** Hourly: reminders to members who have not answered, two days before the sitting. */
@Injectable()
export class SittingRemindersJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SittingRemindersJob.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly convocations: ConvocationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runJobs) return;
    this.timer = setInterval(() => void this.run(), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async run(): Promise<void> {
    try {
      const n = await this.convocations.sendReminders();
      if (n > 0) this.logger.log({ reminders: n }, 'sitting reminders queued');
    } catch (err) {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'sitting reminders failed');
    }
  }
}
