/**
 * Work that `rfm serve` repeats in the background (the scoring scheduler, the drop folder): a
 * pass now, then one every interval until `stop()`. Passes never overlap: asking for one while
 * one runs gets that one. A failed pass is reported and the next one still comes.
 */
export class Periodic<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly intervalMs: number,
    private readonly onError?: (error: unknown) => void,
  ) {}

  /** Runs a pass now, then every interval, until `stop()`. Starting twice does nothing. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.once()
        .catch((error: unknown) => this.onError?.(error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  /** Stops the passes; resolves once a pass in progress has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass now (or the one in progress). */
  once(): Promise<T> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
