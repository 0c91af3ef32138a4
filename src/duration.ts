/**
 * The one way durations are written, everywhere output shows one (progress, ETA, plan estimates, epoch
 * times): pretty-ms, at most two units (`190ms`, `2.4s`, `1m 5s`, `24m`, `1h 3m`).
 */
import prettyMilliseconds from 'pretty-ms';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  return prettyMilliseconds(seconds * 1000, {
    unitCount: 2,
    secondsDecimalDigits: seconds < 10 ? 1 : 0,
    millisecondsDecimalDigits: 0,
  });
}
