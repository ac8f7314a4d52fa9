import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentRow, GoalRow, SwarmView } from './api-types';

/** The events of GET /api/stream and what each carries. */
export interface LiveEvents {
  goal: GoalRow;
  agent: AgentRow;
  swarm: SwarmView;
}
type LiveType = keyof LiveEvents;
const liveTypes: readonly LiveType[] = ['goal', 'agent', 'swarm'];

/** `open` once the stream answers; `reconnecting` from the first error until it answers again. */
export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

/** A refused stream (an HTTP error, not a dropped connection) is retried after this long. */
const RETRY_REFUSED_MS = 3000;

/**
 * One EventSource for the whole page, opened by the first subscriber. EventSource reconnects by
 * itself after a dropped connection; only an answer it will not retry (a non-200, a wrong
 * content type) closes it, and then this opens a new one.
 */
class LiveStream {
  status: LiveStatus = 'connecting';
  /** Counts openings, so a page can refetch what it may have missed while disconnected. */
  openings = 0;
  private source: EventSource | null = null;
  private readonly statusListeners = new Set<() => void>();
  private readonly listeners: { [K in LiveType]: Set<(data: LiveEvents[K]) => void> } = {
    goal: new Set(),
    agent: new Set(),
    swarm: new Set(),
  };

  onStatus(listener: () => void): () => void {
    this.start();
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  on<K extends LiveType>(type: K, listener: (data: LiveEvents[K]) => void): () => void {
    this.start();
    const set = this.listeners[type] as Set<(data: LiveEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private start(): void {
    if (this.source) return;
    const source = new EventSource('api/stream');
    this.source = source;
    source.onopen = () => {
      this.openings += 1;
      this.setStatus('open');
    };
    source.onerror = () => {
      this.setStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return;
      this.source = null;
      setTimeout(() => this.start(), RETRY_REFUSED_MS);
    };
    for (const type of liveTypes) {
      source.addEventListener(type, (event: MessageEvent<string>) =>
        this.dispatch(type, event.data),
      );
    }
  }

  private dispatch(type: LiveType, data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      console.warn(`ignored a ${type} event that is not JSON`, data);
      return;
    }
    for (const listener of this.listeners[type]) (listener as (d: unknown) => void)(parsed);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}

let stream: LiveStream | null = null;
const live = (): LiveStream => (stream ??= new LiveStream());

/** The stream's status, and how many times it has opened. */
export function useLiveStatus(): { status: LiveStatus; openings: number } {
  const [state, setState] = useState(() => ({ status: live().status, openings: live().openings }));
  useEffect(
    () => live().onStatus(() => setState({ status: live().status, openings: live().openings })),
    [],
  );
  return state;
}

/** Calls the latest `handler` for every event of `type` while the component is mounted. */
export function useLiveEvent<K extends LiveType>(
  type: K,
  handler: (data: LiveEvents[K]) => void,
): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => live().on(type, (data) => latest.current(data)), [type]);
}

/** Calls `handler` when the stream opens again after a break (not on the first opening). */
export function useLiveReconnect(handler: () => void): void {
  const { openings } = useLiveStatus();
  const seen = useRef(openings);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (openings > Math.max(seen.current, 1)) latest.current();
    seen.current = Math.max(seen.current, openings);
  }, [openings]);
}
