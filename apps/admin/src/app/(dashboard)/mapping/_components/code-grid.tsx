"use client";

import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import { ascending, codeOf, descending, moveFocus, type Scores, scoresOf } from "../../../../lib/mapping";
import { textColorOn } from "../../../../lib/segment-labels";

export interface GridSegment {
  name: string;
  color: string;
  label: string;
}

interface CodeGridProps {
  bins: number;
  /** code -> its segment in the mapping shown. */
  segmentOf: ReadonlyMap<string, GridSegment>;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  /** Codes named by a validation problem: marked with "!" as well as a dashed border. */
  flagged: ReadonlySet<string>;
}

type Drag = { mode: "add" | "remove" } | null;

/**
 * The whole code space: one panel per recency score (best first), each a grid of frequency
 * rows (best at the top) by monetary columns. A cell shows its code and its segment's short
 * label on the segment's color, so color is never the only signal.
 *
 * Mouse: press on a cell to select it (or deselect a selected one) and drag over others to do
 * the same to them. Keyboard: one cell is in the tab order; arrows move (continuing into the
 * next panel), PageUp/PageDown jump panels, Space or Enter toggle the cell, Shift+arrow
 * extends the selection, Escape clears it.
 */
export function CodeGrid({ bins, segmentOf, selected, onSelectedChange, flagged }: CodeGridProps) {
  const [focus, setFocus] = useState<Scores>({ r: bins, f: bins, m: bins });
  const [drag, setDrag] = useState<Drag>(null);
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const focusCode = codeOf(focus);

  useEffect(() => {
    if (!drag) return;
    const end = () => setDrag(null);
    window.addEventListener("pointerup", end);
    window.addEventListener("pointercancel", end);
    return () => {
      window.removeEventListener("pointerup", end);
      window.removeEventListener("pointercancel", end);
    };
  }, [drag]);

  // A bins change (another mapping) can leave the focus outside the code space.
  useEffect(() => {
    if (focus.r > bins || focus.f > bins || focus.m > bins) setFocus({ r: bins, f: bins, m: bins });
  }, [bins, focus]);

  const apply = useCallback(
    (code: string, mode: "add" | "remove" | "toggle") => {
      const next = new Set(selected);
      const add = mode === "add" || (mode === "toggle" && !next.has(code));
      if (add) next.add(code);
      else next.delete(code);
      onSelectedChange(next);
    },
    [selected, onSelectedChange],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTableCellElement>) => {
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      apply(focusCode, "toggle");
      return;
    }
    if (event.key === "Escape") {
      onSelectedChange(new Set());
      return;
    }
    const next = moveFocus(focus, event.key, bins);
    if (!next) return;
    event.preventDefault();
    const code = codeOf(next);
    setFocus(next);
    cells.current.get(code)?.focus();
    if (event.shiftKey) apply(code, "add");
  };

  return (
    <div className="flex flex-wrap gap-4" data-testid="code-grid">
      <p id="code-grid-help" className="sr-only">
        Arrow keys move between codes, Page Up and Page Down change the recency panel, Space or Enter selects
        a code, Shift with an arrow extends the selection, Escape clears it.
      </p>
      {descending(bins).map((r) => (
        <table
          key={r}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table with role grid is the WAI-ARIA pattern for an interactive grid
          role="grid"
          aria-label={`Recency score ${r}: frequency rows by monetary columns`}
          aria-multiselectable="true"
          aria-describedby="code-grid-help"
          className="select-none border-separate border-spacing-1"
        >
          <caption className="pb-1 text-left text-sm font-semibold text-slate-800">R{r}</caption>
          <thead>
            <tr>
              <td />
              {ascending(bins).map((m) => (
                <th key={m} scope="col" className="text-xs font-medium text-slate-600">
                  M{m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {descending(bins).map((f) => (
              <tr key={f}>
                <th scope="row" className="pr-1 text-xs font-medium text-slate-600">
                  F{f}
                </th>
                {ascending(bins).map((m) => {
                  const code = codeOf({ r, f, m });
                  const segment = segmentOf.get(code);
                  const isSelected = selected.has(code);
                  const isFlagged = flagged.has(code);
                  const background = segment?.color ?? "#f1f5f9";
                  const color = segment ? textColorOn(segment.color) : "#0f172a";
                  return (
                    <td
                      key={code}
                      ref={(element) => {
                        if (element) cells.current.set(code, element);
                        else cells.current.delete(code);
                      }}
                      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the cells of the grid above (WAI-ARIA grid pattern)
                      role="gridcell"
                      tabIndex={code === focusCode ? 0 : -1}
                      aria-selected={isSelected}
                      data-code={code}
                      data-segment={segment?.name ?? ""}
                      onKeyDown={onKeyDown}
                      onFocus={() => setFocus(scoresOf(code))}
                      onPointerDown={(event) => {
                        if (event.button !== 0) return;
                        const mode = isSelected ? "remove" : "add";
                        setDrag({ mode });
                        setFocus(scoresOf(code));
                        apply(code, mode);
                      }}
                      onPointerEnter={() => {
                        if (drag && selected.has(code) !== (drag.mode === "add")) apply(code, drag.mode);
                      }}
                      title={`${code}: ${segment?.name ?? "unassigned"}`}
                      className={`relative h-11 w-11 cursor-pointer rounded text-center align-middle text-xs leading-tight ${
                        isFlagged ? "border-2 border-dashed border-red-700" : ""
                      }`}
                      style={{
                        backgroundColor: background,
                        color,
                        // Selection is a ring inside the cell; focus keeps the outline outside it.
                        boxShadow: isSelected
                          ? "inset 0 0 0 3px #0f172a, inset 0 0 0 5px #ffffff"
                          : undefined,
                      }}
                    >
                      <span className="block font-mono text-[10px]">{code}</span>
                      <span className="block font-bold">{segment?.label ?? "?"}</span>
                      {/* The cell's name is its visible text (code, short label) and then, for screen readers, the segment in full. */}
                      <span className="sr-only">
                        , {segment ? segment.name : "unassigned"}
                        {isFlagged ? ", has a problem" : ""}
                      </span>
                      {isSelected && (
                        <span aria-hidden="true" className="absolute right-1 top-0.5 text-[10px] font-bold">
                          ✓
                        </span>
                      )}
                      {isFlagged && (
                        <span aria-hidden="true" className="absolute left-1 top-0.5 text-[10px] font-bold">
                          !
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
