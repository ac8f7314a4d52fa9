/**
 * Labelled (goal, output) pairs for the evaluator's relevance check: `on` outputs answer their
 * goal (some in the goal's words, some in other words entirely), `off` outputs are competent
 * texts about something else, as an agent answering the wrong task or drifting would write.
 * A goal is written as the evaluator sees it: the step's goal, then its inputs (`key: value`).
 * `npm run bench:retrieval` reports how many of each the hashing and MiniLM embedders judge
 * right at their thresholds; EVAL_RELEVANCE_THRESHOLD_MINILM's default was chosen on it.
 */
export interface RelevancePair {
  goal: string;
  output: string;
  label: 'on' | 'off';
  /** `paraphrase`: on-topic, but sharing few content words with the goal. */
  kind?: 'paraphrase';
}

const on = (goal: string, output: string, kind?: 'paraphrase'): RelevancePair => ({
  goal,
  output,
  label: 'on',
  ...(kind ? { kind } : {}),
});
const off = (goal: string, output: string): RelevancePair => ({ goal, output, label: 'off' });

const OFFSITE = 'Plan a two-day team offsite for twelve engineers in Lisbon in May';
const REFUND =
  'Answer this customer\nmessage: I was charged twice for my subscription this month and want my money back';
const LAG_ALERT =
  'Diagnose this alert\nalert: consumer group billing-workers lag above 50000 on topic payments for 15 minutes';
const BLOG = 'Write a blog post announcing that our mobile app now works offline';
const LAG_QUESTION = 'How do consumer groups and partitions let Kafka scale event processing?';
const SCHEMA = 'Explain how a schema registry keeps producers and consumers compatible';
const PASSWORD =
  'Answer this customer\nmessage: I cannot log in, the reset email never arrives in my inbox';
const DISK = 'Diagnose this alert\nalert: node db-2 disk usage at 95% on /var/lib/postgresql';
const RELEASE = 'Summarise the release notes of version 4.2 for the sales team';
const TRACING = 'Compare head-based and tail-based sampling for distributed tracing';
const HIRING = 'Draft a job posting for a senior backend engineer on the payments team';
const LATENCY = 'Investigate why the checkout API p99 latency doubled after yesterday’s deploy';

export const RELEVANCE_SET: readonly RelevancePair[] = [
  // on-topic, in the goal's words
  on(
    OFFSITE,
    'Day one: arrive in Lisbon, check in at a hotel in Baixa that fits twelve, and hold a planning ' +
      'workshop in a rented meeting room in the afternoon. Day two: a walking tour of Alfama, a ' +
      'team lunch and a retrospective. Book flights and the venue now, since May is busy.',
  ),
  on(
    REFUND,
    'I am sorry you were charged twice for your subscription this month. I have refunded the ' +
      'duplicate charge; the money will be back on your card within five business days.',
  ),
  on(
    LAG_ALERT,
    'The billing-workers consumer group lags on payments because two of its six consumers keep ' +
      'rebalancing: their processing exceeds max.poll.interval.ms. Raise the interval or lower ' +
      'max.poll.records, then watch the lag fall.',
  ),
  on(
    BLOG,
    'Our mobile app now works offline. Open it on the train or on a plane and your lists, notes ' +
      'and drafts are all there; changes you make offline sync when you are back online.',
  ),
  on(
    LAG_QUESTION,
    'Kafka assigns each partition of a topic to one consumer of a group, so adding consumers to ' +
      'the group spreads the partitions, and the processing, across them. More partitions allow ' +
      'more consumers to work in parallel.',
  ),
  on(
    SCHEMA,
    'A schema registry stores every version of a topic’s schema and checks each new version ' +
      'against the old ones under a compatibility rule such as BACKWARD, so a producer cannot ' +
      'register a schema its consumers cannot read.',
  ),
  on(
    PASSWORD,
    'Sorry the reset email is not arriving. Please check your spam folder; I have also resent ' +
      'the password reset link to your inbox and it is valid for one hour.',
  ),
  on(
    DISK,
    'Disk usage on db-2 reached 95% because WAL files piled up behind an inactive replication ' +
      'slot. Drop the stale slot, let PostgreSQL recycle the WAL, and alert on slot lag.',
  ),
  on(
    RELEASE,
    'Version 4.2 in short, for sales: single sign-on for every plan, exports to Excel, and ' +
      'dashboards that load twice as fast. Nothing customers rely on was removed.',
  ),
  on(
    TRACING,
    'Head-based sampling decides at the first span whether to keep a trace, which is cheap but ' +
      'blind to errors; tail-based sampling decides after the trace completes, so it can keep ' +
      'slow and failed traces at the cost of buffering spans.',
  ),
  on(
    HIRING,
    'Senior backend engineer, payments team. You will design and run the services that move ' +
      'money for our customers: ledgers, payouts and reconciliation. Five years of backend ' +
      'experience and a taste for correctness are what we look for.',
  ),
  on(
    LATENCY,
    'Checkout p99 latency doubled after the deploy because the new build calls the pricing ' +
      'service once per cart item instead of once per cart. Batch the pricing calls or roll ' +
      'the deploy back.',
  ),
  // on-topic, in other words
  on(
    OFFSITE,
    'Suggested agenda: Thursday morning flights, an afternoon workshop in a rented loft near ' +
      'the river, dinner with fado. Friday a boat trip on the Tagus and a retro before the ' +
      'evening flights home. Budget about 900 euros a head.',
    'paraphrase',
  ),
  on(
    REFUND,
    'You are right, our system billed your card two times on the 3rd. The extra payment has ' +
      'been returned to you and should show up on your statement in a few days. Apologies!',
    'paraphrase',
  ),
  on(
    LAG_ALERT,
    'The readers cannot keep pace with incoming work: unprocessed records keep piling up ' +
      'because one worker is stuck retrying a poisoned record. Move that record to the ' +
      'dead-letter topic and the backlog will drain.',
    'paraphrase',
  ),
  on(
    BLOG,
    'No signal? No problem. Starting today you can keep using everything in the app on the ' +
      'subway or in the mountains, and whatever you edit is saved and uploaded the moment you ' +
      'reconnect.',
    'paraphrase',
  ),
  on(
    LAG_QUESTION,
    'Each topic is split into shards, and every member of a reader pool owns some of them. ' +
      'Add members and the shards are redistributed, so the work is shared and throughput grows.',
    'paraphrase',
  ),
  on(
    SCHEMA,
    'A central catalogue of record formats refuses any new format that old readers could not ' +
      'decode, so writers and readers can be upgraded independently without breaking each other.',
    'paraphrase',
  ),
  on(
    PASSWORD,
    'Our mail provider was delaying messages to some addresses this morning. It is fixed now; ' +
      'I sent you a fresh sign-in link a minute ago, and it should be waiting for you.',
    'paraphrase',
  ),
  on(
    DISK,
    'The database server’s storage is almost full: write-ahead logs were kept for a replica ' +
      'that went away. Removing its slot frees about 40 GB; add monitoring on retained logs.',
    'paraphrase',
  ),
  on(
    RELEASE,
    'What is new this month that customers will ask about: logins through their company ' +
      'identity provider, spreadsheets out of any report, and much quicker charts.',
    'paraphrase',
  ),
  on(
    HIRING,
    'We are looking for an experienced server-side developer to join the group that builds our ' +
      'billing and money-movement systems. You will own ledgers and payouts end to end.',
    'paraphrase',
  ),
  on(
    LATENCY,
    'The slowest requests at the cart’s purchase step now take twice as long as before ' +
      'Tuesday’s release: the release fetches prices item by item. Fetching them in one call ' +
      'restores the old response times.',
    'paraphrase',
  ),
  on(
    TRACING,
    'Deciding up front which requests to record is cheap but may drop the rare failures; ' +
      'deciding once a request has finished keeps exactly the slow and broken ones, but every ' +
      'record must be held in memory until then.',
    'paraphrase',
  ),
  // off-topic: competent answers to another task
  off(
    OFFSITE,
    'A schema registry stores every version of a topic’s schema and checks each new version ' +
      'against the old ones under a compatibility rule such as BACKWARD.',
  ),
  off(
    REFUND,
    'Kafka assigns each partition of a topic to one consumer of a group, so adding consumers ' +
      'spreads the partitions and the processing across them.',
  ),
  off(
    LAG_ALERT,
    'Day one: arrive in Lisbon, check in at a hotel in Baixa, hold a planning workshop in the ' +
      'afternoon. Day two: a walking tour of Alfama and a team lunch.',
  ),
  off(
    BLOG,
    'Disk usage on db-2 reached 95% because WAL files piled up behind an inactive replication ' +
      'slot. Drop the stale slot and alert on slot lag.',
  ),
  off(
    LAG_QUESTION,
    'Lisbon has mild winters; book the venue early, plan a walking tour of Alfama and a dinner ' +
      'with fado for the whole team.',
  ),
  off(
    SCHEMA,
    'I am sorry you were charged twice for your subscription. I have refunded the duplicate ' +
      'charge; the money will be back on your card within five business days.',
  ),
  off(
    PASSWORD,
    'Version 4.2 brings single sign-on for every plan, exports to Excel, and dashboards that ' +
      'load twice as fast.',
  ),
  off(
    DISK,
    'Senior backend engineer, payments team: design and run the services that move money for ' +
      'our customers. Five years of backend experience required.',
  ),
  off(
    RELEASE,
    'Checkout p99 latency doubled after the deploy because the new build calls the pricing ' +
      'service once per cart item. Batch the calls or roll back.',
  ),
  off(
    TRACING,
    'Our mobile app now works offline: your lists, notes and drafts are all there, and changes ' +
      'sync when you are back online.',
  ),
  off(
    HIRING,
    'Sorry the reset email is not arriving. Please check your spam folder; I have resent the ' +
      'password reset link.',
  ),
  off(
    LATENCY,
    'Head-based sampling decides at the first span whether to keep a trace; tail-based sampling ' +
      'decides after the trace completes.',
  ),
  // off-topic: drifting to a neighbouring subject, or sharing a word or two with the goal
  off(
    OFFSITE,
    'Our engineering team’s velocity dropped in May; this report on sprint throughput lists the ' +
      'twelve tickets that slipped and the reviews that took longest.',
  ),
  off(
    REFUND,
    'Our subscription plans: Basic at 9 euros a month, Pro at 29 with priority support, and ' +
      'Enterprise with single sign-on. Every plan can be cancelled at any time.',
  ),
  off(
    LAG_ALERT,
    'Payments in the EU must use strong customer authentication: a second factor such as a ' +
      'one-time code or a fingerprint, with exemptions for small amounts.',
  ),
  off(
    BLOG,
    'Our mobile team grew to nine people this year, and we moved the office to a larger floor ' +
      'with a proper kitchen and a quiet room.',
  ),
  off(
    LAG_QUESTION,
    'Event sourcing keeps every change as an immutable event, and current state is rebuilt by ' +
      'replaying them; snapshots keep the replay short.',
  ),
  off(
    SCHEMA,
    'The database migration adds a column with a default, backfills it in batches of ten ' +
      'thousand rows, and only then makes it not null.',
  ),
  off(
    PASSWORD,
    'Thanks for your feedback about the dark mode! I have passed it on to our design team, who ' +
      'are reworking the colours of the settings page.',
  ),
  off(
    DISK,
    'Memory usage on the web tier grows steadily after each deploy until the pods are ' +
      'restarted, which points at a cache without a size bound.',
  ),
  off(
    RELEASE,
    'Sales closed 14 new accounts this quarter, mostly in retail; the pipeline for next quarter ' +
      'is thinner, and three renewals are at risk.',
  ),
  off(
    TRACING,
    'Structured logging writes each line as JSON with a timestamp, level and message, so logs ' +
      'can be searched by field instead of by regular expression.',
  ),
  off(
    HIRING,
    'The payments team’s on-call rotation moves to weekly shifts, with a secondary engineer ' +
      'and a handover note every Monday.',
  ),
  off(
    LATENCY,
    'The marketing site’s home page now loads a lighter hero image and defers the chat widget, ' +
      'cutting its first paint by a third.',
  ),
];
