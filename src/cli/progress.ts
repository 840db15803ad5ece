import pc from 'picocolors';
import { describeSbomSize, type ScannerRun } from '../core/report.js';
import type { ProgressSink } from '../options.js';
import { stripControl } from '../report/escape.js';
import { plural } from '../util/format.js';

interface Line {
  label: string;
  state: 'running' | ScannerRun['status'];
  detail: string;
  started: number;
}

/**
 * One line per scanner run on stderr (`quiet`: none, but warnings are still printed). On a terminal the lines are redrawn in place (running → done in Xs /
 * failed); anywhere else (CI logs) each change is a plain line of its own, because cursor movement garbles logs.
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  options: { tty: boolean; color: boolean; quiet: boolean },
): ProgressSink {
  const c = pc.createColors(options.color);
  const lines = new Map<string, Line>();
  let drawn = 0;
  let ticker: NodeJS.Timeout | undefined;

  const render = (line: Line): string => {
    const seconds = ((performance.now() - line.started) / 1000).toFixed(1);
    switch (line.state) {
      case 'running':
        return `${c.cyan('…')} ${line.label} running ${c.dim(`${seconds}s`)}`;
      case 'ok':
        return `${c.green('✓')} ${line.label} ${line.detail}`;
      case 'skipped':
        return `${c.dim('-')} ${line.label} ${line.detail}`;
      default:
        return `${c.red('✗')} ${line.label} ${line.detail}`;
    }
  };
  const redraw = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const line of lines.values()) stream.write(`\x1b[2K${render(line)}\n`);
    drawn = lines.size;
  };

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
      if (options.tty) {
        redraw();
        ticker ??= setInterval(redraw, 250);
        ticker.unref();
      } else {
        stream.write(`${line.label}: started\n`);
      }
    },
    finish(id, run) {
      if (options.quiet) return;
      const line = lines.get(id);
      if (!line) return;
      line.state = run.status;
      const seconds = (run.durationMs / 1000).toFixed(1);
      line.detail =
        run.status === 'ok'
          ? run.packages !== undefined
            ? `done in ${seconds}s (${describeSbomSize(run.packages)})`
            : `done in ${seconds}s (${run.findings} finding${plural(run.findings)})`
          : `${run.status} after ${seconds}s: ${stripControl(run.error ?? '')}`;
      if (options.tty) {
        redraw();
        if ([...lines.values()].every((l) => l.state !== 'running') && ticker) {
          clearInterval(ticker);
          ticker = undefined;
        }
      } else {
        stream.write(`${line.label}: ${line.detail}\n`);
      }
    },
    note(text, level) {
      // Quiet drops progress (starts, finishes, what the run is doing), never a warning.
      if (options.quiet && level !== 'warning') return;
      if (options.tty && drawn > 0) {
        // Notes go above the live block so they are not overwritten by the next redraw.
        stream.write(`\x1b[${drawn}A\x1b[0J${c.yellow('note:')} ${stripControl(text)}\n`);
        drawn = 0;
        redraw();
      } else {
        stream.write(`note: ${stripControl(text)}\n`);
      }
    },
  };
}
