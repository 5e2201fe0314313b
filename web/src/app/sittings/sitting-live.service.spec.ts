import { TestBed } from '@angular/core/testing';
import { sitting } from '../../testing/fixtures';
import { FakeEventSource } from '../../testing/fake-event-source';
import { EVENT_SOURCE_FACTORY, SittingLiveService } from './sitting-live.service';

describe('SittingLiveService', () => {
  let live: SittingLiveService;
  const received: string[] = [];
  let reconnected = 0;

  beforeEach(() => {
    jest.useFakeTimers();
    FakeEventSource.reset();
    received.length = 0;
    reconnected = 0;
    TestBed.configureTestingModule({
      providers: [
        SittingLiveService,
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
      ],
    });
    live = TestBed.inject(SittingLiveService);
    live.connect('/api/sittings/s1/events', {
      sitting: (s) => received.push(s.quorum.text),
      reconnected: () => reconnected++,
    });
  });

  afterEach(() => jest.useRealTimers());

  it('passes each "sitting" event on, and says when the stream is live', () => {
    const source = FakeEventSource.last();
    expect(source.url).toBe('/api/sittings/s1/events');
    expect(live.status()).toBe('connecting');
    source.open();
    expect(live.status()).toBe('live');
    source.emit('sitting', sitting({ quorum: { ...sitting().quorum, text: 'quorum atteint' } }));
    source.emit('ping', '');
    expect(received).toEqual(['quorum atteint']);
    expect(reconnected).toBe(0);
  });

  it('reloads the state when the browser reconnects by itself', () => {
    const source = FakeEventSource.last();
    source.open();
    source.fail(false);
    expect(live.status()).toBe('reconnecting');
    source.open();
    expect(live.status()).toBe('live');
    expect(reconnected).toBe(1);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('opens a new stream, later and later, when the browser gives up', () => {
    const first = FakeEventSource.last();
    first.open();
    first.fail(true);
    expect(first.closed).toBe(true);
    expect(live.status()).toBe('reconnecting');
    jest.advanceTimersByTime(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    jest.advanceTimersByTime(1);
    const second = FakeEventSource.last();
    expect(second).not.toBe(first);
    second.fail(true);
    jest.advanceTimersByTime(1999);
    expect(FakeEventSource.instances).toHaveLength(2);
    jest.advanceTimersByTime(1);
    const third = FakeEventSource.last();
    third.open();
    expect(reconnected).toBe(1);
    expect(live.status()).toBe('live');
  });

  it('stops everything when disconnected', () => {
    const source = FakeEventSource.last();
    source.fail(true);
    live.disconnect();
    jest.advanceTimersByTime(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(live.status()).toBe('off');
  });
});
