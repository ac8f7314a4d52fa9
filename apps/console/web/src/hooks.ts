import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { formatRoute, parseRoute, type Route } from './route';

/** The current time, updated every `intervalMs`, for ages that tick. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The route in the location's hash, following every change to it. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/**
 * Goes to a route. `replace` rewrites the current history entry instead (filters as they are
 * typed, a task selected), so Back leaves the page rather than undoing each keystroke.
 */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = formatRoute(route);
  if (hash === window.location.hash) return;
  if (!options.replace) {
    window.location.hash = hash;
    return;
  }
  history.replaceState(history.state, '', hash);
  // replaceState fires no event of its own.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** `value`, once it has stayed the same for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** A loaded value, its load error, and a way to load it again. */
export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Changes the value in place (a live update) without loading it. */
  update: (change: (data: T | undefined) => T | undefined) => void;
}

/**
 * Loads with `load` when `key` changes and whenever reload is called. An answer that arrives
 * after a newer request was made is dropped, so a slow response never overwrites a fresh one.
 */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{
    key: string;
    data: T | undefined;
    error: unknown;
    loading: boolean;
  }>({ key, data: undefined, error: undefined, loading: true });
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const requests = useRef(0);

  const reload = useCallback(() => {
    const request = ++requests.current;
    setState((s) => ({ ...s, loading: true }));
    latestLoad.current().then(
      (data) => {
        if (request === requests.current) setState({ key, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (request === requests.current) setState((s) => ({ ...s, key, error, loading: false }));
      },
    );
  }, [key]);

  useEffect(reload, [reload]);
  const update = useCallback(
    (change: (data: T | undefined) => T | undefined) =>
      setState((s) => ({ ...s, data: change(s.data) })),
    [],
  );
  // Data of a previous key (another goal) is not shown as this one's.
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: state.loading || !current,
    reload,
    update,
  };
}
