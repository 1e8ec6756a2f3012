"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, Select, TextInput } from "../../../../components/ui/form";
import { ErrorState, Notice } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";

/** A backfill as this form shows it (spread into the query and the mutation). */
export const BackfillFields = graphql(`
  fragment BackfillFields on Backfill {
    id
    interval
    from
    to
    bins
    status
    future
    error
    periods {
      asOfDay
      status
      runId
    }
  }
`);

const BackfillQuery = graphql(`
  query BackfillStatus {
    backfill {
      ...BackfillFields
    }
  }
`);

const StartBackfillMutation = graphql(`
  mutation StartBackfill($input: StartBackfillInput!) {
    startBackfill(input: $input) {
      backfill {
        ...BackfillFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const POLL_MS = 1000;

const PERIOD_STYLE = {
  PENDING: "bg-slate-100 text-slate-800",
  RUNNING: "bg-blue-100 text-blue-900",
  SCORED: "bg-green-100 text-green-900",
  SKIPPED: "bg-slate-200 text-slate-900",
  EMPTY: "bg-amber-100 text-amber-900",
  FAILED: "bg-red-100 text-red-900",
} as const;

const PERIOD_WORD = {
  PENDING: "waiting",
  RUNNING: "scoring…",
  SCORED: "scored",
  SKIPPED: "already there",
  EMPTY: "no orders yet",
  FAILED: "failed",
} as const;

/** `YYYY-MM` of the month before the current one (the latest month that has ended). */
function lastEndedMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/**
 * "Backfill history" (editors and admins): the past runs as of each month's last day (or each
 * Sunday), so movement and segment sizes over time have history from day one. Shows the latest
 * backfill's months as they are scored; months already scored with the same settings are
 * skipped, so starting it again resumes.
 */
export function BackfillForm({ canEdit, onProgress }: { canEdit: boolean; onProgress: () => void }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState(lastEndedMonth);
  const [interval, setInterval_] = useState<"MONTHLY" | "WEEKLY">("MONTHLY");
  const [{ data }, reexecute] = useQuery({ query: BackfillQuery, requestPolicy: "network-only" });
  const [{ data: started, fetching, error }, start] = useMutation(StartBackfillMutation);
  const backfill = data?.backfill ?? null;
  const running = backfill?.status === "RUNNING";
  const done = backfill?.periods.filter((p) => p.status !== "PENDING" && p.status !== "RUNNING").length ?? 0;
  const blocked = canEdit ? undefined : "Only tokens with the editor or admin role start a backfill.";
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to) && from <= to;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => reexecute({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearInterval(timer);
  }, [running, reexecute]);

  // The runs table follows each new month (the callback may change per render; the count does not).
  const progressed = useRef(onProgress);
  progressed.current = onProgress;
  useEffect(() => {
    if (done > 0) progressed.current();
  }, [done]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await start({ input: { from, to, interval } });
    if (result.data?.startBackfill.backfill) reexecute({ requestPolicy: "network-only" });
  };

  return (
    <Card
      title="Backfill history"
      description="Scores the past as of each month's last day (or each Sunday), oldest first, so movement and segment sizes over time have history. The current run stays the latest one; months already scored with the same settings are skipped."
    >
      <form onSubmit={submit} className="flex flex-wrap items-end gap-4" aria-label="Backfill history">
        <Field label="From month" hint="The first month, such as 2024-01." className="w-48">
          <TextInput
            type="month"
            name="backfillFrom"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            disabled={blocked !== undefined}
          />
        </Field>
        <Field label="To month" hint="The last month (one that has ended)." className="w-48">
          <TextInput
            type="month"
            name="backfillTo"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            disabled={blocked !== undefined}
          />
        </Field>
        <Field label="Every" className="w-40">
          <Select
            name="backfillInterval"
            value={interval}
            onChange={(event) => setInterval_(event.target.value as "MONTHLY" | "WEEKLY")}
            disabled={blocked !== undefined}
          >
            <option value="MONTHLY">month end</option>
            <option value="WEEKLY">Sunday</option>
          </Select>
        </Field>
        <Button type="submit" disabled={blocked !== undefined || fetching || running || !valid}>
          {fetching ? "Starting…" : "Backfill"}
        </Button>
      </form>
      {blocked && <p className="mt-2 text-xs text-slate-600">{blocked}</p>}
      {error && (
        <div className="mt-2">
          <ErrorState error={error} />
        </div>
      )}
      {started && started.startBackfill.userErrors.length > 0 && (
        <div className="mt-2">
          <UserErrors errors={started.startBackfill.userErrors} />
        </div>
      )}
      {backfill && (
        <div className="mt-4 space-y-2" data-testid="backfill-progress" data-status={backfill.status}>
          <Notice
            tone={
              backfill.status === "FAILED" ? "warning" : backfill.status === "COMPLETE" ? "success" : "info"
            }
          >
            {backfill.status === "RUNNING" && "Backfilling: "}
            {backfill.status === "COMPLETE" && "Backfill done: "}
            {backfill.status === "STOPPED" && "Backfill stopped (start it again to resume): "}
            {backfill.status === "FAILED" && `Backfill failed (${backfill.error ?? "no reason given"}): `}
            {done} of {backfill.periods.length} {backfill.interval === "MONTHLY" ? "months" : "weeks"} from{" "}
            {backfill.from} to {backfill.to}, {backfill.bins} scores per dimension
            {backfill.future > 0 ? `; ${backfill.future} not ended yet, left out` : ""}.
          </Notice>
          <ol className="flex flex-wrap gap-1 text-xs" aria-label="Backfill periods">
            {backfill.periods.map((p) => (
              <li
                key={p.asOfDay}
                className={`rounded px-1.5 py-0.5 ${PERIOD_STYLE[p.status]}`}
                data-testid="backfill-period"
                data-status={p.status}
                data-as-of={p.asOfDay}
              >
                {p.asOfDay}: {PERIOD_WORD[p.status]}
                {p.runId !== null ? ` (run ${p.runId})` : ""}
              </li>
            ))}
          </ol>
        </div>
      )}
    </Card>
  );
}
