"use client";

import { type FormEvent, useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, TextInput } from "../../../../components/ui/form";
import { ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { formatDateTime } from "../../../../lib/format";
import { useProfile, useSession } from "../../_components/session";

export const ScheduleFields = graphql(`
  fragment ScheduleFields on ScoringSchedule {
    id
    profile
    cron
    timeZone
    enabled
    nextRunAt
    upcomingRuns
    lastRunAt
    lastStatus
    lastError
    lastRun {
      id
      status
    }
  }
`);

const ScoringScheduleQuery = graphql(`
  query ScoringSchedule($profile: String!) {
    scoringSchedules(profile: $profile) {
      ...ScheduleFields
    }
  }
`);

const CronPreviewQuery = graphql(`
  query CronPreview($cron: String!, $timeZone: String) {
    cronPreview(cron: $cron, timeZone: $timeZone, count: 3) {
      nextRuns
      userErrors {
        field
        message
      }
    }
  }
`);

const CreateScheduleMutation = graphql(`
  mutation CreateScoringSchedule($input: CreateScoringScheduleInput!) {
    createScoringSchedule(input: $input) {
      scoringSchedule {
        ...ScheduleFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const UpdateScheduleMutation = graphql(`
  mutation UpdateScoringSchedule($input: UpdateScoringScheduleInput!) {
    updateScoringSchedule(input: $input) {
      scoringSchedule {
        ...ScheduleFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const DeleteScheduleMutation = graphql(`
  mutation DeleteScoringSchedule($input: DeleteScoringScheduleInput!) {
    deleteScoringSchedule(input: $input) {
      deletedId
      userErrors {
        message
      }
    }
  }
`);

/** "Mon 7 Dec 2026, 02:00" in the schedule's zone: when it fires, as the people who set it read it. */
function inZone(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(iso));
  } catch {
    return formatDateTime(iso);
  }
}

/** The value typed, settled for a moment: the preview asks once the typing pauses. */
function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const STATUS_STYLE: Record<string, string> = {
  RUNNING: "bg-blue-100 text-blue-900",
  COMPLETE: "bg-green-100 text-green-900",
  FAILED: "bg-red-100 text-red-900",
  NOT_STARTED: "bg-amber-100 text-amber-900",
};

/**
 * The chosen profile's scoring schedule: `rfm serve` starts a run at each firing of the cron
 * expression. Shows its next and last run; admins set the expression (with its next three
 * firings previewed as typed), the zone and the switch.
 */
export function ScheduleCard() {
  const session = useSession();
  const { profile } = useProfile();
  const profileKey = profile ?? "default";
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ScoringScheduleQuery,
    variables: { profile: profileKey },
  });
  const schedule = data?.scoringSchedules[0] ?? null;
  const [cron, setCron] = useState("");
  const [timeZone, setTimeZone] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [problems, setProblems] = useState<string[]>([]);
  // The form starts from the saved schedule, once it is loaded (and again after each save).
  useEffect(() => {
    setCron(schedule?.cron ?? "0 2 * * *");
    setTimeZone(schedule?.timeZone ?? "");
    setEnabled(schedule?.enabled ?? true);
  }, [schedule?.cron, schedule?.timeZone, schedule?.enabled]);

  const settledCron = useSettled(cron.trim());
  const settledZone = useSettled(timeZone.trim());
  const [{ data: preview }] = useQuery({
    query: CronPreviewQuery,
    variables: { cron: settledCron, timeZone: settledZone === "" ? null : settledZone },
    pause: settledCron === "",
  });
  const [{ fetching: creating }, create] = useMutation(CreateScheduleMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateScheduleMutation);
  const [{ fetching: deleting }, remove] = useMutation(DeleteScheduleMutation);
  const blocked = session.isAdmin ? undefined : "Only tokens with the admin role set scoring schedules.";
  const previewZone = settledZone || schedule?.timeZone || "UTC";
  const refresh = () => reexecute({ requestPolicy: "network-only" });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const zone = timeZone.trim() === "" ? null : timeZone.trim();
    const outcome = schedule
      ? await update({ input: { id: schedule.id, cron, timeZone: zone, enabled } }).then((r) => ({
          error: r.error,
          payload: r.data?.updateScoringSchedule ?? null,
        }))
      : await create({ input: { profile: profileKey, cron, timeZone: zone, enabled } }).then((r) => ({
          error: r.error,
          payload: r.data?.createScoringSchedule ?? null,
        }));
    const { error: failure, payload } = outcome;
    setProblems(failure ? [failure.message] : (payload?.userErrors.map((e) => e.message) ?? []));
    if (payload?.scoringSchedule) refresh();
  };

  const drop = async () => {
    if (!schedule) return;
    const result = await remove({ input: { id: schedule.id } });
    setProblems(result.data?.deleteScoringSchedule.userErrors.map((e) => e.message) ?? []);
    refresh();
  };

  return (
    <Card
      title="Schedule"
      description={
        <>
          <code>rfm serve</code> starts a run of this profile at each firing of the cron expression, scoring
          as of the last complete store day before it. A firing missed while no server ran runs once when one
          starts.
        </>
      }
      className="mt-6"
    >
      <div data-testid="schedule-card">
        {fetching && !data && <Loading label="Loading the schedule…" />}
        {error && !data && <ErrorState error={error} onRetry={refresh} />}
        {data && (
          <dl
            className="mb-4 grid grid-cols-[minmax(0,10rem)_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm"
            data-testid="schedule-state"
          >
            <dt className="text-slate-600">Next run</dt>
            <dd data-testid="schedule-next-run" data-at={schedule?.nextRunAt ?? ""}>
              {!schedule
                ? "No schedule: runs start only by hand."
                : schedule.nextRunAt
                  ? `${inZone(schedule.nextRunAt, schedule.timeZone)} (${schedule.timeZone}) · ${formatDateTime(schedule.nextRunAt)}`
                  : "Switched off."}
            </dd>
            <dt className="text-slate-600">Last run</dt>
            <dd data-testid="schedule-last-run">
              {schedule?.lastRunAt ? (
                <>
                  {formatDateTime(schedule.lastRunAt)}
                  {schedule.lastRun && ` · run ${schedule.lastRun.id}`}
                  {schedule.lastStatus && (
                    <span
                      className={`ml-2 rounded px-1.5 text-xs ${STATUS_STYLE[schedule.lastStatus] ?? ""}`}
                    >
                      {schedule.lastStatus.toLowerCase().replace("_", " ")}
                    </span>
                  )}
                  {schedule.lastError && (
                    <span className="block text-xs text-red-900">{schedule.lastError}</span>
                  )}
                </>
              ) : (
                "None yet."
              )}
            </dd>
          </dl>
        )}
        <form onSubmit={save} className="flex flex-wrap items-end gap-4">
          <Field
            label="Cron expression"
            hint='Minute hour day-of-month month day-of-week: "0 2 * * *" is every day at 02:00, "30 6 * * 1" every Monday at 06:30.'
            className="w-80"
          >
            <TextInput
              name="cron"
              data-testid="schedule-cron"
              value={cron}
              onChange={(event) => setCron(event.target.value)}
              disabled={blocked !== undefined}
            />
          </Field>
          <Field
            label="Time zone"
            hint="IANA name the expression is read in. Empty: the store's."
            className="w-56"
          >
            <TextInput
              name="timeZone"
              data-testid="schedule-timezone"
              placeholder="the store's"
              value={timeZone}
              onChange={(event) => setTimeZone(event.target.value)}
              disabled={blocked !== undefined}
            />
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input
              type="checkbox"
              data-testid="schedule-enabled"
              checked={enabled}
              onChange={(event) => setEnabled(event.target.checked)}
              disabled={blocked !== undefined}
            />
            Enabled
          </label>
          <Button
            type="submit"
            data-testid="schedule-save"
            disabled={blocked !== undefined || creating || updating || cron.trim() === ""}
          >
            {schedule ? "Save the schedule" : "Create the schedule"}
          </Button>
          {schedule && (
            <Button
              type="button"
              variant="secondary"
              onClick={drop}
              disabled={blocked !== undefined || deleting}
            >
              Delete
            </Button>
          )}
        </form>
        {blocked && <p className="mt-2 text-xs text-slate-600">{blocked}</p>}
        <div className="mt-3 text-sm" aria-live="polite">
          {preview && preview.cronPreview.userErrors.length > 0 && (
            <p role="alert" className="text-red-900" data-testid="schedule-preview-error">
              {preview.cronPreview.userErrors.map((e) => e.message).join(" ")}
            </p>
          )}
          {preview && preview.cronPreview.nextRuns.length > 0 && (
            <>
              <p className="text-slate-600">This expression fires next:</p>
              <ol className="list-decimal pl-5" data-testid="schedule-preview">
                {preview.cronPreview.nextRuns.map((at) => (
                  <li key={at} data-at={at}>
                    {inZone(at, previewZone)} ({previewZone})
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
        {problems.length > 0 && (
          <p role="alert" className="mt-2 text-sm text-red-900" data-testid="schedule-problems">
            {problems.join(" ")}
          </p>
        )}
      </div>
    </Card>
  );
}
