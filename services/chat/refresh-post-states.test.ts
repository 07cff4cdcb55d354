import { create } from '@bufbuild/protobuf';
import {
  ChannelMembersChangedSchema,
  ChannelReadSchema,
  ChatMessageSchema,
  FileReadySchema,
  MessageDeletedSchema,
  MessageEditedSchema,
  MessagePostedSchema,
} from '../../proto/gen/events/v1/events_pb.js';
import { newEvent, type EventPayload } from '../internal/kafka/events';
import { ChannelPostStates } from './channel-post-states';
import { refreshPostStates } from './refresh-post-states';

const message = (seq: bigint) => create(ChatMessageSchema, { id: 'm', channelId: 'c1', seq });

describe('refreshPostStates', () => {
  const known = () => {
    const states = new ChannelPostStates();
    states.set('c1', { type: 'group', lastSeq: 1n, memberIds: ['a'] });
    return states;
  };

  // Every channel event takes the channel's next seq and names its members.
  it.each<[string, (seq: bigint) => EventPayload]>([
    [
      'messagePosted',
      (seq) => ({
        case: 'messagePosted',
        value: create(MessagePostedSchema, { message: message(seq), memberIds: ['a', 'b'] }),
      }),
    ],
    [
      'messageEdited',
      (seq) => ({
        case: 'messageEdited',
        value: create(MessageEditedSchema, { message: message(seq), memberIds: ['a', 'b'] }),
      }),
    ],
    [
      'messageDeleted',
      (seq) => ({
        case: 'messageDeleted',
        value: create(MessageDeletedSchema, { message: message(seq), memberIds: ['a', 'b'] }),
      }),
    ],
    [
      'channelRead',
      (seq) => ({
        case: 'channelRead',
        value: create(ChannelReadSchema, { channelId: 'c1', seq, memberIds: ['a', 'b'] }),
      }),
    ],
    [
      'channelMembersChanged',
      (seq) => ({
        case: 'channelMembersChanged',
        value: create(ChannelMembersChangedSchema, { channelId: 'c1', seq, memberIds: ['a', 'b'] }),
      }),
    ],
  ])('%s moves the guess to its seq and members', (_kind, payload) => {
    const states = known();
    refreshPostStates(states, newEvent(payload(4n), 'a'));
    expect(states.get('c1')).toEqual({ type: 'group', lastSeq: 4n, memberIds: ['a', 'b'] });
  });

  it('leaves the guesses alone for events of no channel', () => {
    const states = known();
    refreshPostStates(
      states,
      newEvent({ case: 'fileReady', value: create(FileReadySchema, { fileId: 'f' }) }, 'a'),
    );
    expect(states.get('c1')).toEqual({ type: 'group', lastSeq: 1n, memberIds: ['a'] });
  });
});
