import { EXIT_ON_SIGNAL, type StopSignal } from '../util/errors.js';

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

type StopHandler = (signal: StopSignal) => void;
let active: StopHandler | undefined;
let installed = false;

/**
 * The CLI's one handler for SIGINT, SIGTERM and SIGHUP (a closed terminal or dropped SSH session), installed before
 * any command runs. While a run has claimed it (`stopRunOnSignals`) a signal stops that run; otherwise the process
 * exits at once with 128 + the signal's number, and the exit hooks kill every child's process tree (they run in
 * process groups of their own, which a signal to us does not reach) and remove temporary directories.
 */
export function installStopSignals(): void {
  if (installed) return;
  installed = true;
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      // After a hang-up the terminal is gone: a write to it fails (EIO), which must not crash the stop.
      if (signal === 'SIGHUP')
        for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
      if (active) active(signal);
      else process.exit(EXIT_ON_SIGNAL[signal]);
    });
  }
}

/**
 * Until the returned release: the first stop signal aborts `controller` with the signal's name as the reason (the
 * run stops its scanners and writes no report); a second one exits at once.
 */
export function stopRunOnSignals(
  controller: AbortController,
  onFirst: (signal: StopSignal) => void,
): () => void {
  installStopSignals();
  const handler: StopHandler = (signal) => {
    if (controller.signal.aborted) process.exit(EXIT_ON_SIGNAL[signal]);
    onFirst(signal);
    controller.abort(signal);
  };
  active = handler;
  return () => {
    if (active === handler) active = undefined;
  };
}
