"use client";

import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, TextInput } from "../../../../components/ui/form";
import { ErrorState } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import {
  QUANTILE_EVERYWHERE,
  ThresholdFields,
  type ThresholdSettings,
  thresholdsInput,
} from "./threshold-fields";

export const RunScoringMutation = graphql(`
  mutation RunScoring($input: RunScoringInput!) {
    runScoring(input: $input) {
      run {
        ...ScoringRunFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/** The bins of the chosen profile's published mapping: every run of the profile has them. */
const StartRunBinsQuery = graphql(`
  query StartRunBins {
    mapping {
      bins
    }
  }
`);

/** Starts a run (editors and admins); the page follows it until it finishes. */
export function StartRunForm({
  canScore,
  onStarted,
}: {
  canScore: boolean;
  onStarted: (id: number) => void;
}) {
  const [asOf, setAsOf] = useState("");
  const [windowDays, setWindowDays] = useState("");
  const [{ data: binsData }] = useQuery({ query: StartRunBinsQuery });
  const bins = binsData?.mapping.bins ?? 4;
  const [thresholds, setThresholds] = useState<ThresholdSettings>(QUANTILE_EVERYWHERE);
  const fixed = thresholdsInput(thresholds);
  const [{ data: started, fetching, error }, start] = useMutation(RunScoringMutation);
  const blocked = canScore
    ? undefined
    : "Your token has the viewer role: only editors and admins start scoring runs.";
  const windowValid = windowDays === "" || (/^\d+$/.test(windowDays) && Number(windowDays) > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await start({
      // No bins: a run has its profile's (those of the profile's published mapping).
      input: {
        asOf: asOf || null,
        windowDays: windowDays === "" ? null : Number(windowDays),
        thresholds: fixed.input,
      },
    });
    const run = result.data?.runScoring.run;
    if (run) onStarted(run.id);
  };

  return (
    <Card
      title="Start a scoring run"
      description="Scores every customer with the chosen profile's settings (its scores per dimension are its mapping's); the result becomes the profile's current run when it completes."
    >
      <form onSubmit={submit} className="flex flex-wrap items-end gap-4">
        <Field
          label="As of"
          hint="The last day counted, in the store's time zone: a purchase that day has recency 0. Empty: the day of the latest order."
          className="w-72"
        >
          <TextInput
            type="date"
            name="asOf"
            value={asOf}
            onChange={(event) => setAsOf(event.target.value)}
            disabled={blocked !== undefined}
          />
        </Field>
        <Field
          label="Window (days)"
          hint="The last N days, the as-of day included. Empty: the profile's window."
          className="w-56"
        >
          <TextInput
            name="windowDays"
            inputMode="numeric"
            value={windowDays}
            onChange={(event) => setWindowDays(event.target.value)}
            disabled={blocked !== undefined}
            aria-invalid={!windowValid}
          />
        </Field>
        <ThresholdFields
          bins={bins}
          settings={thresholds}
          onChange={setThresholds}
          disabled={blocked !== undefined}
        />
        <Button
          type="submit"
          disabled={blocked !== undefined || fetching || !windowValid || fixed.problem !== null}
        >
          {fetching ? "Starting…" : "Start the run"}
        </Button>
      </form>
      {blocked && <p className="mt-2 text-xs text-slate-600">{blocked}</p>}
      {!windowValid && (
        <p role="alert" className="mt-2 text-sm text-red-900">
          The window is a whole number of days, such as 92.
        </p>
      )}
      {error && (
        <div className="mt-2">
          <ErrorState error={error} />
        </div>
      )}
      {started && started.runScoring.userErrors.length > 0 && (
        <div className="mt-2">
          <UserErrors errors={started.runScoring.userErrors} />
        </div>
      )}
    </Card>
  );
}
