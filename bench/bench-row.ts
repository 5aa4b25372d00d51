/** One row of the bench report: what each bench module returns and bench/run.ts prints. */
export interface BenchRow {
  readonly name: string;
  /** Rate of the benchmarked operation; printed as "<n> ops/s" unless `value` is given. */
  readonly opsPerSec?: number;
  /** The figure as printed, for rows that are not rates (ms, counts, percentiles). */
  readonly value?: string;
  /** opsPerSec divided by the baseline's ops/s. */
  readonly ratio?: number;
  readonly baseline?: string;
  /** Human-readable target on the ratio, e.g. ">= 0.5x". */
  readonly target?: string;
  readonly met?: boolean;
}
