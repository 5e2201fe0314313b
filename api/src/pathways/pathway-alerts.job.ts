import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { PathwaysService } from './pathways.service';

/** Runs the PSP-6 expiry alerts at start and then every hour (each period is alerted once). */
@Injectable()
export class PathwayAlertsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PathwayAlertsJob.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pathways: PathwaysService,
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
      await this.pathways.sendExpiryAlerts();
    } catch (err) {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'expiry alerts failed');
    }
  }
}
