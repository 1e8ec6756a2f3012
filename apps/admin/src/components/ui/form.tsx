import {
  cloneElement,
  type InputHTMLAttributes,
  isValidElement,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";

export const inputClass =
  "block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 disabled:bg-slate-100 disabled:text-slate-500";

/**
 * A labelled control: the label wraps the control so they are always associated. The hint sits
 * outside the label, linked to the control with `aria-describedby`, so the control's accessible
 * name is the label alone and the hint is read as its description (issue 10 §8).
 */
export function Field({
  label,
  hint,
  children,
  className = "",
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** One control element when there is a hint (it receives the hint's `aria-describedby`). */
  children: ReactNode;
  className?: string;
}) {
  const hintId = useId();
  const control =
    hint && isValidElement<{ "aria-describedby"?: string }>(children)
      ? cloneElement(children, {
          "aria-describedby": [children.props["aria-describedby"], hintId].filter(Boolean).join(" "),
        })
      : children;
  return (
    <div className={`block text-sm ${className}`}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is passed as children */}
      <label className="block">
        <span className="mb-1 block font-medium text-slate-700">{label}</span>
        {control}
      </label>
      {hint && (
        <p id={hintId} className="mt-1 block text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}

export function TextInput({ className = "", ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${inputClass} ${className}`} {...props} />;
}

export function Select({ className = "", ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={`${inputClass} ${className}`} {...props} />;
}

export function TextArea({ className = "", ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={`${inputClass} ${className}`} {...props} />;
}
