import pc from 'picocolors';
import { describeSbomSize, type ScannerRun } from '../core/report.js';
import type { ProgressSink } from '../options.js';
import { stripControl } from '../report/escape.js';
import { formatElapsed, plural } from '../util/format.js';

interface Line {
  label: string;
  state: 'running' | ScannerRun['status'];
  detail: string;
  started: number;
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * One line per scanner run on stderr (`quiet`: none, but warnings are still printed). On a terminal the lines are redrawn in place (running → done in Xs /
 * failed); anywhere else (CI logs) each change is a plain line of its own, because cursor movement garbles logs.
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  options: { tty: boolean; color: boolean; quiet: boolean },
): ProgressSink {
  const lines = new Map<string, Line>();
  const live = options.tty ? new LiveBlock(stream, lines, pc.createColors(options.color)) : undefined;
  return {
    start(id, label) {
      if (options.quiet) return;
      const line: Line = {
        label: stripControl(label),
        state: 'running',
        detail: '',
        started: performance.now(),
      };
      lines.set(id, line);
      if (live) live.started();
      else stream.write(`${line.label}: started\n`);
    },
    finish(id, run) {
      if (options.quiet) return;
      const line = lines.get(id);
      if (!line) return;
      line.state = run.status;
      line.detail = finishedDetail(run);
      if (live) live.finished();
      else stream.write(`${line.label}: ${line.detail}\n`);
    },
    note(text, level) {
      // Quiet drops progress (starts, finishes, what the run is doing), never a warning.
      if (options.quiet && level !== 'warning') return;
      if (live?.isDrawn()) live.noteAbove(text);
      else stream.write(`note: ${stripControl(text)}\n`);
    },
  };
}

/** What a finished run's line says after its label: `done in 1.2s (3 findings)`, `timeout after 600.0s: …`. */
function finishedDetail(run: ScannerRun): string {
  const seconds = formatElapsed(run.durationMs);
  if (run.status !== 'ok') return `${run.status} after ${seconds}: ${stripControl(run.error ?? '')}`;
  return run.packages !== undefined
    ? `done in ${seconds} (${describeSbomSize(run.packages)})`
    : `done in ${seconds} (${run.findings} finding${plural(run.findings)})`;
}

/** One line of the live block: a running line shows its time so far, a finished one its detail. */
function renderLine(line: Line, c: Colors): string {
  switch (line.state) {
    case 'running':
      return `${c.cyan('…')} ${line.label} running ${c.dim(formatElapsed(performance.now() - line.started))}`;
    case 'ok':
      return `${c.green('✓')} ${line.label} ${line.detail}`;
    case 'skipped':
      return `${c.dim('-')} ${line.label} ${line.detail}`;
    default:
      return `${c.red('✗')} ${line.label} ${line.detail}`;
  }
}

/**
 * The lines drawn on a terminal: redrawn in place on every change, and every 250 ms while a run is still going (its
 * time ticks); the ticker stops when no line is running.
 */
class LiveBlock {
  private drawn = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly lines: ReadonlyMap<string, Line>,
    private readonly c: Colors,
  ) {}

  isDrawn(): boolean {
    return this.drawn > 0;
  }

  started(): void {
    this.redraw();
    this.ticker ??= setInterval(() => this.redraw(), 250);
    this.ticker.unref();
  }

  finished(): void {
    this.redraw();
    if ([...this.lines.values()].every((l) => l.state !== 'running') && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** Notes go above the live block so they are not overwritten by the next redraw. */
  noteAbove(text: string): void {
    this.stream.write(`\x1b[${this.drawn}A\x1b[0J${this.c.yellow('note:')} ${stripControl(text)}\n`);
    this.drawn = 0;
    this.redraw();
  }

  private redraw(): void {
    if (this.drawn > 0) this.stream.write(`\x1b[${this.drawn}A`);
    for (const line of this.lines.values()) this.stream.write(`\x1b[2K${renderLine(line, this.c)}\n`);
    this.drawn = this.lines.size;
  }
}
