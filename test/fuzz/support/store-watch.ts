/**
 * "Stored data unchanged" for fuzzing through the host: snapshots the caller's tenant partition (items and jobs
 * tables) after every request; an answer of 4xx or 5xx must leave it exactly as it was. Rows of jobs that a
 * successful create started are ignored from then on (their runner updates them in the background).
 */
import { snapshotTenant } from '../../resilience/support/storage';

export class StoreWatch {
  private last = new Map<string, string>();
  private readonly running = new Set<string>();

  constructor(private readonly tenantId: string) {}

  async start(): Promise<void> {
    this.last = await snapshotTenant(this.tenantId);
  }

  /** A successful create started this job: its rows change on their own from now on. */
  jobStarted(jobInstanceId: string): void {
    this.running.add(jobInstanceId.toLowerCase());
  }

  /** Rows added, removed or changed since the last call, ignoring running jobs' rows. */
  async changes(): Promise<string[]> {
    const now = await snapshotTenant(this.tenantId);
    const relevant = (key: string): boolean => ![...this.running].some((id) => key.includes(id));
    const changed = [...new Set([...this.last.keys(), ...now.keys()])].filter((k) => relevant(k) && this.last.get(k) !== now.get(k));
    this.last = now;
    return changed;
  }
}
