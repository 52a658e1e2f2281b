/** The single injectable clock: deadline rules and timeouts read time only from here. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests that only moves when told. */
export class FixedClock implements Clock {
  constructor(private t: Date = new Date('2026-11-21T10:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}
