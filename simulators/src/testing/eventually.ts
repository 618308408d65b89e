/**
 * Polls `probe` until it stops throwing, or fails with its last error at the deadline:
 * tests wait for conditions, never for fixed times.
 */
export async function expectEventually<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
