"use client";

import { Field, TextArea, TextInput } from "../../../../components/ui/form";

export interface SegmentFieldValues {
  name: string;
  description: string;
  action: string;
  color: string;
}

/** The editable fields of a segment, shared by the create and edit forms. */
export function SegmentFields({
  values,
  onChange,
  disabled,
  idPrefix,
}: {
  values: SegmentFieldValues;
  onChange: (next: SegmentFieldValues) => void;
  disabled: boolean;
  idPrefix: string;
}) {
  const set = (key: keyof SegmentFieldValues) => (event: { target: { value: string } }) =>
    onChange({ ...values, [key]: event.target.value });
  const validColor = /^#[0-9a-f]{6}$/i.test(values.color);
  return (
    <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
      <Field label="Name">
        <TextInput
          name="name"
          value={values.name}
          onChange={set("name")}
          disabled={disabled}
          required
          maxLength={80}
        />
      </Field>
      <div className="flex items-end gap-2">
        <Field label="Color (hex)" className="flex-1">
          <TextInput
            name="color"
            value={values.color}
            onChange={set("color")}
            disabled={disabled}
            pattern="#[0-9a-fA-F]{6}"
            aria-describedby={`${idPrefix}-color-hint`}
          />
        </Field>
        <Field label="Pick">
          <input
            type="color"
            className="h-9 w-12 rounded border border-slate-300"
            value={validColor ? values.color : "#64748b"}
            onChange={set("color")}
            disabled={disabled}
          />
        </Field>
      </div>
      <p id={`${idPrefix}-color-hint`} className="-mt-2 text-xs text-slate-500 md:col-start-2">
        Six hex digits, such as #15803d. Dark colors keep the labels in the mapping grid readable.
      </p>
      <Field label="Description" className="md:col-span-2">
        <TextArea
          name="description"
          rows={2}
          value={values.description}
          onChange={set("description")}
          disabled={disabled}
        />
      </Field>
      <Field label="Recommended action" className="md:col-span-2">
        <TextArea name="action" rows={2} value={values.action} onChange={set("action")} disabled={disabled} />
      </Field>
    </div>
  );
}
