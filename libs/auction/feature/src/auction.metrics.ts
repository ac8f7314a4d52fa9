import { counter, gauge, histogram } from '@agora/observability';

/** Operators' view of the auction; every name starts with agora_auction_. */
export const auctionMetrics = {
  allocationSeconds: histogram(
    'agora_auction_allocation_seconds',
    'Time from a task attempt becoming ready to its award, waiting for capacity included.',
    [],
    [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30, 60, 300],
  ),
  roundSeconds: histogram(
    'agora_auction_round_seconds',
    'Time from a call for proposals to the close of its round.',
    ['closed_by'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2],
  ),
  bids: histogram(
    'agora_auction_bids',
    'Bids that counted when an auction round closed (refusals and excluded agents left out).',
    [],
    [0, 1, 2, 3, 5, 8, 13, 21],
  ),
  rounds: counter(
    'agora_auction_rounds_total',
    'Auction rounds opened (calls for proposals sent).',
  ),
  roundsClosed: counter(
    'agora_auction_rounds_closed_total',
    'Rounds closed, by how (all_answered, quiet, deadline) and outcome (awarded, waiting).',
    ['closed_by', 'outcome'],
  ),
  waiting: gauge(
    'agora_auction_waiting_tasks',
    'Task attempts waiting for an agent with free capacity, by capability.',
    ['capability'],
  ),
  waitsStarted: counter(
    'agora_auction_waits_total',
    'Times a task attempt started waiting for capacity (on arrival or after a round without an award).',
    ['capability'],
  ),
  unallocatable: counter(
    'agora_auction_unallocatable_total',
    'Task attempts failed at once because no agent ever declared their capability.',
  ),
  waitExceeded: counter(
    'agora_auction_wait_exceeded_total',
    "Task attempts failed because they waited longer than their goal's maxWaitMs.",
  ),
  leaseExpiries: counter(
    'agora_auction_lease_expiries_total',
    'Leases ended without a result: lapsed, or held by an agent process that restarted.',
    ['cause'],
  ),
  staleResults: counter(
    'agora_auction_stale_results_total',
    'Progress or results ignored because they were for an older attempt or from an agent that does not hold the lease.',
    ['event', 'reason'],
  ),
  earlyCloses: counter(
    'agora_auction_early_close_total',
    'Rounds closed before their deadline (every invited agent answered, or the quiet period after a bid passed).',
  ),
  rosterAgents: gauge('agora_auction_roster_agents', 'Agents the roster knows, by liveness.', [
    'state',
  ]),
};
