// Starting several processes at once without leaving any behind when one of them fails.

/**
 * Runs `start` for every id at once. When one fails (or `signal` aborts), the starts still under way
 * are aborted through the signal they were given. It settles only once every start has settled; on a
 * failure it first stops those that did start (`stop`), then rejects with the first failure.
 */
export async function startAll<T>(
  ids: readonly string[],
  signal: AbortSignal | undefined,
  start: (id: string, signal: AbortSignal) => Promise<T>,
  stop: (started: T) => Promise<unknown>,
): Promise<T[]> {
  const failed = new AbortController();
  const either = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
  const results = await Promise.allSettled(
    ids.map((id) =>
      start(id, either).catch((err: unknown) => {
        if (!failed.signal.aborted) failed.abort(err);
        throw err;
      }),
    ),
  );
  const up = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (up.length === ids.length) return up;
  await Promise.all(up.map(stop));
  throw failed.signal.reason;
}
