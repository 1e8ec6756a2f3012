"use client";

import Link from "next/link";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { Field, Select } from "../../../../components/ui/form";
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
import { formatMoneyValue } from "../../../../lib/money-value";

const AudienceCustomersQuery = graphql(`
  query AudienceCustomers($first: Int!, $after: String, $orderBy: CustomerOrder, $filter: CustomerFilter) {
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
          city
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
`);

const PAGE_SIZES = [25, 50, 100, 200] as const;

/**
 * One page of an audience's customers at a time, paged and sorted on the server (an audience
 * can hold hundreds of thousands of customers; the browser never loads it whole), with the
 * audience's count: `customers(filter:)` compiles the filter as the export does, so the count
 * shown is the count exported. Cursor paging: "Previous" goes back through the cursors seen.
 */
export function AudienceTable({
  filter,
  title,
  onCount,
  onReady,
}: {
  filter: CustomerFilter;
  title: string;
  /** The audience's count, once read (the export panel shows it). */
  onCount: (count: number) => void;
  onReady: ReactNode;
}) {
  const [first, setFirst] = useState<number>(50);
  const [order, setOrder] = useState<{ field: CustomerOrderField; direction: OrderDirection }>({
    field: "MONETARY",
    direction: "DESC",
  });
  const pages = useCursorPages();
  const filterKey = JSON.stringify([filter, order, first]);
  const [pagedFor, setPagedFor] = useState(filterKey);
  if (pagedFor !== filterKey) {
    // Any change of filter, sort or page size starts again from the first page.
    setPagedFor(filterKey);
    pages.reset();
  }

  const [{ data, fetching, error }, reexecute] = useQuery({
    query: AudienceCustomersQuery,
    variables: { first, after: pages.after, orderBy: order, filter },
  });
  const connection = data?.customers;
  const page = pages.page;
  // Reported once per answer (the callback changes every render of the parent).
  const reportCount = useRef(onCount);
  reportCount.current = onCount;
  useEffect(() => {
    if (connection) reportCount.current(connection.totalCount);
  }, [connection]);
  const hasFilters = Object.keys(filter).some((key) => key !== "segment");

  const sortBy = (field: CustomerOrderField) =>
    setOrder((current) =>
      current.field === field
        ? { field, direction: current.direction === "ASC" ? "DESC" : "ASC" }
        : { field, direction: field === "ID" || field === "NAME" || field === "RECENCY" ? "ASC" : "DESC" },
    );

  return (
    <section
      aria-labelledby="audience-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="audience-heading" className="mb-3 text-base font-semibold">
        Customers of {title}
      </h2>
      <div className="flex flex-wrap items-end justify-between gap-2 text-sm">
        <p aria-live="polite" data-testid="audience-total">
          {connection
            ? `${formatInt(connection.totalCount)} customer${connection.totalCount === 1 ? "" : "s"} match; page ${page}.`
            : "\u00a0"}
          {fetching && connection ? " Updating…" : ""}
        </p>
        <div className="flex items-end gap-2">
          <Field label="Rows per page">
            <Select value={first} onChange={(event) => setFirst(Number(event.target.value))}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          </Field>
          <Pager pages={pages} pageInfo={connection?.pageInfo} busy={fetching} />
        </div>
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
        <ScrollArea label={`Customers of ${title}, page ${page}`} className="mt-2 overflow-x-auto">
          <table className="w-full text-sm" data-testid="audience-table">
            <caption className="sr-only">
              Customers of {title}, page {page}
            </caption>
            <thead className="text-xs text-slate-600">
              <tr className="border-b border-slate-200">
                <SortHeader label="Customer" field="ID" order={order} onSort={sortBy} />
                <SortHeader label="Name" field="NAME" order={order} onSort={sortBy} />
                <th scope="col" className="py-1 text-left">
                  Email
                </th>
                <th scope="col" className="text-left">
                  Province / region / city
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
                  <td>{[node.province, node.region, node.city].filter(Boolean).join(" / ") || "–"}</td>
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
