// Per-route lists (client host → server endpoint) keyed by numbers, for the rules that look up the
// other connections of a flow's route: a string key per flow costs more than the lookups it serves
// when a capture has 100 000 connections. Lookups only: iteration order is not kept.
import type { Flow } from '../flows/model';

export class RouteMap<T> {
  /** serverAddr × 65536 + serverPort → clientAddr → value. */
  private readonly byServer = new Map<number, Map<number, T>>();

  get(flow: Flow): T | undefined {
    return this.byServer.get(flow.serverAddr * 65536 + flow.serverPort)?.get(flow.clientAddr);
  }

  /** The value of `flow`'s route, made with `make` the first time. */
  upsert(flow: Flow, make: () => T): T {
    const key = flow.serverAddr * 65536 + flow.serverPort;
    let clients = this.byServer.get(key);
    if (!clients) {
      clients = new Map();
      this.byServer.set(key, clients);
    }
    let v = clients.get(flow.clientAddr);
    if (v === undefined) {
      v = make();
      clients.set(flow.clientAddr, v);
    }
    return v;
  }
}
