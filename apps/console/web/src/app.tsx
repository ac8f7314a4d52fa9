import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { useRoute } from './hooks';
import { useLiveEvent, useLiveStatus, type LiveStatus } from './live';
import { AgentsPage } from './pages/agents-page';
import { DecisionsPage } from './pages/decisions-page';
import { GoalPage } from './pages/goal-page';
import { GoalsPage } from './pages/goals-page';
import { SwarmPage } from './pages/swarm-page';
import type { Route } from './route';

const liveText: Record<LiveStatus, string> = {
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
};

function LiveIndicator() {
  const { status } = useLiveStatus();
  return (
    <span
      class={`live live-${status}`}
      data-testid="live-status"
      data-status={status}
      title={
        status === 'open'
          ? 'Receiving live updates'
          : 'Live updates paused: the page shows the last state it got'
      }
    >
      <i class="dot" /> {liveText[status]}
    </span>
  );
}

const pages = [
  { page: 'goals', label: 'Goals', href: '#/goals' },
  { page: 'agents', label: 'Agents', href: '#/agents' },
  { page: 'decisions', label: 'Decisions', href: '#/decisions' },
  { page: 'swarm', label: 'Swarm', href: '#/swarm' },
] as const;

/** How many approval steps wait for a person, from the swarm's live figures. */
function usePendingDecisions(): number {
  const [pending, setPending] = useState(0);
  useEffect(() => {
    api.swarm().then(
      (swarm) => setPending(swarm.pendingDecisions),
      () => undefined,
    );
  }, []);
  useLiveEvent('swarm', (swarm) => setPending(swarm.pendingDecisions));
  return pending;
}

function title(route: Route): string {
  switch (route.page) {
    case 'goals':
      return 'Goals';
    case 'goal':
      return `Goal ${route.goalId.slice(0, 8)}`;
    case 'agents':
      return 'Agents';
    case 'decisions':
      return 'Decisions';
    case 'swarm':
      return 'Swarm';
  }
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'goals':
      return <GoalsPage filter={route.filter} />;
    case 'goal':
      return <GoalPage key={route.goalId} goalId={route.goalId} taskId={route.taskId} />;
    case 'agents':
      return <AgentsPage />;
    case 'decisions':
      return <DecisionsPage />;
    case 'swarm':
      return <SwarmPage />;
  }
}

export function App() {
  const route = useRoute();
  const section = route.page === 'goal' ? 'goals' : route.page;
  const pending = usePendingDecisions();
  useEffect(() => {
    document.title = `${title(route)} · Agora console`;
  }, [route]);
  return (
    <>
      <header class="topbar">
        <a class="brand" href="#/goals">
          Agora <span>console</span>
        </a>
        <nav>
          {pages.map((p) => (
            <a
              key={p.page}
              href={p.href}
              class={section === p.page ? 'active' : undefined}
              aria-current={section === p.page ? 'page' : undefined}
            >
              {p.label}
              {p.page === 'decisions' && pending > 0 && (
                <span class="count-badge" data-testid="pending-decisions">
                  {pending}
                </span>
              )}
            </a>
          ))}
        </nav>
        <LiveIndicator />
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}
