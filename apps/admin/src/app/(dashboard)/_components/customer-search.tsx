"use client";

import { useRouter } from "next/navigation";
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { useQuery } from "urql";
import { graphql } from "../../../graphql/generated";
import type { CustomerSearchQuery as CustomerSearchResult } from "../../../graphql/generated/graphql";

export const CustomerSearchQuery = graphql(`
  query CustomerSearch($query: String!, $first: Int) {
    searchCustomers(query: $query, first: $first) {
      match
      field
      customer {
        id
        externalId
        name
        email
        segment {
          name
        }
      }
    }
  }
`);

type Hit = CustomerSearchResult["searchCustomers"][number];

/** How long typing must pause before the search runs. */
const DEBOUNCE_MS = 200;
const RESULTS = 8;

function customerPath(externalId: string): string {
  return `/customers/${encodeURIComponent(externalId)}`;
}

/**
 * The header's customer search: an ARIA combobox (editable, list autocomplete). Typing searches
 * every customer by id, name or email (searchCustomers) after a short pause; arrows move through
 * the results, Enter opens the highlighted customer, or the customer whose id was typed exactly,
 * Escape closes the list (and clears the box when it is closed).
 */
export function CustomerSearch() {
  const router = useRouter();
  const ids = useId();
  const inputId = `${ids}-input`;
  const listId = `${ids}-list`;
  const [text, setText] = useState("");
  const [debounced, setDebounced] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const [{ data, fetching, error }] = useQuery({
    query: CustomerSearchQuery,
    variables: { query: debounced, first: RESULTS },
    pause: debounced === "",
  });
  const hits: readonly Hit[] = debounced === "" ? [] : (data?.searchCustomers ?? []);
  const settled = debounced === text.trim() && !fetching;
  const expanded = open && debounced !== "" && (hits.length > 0 || settled);
  const listShown = expanded && hits.length > 0;

  // A new result list starts with nothing highlighted.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the results change
  useEffect(() => setActive(-1), [data]);

  const go = (externalId: string) => {
    setOpen(false);
    setText("");
    setDebounced("");
    router.push(customerPath(externalId));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      if (hits.length === 0) return;
      const n = hits.length;
      setActive((current) =>
        event.key === "ArrowDown" ? (current + 1) % n : current <= 0 ? n - 1 : current - 1,
      );
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      if (expanded) setOpen(false);
      else setText("");
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      const typed = text.trim();
      if (typed === "") return;
      const chosen = listShown && active >= 0 ? hits[active] : undefined;
      if (chosen) return go(chosen.customer.externalId);
      const exact = hits.find((hit) => hit.match === "EXACT" && hit.field === "ID");
      if (exact && settled) return go(exact.customer.externalId);
      // Typed faster than the search: open the id as typed (the customer page says when there is none).
      if (!settled) return go(typed);
      setOpen(true);
    }
  };

  const status = !expanded
    ? ""
    : error
      ? "Search failed"
      : hits.length === 0
        ? "No customer found"
        : `${hits.length} customer${hits.length === 1 ? "" : "s"} found`;

  return (
    <search className="relative">
      <label htmlFor={inputId} className="sr-only">
        Find a customer
      </label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={listShown}
        aria-controls={listId}
        aria-activedescendant={listShown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={`${ids}-hint`}
        autoComplete="off"
        spellCheck={false}
        value={text}
        placeholder="Find a customer"
        data-testid="customer-search"
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        className="w-56 max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
      />
      <span id={`${ids}-hint`} className="sr-only">
        Id, name or email; part of one from 3 characters. Arrow keys choose, Enter opens.
      </span>
      <div
        id={listId}
        role="listbox"
        aria-label="Customers found"
        hidden={!listShown}
        className="absolute left-0 top-full z-30 mt-1 max-h-96 w-96 max-w-[calc(100vw-2rem)] overflow-y-auto rounded border border-slate-300 bg-white py-1 text-sm shadow-lg"
      >
        {hits.map((hit, i) => (
          <div
            key={hit.customer.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // Focus stays in the input (aria-activedescendant); -1 keeps options out of the tab order.
            tabIndex={-1}
            data-testid="customer-search-option"
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              go(hit.customer.externalId);
            }}
            onMouseEnter={() => setActive(i)}
            className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-blue-100 text-blue-900" : "text-slate-800"}`}
          >
            <span className="flex items-baseline justify-between gap-2">
              <span className="truncate font-medium">{hit.customer.name ?? "(no name)"}</span>
              <span className="shrink-0 text-xs text-slate-700">
                {hit.customer.segment?.name ?? "not scored"}
              </span>
            </span>
            <span className="block truncate text-xs text-slate-700">
              {hit.customer.email ?? "no email"} · {hit.customer.externalId}
            </span>
          </div>
        ))}
      </div>
      {expanded && hits.length === 0 ? (
        // Outside the listbox: a listbox holds options only.
        <div className="absolute left-0 top-full z-30 mt-1 w-80 max-w-[calc(100vw-2rem)] rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 shadow-lg">
          {error ? "Search failed; try again." : "No customer found."}
        </div>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {status}
      </p>
    </search>
  );
}
