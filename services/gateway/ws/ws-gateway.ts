import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AccessTokenVerifier } from '../../internal/access-tokens';
import type { Event } from '../../internal/kafka/events';
import type { ConfigSection } from '../../internal/config';
import { unredactedChild, type Logger } from '../../internal/logger';
import type { RevokedSessions } from '../revocation-mirror';
import { channelEventFetcher, type ChatCalls } from './chat-calls';
import { CLOSE } from './close-codes';
import { ConnectionRegistry } from './connection-registry';
import { startEventStream } from './event-stream';
import { MembershipCache } from './membership-cache';
import { PresenceStore } from './presence';
import { startRedisRelay, type RelayMessage } from './redis-relay';
import type { RoutedEvent } from './server-frames';
import { chooseSubprotocol, readUpgradeRequest, WS_PATH } from './upgrade-request';
import { WsConnection, type ConnectionHost } from './ws-connection';
import { WsMetrics } from './ws-metrics';

// Presence is announced to the members of at most this many of a user's channels.
const MAX_PRESENCE_CHANNELS = 200;
// Tokens are closed at most this long after they expire.
const EXPIRY_SWEEP_MS = 1_000;
// How long shutdown waits for clients to answer the 1012 close before cutting them.
const SHUTDOWN_GRACE_MS = 2_000;

export interface WebSocketGateway {
  /** Serves /v1/ws upgrades on the gateway's HTTP server. */
  attach(server: Server): void;
  /** Number of open sockets (tests, bench). */
  size(): number;
  /** Closes every socket with 1012 and stops consuming; call before the HTTP server closes. */
  stop(): Promise<void>;
}

/** The gateway's WebSocket: sockets, Kafka fan-out, presence and typing across gateways. */
export async function startWebSocketGateway(deps: {
  settings: ConfigSection<'websocket'>;
  kafka: Kafka;
  kafkaConfig: ConfigSection<'kafka'>;
  redis: Redis;
  chat: ChatCalls;
  verifier: AccessTokenVerifier;
  revoked: RevokedSessions & { onRevocation?(listener: (subject: string) => void): void };
  registry: Registry;
  logger: Logger;
  /** Told every event the fan-out decodes, pushed or not (the process's other modules listen). */
  heard?: (event: Event) => void;
}): Promise<WebSocketGateway> {
  const { settings, redis, chat, logger } = deps;
  const accessLog = unredactedChild(logger);
  const metrics = new WsMetrics(deps.registry);
  const gatewayId = randomUUID().slice(0, 8);
  let socketCount = 0;
  let stopping = false;
  const sockets = new Set<WsConnection>();
  const byUser = new ConnectionRegistry<WsConnection>();
  const memberships = new MembershipCache(chat);
  const presence = new PresenceStore(redis, settings.presenceTtlMs);

  const pushTo = (userIds: Iterable<string>, json: string, except?: string) => {
    for (const userId of userIds) {
      if (userId === except) continue;
      const connections = byUser.of(userId);
      if (connections) for (const connection of connections) connection.sendRaw(json);
    }
  };

  const relay = await startRedisRelay(redis, logger, (message: RelayMessage) => {
    if (message.kind === 'typing') {
      const frame = { type: 'typing', channelId: message.channelId, data: { userId: message.userId } };
      pushTo(message.to, JSON.stringify(frame), message.userId);
    } else {
      const frame = { type: 'presence', data: { userId: message.userId, status: message.status } };
      pushTo(message.to, JSON.stringify(frame), message.userId);
    }
  });

  /** Everyone sharing a channel with the user (who sees their presence). */
  const coMembers = async (userId: string): Promise<string[]> => {
    const { channelIds } = await chat.listMemberChannelIds({ userId });
    const members = new Set<string>();
    const memberships_ = await Promise.all(
      channelIds.slice(0, MAX_PRESENCE_CHANNELS).map((channelId) => memberships.get(userId, channelId)),
    );
    for (const { memberIds } of memberships_) for (const id of memberIds) members.add(id);
    members.delete(userId);
    return [...members];
  };

  const announcePresence = async (connection: WsConnection, cameOnline: boolean) => {
    const userId = connection.userId!;
    const others = await coMembers(userId);
    if (cameOnline) await relay.publish({ kind: 'presence', userId, status: 'online', to: others });
    // The newcomer learns who of them is online now; changes follow live.
    for (const other of await presence.online(others))
      connection.sendFrame({ type: 'presence', data: { userId: other, status: 'online' } });
  };

  const host: ConnectionHost = {
    settings,
    verifier: deps.verifier,
    revoked: deps.revoked,
    metrics,
    logger,
    fetcherFor: (userId) => channelEventFetcher(chat, userId),
    authenticated(connection) {
      byUser.add(connection.userId!, connection);
      presence
        .connected(connection.userId!, connection.socketId)
        .then((cameOnline) => announcePresence(connection, cameOnline))
        .catch((error: unknown) => logger.warn({ err: error }, 'ws presence update failed'));
    },
    closed(connection) {
      sockets.delete(connection);
      metrics.connections.set(sockets.size);
      const userId = connection.userId;
      if (!userId) return;
      byUser.remove(userId, connection);
      presence
        .disconnected(userId, connection.socketId)
        .then(async (wentOffline) => {
          // Shutting down: the clients reconnect elsewhere at once; no offline flicker.
          if (!wentOffline || stopping) return;
          await relay.publish({ kind: 'presence', userId, status: 'offline', to: await coMembers(userId) });
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'ws presence update failed'));
    },
    async typing(connection, channelId) {
      const userId = connection.userId!;
      const { member, memberIds } = await memberships.get(userId, channelId);
      if (!member)
        return connection.sendFrame({ type: 'error', channelId, data: { code: 'channel_not_found' } });
      await relay.publish({ kind: 'typing', channelId, userId, to: memberIds });
    },
  };

  const dispatch = (event: RoutedEvent) => {
    metrics.eventsReceived.inc();
    if (event.leavers && event.channelId) memberships.invalidate(event.channelId);
    for (const userId of event.recipients) {
      const connections = byUser.of(userId);
      if (connections) for (const connection of connections) connection.push(event);
    }
  };
  const { groupPrefix, topicPrefix } = deps.kafkaConfig;
  const eventStream = await startEventStream({
    kafka: deps.kafka,
    groupPrefix,
    topicPrefix,
    logger,
    dispatch,
    heard: deps.heard,
    metrics: deps.registry,
  });

  deps.revoked.onRevocation?.((subject) => {
    // A user id finds its sockets at once; one login's revocation (logout) is rare: check them all.
    const connections = byUser.of(subject) ?? sockets;
    for (const connection of [...connections]) connection.checkRevoked();
  });

  const heartbeat = setInterval(() => {
    for (const connection of sockets) {
      if (!connection.alive) {
        metrics.closed.inc({ code: 'no_pong' });
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
    const live = [...sockets].filter((connection) => connection.userId) as Array<{
      userId: string;
      socketId: string;
    }>;
    presence
      .refresh(live)
      .catch((error: unknown) => logger.warn({ err: error }, 'ws presence refresh failed'));
  }, settings.heartbeatMs);
  heartbeat.unref();

  // One timer for every socket's token expiry (a timer each would cost every idle socket).
  const expirySweep = setInterval(() => {
    const now = Date.now();
    for (const connection of sockets) connection.closeIfExpired(now);
  }, EXPIRY_SWEEP_MS);
  expirySweep.unref();

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayloadBytes,
    perMessageDeflate: false, // a compression context per socket costs far more than it saves here
    clientTracking: false,
    handleProtocols: (offered) => chooseSubprotocol(offered),
  });

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const parsed = readUpgradeRequest(request);
    // The access line for a socket: the path only, never the query string.
    accessLog.info({ method: 'GET', route: WS_PATH, path: parsed.path, status: 101 }, 'ws upgrade');
    if (parsed.path !== WS_PATH) return refuse(socket, '404 Not Found');
    if (stopping) return refuse(socket, '503 Service Unavailable');
    // Only these two reach the callback: nothing of the request (its headers hold the token) stays with the socket.
    const { tokenInUrl, subprotocolToken } = parsed;
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, tokenInUrl, subprotocolToken));
  };

  const accept = (ws: WebSocket, tokenInUrl: boolean, subprotocolToken: string | undefined) => {
    const connection = new WsConnection(ws, `${gatewayId}:${++socketCount}`, host);
    if (tokenInUrl) {
      connection.start(undefined);
      return connection.close(CLOSE.tokenInUrl);
    }
    sockets.add(connection);
    metrics.connections.set(sockets.size);
    connection.start(subprotocolToken);
  };

  return {
    attach(server) {
      server.on('upgrade', upgrade);
    },
    size: () => sockets.size,
    async stop() {
      stopping = true;
      clearInterval(heartbeat);
      clearInterval(expirySweep);
      for (const connection of sockets) connection.close(CLOSE.serviceRestart);
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      while (sockets.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      for (const connection of sockets) connection.ws.terminate();
      await Promise.allSettled([eventStream.stop(), relay.stop()]);
    },
  };
}
