import { Code, ConnectError } from '@connectrpc/connect';
import type { ChatService } from '../../../proto/gen/chat/v1/chat_pb.js';
import type { ServiceClient } from '../../internal/grpc/client';
import { decodeEvent } from '../../internal/kafka/events';
import { NotAChannelMember, type FetchChannelEvents } from './channel-delivery';
import { routeEvent, type RoutedEvent } from './server-frames';

/** The chat RPCs the WebSocket uses (issue 12 contract). */
export type ChatCalls = Pick<
  ServiceClient<typeof ChatService>,
  'listChannelEvents' | 'listMemberChannelIds' | 'getMembership'
>;

const PAGE = 500;

/** Catch-up for one user: ListChannelEvents page by page, as the frames live events would have been. */
export function channelEventFetcher(chat: ChatCalls, userId: string): FetchChannelEvents {
  return async function* fetchAfter(channelId, afterSeq) {
    let after = afterSeq;
    for (;;) {
      let response;
      try {
        response = await chat.listChannelEvents({
          userId,
          channelId,
          afterSeq: BigInt(after),
          limit: PAGE,
        });
      } catch (error) {
        if (ConnectError.from(error).code === Code.NotFound) throw new NotAChannelMember(channelId);
        throw error;
      }
      const page: RoutedEvent[] = [];
      for (const bytes of response.events) {
        const routed = routeEvent(decodeEvent(bytes));
        if (routed) page.push(routed);
      }
      if (page.length > 0) yield page;
      const last = page.at(-1)?.seq;
      if (!response.more || last === undefined || last <= after) return;
      after = last;
    }
  };
}
