import { Injectable } from '@nestjs/common';

/**
 * The injectable clock. Every rule that depends on "now" asks it, so that
 * tests set the time instead of sleeping.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Test support: move the clock to a given instant. */
  setNow(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
