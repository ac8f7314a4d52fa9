import { doneByOf, workModeOf, type DoneBy, type EventMap } from '@agora/contracts';
import { workModeText } from './goals.command';

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
  'TaskOutputDelta',
  'GoalCompleted',
  'GoalFailed',
] as const;
export type FollowedEvent = (typeof followedEvents)[number];

/** What starts each line of a model's text under its task. */
export const TEXT_INDENT = '         │ ';

/**
 * Turns a goal's events into progress lines: the task graph, each auction's bidders and winner,
 * results, evaluation scores, and the elapsed time; and, with {@link render}, the text models
 * produce as it streams, under the task that produces it. Pure, so what a person sees is
 * unit-tested.
 */
export class GoalProgress {
  private readonly names = new Map<string, string>();
  private readonly bids = new Map<string, { agentId: string; bid: boolean; detail: string }[]>();
  /** (task, attempt) whose award was shown: a redelivered award, or a second copy, is not. */
  private readonly awarded = new Set<string>();
  /** What did each task's latest completed attempt's work, to name the goal's mode at its end. */
  private readonly doneBy = new Map<string, DoneBy>();
  /** Events already shown, by envelope.eventId: a redelivery shows nothing. */
  private readonly seen = new Set<string>();
  private finished: 'completed' | 'failed' | undefined;
  /** The attempt (and model turn) whose text was written last, while no other line followed it. */
  private textOf: { key: string; turn: number } | undefined;
  /** Whether the last thing written was text without its line's end. */
  private midLine = false;

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

  /**
   * What to write to the terminal for one event, line ends included: its progress lines, or for
   * a TaskOutputDelta its text as it comes, indented under a line naming the task and agent
   * (once per run of text of one attempt; a new model turn starts a new line). A progress line
   * that follows text starts on a line of its own.
   */
  render<T extends FollowedEvent>(type: T, event: EventMap[T], now: number): string {
    if (type === 'TaskOutputDelta') {
      return this.renderText(event as EventMap['TaskOutputDelta'], now);
    }
    const lines = this.apply(type, event, now);
    if (lines.length === 0) return '';
    const before = this.midLine ? '\n' : '';
    this.textOf = undefined;
    this.midLine = false;
    return `${before}${lines.join('\n')}\n`;
  }

  private renderText(delta: EventMap['TaskOutputDelta'], now: number): string {
    if (delta.envelope.goalId !== this.goalId || !delta.text) return '';
    if (this.seen.has(delta.envelope.eventId)) return '';
    this.seen.add(delta.envelope.eventId);
    const key = this.round(delta.taskId, delta.attempt);
    let out = '';
    if (this.textOf?.key !== key) {
      const retry = delta.attempt > 1 ? ` (attempt ${delta.attempt})` : '';
      out += `${this.midLine ? '\n' : ''}${this.stamp(now)} ${this.name(delta.taskId)}: ${delta.agentId} writes${retry}:\n${TEXT_INDENT}`;
    } else if (this.textOf.turn !== delta.turn) {
      out += `\n${TEXT_INDENT}`;
    }
    this.textOf = { key, turn: delta.turn };
    this.midLine = true;
    return out + delta.text.replace(/\r?\n/g, `\n${TEXT_INDENT}`);
  }

  private stamp(now: number): string {
    return `[${((now - this.startedAt) / 1000).toFixed(1).padStart(5)} s]`;
  }

  /** Progress lines of one event ([] for TaskOutputDelta: its text is {@link render}'s). */
  apply<T extends FollowedEvent>(type: T, event: EventMap[T], now: number): string[] {
    if (event.envelope.goalId !== this.goalId) return [];
    if (type === 'TaskOutputDelta') return [];
    if (this.seen.has(event.envelope.eventId)) return [];
    this.seen.add(event.envelope.eventId);
    const at = this.stamp(now);
    const e: EventMap[FollowedEvent] = event;
    switch (type) {
      case 'GoalPlanned': {
        const planned = e as EventMap['GoalPlanned'];
        for (const t of planned.tasks) this.names.set(t.taskId, t.name);
        const how = planned.workflow
          ? `with workflow ${planned.workflow}${planned.source === 'workflow' ? '' : ` (${planned.source})`}`
          : `by the ${planned.source}`;
        return [
          `${at} planned ${how}: ${planned.tasks.length} task${planned.tasks.length === 1 ? '' : 's'}`,
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
        if (this.awarded.has(this.round(bid.taskId, bid.attempt))) {
          // The round closed without it: it cannot change the award, but shows who was slow.
          return bid.decision === 'BID'
            ? [`           late bid: ${bid.agentId} (${bidDetail(bid)}), after the award`]
            : [];
        }
        // An agent's latest answer in the attempt stands (a redelivery or a new round replaces it).
        const list = (this.bids.get(this.round(bid.taskId, bid.attempt)) ?? []).filter(
          (b) => b.agentId !== bid.agentId,
        );
        list.push(
          bid.decision === 'BID'
            ? {
                agentId: bid.agentId,
                bid: true,
                detail: bidDetail(bid),
              }
            : { agentId: bid.agentId, bid: false, detail: bid.refusalReason ?? 'refused' },
        );
        this.bids.set(this.round(bid.taskId, bid.attempt), list);
        return [];
      }
      case 'TaskAwarded': {
        const award = e as EventMap['TaskAwarded'];
        const key = this.round(award.taskId, award.attempt);
        // One award per (task, attempt): a redelivered or re-sent award is shown once.
        if (this.awarded.has(key)) return [];
        this.awarded.add(key);
        const bids = this.bids.get(key) ?? [];
        this.bids.delete(key);
        // Bids the round counted are the award's bidders; any other bid came after it closed.
        const counted = new Set(award.bidders);
        const bidLines = bids
          .filter((b) => b.bid)
          .map((b) =>
            counted.has(b.agentId)
              ? `           bid: ${b.agentId} (${b.detail})`
              : `           late bid: ${b.agentId} (${b.detail}), after the round closed`,
          );
        const refused = bids.filter((b) => !b.bid).length;
        return [
          `${at} ${this.name(award.taskId)}: awarded to ${award.agentId} (score ${award.score.toFixed(2)}); ` +
            `${award.bidders.length} bidder${award.bidders.length === 1 ? '' : 's'}${refused ? `, ${refused} refused` : ''}`,
          ...bidLines,
        ];
      }
      case 'TaskCompleted': {
        const done = e as EventMap['TaskCompleted'];
        const cost = done.usage.costUsd > 0 ? `, $${done.usage.costUsd.toFixed(4)}` : '';
        const by = doneByOf(done.usage);
        this.doneBy.set(done.taskId, by);
        return [
          `${at} ${this.name(done.taskId)}: completed by ${done.agentId} (${by.mode === 'model' ? by.model : 'offline'}) in ${(done.usage.durationMs / 1000).toFixed(1)} s${cost}`,
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
        const doneBy = [...this.doneBy.values()];
        const mode = workModeOf(doneBy);
        return [
          `${at} goal completed: ${g.usage.tasks} tasks, ${g.usage.attempts} attempts, ${(g.usage.durationMs / 1000).toFixed(1)} s` +
            (tokens > 0 ? `, ${tokens} tokens, $${g.usage.costUsd.toFixed(4)}` : ''),
          ...(mode ? [`         mode: ${workModeText(mode, doneBy)}`] : []),
        ];
      }
      case 'GoalFailed': {
        const g = e as EventMap['GoalFailed'];
        this.finished = 'failed';
        return [`${at} goal failed (${g.code}): ${g.reason}`];
      }
      case 'TaskOutputDelta':
        return [];
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

function bidDetail(bid: EventMap['BidSubmitted']): string {
  return `$${(bid.cost ?? 0).toFixed(3)}, ~${Math.round((bid.estimatedDurationMs ?? 0) / 100) / 10} s, confidence ${(bid.confidence ?? 0).toFixed(2)}`;
}
