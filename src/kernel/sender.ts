// Ordered, non-blocking sends on a zeromq.js v6 socket.
//
// zeromq.js allows one pending send at a time and throws EBUSY otherwise. We
// send synchronously while the socket accepts (so progress updates leave even
// while a cell's synchronous loop blocks the event loop) and queue the rest.

interface Sendable {
  send(frames: (Buffer | string)[]): Promise<void>;
}

export class Sender {
  private queue: (Buffer | string)[][] = [];
  private draining = false;

  constructor(private readonly socket: Sendable) {}

  send(frames: (Buffer | string)[]): void {
    if (this.draining || this.queue.length) {
      this.queue.push(frames);
      return;
    }
    try {
      this.socket.send(frames).catch(() => {
        // A closed socket at shutdown: nothing left to tell.
      });
    } catch (e) {
      if ((e as { code?: string }).code !== "EBUSY") return;
      this.queue.push(frames);
      void this.drain();
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const next = this.queue.shift() as (Buffer | string)[];
        try {
          await this.socket.send(next);
        } catch (e) {
          if ((e as { code?: string }).code === "EBUSY") {
            this.queue.unshift(next);
            await new Promise((r) => setImmediate(r));
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
