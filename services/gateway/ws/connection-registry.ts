/** The sockets of this process by user id: fan-out costs one lookup per recipient. */
export class ConnectionRegistry<C> {
  private readonly byUser = new Map<string, Set<C>>();

  add(userId: string, connection: C): void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(connection);
  }

  /** True when it was the user's last socket here. */
  remove(userId: string, connection: C): boolean {
    const set = this.byUser.get(userId);
    if (!set?.delete(connection)) return false;
    if (set.size > 0) return false;
    this.byUser.delete(userId);
    return true;
  }

  of(userId: string): ReadonlySet<C> | undefined {
    return this.byUser.get(userId);
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }
}
