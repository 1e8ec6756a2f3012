"use client";

import Link from "next/link";
import { type FormEvent, type RefObject, useState } from "react";
import { Button } from "../../../../components/ui/button";
import { focusMainHeading, useDisclosureFocus } from "../../../../components/ui/focus";
import { Field, Select } from "../../../../components/ui/form";
import { ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";
import { formatDecimal, formatInt, formatMoney, formatShare } from "../../../../lib/format";
import { textColorOn } from "../../../../lib/segment-labels";
import { SegmentFields, type SegmentFieldValues } from "./segment-fields";

const UpdateSegmentMutation = graphql(`
  mutation UpdateSegment($input: UpdateSegmentInput!) {
    updateSegment(input: $input) {
      segment {
        key
        name
        position
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const DeleteSegmentMutation = graphql(`
  mutation DeleteSegment($input: DeleteSegmentInput!) {
    deleteSegment(input: $input) {
      draft {
        version
        segments {
          key
          name
          codes
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

interface SegmentDefinition extends SegmentFieldValues {
  /** The immutable key integrations name the segment by. */
  key: string;
  position: number;
  codes: readonly string[];
}

interface SegmentFigures {
  customerCount: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
  avgRecencyDays: number;
  avgFrequency: number;
  avgMonetary: number;
  avgClv: number | null;
  /** ISO 4217 code of the money figures. */
  currencyCode: string;
}

export function SegmentCard({
  segment,
  figures,
  others,
  isFirst,
  isLast,
  blockedReason,
}: {
  segment: SegmentDefinition;
  figures: SegmentFigures | undefined;
  others: readonly string[];
  isFirst: boolean;
  isLast: boolean;
  blockedReason: string | undefined;
}) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const [update, runUpdate] = usePayloadMutation(UpdateSegmentMutation, (d) => d.updateSegment);
  const blocked = blockedReason !== undefined;
  // Opening the edit or delete form moves focus into it; closing it gives focus back to its button.
  const editFocus = useDisclosureFocus<HTMLButtonElement, HTMLFormElement>(mode === "edit");
  const deleteFocus = useDisclosureFocus<HTMLButtonElement, HTMLFormElement>(mode === "delete");

  const move = (delta: number) =>
    runUpdate({ input: { segment: segment.key, position: segment.position + delta } });

  return (
    <article
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      aria-labelledby={`segment-${segment.position}`}
      data-testid="segment-card"
      data-segment={segment.name}
      data-key={segment.key}
    >
      <div className="flex flex-wrap items-start gap-3">
        <span
          aria-hidden="true"
          className="mt-0.5 h-6 w-6 shrink-0 rounded"
          style={{ backgroundColor: segment.color, color: textColorOn(segment.color) }}
        />
        <div className="min-w-0 flex-1">
          <h2 id={`segment-${segment.position}`} className="text-base font-semibold">
            {segment.name}
          </h2>
          <p className="text-xs text-slate-600" data-testid="segment-key">
            Key <code className="rounded bg-slate-100 px-1 font-mono text-slate-900">{segment.key}</code>{" "}
            <span>(integrations use the key; it never changes)</span>
          </p>
          <p className="text-sm text-slate-700">{segment.description || <em>No description.</em>}</p>
          <p className="mt-1 text-sm">
            <span className="font-medium">Action:</span> {segment.action || <em>none set</em>}
          </p>
          <p className="mt-1 text-xs text-slate-600">
            {segment.codes.length} codes:{" "}
            <span className="font-mono">{segment.codes.join(", ") || "none"}</span>
          </p>
          {figures ? (
            <p className="mt-1 text-xs text-slate-600">
              Published: {formatInt(figures.customerCount)} customers ({formatShare(figures.customerShare)}),
              revenue {formatMoney(figures.revenue, figures.currencyCode)} (
              {formatShare(figures.revenueShare)}); on average {formatDecimal(figures.avgRecencyDays)} days
              since the last order, {formatDecimal(figures.avgFrequency)} orders,{" "}
              {formatMoney(figures.avgMonetary, figures.currencyCode)} spent
              {figures.avgClv !== null ? `, CLV ${formatMoney(figures.avgClv, figures.currencyCode)}` : ""}.{" "}
              <Link
                className="text-blue-800 underline"
                href={`/audiences?segment=${encodeURIComponent(segment.name)}`}
              >
                See the audience
              </Link>
            </p>
          ) : (
            <p className="mt-1 text-xs text-slate-600">Not in the published mapping yet.</p>
          )}
        </div>
        <div className="flex flex-wrap gap-1">
          <Button
            variant="secondary"
            size="sm"
            disabled={blocked || isFirst || update.fetching}
            onClick={() => move(-1)}
            aria-label={`Move ${segment.name} up`}
          >
            ↑ Up
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={blocked || isLast || update.fetching}
            onClick={() => move(1)}
            aria-label={`Move ${segment.name} down`}
          >
            ↓ Down
          </Button>
          <Button
            ref={editFocus.opener}
            variant="secondary"
            size="sm"
            disabled={blocked}
            aria-expanded={mode === "edit"}
            onClick={() => setMode(mode === "edit" ? "view" : "edit")}
          >
            Edit
          </Button>
          <Button
            ref={deleteFocus.opener}
            variant="secondary"
            size="sm"
            disabled={blocked}
            aria-expanded={mode === "delete"}
            onClick={() => setMode(mode === "delete" ? "view" : "delete")}
          >
            Delete…
          </Button>
        </div>
      </div>
      {update.error && mode === "view" && (
        <div className="mt-2">
          <ErrorState error={update.error} />
        </div>
      )}
      {mode === "edit" && (
        <EditForm segment={segment} formRef={editFocus.panel} onDone={() => setMode("view")} />
      )}
      {mode === "delete" && (
        <DeleteForm
          segment={segment}
          others={others}
          formRef={deleteFocus.panel}
          onCancel={() => setMode("view")}
        />
      )}
    </article>
  );
}

function EditForm({
  segment,
  formRef,
  onDone,
}: {
  segment: SegmentDefinition;
  formRef: RefObject<HTMLFormElement | null>;
  onDone: () => void;
}) {
  const [values, setValues] = useState<SegmentFieldValues>({
    name: segment.name,
    description: segment.description,
    action: segment.action,
    color: segment.color,
  });
  const [{ fetching, error }, update] = usePayloadMutation(UpdateSegmentMutation, (d) => d.updateSegment);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await update({ input: { segment: segment.key, ...values, name: values.name.trim() } });
    if (!result.error) onDone();
  };
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      className="mt-4 space-y-3 border-t border-slate-100 pt-4"
      aria-label={`Edit ${segment.name}`}
    >
      <SegmentFields
        values={values}
        onChange={setValues}
        disabled={false}
        idPrefix={`edit-${segment.position}`}
      />
      <p className="text-sm text-slate-700" data-testid="rename-key-note">
        Renaming changes what people see; integrations keep using key{" "}
        <code className="rounded bg-slate-100 px-1 font-mono">{segment.key}</code>.
      </p>
      <div className="flex gap-2">
        <Button type="submit" disabled={fetching || values.name.trim() === ""}>
          {fetching ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {error && <ErrorState error={error} />}
    </form>
  );
}

function DeleteForm({
  segment,
  others,
  formRef,
  onCancel,
}: {
  segment: SegmentDefinition;
  others: readonly string[];
  formRef: RefObject<HTMLFormElement | null>;
  onCancel: () => void;
}) {
  const [target, setTarget] = useState(others[0] ?? "");
  const [{ fetching, error }, remove] = usePayloadMutation(DeleteSegmentMutation, (d) => d.deleteSegment);
  const needsTarget = segment.codes.length > 0;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await remove({ input: { segment: segment.key, reassignTo: needsTarget ? target : null } });
    // The card goes away with the segment: reading goes on from the page's heading.
    if (!result.error) focusMainHeading();
  };
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      className="mt-4 space-y-3 border-t border-slate-100 pt-4"
      aria-label={`Delete ${segment.name}`}
    >
      {needsTarget ? (
        <Field label={`Give the ${segment.codes.length} codes of ${segment.name} to`} className="max-w-sm">
          <Select value={target} onChange={(event) => setTarget(event.target.value)} required>
            {others.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <p className="text-sm">{segment.name} has no codes, so nothing needs a new segment.</p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={fetching || (needsTarget && !target)}>
          {fetching ? "Deleting…" : `Delete ${segment.name}`}
        </Button>
        <Button variant="secondary" onClick={onCancel} data-autofocus>
          Cancel
        </Button>
      </div>
      {error && <ErrorState error={error} />}
    </form>
  );
}
