/** The plural `s` of an English noun after `count`: `finding${plural(n)}`. */
export function plural(count: number): string {
  return count === 1 ? '' : 's';
}

/** A count with its noun: `1 finding`, `2 findings`, `3 vulnerabilities` (the plural given when not `noun + s`). */
export function counted(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** Time spent, to a tenth of a second (`1.5s`; `1.5 s` with a space, as the tables print it). */
export function formatElapsed(ms: number, unitSeparator: '' | ' ' = ''): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}${unitSeparator}s`;
}

/** A time bound the way a user writes it: `30s` for whole seconds, else one decimal (`1.5s`). */
export function formatBound(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** A size in binary units: `512 B`, `1.5 KiB`, `12.0 MiB`, `1.25 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
