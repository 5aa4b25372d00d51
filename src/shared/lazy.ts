/**
 * A value made on first use and then shared: concurrent first callers share one `make`, its result is kept once it
 * resolves, and a rejection is forgotten so the next call tries again (an SDK that failed to load, an identity that
 * was not ready). Lets heavy SDKs load at their own seam, not at import.
 */
export function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    if (!value) {
      const made = (async () => make())();
      made.catch(() => {
        if (value === made) value = undefined;
      });
      value = made;
    }
    return value;
  };
}
