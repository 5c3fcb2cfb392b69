/**
 * Reading ahead: an IndexedDB read waits on the browser process and the disk, so while one
 * capture is hashed, zipped or drawn, the next one or two are already being read. Memory stays
 * bounded by `depth` items in flight.
 */

/**
 * Maps `items` in order, with up to `depth` results being prepared ahead of the consumer.
 * Yields `[item, result]`; a failed map rejects when the consumer reaches it, in order.
 */
export async function* readAhead<T, R>(items: Iterable<T> | AsyncIterable<T>, map: (item: T) => Promise<R>, depth = 2): AsyncGenerator<[T, R]> {
  const pending: { item: T; result: Promise<R> }[] = [];
  const start = (item: T) => {
    const result = map(item);
    // Awaited in order below; a prefetched read the consumer never reaches must not go unhandled.
    result.catch(() => undefined);
    pending.push({ item, result });
  };
  for await (const item of items) {
    start(item);
    if (pending.length > depth) {
      const next = pending.shift()!;
      yield [next.item, await next.result];
    }
  }
  while (pending.length) {
    const next = pending.shift()!;
    yield [next.item, await next.result];
  }
}

/**
 * A reader of files by path that, each time a path is asked for, starts reading the one that
 * follows it in `order`. Each file is handed out once; memory: the file asked for and the next.
 */
export function readingAhead(order: readonly string[], read: (path: string) => Promise<Uint8Array>): (path: string) => Promise<Uint8Array> {
  const position = new Map(order.map((path, index) => [path, index]));
  const started = new Map<string, Promise<Uint8Array>>();
  const begin = (path: string) => {
    const result = read(path);
    result.catch(() => undefined);
    started.set(path, result);
    return result;
  };
  return (path) => {
    const result = started.get(path) ?? begin(path);
    started.delete(path);
    const index = position.get(path);
    const following = index === undefined ? undefined : order[index + 1];
    if (following !== undefined && !started.has(following)) begin(following);
    return result;
  };
}
