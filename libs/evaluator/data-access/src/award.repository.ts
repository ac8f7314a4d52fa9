import {
  isVisibility,
  type TaskCompleted,
  type TaskFailed,
  type Visibility,
} from '@agora/contracts';
import { claimHeldResults, holdResults, lockAttempts } from '@agora/database';
import { checkAward } from '@agora/evaluator/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A result, or a failure counted against the agent it names, as the evaluator screens it. */
export type ScreenedResult =
  | { type: 'TaskCompleted'; event: TaskCompleted; terms?: AwardTerms }
  | { type: 'TaskFailed'; event: TaskFailed & { agentId: string } };

/** What the award of an attempt asked for (from TaskAwarded.input). */
export interface AwardTerms {
  /** The output kind the step declares; null when it does not say. */
  outputKind: string | null;
  /** The goal's text and inputs; null when the input does not say. */
  goal: string | null;
  /** The lowest relevance of the output to the goal; null for the evaluator's default, 0 for none. */
  minRelevance: number | null;
  /** The most the step may quote from memory (`params.quote`); null for memory's default. */
  quote: Visibility | null;
  /** Whether the step may find nothing to cite (`params.mayFindNothing`). */
  mayFindNothing: boolean;
  /** Whether every source the step was fed came back empty: its reply must say so. */
  undocumented: boolean;
}

/** The award of one attempt. */
export interface AttemptAward extends AwardTerms {
  taskId: string;
  attempt: number;
  agentId: string;
}

/** How a batch of results was screened against the awards. */
export interface Screening {
  /** From the agent awarded their attempt: to judge. */
  judge: ScreenedResult[];
  /** Their award has not been read yet: kept until it is. */
  held: ScreenedResult[];
  /** The attempt went to another agent, named here. */
  refused: { result: ScreenedResult; awardedTo: string }[];
}

/** What recording a batch of awards did. */
export interface AwardsRecorded {
  /** Held results of these attempts, to screen again now. */
  held: ScreenedResult[];
  /** Held results whose award never came within the time allowed, dropped. */
  expired: ScreenedResult[];
}

/**
 * The awards the evaluator has read, and the results held until theirs is read. An award and a
 * result of the same attempt are serialized by a lock per attempt, so a result either sees its
 * award or is held before the award commits and is returned with it.
 */
@Injectable()
export class AwardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records awards (the first per attempt stands) and returns the results held for them. Held
   * results older than `expireHeldAfterMs` are dropped and returned apart: a legitimate award
   * is written before its result and read by the same consumer, so none waits that long.
   */
  async recordAwards(
    awards: readonly AttemptAward[],
    expireHeldAfterMs: number,
  ): Promise<AwardsRecorded> {
    if (awards.length === 0) return { held: [], expired: [] };
    return this.dataSource.transaction(async (m) => {
      await lockAttempts(m, awards);
      await m.query(
        `insert into awards (task_id, attempt, agent_id, output_kind, goal, min_relevance,
                             quote, may_find_nothing, undocumented)
         select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::real[],
                              $7::text[], $8::boolean[], $9::boolean[])
         on conflict do nothing`,
        [
          awards.map((a) => a.taskId),
          awards.map((a) => a.attempt),
          awards.map((a) => a.agentId),
          awards.map((a) => a.outputKind),
          awards.map((a) => a.goal),
          awards.map((a) => a.minRelevance),
          awards.map((a) => a.quote),
          awards.map((a) => a.mayFindNothing),
          awards.map((a) => a.undocumented),
        ],
      );
      const held = await m.query<ScreenedResult[]>(
        `select h.event_type as type, h.event
           from held_results h
           join unnest($1::text[], $2::int[]) as a(task_id, attempt)
             on h.task_id = a.task_id and h.attempt = a.attempt
          order by h.held_at`,
        [awards.map((a) => a.taskId), awards.map((a) => a.attempt)],
      );
      // A DELETE answers [rows, count] through TypeORM.
      const [expired] = await m.query<[ScreenedResult[], number]>(
        `delete from held_results
          where held_at < now() - make_interval(secs => $1::float8 / 1000)
          returning event_type as type, event`,
        [expireHeldAfterMs],
      );
      return { held, expired };
    });
  }

  /**
   * Sorts results by the award of their attempt (see checkAward): those whose award is unread
   * are held, in the same transaction.
   */
  async screen(results: readonly ScreenedResult[]): Promise<Screening> {
    const screening: Screening = { judge: [], held: [], refused: [] };
    if (results.length === 0) return screening;
    const keys = results.map((r) => r.event);
    return this.dataSource.transaction(async (m) => {
      await lockAttempts(m, keys);
      const rows = await m.query<
        {
          task_id: string;
          attempt: number;
          agent_id: string;
          output_kind: string | null;
          goal: string | null;
          min_relevance: number | null;
          quote: string | null;
          may_find_nothing: boolean;
          undocumented: boolean;
        }[]
      >(
        `select w.task_id, w.attempt, w.agent_id, w.output_kind, w.goal, w.min_relevance,
                w.quote, w.may_find_nothing, w.undocumented
           from awards w
           join unnest($1::text[], $2::int[]) as k(task_id, attempt)
             on w.task_id = k.task_id and w.attempt = k.attempt`,
        [keys.map((k) => k.taskId), keys.map((k) => k.attempt)],
      );
      const awards = new Map(rows.map((r) => [`${r.task_id}#${r.attempt}`, r]));
      for (const result of results) {
        const { taskId, attempt, agentId } = result.event;
        const award = awards.get(`${taskId}#${attempt}`);
        const winner = award?.agent_id;
        const check = checkAward(agentId, winner);
        switch (check) {
          case 'judge':
            screening.judge.push(
              result.type === 'TaskCompleted' && award
                ? {
                    ...result,
                    terms: {
                      outputKind: award.output_kind,
                      goal: award.goal,
                      minRelevance: award.min_relevance,
                      quote: isVisibility(award.quote) ? award.quote : null,
                      mayFindNothing: award.may_find_nothing,
                      undocumented: award.undocumented,
                    },
                  }
                : result,
            );
            break;
          case 'hold':
            screening.held.push(result);
            break;
          case 'not_awarded':
            screening.refused.push({ result, awardedTo: winner ?? '' });
            break;
        }
      }
      await this.hold(m, screening.held);
      await this.release(
        m,
        screening.refused.map((r) => r.result),
      );
      return screening;
    });
  }

  /** Forgets held results once they were judged or refused. */
  release(
    manager: EntityManager | undefined,
    results: readonly ScreenedResult[],
  ): Promise<unknown> {
    return claimHeldResults(manager ?? this.dataSource.manager, results.map(heldKey));
  }

  private hold(m: EntityManager, results: readonly ScreenedResult[]): Promise<void> {
    return holdResults(
      m,
      results.map((r) => ({ ...heldKey(r), event: r.event })),
    );
  }
}

/** Where a result is held: its attempt, sender and event type. */
function heldKey({ type, event }: ScreenedResult) {
  return { taskId: event.taskId, attempt: event.attempt, agentId: event.agentId, type };
}
