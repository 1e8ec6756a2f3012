/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Whether an API token still signs requests in. */
export type ApiTokenStatus =
  /** Neither revoked nor past its expiry: requests with it are served. */
  | 'ACTIVE'
  /** Past its `expiresAt`: requests with it get UNAUTHENTICATED saying when it expired. */
  | 'EXPIRED'
  /** Revoked by an admin: requests with it get UNAUTHENTICATED, for good. */
  | 'REVOKED';

/** A customer's area field, as the audience filters `province`, `region` and `city` read it. */
export type AreaField =
  /** The customer's city, as imported. */
  | 'CITY'
  /** The customer's province, as imported. */
  | 'PROVINCE'
  /** The customer's region, as imported. */
  | 'REGION';

/** Codes to move to one segment of the shared draft. */
export type AssignCodesInput = {
  /** RFM codes such as 444; they leave whatever segment had them. */
  codes: Array<string>;
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** The segment that receives them. The segment: its key (`champions`) or its current name in the draft (case-insensitive). */
  segment: string;
};

/** How often a backfill scores. */
export type BackfillInterval =
  /** As of each month's last day. */
  | 'MONTHLY'
  /** As of each Sunday (weeks ending on Sunday). */
  | 'WEEKLY';

/** Where one period of a backfill stands. */
export type BackfillPeriodStatus =
  /** No order before its as-of day: no run. */
  | 'EMPTY'
  /** Its run failed; the backfill stopped there (see the backfill's `error`). */
  | 'FAILED'
  /** Not reached yet: scored after the periods before it. */
  | 'PENDING'
  /** Its run is being scored now. */
  | 'RUNNING'
  /** A new run was created for it. */
  | 'SCORED'
  /** A complete run with the same settings existed already. */
  | 'SKIPPED';

/** Where a backfill stands. */
export type BackfillStatus =
  /** Every period has its run (or had no order before it). */
  | 'COMPLETE'
  /** A period's run failed (`error`); starting it again resumes at that period. */
  | 'FAILED'
  /** Scoring its periods, oldest first. */
  | 'RUNNING'
  /** Stopped between periods; starting it again resumes. */
  | 'STOPPED';

/** How a run estimates customer lifetime value. */
export type ClvMethod =
  /** From past spend only, when the model cannot be fitted or is not wanted (`historic` in files). */
  | 'HISTORIC'
  /** A BG/NBD and Gamma-Gamma model fitted on the run's customers (`model` in files). */
  | 'MODEL'
  /** No CLV: customers' CLV fields stay null (`none` in files). */
  | 'NONE';

/** A new API token: who holds it, what it may do, and when it stops working. */
export type CreateApiTokenInput = {
  /** It stops working this many days (1 to 3650) from now. Not with `expiresOn`. */
  expiresInDays?: number | null | undefined;
  /** The last day it works (UTC): it stops at 00:00 UTC the next day. Not with `expiresInDays`; neither: it never expires. */
  expiresOn?: string | null | undefined;
  /** Who or what holds it (1 to 100 characters); shown in the audit and export logs. */
  name: string;
  /** What requests with it may do. */
  role: Role;
};

/** Which audience to export, and how. */
export type CreateExportInput = {
  /** A saved audience's name (`savedAudiences`): its definition is the audience; give no segment or filter with it. */
  audience?: string | null | undefined;
  /** The columns, in order; null: all (`exportColumns` lists them). UNKNOWN_COLUMN names any other. */
  columns?: Array<string> | null | undefined;
  /** Start the CSV file with a UTF-8 byte order mark so Excel reads accents right; CSV only. */
  excel?: boolean;
  /** The audience's filters, exactly as `customers(filter:)` takes them: the file holds the customers that list counts. */
  filter?: CustomerFilter | null | undefined;
  /** The file format; default CSV. */
  format?: ExportFormat;
  /** The column preset; default ALL. Other presets have their own columns: give `columns` only with ALL. */
  preset?: ExportPreset;
  /** The key of the scoring profile whose segment to export; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** CAMPAIGN (default: consented customers only) or ANALYSIS (everyone). */
  purpose?: ExportPurpose;
  /** The segment: its key, or its name (case-insensitive) as the published mapping spells it. Overrides `filter.segment`; with neither, the audience spans segments. */
  segment?: string | null | undefined;
};

/** A new scoring profile. */
export type CreateProfileInput = {
  /** Key: lower-case letters, digits and dashes (such as online-12m). */
  key: string;
  /** The profile's name as people see it, 1 to 80 characters. */
  name: string;
  /** The profile's scoring settings; a field left out takes the default profile's default. */
  settings?: ProfileSettingsInput | null | undefined;
};

/** A new scoring schedule. */
export type CreateScoringScheduleInput = {
  /** Five-field cron expression ("0 2 * * *": every day at 02:00 in timeZone). */
  cron: string;
  /** Whether it fires; default true. */
  enabled?: boolean | null | undefined;
  /** The key of the profile to score; default: the default profile. */
  profile?: string | null | undefined;
  /** IANA time zone the expression is read in; default: the store's (STORE_TIME_ZONE). */
  timeZone?: string | null | undefined;
};

/** A segment to add to the shared draft. */
export type CreateSegmentInput = {
  /** The recommended marketing action for the segment (may be empty). */
  action?: string;
  /** CSS hex color. */
  color?: string;
  /** What the segment's customers have in common, for marketers (may be empty). */
  description?: string;
  /** The new segment's immutable key (lower-case letters, digits and single dashes, at most 64); default: the slug of the name (`At Risk` -> `at-risk`). Unique in the profile; a key a deleted segment had brings that segment (and its id) back. */
  key?: string | null | undefined;
  /** The segment's name, unique in the mapping (compared case-insensitively), shown to marketers. */
  name: string;
  /** Display position from 0 (default: last). */
  position?: number | null | undefined;
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
};

/** A new webhook subscription. */
export type CreateWebhookSubscriptionInput = {
  /** False to create it paused; default true. */
  active?: boolean | null | undefined;
  /** The events to receive (at least one). */
  events: Array<WebhookEvent>;
  /** The scoring profile's key; omitted: the default profile. */
  profile?: string | null | undefined;
  /** The signing secret (16 to 200 characters); omitted: a `whsec_...` secret is generated and returned once. */
  secret?: string | null | undefined;
  /** Segment keys to limit membership events to; omitted or empty: every segment. */
  segmentKeys?: Array<string> | null | undefined;
  /** The http(s) URL to POST deliveries to. */
  url: string;
};

/** An audience: which customers to list, count or export. Every given condition must hold. Saved audiences store it; `createExport(input: { filter })`, the export route's query parameters and `rfm export` take the same fields. */
export type CustomerFilter = {
  /** Customers with at least one stored order in this sales channel, at any time (not only in the run's window), compared trimmed and case-insensitively. */
  channel?: string | null | undefined;
  /** City, compared trimmed and case-insensitively (stored values are kept as imported). */
  city?: string | null | undefined;
  /** Predicted lifetime value in the run, compared to the cent; customers without one never match. */
  clv?: MoneyRangeInput | null | undefined;
  /** Customers with one of these RFM codes, such as 444. */
  codes?: Array<string> | null | undefined;
  /** In their current segment (the `segment` given, else whichever they are in) continuously since this store day or later: entered in a run whose last counted day is this day or later. Current run only, once its membership is recorded (MEMBERSHIP_NOT_RECORDED, a conflict to retry, in the seconds between a run or a publish and its recording). */
  enteredSince?: string | null | undefined;
  /** Frequency score range. */
  f?: ScoreRangeInput | null | undefined;
  /** Monetary score range. */
  m?: ScoreRangeInput | null | undefined;
  /** Customers who were in that segment in that run: with `segment` and `run`, one cell of `analytics.movement`, with the same count. */
  movedFrom?: MovedFromInput | null | undefined;
  /** Province, compared trimmed and case-insensitively; a Canadian province also matches its code or names (`ON` finds `Ontario` and `on`). `areaValues(field: PROVINCE)` lists the stored values. */
  province?: string | null | undefined;
  /** Recency score range. */
  r?: ScoreRangeInput | null | undefined;
  /** Days since the last purchase, in the run. */
  recencyDays?: IntRangeInput | null | undefined;
  /** Region, compared trimmed and case-insensitively (stored values are kept as imported). */
  region?: string | null | undefined;
  /** A complete scoring run of the profile (its number); default: the current run. */
  run?: number | null | undefined;
  /** Case-insensitive substring of the customer id, name or email. */
  search?: string | null | undefined;
  /** Customers of this segment of the published mapping, by key (`champions`) or name (case-insensitive). */
  segment?: string | null | undefined;
  /** Net spend in the run's window (the run's monetary), in the run's currency. */
  spend?: MoneyRangeInput | null | undefined;
};

/** The customer field a search matched; at one match kind the id ranks before the email, the email before the name. */
export type CustomerMatchField =
  /** The customer's email. */
  | 'EMAIL'
  /** The store's customer id (`externalId`). */
  | 'ID'
  /** The customer's name. */
  | 'NAME';

/** How a customer matched a search, best first; compared case-insensitively. */
export type CustomerMatchKind =
  /** The whole id, email or name equals the search text. */
  | 'EXACT'
  /** The id, email or name starts with the search text. */
  | 'PREFIX'
  /** The search text is inside the id, email or name (3 characters or more). */
  | 'SUBSTRING'
  /** A later word of the name starts with the search text (3 characters or more). */
  | 'WORD_PREFIX';

/** A sort order for customers; ties are broken by customer id. */
export type CustomerOrder = {
  /** Which way to sort: DESC (largest or latest first, the default) or ASC. */
  direction?: OrderDirection;
  /** The field to sort by. */
  field?: CustomerOrderField;
};

/** What customers are sorted by. */
export type CustomerOrderField =
  /** Predicted lifetime value. */
  | 'CLV'
  /** Number of orders in the window. */
  | 'FREQUENCY'
  /** The store's customer id. */
  | 'ID'
  /** Net spend in the window. */
  | 'MONETARY'
  /** By the customer's name, alphabetically (customers without a name last). */
  | 'NAME'
  /** Days since the last purchase. */
  | 'RECENCY';

/** Deletes a saved audience with its versions (the audit log keeps its last definition). */
export type DeleteSavedAudienceInput = {
  /** The saved audience's name, in any letter case. */
  name: string;
  /** The key of the scoring profile whose audience it is; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
};

/** The scoring schedule to delete (its runs are kept). */
export type DeleteScoringScheduleInput = {
  /** The schedule's global id. */
  id: string | number;
};

/** A segment to remove from the shared draft. */
export type DeleteSegmentInput = {
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** The segment (key or name) that receives the deleted one's codes; omitted: they are left unassigned and the draft is invalid until they are assigned. */
  reassignTo?: string | null | undefined;
  /** The segment: its key (`champions`) or its current name in the draft (case-insensitive). */
  segment: string;
};

/** The webhook subscription to delete (with its delivery log). */
export type DeleteWebhookSubscriptionInput = {
  /** The subscription's global id (or its number). */
  id: string | number;
};

/** One of the three RFM dimensions a customer is scored on. */
export type Dimension =
  /** The customer's orders in the window (more is better). */
  | 'FREQUENCY'
  /** The customer's net spend, total or per order (more is better). */
  | 'MONETARY'
  /** Days from the customer's last order to the as-of day (fewer is better). */
  | 'RECENCY';

/** The file format of an audience export. */
export type ExportFormat =
  /** RFC 4180 CSV with a header row. */
  | 'CSV'
  /** One JSON object per line. */
  | 'JSONL';

/** A set of columns made for one tool (`exportPresets` lists each with its columns). */
export type ExportPreset =
  /** The original columns, or those `columns` picks: for analysis and your own tools. */
  | 'ALL'
  /** email, first_name, last_name, segment, segment_key, r, f, m, code: for an email tool. */
  | 'EMAIL'
  /** Email and Phone SHA-256 hashed after Google's normalisation: Google Ads Customer Match. */
  | 'GOOGLE_ADS'
  /** email and phone SHA-256 hashed after Meta's normalisation: Meta Custom Audiences. */
  | 'META';

/** What the file is for, which decides whether marketing consent is required. */
export type ExportPurpose =
  /** Analysis only: every customer of the audience, whatever their consent. */
  | 'ANALYSIS'
  /** Marketing use: only customers whose marketing consent is recorded as given; opted-out and not-recorded customers are left out and counted. */
  | 'CAMPAIGN';

/** A mapping file to import into the shared draft. */
export type ImportMappingFileInput = {
  /** Its format; omitted: JSON when it starts with `{`, YAML otherwise. */
  format?: MappingFileFormat | null | undefined;
  /** What changed and why. */
  note?: string | null | undefined;
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** Publish it as the next version. */
  publish?: boolean;
  /** The file's text (at most 1 MB). */
  text: string;
};

/** Minimum and maximum of a whole number, inclusive; an omitted end is open. */
export type IntRangeInput = {
  /** Highest value accepted. */
  max?: number | null | undefined;
  /** Lowest value accepted. */
  min?: number | null | undefined;
};

/** The text format of a mapping file (docs/mapping.md). */
export type MappingFileFormat =
  /** The mapping file as JSON (the same fields as the YAML form). */
  | 'JSON'
  /** The mapping file as YAML 1.2, the form meant for people to read and edit (docs/mapping.md). */
  | 'YAML';

/** A whole mapping (for previews). */
export type MappingInput = {
  /** Scores per dimension. */
  bins: number;
  /** Segments in display order. */
  segments: Array<MappingSegmentInput>;
};

/** A segment in a mapping given whole (for previews). */
export type MappingSegmentInput = {
  /** The recommended marketing action for the segment (may be empty). */
  action?: string;
  /** Codes, such as 444. */
  codes?: Array<string>;
  /** CSS hex color. */
  color?: string;
  /** What the segment's customers have in common, for marketers (may be empty). */
  description?: string;
  /** The segment's name, unique in the mapping (compared case-insensitively), shown to marketers. */
  name: string;
  /** Rules in text form, such as `R4 F3-4 M*`. */
  rules?: Array<string>;
};

/** Whether a mapping version is being edited or was published. */
export type MappingStatus =
  /** The shared draft, being edited. */
  | 'DRAFT'
  /** Published (the latest published is the active one). */
  | 'PUBLISHED';

/** Which amount the monetary score ranks customers by. */
export type MonetaryBasis =
  /** Net spend per order: net spend divided by the customer's orders (`mean-order` in files). */
  | 'MEAN_ORDER'
  /** Net spend: the sum of the customer's orders in the window (`total` in files). */
  | 'TOTAL';

/** Minimum and maximum of an amount of money, inclusive, as decimal strings in the run's currency (like `Money.amount`: `"120.50"`); an omitted end is open. */
export type MoneyRangeInput = {
  /** Highest amount accepted, such as `"500.00"`. */
  max?: string | null | undefined;
  /** Lowest amount accepted, such as `"100"` or `"99.95"`. */
  min?: string | null | undefined;
};

/** Customers who were in a segment in an earlier run: one side of a movement cell. */
export type MovedFromInput = {
  /** The earlier complete run (its number, `ScoringRun.id`). */
  run: number;
  /** The segment they were in then, by key or name; both runs' codes are read under the published mapping, as `analytics.movement` reads them. */
  segment: string;
};

/** The order of a sorted list: ascending or descending. */
export type OrderDirection =
  /** Smallest, earliest or alphabetically first values first. */
  | 'ASC'
  /** Largest, latest or alphabetically last values first. */
  | 'DESC';

/** How one dimension is to be scored. */
export type ProfileMethodInput = {
  /** For THRESHOLDS: bins - 1 strictly increasing bounds (recency in days, frequency in orders, monetary in currency units); ignored for QUANTILE. */
  bounds?: Array<number> | null | undefined;
  /** The dimension this method scores. */
  dimension: Dimension;
  /** Score the dimension by quantile, or by the fixed `bounds`. */
  kind: ScoringMethod;
};

/** Scoring settings; a field left out keeps its value (or the default, on create). */
export type ProfileSettingsInput = {
  /** Scores per dimension, 2 to 9. */
  bins?: number | null | undefined;
  /** Channels counted (such as online); null: every channel. */
  channels?: Array<string> | null | undefined;
  /** How runs estimate customer lifetime value; null: keep it. */
  clvMethod?: ClvMethod | null | undefined;
  /** Convert orders in other currencies into `currency` at imported exchange rates (needs `currency`). */
  convert?: boolean | null | undefined;
  /** ISO 4217 code (such as EUR); null: the store's one currency. */
  currency?: string | null | undefined;
  /** How to score the dimensions listed (the others keep their method). */
  methods?: Array<ProfileMethodInput> | null | undefined;
  /** Which amount the monetary score ranks customers by; null: keep it. */
  monetaryBasis?: MonetaryBasis | null | undefined;
  /** Only orders of the last N days; null: every order. */
  windowDays?: number | null | undefined;
};

/** Publishing the shared draft as the profile's next mapping version. */
export type PublishMappingInput = {
  /** The published version the editor last saw: if another was published since, the publish is refused (CONFLICT). */
  expectedVersion: number;
  /** What changed and why, kept with the version. */
  note?: string | null | undefined;
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
};

/** The delivery to send again. */
export type ReplayWebhookDeliveryInput = {
  /** The delivery's global id (or its `deliveryId`). */
  id: string | number;
};

/** The API token to revoke. */
export type RevokeApiTokenInput = {
  /** True to revoke the token this request is made with (it signs the caller out); without it that is refused with REVOKES_OWN_TOKEN. */
  confirmOwnToken?: boolean | null | undefined;
  /** The token's global id (`gid://rfm/ApiToken/3`) or its number. */
  id: string | number;
};

/** The role of an API token: what the holder may do (docs/api.md, "Roles", lists every mutation's). */
export type Role =
  /** Everything: also imports, scoring schedules, webhooks and API tokens. */
  | 'ADMIN'
  /** Read; edit the mapping draft, publish, manage profiles, start scoring runs and backfills, export audiences. */
  | 'EDITOR'
  /** Read every query but the admin-only ones (tokens, webhooks); change nothing. */
  | 'VIEWER';

/** Publishing a copy of an old version as the profile's newest. */
export type RollbackMappingInput = {
  /** Why, kept with the new version (default: `rollback to version N`). */
  note?: string | null | undefined;
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** The published version to restore. */
  version: number;
};

/** The step a running scoring run is in, in this order. */
export type RunPhase =
  /** Reading orders and summing them per customer. */
  | 'AGGREGATE'
  /** Estimating customer lifetime values. */
  | 'CLV'
  /** Computing cut points and each customer's R, F and M scores. */
  | 'SCORE'
  /** Writing the scores to the database. */
  | 'WRITE';

/** How to score: every field is optional and defaults to the profile's settings. */
export type RunScoringInput = {
  /** Score as of the end of this day in the store's time zone (orders up to and including it; a purchase that day has recency 0); default: the day of the latest order. */
  asOf?: string | null | undefined;
  /** Scores per dimension, 2..9; default: the profile's. Other bins than the profile's published mapping's are refused (MAPPING_BINS_MISMATCH). */
  bins?: number | null | undefined;
  /** Count only orders of these channels (case-insensitive); null: the profile's channels. */
  channels?: Array<string> | null | undefined;
  /** True: convert orders in other currencies into `currency` at imported exchange rates; false or null: leave them out. */
  convert?: boolean | null | undefined;
  /** ISO 4217 code of the run's money: only orders in it count (default: the data's one currency; data in several are refused, MIXED_CURRENCIES). */
  currency?: string | null | undefined;
  /** Score with the cut points of this past run, so codes keep their meaning; refused unless that run is complete with the same bins and monetary basis. */
  keepThresholdsOf?: number | null | undefined;
  /** The key of the scoring profile to score; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** Fixed thresholds per dimension (the others by quantile); not with keepThresholdsOf. */
  thresholds?: ThresholdsInput | null | undefined;
  /** Score only orders of the last N store days, the as-of day included. */
  windowDays?: number | null | undefined;
};

/** Where a scoring run stands: running, complete or failed. */
export type RunStatus =
  /** Finished; the complete run with the latest as-of day is current (of several, the one that finished last). */
  | 'COMPLETE'
  /** Failed or interrupted; `error` says why. */
  | 'FAILED'
  /** Still running: `phase` says which step it is in (when this server runs it). */
  | 'RUNNING';

/** Saves an audience under a name: a new audience, or a new version of the one of that name. */
export type SaveAudienceInput = {
  /** The definition, checked now (an unknown segment, a bad range) as `customers(filter:)` checks it. */
  filter: CustomerFilter;
  /** The name, at most 100 characters; saving under an existing name (any letter case) adds a version to it. */
  name: string;
  /** A note for this version (what the campaign is for). */
  note?: string | null | undefined;
  /** The key of the scoring profile whose audience it is; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
};

/** How a schedule's last firing went. */
export type ScheduleFiringStatus =
  /** It started a scoring run that completed (the profile's current run, unless a later one exists). */
  | 'COMPLETE'
  /** It started a scoring run that failed (`lastError` says why). */
  | 'FAILED'
  /** It could not start a run (another run held the scoring lock, or the profile's settings were refused): `lastError` says why. */
  | 'NOT_STARTED'
  /** It started a scoring run that is still in progress. */
  | 'RUNNING';

/** Minimum and maximum of a score, inclusive; an omitted end is open. */
export type ScoreRangeInput = {
  /** Highest score accepted (1..bins). */
  max?: number | null | undefined;
  /** Lowest score accepted (1..bins). */
  min?: number | null | undefined;
};

/** How a profile scores one dimension. */
export type ScoringMethod =
  /** Cut points from the data at each run, by the quantile rule of docs/scoring.md. */
  | 'QUANTILE'
  /** Fixed cut points given in the profile's `bounds`, the same at every run. */
  | 'THRESHOLDS';

/** Score range rules that define one segment of the shared draft. */
export type SetSegmentRulesInput = {
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** Rules in text form (`R4 F3-4 M*`); the segment's codes become exactly theirs. */
  rules: Array<string>;
  /** The segment: its key (`champions`) or its current name in the draft (case-insensitive). */
  segment: string;
};

/** The range of months to backfill, and how. */
export type StartBackfillInput = {
  /** Scores per dimension, 2..9: the profile's (its published mapping's) when omitted; others are refused. */
  bins?: number | null | undefined;
  /** The first month to score, YYYY-MM. */
  from: string;
  /** Whether to score as of each month's last day (default) or each Sunday. */
  interval?: BackfillInterval;
  /** The key of the scoring profile to backfill; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** The last month to score, YYYY-MM (months not yet ended are left out). */
  to: string;
  /** Score only orders of the last N days up to each as-of day. */
  windowDays?: number | null | undefined;
};

/** How a dimension's cut points were set. */
export type ThresholdMethod =
  /** Given: fixed thresholds, or the cut points of a past run kept. */
  | 'FIXED'
  /** From the data: the quantile rule of docs/scoring.md. */
  | 'QUANTILE';

/** The scores per dimension and the fixed bounds to count customers under. */
export type ThresholdPreviewInput = {
  /** Scores per dimension, 2 to 9: the bounds must number one less. */
  bins?: number;
  /** The thresholds to count customers under (dimensions left out are not counted). */
  thresholds: ThresholdsInput;
};

/** Fixed thresholds per dimension: bins - 1 strictly increasing bounds; a dimension left out is scored by quantile. */
export type ThresholdsInput = {
  /** First order count of each next score: [2, 3, 6] is F1 1 order, F2 2, F3 3-5, F4 6 or more. */
  frequency?: Array<number> | null | undefined;
  /** First amount of each next monetary score, in whole cents: [10000, 50000, 114500] is M4 1,145.00 or more. */
  monetaryCents?: Array<number> | null | undefined;
  /** Most days of each recency score, best first: [30, 90, 180] is R4 0-30 days, R3 31-90, R2 91-180, R1 more. */
  recency?: Array<number> | null | undefined;
};

/** Changes to a scoring schedule: the fields given; its next firing is computed again from now. */
export type UpdateScoringScheduleInput = {
  /** A new five-field cron expression. */
  cron?: string | null | undefined;
  /** Switch the schedule on (true) or off (false). */
  enabled?: boolean | null | undefined;
  /** The schedule's global id. */
  id: string | number;
  /** A new IANA time zone for the expression. */
  timeZone?: string | null | undefined;
};

/** Changes to one segment of the shared draft; omitted fields stay. Its key never changes. */
export type UpdateSegmentInput = {
  /** New recommended marketing action. */
  action?: string | null | undefined;
  /** New CSS hex color (`#rrggbb`). */
  color?: string | null | undefined;
  /** New description: what the customers have in common. */
  description?: string | null | undefined;
  /** New display name (the key stays). */
  name?: string | null | undefined;
  /** New display position, from 0. */
  position?: number | null | undefined;
  /** The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile. */
  profile?: string | null | undefined;
  /** The segment: its key (`champions`) or its current name in the draft (case-insensitive). */
  segment: string;
};

/** Changes to a webhook subscription; fields left out (or null) are unchanged. */
export type UpdateWebhookSubscriptionInput = {
  /** False to pause it, true to resume it. */
  active?: boolean | null | undefined;
  /** The events to receive from now on (at least one). */
  events?: Array<WebhookEvent> | null | undefined;
  /** The subscription's global id (or its number). */
  id: string | number;
  /** A new signing secret (rotation); deliveries are signed with it from then on. */
  secret?: string | null | undefined;
  /** Segment keys from now on; an empty list: every segment. */
  segmentKeys?: Array<string> | null | undefined;
  /** A new http(s) URL. */
  url?: string | null | undefined;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** The receiver answered an attempt with a 2xx status. */
  | 'DELIVERED'
  /** Retries ran out (24 hours after the first attempt) without a 2xx; replay it to try again. */
  | 'FAILED'
  /** Not yet answered with a 2xx: waiting for its next attempt (or being sent). */
  | 'PENDING';

/** An event a webhook subscription can receive; its `type` in delivery bodies is the dotted name. */
export type WebhookEvent =
  /** `customer.entered_segment`: a customer entered a segment (after a run or a mapping publish). */
  | 'CUSTOMER_ENTERED_SEGMENT'
  /** `customer.left_segment`: a customer left a segment. */
  | 'CUSTOMER_LEFT_SEGMENT'
  /** `mapping.published`: a mapping version of the profile was published (or rolled back to). */
  | 'MAPPING_PUBLISHED'
  /** `run.completed`: a scoring run of the profile completed. */
  | 'RUN_COMPLETED';

export type CustomerSearchQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
}>;


export type CustomerSearchQuery = { searchCustomers: Array<{ match: CustomerMatchKind, field: CustomerMatchField, customer: { id: string, externalId: string, name: string | null, email: string | null, segment: { name: string } | null } }> };

export type ProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProfilesQuery = { profiles: Array<{ key: string, name: string, isDefault: boolean, bins: number, windowDays: number | null, channels: Array<string> | null, monetaryBasis: MonetaryBasis, clvMethod: ClvMethod, currency: string | null }> };

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { me: { name: string, role: Role } };

export type AudienceAreaValuesQueryVariables = Exact<{
  field: AreaField;
}>;


export type AudienceAreaValuesQuery = { areaValues: Array<{ value: string, customers: number }> };

export type AudienceCustomersQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  orderBy?: CustomerOrder | null | undefined;
  filter?: CustomerFilter | null | undefined;
}>;


export type AudienceCustomersQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, externalId: string, name: string | null, email: string | null, province: string | null, region: string | null, city: string | null, score: { recencyDays: number, frequency: number, r: number, f: number, m: number, code: string, monetary: { amount: string, currencyCode: string }, clv: { amount: string, currencyCode: string } | null } | null } }> } };

export type AudienceSegmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type AudienceSegmentsQuery = { exportColumns: Array<string>, mapping: { bins: number }, segments: Array<{ key: string, name: string, customerCount: number, customerShare: number }> };

export type ExportHistoryQueryVariables = Exact<{ [key: string]: never; }>;


export type ExportHistoryQuery = { exports: { edges: Array<{ node: { id: number, at: string, tokenName: string | null, segment: string, audience: string | null, mappingVersion: number, runId: number, format: ExportFormat, rows: number } }> } };

export type CreateExportMutationVariables = Exact<{
  input: CreateExportInput;
}>;


export type CreateExportMutation = { createExport: { export: { url: string, expiresAt: string, segment: string, audience: string, format: ExportFormat, columns: Array<string>, rows: number, preset: ExportPreset, purpose: ExportPurpose, excel: boolean, fileName: string, leftOutNoConsent: number, leftOutConsentNotRecorded: number, summary: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type ExportPresetsQueryVariables = Exact<{ [key: string]: never; }>;


export type ExportPresetsQuery = { exportPresets: Array<{ preset: ExportPreset, columns: Array<string>, description: string }> };

export type SavedAudiencesQueryVariables = Exact<{ [key: string]: never; }>;


export type SavedAudiencesQuery = { savedAudiences: { totalCount: number | null, edges: Array<{ node: { name: string, version: number, summary: string, parameters: string, note: string | null, customerCount: number | null, problem: string | null, updatedAt: string, updatedBy: string } }> } };

export type SaveAudienceMutationVariables = Exact<{
  input: SaveAudienceInput;
}>;


export type SaveAudienceMutation = { saveAudience: { savedAudience: { name: string, version: number, customerCount: number | null } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type DeleteSavedAudienceMutationVariables = Exact<{
  input: DeleteSavedAudienceInput;
}>;


export type DeleteSavedAudienceMutation = { deleteSavedAudience: { savedAudience: { name: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type ExportSavedAudienceMutationVariables = Exact<{
  input: CreateExportInput;
}>;


export type ExportSavedAudienceMutation = { createExport: { export: { url: string, rows: number, expiresAt: string, fileName: string, summary: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type CustomerTransactionsQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type CustomerTransactionsQuery = { customer: { id: string, transactions: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { orderId: string, occurredAt: string, lineCount: number, channel: string | null, province: string | null, region: string | null, city: string | null, amount: { amount: string, currencyCode: string } } }> } } | null };

export type Customer360QueryVariables = Exact<{
  id: string | number;
}>;


export type Customer360Query = { customer: { id: string, externalId: string, name: string | null, email: string | null, province: string | null, region: string | null, city: string | null, createdAt: string | null, segment: { name: string } | null, score: { runId: number, asOf: string, asOfDay: string, timeZone: string, recencyDays: number, frequency: number, r: number, f: number, m: number, code: string, monetary: { amount: string, currencyCode: string }, clv: { amount: string, currencyCode: string } | null } | null, segmentHistory: { edges: Array<{ node: { runId: number, asOfDay: string, code: string, segmentName: string | null, mappingVersion: number | null, recencyDays: number, frequency: number, monetary: { amount: string, currencyCode: string }, clv: { amount: string, currencyCode: string } | null } }> } } | null };

export type DashboardAreaSalesQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardAreaSalesQuery = { analytics: { byProvince: Array<{ name: string, transactions: number, customers: number, revenue: { amount: string, currencyCode: string } }>, byRegion: Array<{ name: string, transactions: number, customers: number, revenue: { amount: string, currencyCode: string } }> } };

export type DashboardDailyQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type DashboardDailyQuery = { analytics: { daily: Array<{ day: string, transactions: number, revenue: { amount: string, currencyCode: string } }> } };

export type DashboardHeadlineQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardHeadlineQuery = { overview: { customersScored: number, customersStored: number, transactionsStored: number, mappingVersion: number, revenue: { amount: string, currencyCode: string }, run: { id: number, asOfDay: string, timeZone: string, bins: number, windowFrom: string | null, windowTo: string | null, clvMethod: ClvMethod | null } | null }, segments: Array<{ name: string, color: string, position: number, customerCount: number, customerShare: number, revenueShare: number, revenue: { amount: string }, avgClv: { amount: string } | null }> };

export type DashboardMovementQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardMovementQuery = { analytics: { movement: { fromRunId: number, toRunId: number, fromAsOfDay: string, toAsOfDay: string, moved: number, stayed: number, transitions: Array<{ from: string, fromKey: string, to: string, toKey: string, customers: number }>, entered: Array<{ segment: string, segmentKey: string, customers: number }>, left: Array<{ segment: string, segmentKey: string, customers: number }> } | null }, segments: Array<{ key: string, name: string }> };

export type DashboardRfGridQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardRfGridQuery = { analytics: { rfGrid: Array<{ r: number, f: number, customers: number, revenue: { amount: string, currencyCode: string } }> } };

export type DashboardSizeHistoryQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardSizeHistoryQuery = { segmentSizeHistory: Array<{ name: string, color: string, points: Array<{ runId: number, asOfDay: string, customers: number }> }> };

export type ImportStartScoringMutationVariables = Exact<{
  input: RunScoringInput;
}>;


export type ImportStartScoringMutation = { runScoring: { run: { id: number, status: RunStatus } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type AssignCodesMutationVariables = Exact<{
  input: AssignCodesInput;
}>;


export type AssignCodesMutation = { assignCodes: { draft: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type DiscardDraftMutationVariables = Exact<{ [key: string]: never; }>;


export type DiscardDraftMutation = { discardDraft: { discarded: boolean | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type MappingVersionFieldsFragment = { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> };

export type MappingEditorQueryVariables = Exact<{ [key: string]: never; }>;


export type MappingEditorQuery = { mapping: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> }, mappingDraft: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> } | null };

export type MappingFileQueryVariables = Exact<{
  format: MappingFileFormat;
  draft: boolean;
}>;


export type MappingFileQuery = { mappingFile: string };

export type ImportMappingFileMutationVariables = Exact<{
  input: ImportMappingFileInput;
}>;


export type ImportMappingFileMutation = { importMappingFile: { published: boolean | null, mapping: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> } | null, report: { form: string, order: string, othersSegment: string | null, unmatched: Array<string>, entries: Array<{ path: string, segment: string, rule: string, codes: Array<string>, shadowed: Array<{ code: string, takenBy: string }> }> } | null } };

export type MappingPreviewQueryVariables = Exact<{
  input?: MappingInput | null | undefined;
}>;


export type MappingPreviewQuery = { previewMapping: { runId: number | null, valid: boolean, problems: Array<{ code: string, message: string, codes: Array<string> }>, segments: Array<{ name: string, color: string, customerCount: number, customerShare: number, revenueShare: number, revenue: { amount: string } }>, published: Array<{ name: string, color: string, customerCount: number, customerShare: number, revenueShare: number, revenue: { amount: string } }> } };

export type SegmentPreviewFieldsFragment = { name: string, color: string, customerCount: number, customerShare: number, revenueShare: number, revenue: { amount: string } };

export type PublishMappingMutationVariables = Exact<{
  input: PublishMappingInput;
}>;


export type PublishMappingMutation = { publishMapping: { latestVersion: number | null, mapping: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type SetSegmentRulesMutationVariables = Exact<{
  input: SetSegmentRulesInput;
}>;


export type SetSegmentRulesMutation = { setSegmentRules: { draft: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> } | null, segment: { name: string, codes: Array<string> } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type MappingVersionsQueryVariables = Exact<{ [key: string]: never; }>;


export type MappingVersionsQuery = { mappingVersions: { totalCount: number | null, edges: Array<{ node: { version: number | null, basedOn: number | null, author: string, note: string | null, publishedAt: string | null, createdAt: string, segments: Array<{ name: string, codes: Array<string> }> } }> } };

export type RollbackMappingMutationVariables = Exact<{
  input: RollbackMappingInput;
}>;


export type RollbackMappingMutation = { rollbackMapping: { mapping: { version: number | null, status: MappingStatus, basedOn: number | null, author: string, note: string | null, bins: number, createdAt: string, publishedAt: string | null, valid: boolean, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string>, rules: Array<{ text: string }> }>, problems: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }>, warnings: Array<{ code: string, message: string, codes: Array<string>, segments: Array<string> }> } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type MovementRunsQueryVariables = Exact<{ [key: string]: never; }>;


export type MovementRunsQuery = { scoringRuns: { edges: Array<{ node: { id: number, status: RunStatus, asOf: string, asOfDay: string, bins: number, current: boolean } }> }, mapping: { bins: number }, segments: Array<{ key: string, name: string }> };

export type MovementBetweenQueryVariables = Exact<{
  from?: number | null | undefined;
  to?: number | null | undefined;
}>;


export type MovementBetweenQuery = { analytics: { movement: { fromRunId: number, toRunId: number, fromAsOfDay: string, toAsOfDay: string, moved: number, stayed: number, transitions: Array<{ from: string, fromKey: string, to: string, toKey: string, customers: number }>, entered: Array<{ segment: string, segmentKey: string, customers: number }>, left: Array<{ segment: string, segmentKey: string, customers: number }> } | null } };

export type BackfillFieldsFragment = { id: number, interval: BackfillInterval, from: string, to: string, bins: number, status: BackfillStatus, future: number, error: string | null, periods: Array<{ asOfDay: string, status: BackfillPeriodStatus, runId: number | null }> };

export type BackfillStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type BackfillStatusQuery = { backfill: { id: number, interval: BackfillInterval, from: string, to: string, bins: number, status: BackfillStatus, future: number, error: string | null, periods: Array<{ asOfDay: string, status: BackfillPeriodStatus, runId: number | null }> } | null };

export type StartBackfillMutationVariables = Exact<{
  input: StartBackfillInput;
}>;


export type StartBackfillMutation = { startBackfill: { backfill: { id: number, interval: BackfillInterval, from: string, to: string, bins: number, status: BackfillStatus, future: number, error: string | null, periods: Array<{ asOfDay: string, status: BackfillPeriodStatus, runId: number | null }> } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type ScoringRunFieldsFragment = { id: number, asOf: string, asOfDay: string, asOfKnown: boolean, timeZone: string, windowFrom: string | null, windowTo: string | null, bins: number, monetaryBasis: MonetaryBasis, status: RunStatus, current: boolean, customersScored: number | null, transactionsRead: number | null, startedAt: string, finishedAt: string | null, durationMs: number | null, error: string | null, warnings: Array<string>, clvMethod: ClvMethod | null, phase: RunPhase | null };

export type RunThresholdsQueryVariables = Exact<{
  id: number;
}>;


export type RunThresholdsQuery = { scoringRun: { id: number, thresholds: { recency: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> }, frequency: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> }, monetary: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> } } | null } };

export type CreateProfileMutationVariables = Exact<{
  input: CreateProfileInput;
}>;


export type CreateProfileMutation = { createProfile: { profile: { key: string, name: string, bins: number } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type ScoringRunStatusQueryVariables = Exact<{
  id: number;
}>;


export type ScoringRunStatusQuery = { scoringRun: { id: number, asOf: string, asOfDay: string, asOfKnown: boolean, timeZone: string, windowFrom: string | null, windowTo: string | null, bins: number, monetaryBasis: MonetaryBasis, status: RunStatus, current: boolean, customersScored: number | null, transactionsRead: number | null, startedAt: string, finishedAt: string | null, durationMs: number | null, error: string | null, warnings: Array<string>, clvMethod: ClvMethod | null, phase: RunPhase | null } };

export type ScheduleFieldsFragment = { id: string, profile: string, cron: string, timeZone: string, enabled: boolean, nextRunAt: string | null, upcomingRuns: Array<string>, lastRunAt: string | null, lastStatus: ScheduleFiringStatus | null, lastError: string | null, lastRun: { id: number, status: RunStatus } | null };

export type ScoringScheduleQueryVariables = Exact<{
  profile: string;
}>;


export type ScoringScheduleQuery = { scoringSchedules: Array<{ id: string, profile: string, cron: string, timeZone: string, enabled: boolean, nextRunAt: string | null, upcomingRuns: Array<string>, lastRunAt: string | null, lastStatus: ScheduleFiringStatus | null, lastError: string | null, lastRun: { id: number, status: RunStatus } | null }> };

export type CronPreviewQueryVariables = Exact<{
  cron: string;
  timeZone?: string | null | undefined;
}>;


export type CronPreviewQuery = { cronPreview: { nextRuns: Array<string>, userErrors: Array<{ field: Array<string> | null, message: string }> } };

export type CreateScoringScheduleMutationVariables = Exact<{
  input: CreateScoringScheduleInput;
}>;


export type CreateScoringScheduleMutation = { createScoringSchedule: { scoringSchedule: { id: string, profile: string, cron: string, timeZone: string, enabled: boolean, nextRunAt: string | null, upcomingRuns: Array<string>, lastRunAt: string | null, lastStatus: ScheduleFiringStatus | null, lastError: string | null, lastRun: { id: number, status: RunStatus } | null } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type UpdateScoringScheduleMutationVariables = Exact<{
  input: UpdateScoringScheduleInput;
}>;


export type UpdateScoringScheduleMutation = { updateScoringSchedule: { scoringSchedule: { id: string, profile: string, cron: string, timeZone: string, enabled: boolean, nextRunAt: string | null, upcomingRuns: Array<string>, lastRunAt: string | null, lastStatus: ScheduleFiringStatus | null, lastError: string | null, lastRun: { id: number, status: RunStatus } | null } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type DeleteScoringScheduleMutationVariables = Exact<{
  input: DeleteScoringScheduleInput;
}>;


export type DeleteScoringScheduleMutation = { deleteScoringSchedule: { deletedId: string | null, userErrors: Array<{ message: string }> } };

export type ScoringRunsQueryVariables = Exact<{ [key: string]: never; }>;


export type ScoringRunsQuery = { scoringRuns: { edges: Array<{ node: { id: number, asOf: string, asOfDay: string, asOfKnown: boolean, timeZone: string, windowFrom: string | null, windowTo: string | null, bins: number, monetaryBasis: MonetaryBasis, status: RunStatus, current: boolean, customersScored: number | null, transactionsRead: number | null, startedAt: string, finishedAt: string | null, durationMs: number | null, error: string | null, warnings: Array<string>, clvMethod: ClvMethod | null, phase: RunPhase | null } }> } };

export type RunScoringMutationVariables = Exact<{
  input: RunScoringInput;
}>;


export type RunScoringMutation = { runScoring: { run: { id: number, asOf: string, asOfDay: string, asOfKnown: boolean, timeZone: string, windowFrom: string | null, windowTo: string | null, bins: number, monetaryBasis: MonetaryBasis, status: RunStatus, current: boolean, customersScored: number | null, transactionsRead: number | null, startedAt: string, finishedAt: string | null, durationMs: number | null, error: string | null, warnings: Array<string>, clvMethod: ClvMethod | null, phase: RunPhase | null } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type StartRunBinsQueryVariables = Exact<{ [key: string]: never; }>;


export type StartRunBinsQuery = { mapping: { bins: number } };

export type ThresholdPreviewQueryVariables = Exact<{
  input: ThresholdPreviewInput;
}>;


export type ThresholdPreviewQuery = { thresholdPreview: { runId: number, asOfDay: string, monetaryBasis: MonetaryBasis, customers: number, recency: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> } | null, frequency: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> } | null, monetary: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> } | null } };

export type CreateSegmentMutationVariables = Exact<{
  input: CreateSegmentInput;
}>;


export type CreateSegmentMutation = { createSegment: { segment: { key: string, name: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type UpdateSegmentMutationVariables = Exact<{
  input: UpdateSegmentInput;
}>;


export type UpdateSegmentMutation = { updateSegment: { segment: { key: string, name: string, position: number } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type DeleteSegmentMutationVariables = Exact<{
  input: DeleteSegmentInput;
}>;


export type DeleteSegmentMutation = { deleteSegment: { draft: { version: number | null, segments: Array<{ key: string, name: string, codes: Array<string> }> } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type SegmentsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type SegmentsPageQuery = { mapping: { version: number | null, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string> }> }, mappingDraft: { version: number | null, basedOn: number | null, segments: Array<{ key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string> }> } | null, segments: Array<{ key: string, customerCount: number, customerShare: number, revenueShare: number, avgRecencyDays: number, avgFrequency: number, currencyCode: string, revenue: { amount: string }, avgMonetary: { amount: string }, avgClv: { amount: string } | null }> };

export type ApiTokenFieldsFragment = { id: string, number: number, name: string, role: Role, status: ApiTokenStatus, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, revokedAt: string | null, current: boolean };

export type ApiTokensQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ApiTokensQuery = { apiTokens: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, name: string, role: Role, status: ApiTokenStatus, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, revokedAt: string | null, current: boolean } }> } };

export type CreateApiTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type CreateApiTokenMutation = { createApiToken: { secret: string | null, apiToken: { id: string, number: number, name: string, role: Role, status: ApiTokenStatus, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, revokedAt: string | null, current: boolean } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type RevokeApiTokenMutationVariables = Exact<{
  input: RevokeApiTokenInput;
}>;


export type RevokeApiTokenMutation = { revokeApiToken: { apiToken: { id: string, number: number, name: string, role: Role, status: ApiTokenStatus, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, revokedAt: string | null, current: boolean } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type WebhookSubscriptionFieldsFragment = { id: string, number: number, url: string, profile: string, events: Array<WebhookEvent>, segmentKeys: Array<string>, active: boolean, createdBy: string, createdAt: string, updatedAt: string };

export type WebhookSubscriptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookSubscriptionsQuery = { webhookSubscriptions: { totalCount: number | null, edges: Array<{ node: { id: string, number: number, url: string, profile: string, events: Array<WebhookEvent>, segmentKeys: Array<string>, active: boolean, createdBy: string, createdAt: string, updatedAt: string } }> } };

export type CreateWebhookSubscriptionMutationVariables = Exact<{
  input: CreateWebhookSubscriptionInput;
}>;


export type CreateWebhookSubscriptionMutation = { createWebhookSubscription: { secret: string | null, webhookSubscription: { id: string, number: number, url: string, profile: string, events: Array<WebhookEvent>, segmentKeys: Array<string>, active: boolean, createdBy: string, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type UpdateWebhookSubscriptionMutationVariables = Exact<{
  input: UpdateWebhookSubscriptionInput;
}>;


export type UpdateWebhookSubscriptionMutation = { updateWebhookSubscription: { webhookSubscription: { id: string, number: number, url: string, profile: string, events: Array<WebhookEvent>, segmentKeys: Array<string>, active: boolean, createdBy: string, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type DeleteWebhookSubscriptionMutationVariables = Exact<{
  input: DeleteWebhookSubscriptionInput;
}>;


export type DeleteWebhookSubscriptionMutation = { deleteWebhookSubscription: { deletedId: string | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type WebhookDeliveriesQueryVariables = Exact<{
  subscriptionId: string | number;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, deliveryId: string, status: WebhookDeliveryStatus, eventCount: number, attempts: number, lastStatusCode: number | null, lastError: string | null, nextAttemptAt: string | null, deliveredAt: string | null, createdAt: string, replayOf: string | null, attemptLog: Array<{ attempt: number, at: string, statusCode: number | null, error: string | null }> } }> } };

export type ReplayWebhookDeliveryMutationVariables = Exact<{
  input: ReplayWebhookDeliveryInput;
}>;


export type ReplayWebhookDeliveryMutation = { replayWebhookDelivery: { webhookDelivery: { id: string, deliveryId: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type SignInCheckQueryVariables = Exact<{ [key: string]: never; }>;


export type SignInCheckQuery = { me: { name: string, role: Role } };

export type MovementFieldsFragment = { fromRunId: number, toRunId: number, fromAsOfDay: string, toAsOfDay: string, moved: number, stayed: number, transitions: Array<{ from: string, fromKey: string, to: string, toKey: string, customers: number }>, entered: Array<{ segment: string, segmentKey: string, customers: number }>, left: Array<{ segment: string, segmentKey: string, customers: number }> };

export type ThresholdBandFieldsFragment = { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> };

export type CurrentThresholdsQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrentThresholdsQuery = { overview: { run: { id: number, asOfDay: string, thresholds: { recency: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> }, frequency: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> }, monetary: { dimension: Dimension, method: ThresholdMethod, bounds: Array<number | null>, bands: Array<{ score: number, label: string, text: string, reachable: boolean, customers: number | null }> } } | null } | null } };

export type SegmentDefinitionFieldsFragment = { key: string, name: string, description: string, action: string, color: string, position: number, codes: Array<string> };

export const SegmentDefinitionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}}]} as unknown as DocumentNode<SegmentDefinitionFieldsFragment, unknown>;
export const MappingVersionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}}]} as unknown as DocumentNode<MappingVersionFieldsFragment, unknown>;
export const SegmentPreviewFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentPreviewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentPreview"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}},{"kind":"Field","name":{"kind":"Name","value":"customerShare"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revenueShare"}}]}}]} as unknown as DocumentNode<SegmentPreviewFieldsFragment, unknown>;
export const BackfillFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BackfillFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Backfill"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"interval"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"future"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"periods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}}]}}]} as unknown as DocumentNode<BackfillFieldsFragment, unknown>;
export const ScoringRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoringRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"asOfKnown"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windowFrom"}},{"kind":"Field","name":{"kind":"Name","value":"windowTo"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"monetaryBasis"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"customersScored"}},{"kind":"Field","name":{"kind":"Name","value":"transactionsRead"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"clvMethod"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}}]} as unknown as DocumentNode<ScoringRunFieldsFragment, unknown>;
export const ScheduleFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringSchedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"upcomingRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ScheduleFieldsFragment, unknown>;
export const ApiTokenFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<ApiTokenFieldsFragment, unknown>;
export const WebhookSubscriptionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookSubscriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookSubscription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKeys"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<WebhookSubscriptionFieldsFragment, unknown>;
export const MovementFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MovementFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Movement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromRunId"}},{"kind":"Field","name":{"kind":"Name","value":"toRunId"}},{"kind":"Field","name":{"kind":"Name","value":"fromAsOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"toAsOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"moved"}},{"kind":"Field","name":{"kind":"Name","value":"stayed"}},{"kind":"Field","name":{"kind":"Name","value":"transitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"fromKey"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"toKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"entered"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"left"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<MovementFieldsFragment, unknown>;
export const ThresholdBandFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThresholdBandFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DimensionThresholds"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"bounds"}},{"kind":"Field","name":{"kind":"Name","value":"bands"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"reachable"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<ThresholdBandFieldsFragment, unknown>;
export const CustomerSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchCustomers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"match"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerSearchQuery, CustomerSearchQueryVariables>;
export const ProfilesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Profiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"profiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"windowDays"}},{"kind":"Field","name":{"kind":"Name","value":"channels"}},{"kind":"Field","name":{"kind":"Name","value":"monetaryBasis"}},{"kind":"Field","name":{"kind":"Name","value":"clvMethod"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]} as unknown as DocumentNode<ProfilesQuery, ProfilesQueryVariables>;
export const SessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<SessionQuery, SessionQueryVariables>;
export const AudienceAreaValuesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AudienceAreaValues"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"field"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AreaField"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areaValues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"field"},"value":{"kind":"Variable","name":{"kind":"Name","value":"field"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<AudienceAreaValuesQuery, AudienceAreaValuesQueryVariables>;
export const AudienceCustomersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AudienceCustomers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"score"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"clv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AudienceCustomersQuery, AudienceCustomersQueryVariables>;
export const AudienceSegmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AudienceSegments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bins"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}},{"kind":"Field","name":{"kind":"Name","value":"customerShare"}}]}},{"kind":"Field","name":{"kind":"Name","value":"exportColumns"}}]}}]} as unknown as DocumentNode<AudienceSegmentsQuery, AudienceSegmentsQueryVariables>;
export const ExportHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExportHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"tokenName"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"mappingVersion"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExportHistoryQuery, ExportHistoryQueryVariables>;
export const CreateExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateExportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"export"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"audience"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"preset"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"excel"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"leftOutNoConsent"}},{"kind":"Field","name":{"kind":"Name","value":"leftOutConsentNotRecorded"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateExportMutation, CreateExportMutationVariables>;
export const ExportPresetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExportPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportPresets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preset"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<ExportPresetsQuery, ExportPresetsQueryVariables>;
export const SavedAudiencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SavedAudiences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"savedAudiences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SavedAudiencesQuery, SavedAudiencesQueryVariables>;
export const SaveAudienceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveAudience"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SaveAudienceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveAudience"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"savedAudience"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SaveAudienceMutation, SaveAudienceMutationVariables>;
export const DeleteSavedAudienceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteSavedAudience"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteSavedAudienceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteSavedAudience"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"savedAudience"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteSavedAudienceMutation, DeleteSavedAudienceMutationVariables>;
export const ExportSavedAudienceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ExportSavedAudience"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateExportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"export"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ExportSavedAudienceMutation, ExportSavedAudienceMutationVariables>;
export const CustomerTransactionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerTransactions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineCount"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"city"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerTransactionsQuery, CustomerTransactionsQueryVariables>;
export const Customer360Document = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Customer360"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"m"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"clv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"segmentHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"segmentName"}},{"kind":"Field","name":{"kind":"Name","value":"mappingVersion"}},{"kind":"Field","name":{"kind":"Name","value":"recencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"frequency"}},{"kind":"Field","name":{"kind":"Name","value":"monetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<Customer360Query, Customer360QueryVariables>;
export const DashboardAreaSalesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardAreaSales"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"analytics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byProvince"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"transactions"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"byRegion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"transactions"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardAreaSalesQuery, DashboardAreaSalesQueryVariables>;
export const DashboardDailyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardDaily"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"analytics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daily"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"transactions"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardDailyQuery, DashboardDailyQueryVariables>;
export const DashboardHeadlineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardHeadline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customersScored"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customersStored"}},{"kind":"Field","name":{"kind":"Name","value":"transactionsStored"}},{"kind":"Field","name":{"kind":"Name","value":"mappingVersion"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"windowFrom"}},{"kind":"Field","name":{"kind":"Name","value":"windowTo"}},{"kind":"Field","name":{"kind":"Name","value":"clvMethod"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}},{"kind":"Field","name":{"kind":"Name","value":"customerShare"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revenueShare"}},{"kind":"Field","name":{"kind":"Name","value":"avgClv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardHeadlineQuery, DashboardHeadlineQueryVariables>;
export const DashboardMovementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardMovement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"analytics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"movement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MovementFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MovementFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Movement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromRunId"}},{"kind":"Field","name":{"kind":"Name","value":"toRunId"}},{"kind":"Field","name":{"kind":"Name","value":"fromAsOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"toAsOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"moved"}},{"kind":"Field","name":{"kind":"Name","value":"stayed"}},{"kind":"Field","name":{"kind":"Name","value":"transitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"fromKey"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"toKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"entered"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"left"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<DashboardMovementQuery, DashboardMovementQueryVariables>;
export const DashboardRfGridDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardRfGrid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"analytics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rfGrid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"r"}},{"kind":"Field","name":{"kind":"Name","value":"f"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardRfGridQuery, DashboardRfGridQueryVariables>;
export const DashboardSizeHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DashboardSizeHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segmentSizeHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]}}]} as unknown as DocumentNode<DashboardSizeHistoryQuery, DashboardSizeHistoryQueryVariables>;
export const ImportStartScoringDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportStartScoring"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RunScoringInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runScoring"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ImportStartScoringMutation, ImportStartScoringMutationVariables>;
export const AssignCodesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignCodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignCodesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignCodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"draft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}}]} as unknown as DocumentNode<AssignCodesMutation, AssignCodesMutationVariables>;
export const DiscardDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DiscardDraft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discardDraft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discarded"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DiscardDraftMutation, DiscardDraftMutationVariables>;
export const MappingEditorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MappingEditor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mappingDraft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}}]} as unknown as DocumentNode<MappingEditorQuery, MappingEditorQueryVariables>;
export const MappingFileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MappingFile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MappingFileFormat"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"draft"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mappingFile"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}},{"kind":"Argument","name":{"kind":"Name","value":"draft"},"value":{"kind":"Variable","name":{"kind":"Name","value":"draft"}}}]}]}}]} as unknown as DocumentNode<MappingFileQuery, MappingFileQueryVariables>;
export const ImportMappingFileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportMappingFile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportMappingFileInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importMappingFile"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"published"}},{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"form"}},{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"othersSegment"}},{"kind":"Field","name":{"kind":"Name","value":"unmatched"}},{"kind":"Field","name":{"kind":"Name","value":"entries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"rule"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"shadowed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"takenBy"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}}]} as unknown as DocumentNode<ImportMappingFileMutation, ImportMappingFileMutationVariables>;
export const MappingPreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MappingPreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MappingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewMapping"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentPreviewFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"published"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentPreviewFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentPreviewFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SegmentPreview"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}},{"kind":"Field","name":{"kind":"Name","value":"customerShare"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revenueShare"}}]}}]} as unknown as DocumentNode<MappingPreviewQuery, MappingPreviewQueryVariables>;
export const PublishMappingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PublishMapping"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PublishMappingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"publishMapping"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}}]} as unknown as DocumentNode<PublishMappingMutation, PublishMappingMutationVariables>;
export const SetSegmentRulesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetSegmentRules"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetSegmentRulesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setSegmentRules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"draft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}}]} as unknown as DocumentNode<SetSegmentRulesMutation, SetSegmentRulesMutationVariables>;
export const MappingVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MappingVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mappingVersions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MappingVersionsQuery, MappingVersionsQueryVariables>;
export const RollbackMappingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RollbackMapping"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RollbackMappingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackMapping"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MappingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MappingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"author"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}},{"kind":"Field","name":{"kind":"Name","value":"segments"}}]}}]}}]} as unknown as DocumentNode<RollbackMappingMutation, RollbackMappingMutationVariables>;
export const MovementRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MovementRuns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bins"}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<MovementRunsQuery, MovementRunsQueryVariables>;
export const MovementBetweenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MovementBetween"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"analytics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"movement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fromRunId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"toRunId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MovementFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MovementFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Movement"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromRunId"}},{"kind":"Field","name":{"kind":"Name","value":"toRunId"}},{"kind":"Field","name":{"kind":"Name","value":"fromAsOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"toAsOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"moved"}},{"kind":"Field","name":{"kind":"Name","value":"stayed"}},{"kind":"Field","name":{"kind":"Name","value":"transitions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"fromKey"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"toKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"entered"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"left"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKey"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<MovementBetweenQuery, MovementBetweenQueryVariables>;
export const BackfillStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BackfillStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backfill"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BackfillFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BackfillFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Backfill"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"interval"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"future"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"periods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}}]}}]} as unknown as DocumentNode<BackfillStatusQuery, BackfillStatusQueryVariables>;
export const StartBackfillDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartBackfill"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartBackfillInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startBackfill"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backfill"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BackfillFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BackfillFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Backfill"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"interval"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"future"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"periods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}}]}}]}}]} as unknown as DocumentNode<StartBackfillMutation, StartBackfillMutationVariables>;
export const RunThresholdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunThresholds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"frequency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"monetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThresholdBandFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DimensionThresholds"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"bounds"}},{"kind":"Field","name":{"kind":"Name","value":"bands"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"reachable"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<RunThresholdsQuery, RunThresholdsQueryVariables>;
export const CreateProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateProfileInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProfile"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateProfileMutation, CreateProfileMutationVariables>;
export const ScoringRunStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScoringRunStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoringRunFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoringRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"asOfKnown"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windowFrom"}},{"kind":"Field","name":{"kind":"Name","value":"windowTo"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"monetaryBasis"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"customersScored"}},{"kind":"Field","name":{"kind":"Name","value":"transactionsRead"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"clvMethod"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}}]} as unknown as DocumentNode<ScoringRunStatusQuery, ScoringRunStatusQueryVariables>;
export const ScoringScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScoringSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"profile"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringSchedules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"profile"},"value":{"kind":"Variable","name":{"kind":"Name","value":"profile"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringSchedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"upcomingRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ScoringScheduleQuery, ScoringScheduleQueryVariables>;
export const CronPreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CronPreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cron"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeZone"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cronPreview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cron"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cron"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeZone"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeZone"}}},{"kind":"Argument","name":{"kind":"Name","value":"count"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nextRuns"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CronPreviewQuery, CronPreviewQueryVariables>;
export const CreateScoringScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateScoringSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateScoringScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createScoringSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringSchedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringSchedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"upcomingRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<CreateScoringScheduleMutation, CreateScoringScheduleMutationVariables>;
export const UpdateScoringScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateScoringSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateScoringScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateScoringSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringSchedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringSchedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"upcomingRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<UpdateScoringScheduleMutation, UpdateScoringScheduleMutationVariables>;
export const DeleteScoringScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteScoringSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteScoringScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteScoringSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteScoringScheduleMutation, DeleteScoringScheduleMutationVariables>;
export const ScoringRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScoringRuns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scoringRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoringRunFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoringRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"asOfKnown"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windowFrom"}},{"kind":"Field","name":{"kind":"Name","value":"windowTo"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"monetaryBasis"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"customersScored"}},{"kind":"Field","name":{"kind":"Name","value":"transactionsRead"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"clvMethod"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}}]} as unknown as DocumentNode<ScoringRunsQuery, ScoringRunsQueryVariables>;
export const RunScoringDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RunScoring"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RunScoringInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runScoring"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScoringRunFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScoringRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScoringRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"asOfKnown"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"windowFrom"}},{"kind":"Field","name":{"kind":"Name","value":"windowTo"}},{"kind":"Field","name":{"kind":"Name","value":"bins"}},{"kind":"Field","name":{"kind":"Name","value":"monetaryBasis"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"customersScored"}},{"kind":"Field","name":{"kind":"Name","value":"transactionsRead"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"clvMethod"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}}]}}]} as unknown as DocumentNode<RunScoringMutation, RunScoringMutationVariables>;
export const StartRunBinsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StartRunBins"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bins"}}]}}]}}]} as unknown as DocumentNode<StartRunBinsQuery, StartRunBinsQueryVariables>;
export const ThresholdPreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ThresholdPreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ThresholdPreviewInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thresholdPreview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"monetaryBasis"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}},{"kind":"Field","name":{"kind":"Name","value":"recency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"frequency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"monetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThresholdBandFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DimensionThresholds"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"bounds"}},{"kind":"Field","name":{"kind":"Name","value":"bands"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"reachable"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<ThresholdPreviewQuery, ThresholdPreviewQueryVariables>;
export const CreateSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSegmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateSegmentMutation, CreateSegmentMutationVariables>;
export const UpdateSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateSegmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateSegmentMutation, UpdateSegmentMutationVariables>;
export const DeleteSegmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteSegment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteSegmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteSegment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"draft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteSegmentMutation, DeleteSegmentMutationVariables>;
export const SegmentsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SegmentsPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"mappingDraft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"basedOn"}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SegmentDefinitionFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"customerCount"}},{"kind":"Field","name":{"kind":"Name","value":"customerShare"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revenueShare"}},{"kind":"Field","name":{"kind":"Name","value":"avgRecencyDays"}},{"kind":"Field","name":{"kind":"Name","value":"avgFrequency"}},{"kind":"Field","name":{"kind":"Name","value":"avgMonetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"avgClv"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SegmentDefinitionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MappingSegment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"codes"}}]}}]} as unknown as DocumentNode<SegmentsPageQuery, SegmentsPageQueryVariables>;
export const ApiTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RevokeApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"current"}}]}}]} as unknown as DocumentNode<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const WebhookSubscriptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookSubscriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookSubscriptions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookSubscriptionFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookSubscriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookSubscription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKeys"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<WebhookSubscriptionsQuery, WebhookSubscriptionsQueryVariables>;
export const CreateWebhookSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWebhookSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWebhookSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWebhookSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookSubscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookSubscriptionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookSubscriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookSubscription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKeys"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateWebhookSubscriptionMutation, CreateWebhookSubscriptionMutationVariables>;
export const UpdateWebhookSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateWebhookSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateWebhookSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateWebhookSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookSubscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookSubscriptionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookSubscriptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookSubscription"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"segmentKeys"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UpdateWebhookSubscriptionMutation, UpdateWebhookSubscriptionMutationVariables>;
export const DeleteWebhookSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWebhookSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteWebhookSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWebhookSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteWebhookSubscriptionMutation, DeleteWebhookSubscriptionMutationVariables>;
export const WebhookDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"subscriptionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"subscriptionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"subscriptionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"eventCount"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"replayOf"}},{"kind":"Field","name":{"kind":"Name","value":"attemptLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const ReplayWebhookDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReplayWebhookDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReplayWebhookDeliveryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayWebhookDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookDelivery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ReplayWebhookDeliveryMutation, ReplayWebhookDeliveryMutationVariables>;
export const SignInCheckDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SignInCheck"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<SignInCheckQuery, SignInCheckQueryVariables>;
export const CurrentThresholdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CurrentThresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asOfDay"}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"frequency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"monetary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ThresholdBandFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ThresholdBandFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DimensionThresholds"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"bounds"}},{"kind":"Field","name":{"kind":"Name","value":"bands"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"reachable"}},{"kind":"Field","name":{"kind":"Name","value":"customers"}}]}}]}}]} as unknown as DocumentNode<CurrentThresholdsQuery, CurrentThresholdsQueryVariables>;