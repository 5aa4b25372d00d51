/** The scenario's console output: step lines, and a progress line redrawn in place on a terminal. */

export interface Reporter {
  line(text: string): void;
  /** Replaces the current progress line (a terminal redraws it; elsewhere each update is a line). */
  progress(text: string): void;
  /** Ends the progress line, keeping its last text. */
  endProgress(): void;
}

const BAR = 20;

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The endpoint's `Job-Progress: <completedSteps>/<totalSteps>` header, or undefined when absent or malformed. Pure. */
export function parseJobProgress(header: string | null | undefined): { readonly completed: number; readonly total: number } | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(header ?? '');
  if (!m) return undefined;
  const completed = Number(m[1]);
  const total = Number(m[2]);
  return total > 0 && completed <= total ? { completed, total } : undefined;
}

/**
 * "[########------------] InProgress 3/5 steps 00:06". The bar shows the steps done when the job reports them, else
 * an estimate from the expected duration (never full before the job completes); it is full only for a completed job,
 * not when a watch ends at another awaited state (InProgress, Cancelled). Pure.
 */
export function formatProgress(status: string, elapsedMs: number, expectedMs: number, steps?: { readonly completed: number; readonly total: number }): string {
  const fraction = steps ? steps.completed / steps.total : status === 'Completed' ? 1 : expectedMs > 0 ? Math.min(0.95, elapsedMs / expectedMs) : 0;
  const filled = Math.round(fraction * BAR);
  const stepText = steps ? ` ${steps.completed}/${steps.total} steps` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${status.padEnd(10)}${stepText} ${formatDuration(elapsedMs)}`;
}

export function consoleReporter(stream: NodeJS.WriteStream = process.stdout): Reporter {
  const tty = stream.isTTY === true;
  let open = false;
  return {
    line(text) {
      if (open) {
        stream.write('\n');
        open = false;
      }
      stream.write(`${text}\n`);
    },
    progress(text) {
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else stream.write(`${text}\n`);
    },
    endProgress() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

/** Collects output in memory (tests). */
export function memoryReporter(): Reporter & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (t) => void lines.push(t), progress: (t) => void lines.push(t), endProgress: () => undefined };
}
