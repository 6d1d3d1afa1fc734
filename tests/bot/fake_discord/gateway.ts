/**
 * The fake gateway: HELLO, IDENTIFY → READY, heartbeats → ACK, RESUME → replay + RESUMED, dispatches.
 *
 * @module
 */
import type { Json } from "./state.ts";

interface Session {
  id: string;
  seq: number;
  buffer: Json[];
}

/** The gateway side of the fake. */
export class FakeGateway {
  socket: WebSocket | null = null;
  session: Session | null = null;
  identifies = 0;
  resumes = 0;
  heartbeats = 0;
  readonly sockets = new Set<WebSocket>();
  private listeners: (() => void)[] = [];

  constructor(
    private readonly opts: {
      token: string;
      url: () => string;
      botUser: Json;
      applicationId: string;
      heartbeatIntervalMs: number;
    },
  ) {}

  /** Accepts a WebSocket upgrade. */
  accept(req: Request): Response {
    const { socket, response } = Deno.upgradeWebSocket(req);
    this.sockets.add(socket);
    socket.onopen = () =>
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs } }));
    socket.onmessage = (e) => this.onMessage(socket, JSON.parse(String(e.data)));
    socket.onclose = () => {
      this.sockets.delete(socket);
      if (this.socket === socket) this.socket = null;
      this.changed();
    };
    socket.onerror = () => {};
    return response;
  }

  private onMessage(socket: WebSocket, packet: Json): void {
    switch (packet.op) {
      case 1:
        this.heartbeats++;
        socket.send(JSON.stringify({ op: 11 }));
        break;
      case 2: {
        if (packet.d?.token !== `Bot ${this.opts.token}`) return socket.close(4004, "Authentication failed");
        this.identifies++;
        this.session = { id: crypto.randomUUID(), seq: 0, buffer: [] };
        this.socket = socket;
        this.send("READY", {
          v: 10,
          user: this.opts.botUser,
          guilds: [],
          session_id: this.session.id,
          resume_gateway_url: this.opts.url(),
          shard: [0, 1],
          application: { id: this.opts.applicationId, flags: 0 },
        });
        break;
      }
      case 6: {
        if (!this.session || packet.d?.session_id !== this.session.id) {
          socket.send(JSON.stringify({ op: 9, d: false }));
          return;
        }
        this.resumes++;
        this.socket = socket;
        for (const p of this.session.buffer) if (p.s > (packet.d.seq ?? 0)) socket.send(JSON.stringify(p));
        this.send("RESUMED", {});
        break;
      }
    }
    this.changed();
  }

  /** Sends (or buffers, while disconnected) a dispatch. */
  send(t: string, d: Json): void {
    if (!this.session) throw new Error("No gateway session: the bot has not identified");
    const packet = { op: 0, t, s: ++this.session.seq, d };
    this.session.buffer.push(packet);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(packet));
  }

  /** Drops the live connection the way Discord does on trouble (close code 4000: resumable). */
  drop(code = 4000): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close(code, "Dropped by the fake");
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Resolves when `predicate` holds (checked on every gateway event). */
  until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error("Timed out waiting for the gateway"));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  closeAll(): void {
    for (const s of this.sockets) s.close(1001, "Fake Discord closing");
  }
}
