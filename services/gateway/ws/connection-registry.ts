/**
 * The sockets of this process by user id: fan-out costs one lookup per
 * recipient. A user's sockets are a small array (most have one or two): an
 * array of one costs a few dozen bytes, a Set a few hundred, per idle socket.
 */
export class ConnectionRegistry<C> {
  private readonly byUser = new Map<string, C[]>();

  add(userId: string, connection: C): void {
    const connections = this.byUser.get(userId);
    if (!connections) this.byUser.set(userId, [connection]);
    else if (!connections.includes(connection)) connections.push(connection);
  }

  /** True when it was the user's last socket here. */
  remove(userId: string, connection: C): boolean {
    const connections = this.byUser.get(userId);
    const index = connections?.indexOf(connection) ?? -1;
    if (index < 0) return false;
    connections!.splice(index, 1);
    if (connections!.length > 0) return false;
    this.byUser.delete(userId);
    return true;
  }

  of(userId: string): readonly C[] | undefined {
    return this.byUser.get(userId);
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }
}
