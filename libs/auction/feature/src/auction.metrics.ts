import { counter, histogram } from '@agora/observability';

/** Operators' view of the auction; every name starts with agora_auction_. */
export const auctionMetrics = {
  allocationSeconds: histogram(
    'agora_auction_allocation_seconds',
    'Time from a task attempt becoming ready to its award.',
    [],
    [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30],
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
  unallocatable: counter(
    'agora_auction_unallocatable_total',
    'Task attempts nobody bid for in any round.',
  ),
  leaseExpiries: counter(
    'agora_auction_lease_expiries_total',
    'Leases that lapsed without progress or result.',
  ),
  staleResults: counter(
    'agora_auction_stale_results_total',
    'Progress or results ignored because they were for an older attempt or from an agent that does not hold the lease.',
    ['event', 'reason'],
  ),
  earlyCloses: counter(
    'agora_auction_early_close_total',
    'Rounds closed before their deadline because every live agent had answered.',
  ),
};
