import { create } from '@bufbuild/protobuf';
import { FileReadySchema } from '../../../proto/gen/events/v1/events_pb.js';
import { createLogger } from '../logger';
import { newEvent, type Event } from './events';
import { LocalEvents } from './local-events';

describe('LocalEvents', () => {
  const event = newEvent({ case: 'fileReady', value: create(FileReadySchema, { fileId: 'f' }) }, 'u');

  it('tells every listener until it stops listening, and a failing listener does not stop the others', () => {
    const events = new LocalEvents(createLogger({ level: 'silent' }));
    const heard: Event[] = [];
    events.listen(() => {
      throw new Error('a broken listener');
    });
    const stop = events.listen((e) => heard.push(e));
    events.heard(event);
    stop();
    events.heard(event);
    expect(heard).toEqual([event]);
  });
});
