/** Reconnect delays: exponential, capped, with "equal jitter" so that a school's worth of
 * clients that lost the server together do not come back in one wave (and never at 0 ms). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 500,
  maxMs = 30_000,
): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(cap / 2 + random() * (cap / 2));
}
