import type { TestSmtp } from './smtp';
import { startSmtp } from './smtp';
import { TestApp, TestInstance, startInstance, startTestApp } from './test-app';

/**
 * The setup of the multi-instance suites (multi-instance-*.int-spec): two real api instances
 * (two Nest applications, each with its own Clock, connection pools, LISTEN connection,
 * outbox worker and job scheduler) on one fresh test database, sending mail to a test SMTP server.
 */

export const URGENT = { urgent: true, urgencyReason: 'Séance rapprochée pour les essais à plusieurs instances' };

export interface TwoInstances {
  smtp: TestSmtp;
  a: TestApp;
  b: TestInstance;
}

/** Closes what was started, the second instance first. */
export async function closeTwoInstances(s: Partial<TwoInstances>): Promise<void> {
  await s.b?.close();
  await s.a?.close();
  await s.smtp?.stop();
}

export async function startTwoInstances(): Promise<TwoInstances> {
  const s: Partial<TwoInstances> = {};
  try {
    s.smtp = await startSmtp();
    const env = { SMTP_URL: `smtp://127.0.0.1:${s.smtp.port}` };
    s.a = await startTestApp({ env });
    s.b = await startInstance(s.a, { env });
    return s as TwoInstances;
  } catch (err) {
    await closeTwoInstances(s);
    throw err;
  }
}

/** Both servers show the same time; each has its own clock. */
export function bothClocks(get: () => { a: TestApp; b: TestInstance }) {
  return {
    setNow(instant: Date): void {
      const { a, b } = get();
      a.clock.setNow(instant);
      b.clock.setNow(instant);
    },
    advance(ms: number): void {
      const { a, b } = get();
      a.clock.advance(ms);
      b.clock.advance(ms);
    },
  };
}
