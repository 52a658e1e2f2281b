// Minimal typings for autocannon 8 (the package ships none; @types/autocannon is not installed).
// Only what bench/run.ts uses is declared; see node_modules/autocannon/lib/aggregateResult.js
// and hdr-histogram-percentiles-obj for the result shape.

declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      pipelining?: number;
      /** Per-request timeout in seconds (default 10). */
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      title?: string;
      workers?: number;
      /** Checked against each response: a mismatch counts into `mismatches`. */
      expectBody?: string;
    }

    /** Histogram summary as produced by hdr-histogram-percentiles-obj. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total?: number;
      p0_001: number;
      p0_01: number;
      p0_1: number;
      p1: number;
      p2_5: number;
      p10: number;
      p25: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
      p99_99: number;
      p99_999: number;
    }

    interface Result {
      title?: string;
      url: string;
      connections: number;
      pipelining: number;
      /** Seconds actually run. */
      duration: number;
      samples: number;
      start: Date;
      finish: Date;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      /** Milliseconds. */
      latency: Histogram & { totalCount: number };
      /** Requests per second (per-second samples); `total` = completed requests. */
      requests: Histogram & { total: number; sent: number };
      /** Bytes per second (per-second samples); `total` = bytes. */
      throughput: Histogram & { total: number };
    }

    /** Without a callback autocannon returns a tracker that is also thenable. */
    interface Instance extends EventEmitter, PromiseLike<Result> {}
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;

  export = autocannon;
}
