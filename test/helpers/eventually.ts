/**
 * Waits until `condition` holds, polling: file-watcher events, builds and servers answer
 * after a delay that depends on the machine, so a fixed sleep is flaky on a slow CI runner.
 * @param timeoutMs how long to wait before failing
 * @param everyMs how long to wait between polls
 */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, everyMs));
  }
}
