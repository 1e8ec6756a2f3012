"use client";

import { type FormEvent, useState } from "react";
import { useMutation } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { SegmentFields, type SegmentFieldValues } from "./segment-fields";

const CreateSegmentMutation = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      version
      segments {
        name
      }
    }
  }
`);

const EMPTY: SegmentFieldValues = { name: "", description: "", action: "", color: "#64748b" };

/** Adds a segment at the end of the draft; it has no codes until some are assigned to it. */
export function CreateSegmentForm({ blockedReason }: { blockedReason: string | undefined }) {
  const [values, setValues] = useState(EMPTY);
  const [{ fetching, error }, create] = useMutation(CreateSegmentMutation);
  const [created, setCreated] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    const result = await create({ input: { ...values, name: values.name.trim() } });
    if (!result.error) {
      setCreated(values.name.trim());
      setValues(EMPTY);
    }
  };
  return (
    <Card
      title="Add a segment"
      description="It starts without codes: assign codes to it in the mapping editor."
    >
      <form onSubmit={submit} className="space-y-3">
        <SegmentFields
          values={values}
          onChange={setValues}
          disabled={blockedReason !== undefined}
          idPrefix="new"
        />
        <Button type="submit" disabled={blockedReason !== undefined || fetching || values.name.trim() === ""}>
          {fetching ? "Adding…" : "Add the segment"}
        </Button>
        {blockedReason && <p className="text-xs text-slate-600">{blockedReason}</p>}
        {error && <ErrorState error={error} />}
        {created && !error && (
          <p role="status" className="text-sm text-green-800">
            Added {created} to the draft.
          </p>
        )}
      </form>
    </Card>
  );
}
