"use client";

import { type FormEvent, useState } from "react";
import { useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Field, Select, TextInput } from "../../../../components/ui/form";
import { graphql } from "../../../../graphql/generated";
import type { AreaField } from "../../../../graphql/generated/graphql";
import { AUDIENCE_PARAMS } from "../../../../lib/audience-params";
import { ascending } from "../../../../lib/mapping";

const AreaValuesQuery = graphql(`
  query AudienceAreaValues($field: AreaField!) {
    areaValues(field: $field) {
      value
      customers
    }
  }
`);

/** The stored values of an area field, asked for when its box is first used. */
function AreaInput({
  name,
  label,
  field,
  value,
}: {
  name: string;
  label: string;
  field: AreaField;
  value: string;
}) {
  const [wanted, setWanted] = useState(false);
  const [{ data }] = useQuery({ query: AreaValuesQuery, variables: { field }, pause: !wanted });
  const listId = `${name}-values`;
  return (
    <Field label={label}>
      <TextInput
        name={name}
        list={listId}
        defaultValue={value}
        onFocus={() => setWanted(true)}
        autoComplete="off"
      />
      <datalist id={listId}>
        {data?.areaValues.map((a) => (
          <option key={a.value} value={a.value} />
        ))}
      </datalist>
    </Field>
  );
}

/** `min-max` of two boxes (either may be empty): the URL's range syntax. */
function rangeOf(min: string, max: string): string {
  if (min === "" && max === "") return "";
  if (min !== "" && min === max) return min;
  return `${min}-${max}`;
}

function ends(value: string | null): [string, string] {
  if (!value) return ["", ""];
  if (!value.includes("-")) return [value, value];
  const [min = "", max = ""] = value.split("-");
  return [min, max];
}

/**
 * The audience's filters, read from the URL and written back to it when applied (one parameter
 * per field, lib/audience-params.ts): the table, its count and the export below all read the URL.
 * The form is keyed by the URL by its parent, so opening a saved audience refills it.
 */
export function AudienceFilters({
  params,
  segments,
  bins,
  onApply,
}: {
  params: URLSearchParams;
  segments: readonly { key: string; name: string; customerCount: number }[];
  bins: number;
  onApply: (next: URLSearchParams) => void;
}) {
  const get = (name: string) => params.get(name) ?? "";
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const next = new URLSearchParams();
    const values: Record<string, string> = {
      segment: text("segment"),
      codes: get("codes"),
      r: rangeOf(text("rMin"), text("rMax")),
      f: rangeOf(text("fMin"), text("fMax")),
      m: rangeOf(text("mMin"), text("mMax")),
      province: text("province"),
      region: text("region"),
      city: text("city"),
      channel: text("channel"),
      search: text("search"),
      recencyDays: rangeOf(text("recencyMin"), text("recencyMax")),
      spendMin: text("spendMin"),
      spendMax: text("spendMax"),
      clvMin: text("clvMin"),
      clvMax: text("clvMax"),
      enteredSince: text("enteredSince"),
      run: text("run"),
      movedFrom: get("movedFrom"),
      movedFromRun: get("movedFromRun"),
    };
    for (const name of AUDIENCE_PARAMS) if (values[name]) next.set(name, values[name]!);
    onApply(next);
  };
  const scores = ascending(bins);
  return (
    <form
      onSubmit={submit}
      aria-label="Audience filters"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="mb-3 text-base font-semibold">Who is in the audience</h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Segment">
          <Select name="segment" defaultValue={get("segment")}>
            {segments.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Search id, name or email">
          <TextInput type="search" name="search" defaultValue={get("search")} />
        </Field>
        <AreaInput name="province" label="Province" field="PROVINCE" value={get("province")} />
        <AreaInput name="region" label="Region" field="REGION" value={get("region")} />
        <AreaInput name="city" label="City" field="CITY" value={get("city")} />
        <Field label="Channel (any stored order)">
          <TextInput name="channel" defaultValue={get("channel")} />
        </Field>
        <Field label="In the segment since (day)">
          <TextInput type="date" name="enteredSince" defaultValue={get("enteredSince")} />
        </Field>
        <Field label="Scoring run (empty: current)">
          <TextInput type="number" min={1} name="run" defaultValue={get("run")} />
        </Field>
        {(["r", "f", "m"] as const).map((dim) => {
          const [min, max] = ends(params.get(dim));
          return (
            <fieldset key={dim} className="flex items-end gap-1">
              <legend className="mb-1 text-sm font-medium text-slate-700">
                {dim === "r" ? "Recency" : dim === "f" ? "Frequency" : "Monetary"} score
              </legend>
              {(["Min", "Max"] as const).map((end) => (
                <Field key={end} label={end === "Min" ? "from" : "to"} className="flex-1">
                  <Select name={`${dim}${end}`} defaultValue={end === "Min" ? min : max}>
                    <option value="">any</option>
                    {scores.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </Select>
                </Field>
              ))}
            </fieldset>
          );
        })}
        {(
          [
            ["Days since last order", "recency", ends(params.get("recencyDays"))],
            ["Spend in the window", "spend", [get("spendMin"), get("spendMax")]],
            ["Lifetime value (CLV)", "clv", [get("clvMin"), get("clvMax")]],
          ] as const
        ).map(([legend, prefix, [min, max]]) => (
          <fieldset key={prefix} className="flex items-end gap-1">
            <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
            <Field label="from" className="flex-1">
              <TextInput name={`${prefix}Min`} inputMode="decimal" defaultValue={min} />
            </Field>
            <Field label="to" className="flex-1">
              <TextInput name={`${prefix}Max`} inputMode="decimal" defaultValue={max} />
            </Field>
          </fieldset>
        ))}
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="secondary"
          onClick={() => {
            const next = new URLSearchParams();
            if (params.get("segment")) next.set("segment", params.get("segment")!);
            onApply(next);
          }}
        >
          Clear filters
        </Button>
      </div>
    </form>
  );
}
