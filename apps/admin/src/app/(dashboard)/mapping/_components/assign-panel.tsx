"use client";

import { type FormEvent, useEffect, useState } from "react";
import { Button } from "../../../../components/ui/button";
import { Field, Select } from "../../../../components/ui/form";
import { DoneMessage, ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";
import { textColorOn } from "../../../../lib/segment-labels";

const AssignCodesMutation = graphql(`
  mutation AssignCodes($input: AssignCodesInput!) {
    assignCodes(input: $input) {
      draft {
        ...MappingVersionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

interface PanelSegment {
  name: string;
  /** The segment's immutable key (shown for integrations). */
  key?: string;
  color: string;
  codes: readonly string[];
}

/** The selection, the target segment, and the legend (which also selects a segment's codes). */
export function AssignPanel({
  segments,
  labels,
  selected,
  onSelectedChange,
  onPending,
  blockedReason,
}: {
  segments: readonly PanelSegment[];
  labels: ReadonlyMap<string, string>;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  /** Announces an assignment before the server answers (null: it failed, show the server's state). */
  onPending: (move: { codes: string[]; target: string } | null) => void;
  blockedReason: string | undefined;
}) {
  const [target, setTarget] = useState(segments[0]?.name ?? "");
  const [{ fetching, error }, assign] = usePayloadMutation(AssignCodesMutation, (d) => d.assignCodes);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!segments.some((s) => s.name === target)) setTarget(segments[0]?.name ?? "");
  }, [segments, target]);

  const codes = [...selected].sort((a, b) => b.localeCompare(a));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    onPending({ codes, target });
    const result = await assign({ input: { codes, segment: target } });
    if (result.error) onPending(null);
    else {
      setDone(`Moved ${codes.length} code${codes.length === 1 ? "" : "s"} to ${target}.`);
      onSelectedChange(new Set());
    }
  };
  const reason = blockedReason ?? (codes.length === 0 ? "Select codes in the grid first." : undefined);

  return (
    <aside className="w-full space-y-4 lg:w-80 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <form onSubmit={submit} className="space-y-3" aria-labelledby="assign-heading">
        <h2 id="assign-heading" className="text-base font-semibold">
          Assign codes
        </h2>
        <p className="text-sm text-slate-700" aria-live="polite" data-testid="selection-summary">
          {codes.length === 0
            ? "No codes selected."
            : `${codes.length} selected: ${codes.slice(0, 16).join(", ")}${codes.length > 16 ? "…" : ""}`}
        </p>
        <Field label="Move the selected codes to">
          <Select name="target" value={target} onChange={(event) => setTarget(event.target.value)}>
            {segments.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({labels.get(s.name)})
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={reason !== undefined || fetching} aria-describedby="assign-reason">
            {fetching ? "Assigning…" : "Assign"}
          </Button>
          <Button
            variant="secondary"
            onClick={() => onSelectedChange(new Set())}
            disabled={codes.length === 0}
          >
            Clear selection
          </Button>
        </div>
        {reason && (
          <p id="assign-reason" className="text-xs text-slate-600">
            {reason}
          </p>
        )}
        {error && <ErrorState error={error} />}
        {done && !error && <DoneMessage className="text-sm text-green-800">{done}</DoneMessage>}
      </form>
      <div>
        <h2 className="mb-2 text-base font-semibold">Segments</h2>
        <p className="mb-2 text-xs text-slate-600">
          Each cell shows its segment's short label; beside each name, its key (integrations use the key; it
          never changes). Select a segment's codes:
        </p>
        <ul className="space-y-1">
          {segments.map((s) => (
            <li key={s.name}>
              <button
                type="button"
                className="flex w-full items-center gap-2 rounded px-1 py-0.5 text-left text-sm hover:bg-slate-100"
                onClick={() => onSelectedChange(new Set(s.codes))}
              >
                {/* The name is the visible text, after what the button does (axe: label-content-name-mismatch). */}
                <span className="sr-only">Select the codes of </span>
                <span
                  className="inline-flex h-6 w-9 items-center justify-center rounded text-xs font-bold"
                  style={{ backgroundColor: s.color, color: textColorOn(s.color) }}
                  aria-hidden="true"
                >
                  {labels.get(s.name)}
                </span>
                <span className="flex-1">
                  {s.name}
                  {s.key && (
                    <code className="ml-1 font-mono text-xs text-slate-600" data-testid="legend-key">
                      {s.key}
                    </code>
                  )}
                </span>
                <span className="text-xs text-slate-600">{s.codes.length} codes</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
