import type { EventMap } from '@agora/contracts';

/** Events about one goal that `agora submit --follow` shows. */
export const followedEvents = [
  'GoalPlanned',
  'TaskWaiting',
  'CallForProposals',
  'BidSubmitted',
  'TaskAwarded',
  'TaskCompleted',
  'TaskFailed',
  'TaskEvaluated',
  'GoalCompleted',
  'GoalFailed',
] as const;
export type FollowedEvent = (typeof followedEvents)[number];

/**
 * Turns a goal's events into progress lines: the task graph, each auction's bidders and winner,
 * results, evaluation scores, and the elapsed time. Pure, so what a person sees is unit-tested.
 */
export class GoalProgress {
  private readonly names = new Map<string, string>();
  private readonly bids = new Map<string, { agentId: string; bid: boolean; detail: string }[]>();
  private readonly awarded = new Set<string>();
  private finished: 'completed' | 'failed' | undefined;

  constructor(
    readonly goalId: string,
    private readonly startedAt: number,
  ) {}

  get done(): boolean {
    return this.finished !== undefined;
  }

  get outcome(): 'completed' | 'failed' | undefined {
    return this.finished;
  }

  apply<T extends FollowedEvent>(type: T, event: EventMap[T], now: number): string[] {
    if (event.envelope.goalId !== this.goalId) return [];
    const at = `[${((now - this.startedAt) / 1000).toFixed(1).padStart(5)} s]`;
    const e: EventMap[FollowedEvent] = event;
    switch (type) {
      case 'GoalPlanned': {
        const planned = e as EventMap['GoalPlanned'];
        for (const t of planned.tasks) this.names.set(t.taskId, t.name);
        return [
          `${at} planned with workflow ${planned.workflow} (${planned.source}): ${planned.tasks.length} tasks`,
          ...planned.tasks.map(
            (t) =>
              `         ${t.name} [${t.capability}]${t.dependsOn.length ? ` ← ${t.dependsOn.map((d) => this.name(d)).join(', ')}` : ''}`,
          ),
        ];
      }
      case 'TaskWaiting': {
        const wait = e as EventMap['TaskWaiting'];
        return [`${at} ${this.name(wait.taskId)}: waiting for capacity: ${wait.reason}`];
      }
      case 'CallForProposals': {
        const cfp = e as EventMap['CallForProposals'];
        this.bids.set(this.round(cfp.taskId, cfp.attempt), []);
        const retry = cfp.attempt > 1 ? `, attempt ${cfp.attempt}` : '';
        const round = cfp.round > 1 ? `, round ${cfp.round}` : '';
        return [
          `${at} ${this.name(cfp.taskId)}: call for proposals (${cfp.capability}${retry}${round})`,
        ];
      }
      case 'BidSubmitted': {
        const bid = e as EventMap['BidSubmitted'];
        const list = this.bids.get(this.round(bid.taskId, bid.attempt)) ?? [];
        list.push(
          bid.decision === 'BID'
            ? {
                agentId: bid.agentId,
                bid: true,
                detail: `$${(bid.cost ?? 0).toFixed(3)}, ~${Math.round((bid.estimatedDurationMs ?? 0) / 100) / 10} s, confidence ${(bid.confidence ?? 0).toFixed(2)}`,
              }
            : { agentId: bid.agentId, bid: false, detail: bid.refusalReason ?? 'refused' },
        );
        this.bids.set(this.round(bid.taskId, bid.attempt), list);
        return [];
      }
      case 'TaskAwarded': {
        const award = e as EventMap['TaskAwarded'];
        const bids = this.bids.get(this.round(award.taskId, award.attempt)) ?? [];
        const bidders = bids.filter((b) => b.bid).map((b) => `${b.agentId} (${b.detail})`);
        const refused = bids.filter((b) => !b.bid).length;
        // A redelivered award is shown once.
        this.bids.delete(this.round(award.taskId, award.attempt));
        if (bids.length === 0 && this.awarded.has(this.round(award.taskId, award.attempt)))
          return [];
        this.awarded.add(this.round(award.taskId, award.attempt));
        return [
          `${at} ${this.name(award.taskId)}: awarded to ${award.agentId} (score ${award.score.toFixed(2)}); ` +
            `${award.bidders.length} bidder${award.bidders.length === 1 ? '' : 's'}${refused ? `, ${refused} refused` : ''}`,
          ...bidders.map((b) => `           bid: ${b}`),
        ];
      }
      case 'TaskCompleted': {
        const done = e as EventMap['TaskCompleted'];
        const cost = done.usage.costUsd > 0 ? `, $${done.usage.costUsd.toFixed(4)}` : '';
        return [
          `${at} ${this.name(done.taskId)}: completed by ${done.agentId} in ${(done.usage.durationMs / 1000).toFixed(1)} s${cost}`,
        ];
      }
      case 'TaskFailed': {
        const failed = e as EventMap['TaskFailed'];
        return [
          `${at} ${this.name(failed.taskId)}: failed (${failed.code}${failed.agentId ? `, ${failed.agentId}` : ''}): ${failed.reason}`,
        ];
      }
      case 'TaskEvaluated': {
        const ev = e as EventMap['TaskEvaluated'];
        const feedback = ev.verdict === 'REJECTED' && ev.feedback ? ` — ${ev.feedback}` : '';
        return [
          `${at} ${this.name(ev.taskId)}: ${ev.verdict.toLowerCase()}, score ${ev.score.toFixed(2)}${feedback}`,
        ];
      }
      case 'GoalCompleted': {
        const g = e as EventMap['GoalCompleted'];
        this.finished = 'completed';
        const tokens = g.usage.inputTokens + g.usage.outputTokens;
        return [
          `${at} goal completed: ${g.usage.tasks} tasks, ${g.usage.attempts} attempts, ${(g.usage.durationMs / 1000).toFixed(1)} s` +
            (tokens > 0 ? `, ${tokens} tokens, $${g.usage.costUsd.toFixed(4)}` : ''),
        ];
      }
      case 'GoalFailed': {
        const g = e as EventMap['GoalFailed'];
        this.finished = 'failed';
        return [`${at} goal failed (${g.code}): ${g.reason}`];
      }
      default: {
        const unhandled: never = type;
        return [`${at} ${String(unhandled)}`];
      }
    }
  }

  private name(taskId: string): string {
    return this.names.get(taskId) ?? taskId.slice(taskId.lastIndexOf('/') + 1);
  }

  private round(taskId: string, attempt: number): string {
    return `${taskId}#${attempt}`;
  }
}
