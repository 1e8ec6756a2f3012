"use client";

import { type FormEvent, useEffect, useState } from "react";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, Select, TextArea } from "../../../../components/ui/form";
import { DoneMessage, ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";

const SetRulesMutation = graphql(`
  mutation SetSegmentRules($input: SetSegmentRulesInput!) {
    setSegmentRules(input: $input) {
      draft {
        ...MappingVersionFields
      }
      segment {
        name
        codes
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

interface RuleSegment {
  name: string;
  codes: readonly string[];
  rules: readonly { text: string }[];
}

/** Writes a segment as score-range rules; the API expands them and takes the codes from other segments. */
export function RulesEditor({
  segments,
  bins,
  blockedReason,
}: {
  segments: readonly RuleSegment[];
  bins: number;
  blockedReason: string | undefined;
}) {
  const [name, setName] = useState(segments[0]?.name ?? "");
  const segment = segments.find((s) => s.name === name);
  const [text, setText] = useState("");
  const [{ fetching, error }, setRules] = usePayloadMutation(SetRulesMutation, (d) => d.setSegmentRules);
  const [done, setDone] = useState<string | null>(null);

  // Show the chosen segment's current rules whenever the choice (or the draft) changes.
  const currentRules = segment?.rules.map((r) => r.text).join("\n") ?? "";
  useEffect(() => {
    setText(currentRules);
  }, [currentRules]);
  useEffect(() => {
    if (!segments.some((s) => s.name === name)) setName(segments[0]?.name ?? "");
  }, [segments, name]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const rules = text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    const result = await setRules({ input: { segment: name, rules } });
    if (result.data?.setSegmentRules.segment) {
      const codes = result.data.setSegmentRules.segment.codes.length;
      setDone(`${name} now holds the ${codes} codes its rules match.`);
    }
  };

  return (
    <Card
      title="Define a segment by score ranges"
      description={
        <>
          One rule per line, such as <code className="rounded bg-slate-100 px-1">R4 F3-4 M*</code>. Each of R,
          F and M takes a score from 1 to {bins}, a range such as <code>3-4</code>, or <code>*</code> for any
          score. The segment becomes exactly the codes its rules match: those codes leave their other
          segments, and codes it held that the rules do not match become unassigned until you assign them.
        </>
      }
    >
      <form onSubmit={submit} className="grid grid-cols-1 gap-3 md:grid-cols-[16rem_minmax(0,1fr)]">
        <Field label="Segment">
          <Select value={name} onChange={(event) => setName(event.target.value)}>
            {segments.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </Select>
          {segment && (
            <span className="mt-1 block text-xs text-slate-600">
              Now {segment.codes.length} codes{segment.rules.length === 0 ? ", listed one by one" : ""}.
            </span>
          )}
        </Field>
        <Field label="Rules">
          <TextArea
            name="rules"
            rows={3}
            className="font-mono"
            value={text}
            onChange={(event) => setText(event.target.value)}
            disabled={blockedReason !== undefined}
            placeholder="R4 F3-4 M*"
          />
        </Field>
        <div className="md:col-start-2">
          <Button type="submit" disabled={blockedReason !== undefined || fetching || !name}>
            {fetching ? "Saving…" : "Set the rules"}
          </Button>
          {blockedReason && <p className="mt-1 text-xs text-slate-600">{blockedReason}</p>}
          {error && (
            <div className="mt-2">
              <ErrorState error={error} />
            </div>
          )}
          {done && !error && <DoneMessage className="mt-2 text-sm text-green-800">{done}</DoneMessage>}
        </div>
      </form>
    </Card>
  );
}
