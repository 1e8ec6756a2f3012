"use client";

import Link from "next/link";
import { type ReactNode, useMemo, useState } from "react";
import { useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Field, Select, TextInput } from "../../../../components/ui/form";
import { Pager, useCursorPages } from "../../../../components/ui/pager";
import { ScrollArea } from "../../../../components/ui/scroll-area";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import type {
  CustomerFilter,
  CustomerOrderField,
  OrderDirection,
} from "../../../../graphql/generated/graphql";
import { formatInt } from "../../../../lib/format";
import { ascending } from "../../../../lib/mapping";
import { formatMoneyValue } from "../../../../lib/money-value";
import { useDebounced } from "../../../../lib/use-debounced";

const AudienceCustomersQuery = graphql(`
  query AudienceCustomers(
    $segment: String!
    $first: Int!
    $after: String
    $orderBy: CustomerOrder
    $filter: CustomerFilter
  ) {
    segment(name: $segment) {
      name
      customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            externalId
            name
            email
            province
            region
            score {
              recencyDays
              frequency
              monetary {
                amount
                currencyCode
              }
              r
              f
              m
              code
              clv {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
  }
`);

const AreaNamesQuery = graphql(`
  query AudienceAreaNames {
    analytics {
      byProvince {
        name
      }
      byRegion {
        name
      }
    }
  }
`);

const PAGE_SIZES = [25, 50, 100, 200] as const;

interface Ranges {
  r: [string, string];
  f: [string, string];
  m: [string, string];
}

const NO_RANGES: Ranges = { r: ["", ""], f: ["", ""], m: ["", ""] };

function range([min, max]: [string, string]) {
  if (min === "" && max === "") return undefined;
  return { min: min === "" ? null : Number(min), max: max === "" ? null : Number(max) };
}

/**
 * One page of a segment's customers at a time, paged, sorted and filtered on the server (a
 * segment can hold hundreds of thousands of customers; the browser never loads it whole).
 * Cursor paging: "Previous" goes back through the cursors seen so far.
 */
export function AudienceTable({
  segment,
  bins,
  onReady,
}: {
  segment: string;
  bins: number;
  onReady: ReactNode;
}) {
  const [first, setFirst] = useState<number>(50);
  const [order, setOrder] = useState<{ field: CustomerOrderField; direction: OrderDirection }>({
    field: "MONETARY",
    direction: "DESC",
  });
  const [search, setSearch] = useState("");
  const [province, setProvince] = useState("");
  const [region, setRegion] = useState("");
  const [ranges, setRanges] = useState<Ranges>(NO_RANGES);
  const pages = useCursorPages();

  const debouncedSearch = useDebounced(search.trim());
  const debouncedProvince = useDebounced(province.trim());
  const debouncedRegion = useDebounced(region.trim());
  const filter = useMemo<CustomerFilter>(
    () => ({
      search: debouncedSearch || null,
      province: debouncedProvince || null,
      region: debouncedRegion || null,
      r: range(ranges.r),
      f: range(ranges.f),
      m: range(ranges.m),
    }),
    [debouncedSearch, debouncedProvince, debouncedRegion, ranges],
  );
  const filterKey = JSON.stringify([filter, order, first]);
  const [pagedFor, setPagedFor] = useState(filterKey);
  if (pagedFor !== filterKey) {
    // Any change of filter, sort or page size starts again from the first page.
    setPagedFor(filterKey);
    pages.reset();
  }

  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AudienceCustomersQuery,
    variables: { segment, first, after: pages.after, orderBy: order, filter },
  });
  // Province and region names only suggest values for the two filters; they are a whole-table
  // aggregate on the API, so they are asked for when one of those fields is first used.
  const [wantAreas, setWantAreas] = useState(false);
  const [areas] = useQuery({ query: AreaNamesQuery, pause: !wantAreas });
  const connection = data?.segment.customers;
  const page = pages.page;

  const sortBy = (field: CustomerOrderField) =>
    setOrder((current) =>
      current.field === field
        ? { field, direction: current.direction === "ASC" ? "DESC" : "ASC" }
        : { field, direction: field === "ID" || field === "NAME" || field === "RECENCY" ? "ASC" : "DESC" },
    );
  const setRange = (dim: keyof Ranges, end: 0 | 1, value: string) =>
    setRanges((current) => {
      const next: [string, string] = [...current[dim]];
      next[end] = value;
      return { ...current, [dim]: next };
    });
  const hasFilters = search || province || region || JSON.stringify(ranges) !== JSON.stringify(NO_RANGES);

  return (
    <section
      aria-labelledby="audience-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="audience-heading" className="mb-3 text-base font-semibold">
        Customers of {segment}
      </h2>
      <fieldset className="grid grid-cols-1 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <legend className="sr-only">Filters</legend>
        <Field label="Search id, name or email" className="md:col-span-2">
          <TextInput
            type="search"
            name="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </Field>
        <Field label="Province">
          <TextInput
            name="province"
            list="province-names"
            value={province}
            onFocus={() => setWantAreas(true)}
            onChange={(event) => setProvince(event.target.value)}
          />
        </Field>
        <Field label="Region">
          <TextInput
            name="region"
            list="region-names"
            value={region}
            onFocus={() => setWantAreas(true)}
            onChange={(event) => setRegion(event.target.value)}
          />
        </Field>
        <datalist id="province-names">
          {areas.data?.analytics.byProvince.map((a) => (
            <option key={a.name} value={a.name} />
          ))}
        </datalist>
        <datalist id="region-names">
          {areas.data?.analytics.byRegion.map((a) => (
            <option key={a.name} value={a.name} />
          ))}
        </datalist>
        <Field label="Rows per page">
          <Select value={first} onChange={(event) => setFirst(Number(event.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex items-end">
          <Button
            variant="secondary"
            disabled={!hasFilters}
            onClick={() => {
              setSearch("");
              setProvince("");
              setRegion("");
              setRanges(NO_RANGES);
            }}
          >
            Clear filters
          </Button>
        </div>
        {(["r", "f", "m"] as const).map((dim) => (
          <fieldset key={dim} className="flex items-end gap-1 md:col-span-1 lg:col-span-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">
              {dim === "r" ? "Recency" : dim === "f" ? "Frequency" : "Monetary"} score
            </legend>
            {([0, 1] as const).map((end) => (
              <Field key={end} label={end === 0 ? "from" : "to"} className="flex-1">
                <Select value={ranges[dim][end]} onChange={(event) => setRange(dim, end, event.target.value)}>
                  <option value="">any</option>
                  {ascending(bins).map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          </fieldset>
        ))}
      </fieldset>

      <div className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
        <p aria-live="polite" data-testid="audience-total">
          {connection
            ? `${formatInt(connection.totalCount)} customer${connection.totalCount === 1 ? "" : "s"} match; page ${page}.`
            : "\u00a0"}
          {fetching && connection ? " Updating…" : ""}
        </p>
        <Pager pages={pages} pageInfo={connection?.pageInfo} busy={fetching} />
      </div>

      {fetching && !data && <Loading label="Loading customers…" />}
      {error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />}
      {connection && onReady}
      {connection && connection.edges.length === 0 && (
        <EmptyState>
          {hasFilters
            ? "No customer of this segment matches these filters."
            : "This segment has no customers."}
        </EmptyState>
      )}
      {connection && connection.edges.length > 0 && (
        <ScrollArea label={`Customers of ${segment}, page ${page}`} className="mt-2 overflow-x-auto">
          <table className="w-full text-sm" data-testid="audience-table">
            <caption className="sr-only">
              Customers of {segment}, page {page}
            </caption>
            <thead className="text-xs text-slate-600">
              <tr className="border-b border-slate-200">
                <SortHeader label="Customer" field="ID" order={order} onSort={sortBy} />
                <SortHeader label="Name" field="NAME" order={order} onSort={sortBy} />
                <th scope="col" className="py-1 text-left">
                  Email
                </th>
                <th scope="col" className="text-left">
                  Province / region
                </th>
                <th scope="col" className="text-center">
                  Code
                </th>
                <SortHeader
                  label="Days since last order"
                  field="RECENCY"
                  order={order}
                  onSort={sortBy}
                  numeric
                />
                <SortHeader label="Orders" field="FREQUENCY" order={order} onSort={sortBy} numeric />
                <SortHeader label="Spend" field="MONETARY" order={order} onSort={sortBy} numeric />
                <SortHeader label="CLV" field="CLV" order={order} onSort={sortBy} numeric />
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr
                  key={node.id}
                  className="border-b border-slate-100"
                  data-testid="audience-row"
                  data-customer={node.externalId}
                >
                  <td className="py-1">
                    <Link
                      className="text-blue-800 underline"
                      href={`/customers/${encodeURIComponent(node.externalId)}`}
                    >
                      {node.externalId}
                    </Link>
                  </td>
                  <td>{node.name ?? "–"}</td>
                  <td className="max-w-48 truncate">{node.email ?? "–"}</td>
                  <td>{[node.province, node.region].filter(Boolean).join(" / ") || "–"}</td>
                  <td className="text-center font-mono">{node.score?.code ?? "–"}</td>
                  <td className="text-right tabular-nums">{formatInt(node.score?.recencyDays)}</td>
                  <td className="text-right tabular-nums">{formatInt(node.score?.frequency)}</td>
                  <td className="text-right tabular-nums">{formatMoneyValue(node.score?.monetary)}</td>
                  <td className="text-right tabular-nums">{formatMoneyValue(node.score?.clv)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </section>
  );
}

function SortHeader({
  label,
  field,
  order,
  onSort,
  numeric = false,
}: {
  label: string;
  field: CustomerOrderField;
  order: { field: CustomerOrderField; direction: OrderDirection };
  onSort: (field: CustomerOrderField) => void;
  numeric?: boolean;
}) {
  const active = order.field === field;
  const sort = active ? (order.direction === "ASC" ? "ascending" : "descending") : "none";
  return (
    <th scope="col" aria-sort={sort} className={`py-1 ${numeric ? "text-right" : "text-left"}`}>
      <button
        type="button"
        className="inline-flex items-center gap-1 font-semibold hover:text-blue-800"
        onClick={() => onSort(field)}
      >
        {label}
        <span aria-hidden="true">{active ? (order.direction === "ASC" ? "▲" : "▼") : "↕"}</span>
        <span className="sr-only">{active ? `, sorted ${sort}` : ", sort"}</span>
      </button>
    </th>
  );
}
