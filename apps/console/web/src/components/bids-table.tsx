import type { AttemptDetail, BidRow } from '../api-types';
import { formatClock, formatCost, formatDuration, formatNumber, formatPercent } from '../format';

function BidTags({ bid }: { bid: BidRow }) {
  return (
    <>
      {bid.winner && <span class="tag tag-winner">winner</span>}
      {bid.late && (
        <span class="tag tag-late" title="Arrived after the award">
          late
        </span>
      )}
      {bid.excluded && (
        <span
          class="tag tag-excluded"
          title="Excluded from this attempt (it failed or was rejected before)"
        >
          excluded
        </span>
      )}
    </>
  );
}

/** The auction of one attempt: every answer to its call for proposals, the winner highlighted. */
export function BidsTable({ attempt }: { attempt: AttemptDetail }) {
  const answered = new Set(attempt.bids.map((b) => b.agentId));
  const silent = attempt.invited.filter((a) => !answered.has(a));
  return (
    <div class="bids">
      <p class="meta-line">
        <span>
          Invited <b>{attempt.invited.length}</b>
        </span>
        <span>
          answered <b>{answered.size}</b>
        </span>
        {silent.length > 0 && <span title={silent.join(', ')}>silent: {silent.join(', ')}</span>}
        {attempt.excludedAgents.length > 0 && (
          <span>excluded: {attempt.excludedAgents.join(', ')}</span>
        )}
      </p>
      {attempt.bids.length === 0 ? (
        <p class="empty">No bids yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="grid" data-testid="bids-table">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Decision</th>
                <th class="num">Round</th>
                <th class="num">Cost</th>
                <th class="num">ETA</th>
                <th class="num">Confidence</th>
                <th class="num">Load</th>
                <th class="num">Reputation</th>
                <th class="num">Score</th>
                <th>Refusal reason</th>
                <th class="num">At</th>
              </tr>
            </thead>
            <tbody>
              {attempt.bids.map((bid) => (
                <tr
                  key={`${bid.agentId}-${bid.round}-${bid.at}`}
                  class={
                    bid.winner
                      ? 'row-winner winner'
                      : bid.late || bid.excluded
                        ? 'row-dim'
                        : undefined
                  }
                >
                  <td class="mono">
                    {bid.agentId} <BidTags bid={bid} />
                  </td>
                  <td>
                    <span class={bid.decision === 'BID' ? 'decision-bid' : 'decision-refuse'}>
                      {bid.decision}
                    </span>
                  </td>
                  <td class="num">{bid.round}</td>
                  <td class="num">{formatCost(bid.cost)}</td>
                  <td class="num">{formatDuration(bid.estimatedDurationMs)}</td>
                  <td class="num">{formatPercent(bid.confidence)}</td>
                  <td class="num">{formatPercent(bid.load)}</td>
                  <td class="num">{formatNumber(bid.reputation)}</td>
                  <td class="num">{formatNumber(bid.score, 3)}</td>
                  <td class="wrap">{bid.refusalReason ?? ''}</td>
                  <td class="num mono">{formatClock(bid.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
