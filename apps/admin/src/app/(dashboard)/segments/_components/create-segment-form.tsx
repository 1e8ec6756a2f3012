"use client";

import { segmentKey } from "@rfm/core/keys";
import { type FormEvent, useState } from "react";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, TextInput } from "../../../../components/ui/form";
import { DoneMessage, ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";
import { SegmentFields, type SegmentFieldValues } from "./segment-fields";

const CreateSegmentMutation = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) {
      segment {
        key
        name
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const EMPTY: SegmentFieldValues = { name: "", description: "", action: "", color: "#64748b" };

/** Adds a segment at the end of the draft; it has no codes until some are assigned to it. */
export function CreateSegmentForm({ blockedReason }: { blockedReason: string | undefined }) {
  const [values, setValues] = useState(EMPTY);
  // The key follows the name (its slug) until someone types a key of their own.
  const [typedKey, setTypedKey] = useState<string | null>(null);
  const key = typedKey ?? segmentKey(values.name);
  const [{ fetching, error }, create] = usePayloadMutation(CreateSegmentMutation, (d) => d.createSegment);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    const result = await create({
      input: { ...values, name: values.name.trim(), key: key.trim() === "" ? null : key.trim() },
    });
    const segment = result.data?.createSegment.segment;
    if (segment) {
      setCreated(segment);
      setValues(EMPTY);
      setTypedKey(null);
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
        <Field label="Key" className="max-w-sm">
          <TextInput
            name="key"
            value={key}
            onChange={(event) => setTypedKey(event.target.value)}
            disabled={blockedReason !== undefined}
            className="font-mono"
            maxLength={64}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            aria-describedby="new-key-hint"
          />
        </Field>
        <p id="new-key-hint" className="-mt-2 text-xs text-slate-500">
          Integrations use the key; it never changes, even when the segment is renamed. Lower-case letters,
          digits and dashes.
        </p>
        <Button type="submit" disabled={blockedReason !== undefined || fetching || values.name.trim() === ""}>
          {fetching ? "Adding…" : "Add the segment"}
        </Button>
        {blockedReason && <p className="text-xs text-slate-600">{blockedReason}</p>}
        {error && <ErrorState error={error} />}
        {created && !error && (
          <DoneMessage className="text-sm text-green-800">
            Added {created.name} (key <code className="font-mono">{created.key}</code>) to the draft.
          </DoneMessage>
        )}
      </form>
    </Card>
  );
}
