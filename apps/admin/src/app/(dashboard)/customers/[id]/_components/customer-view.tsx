"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useQuery } from "urql";
import { Card } from "../../../../../components/ui/card";
import { DataTable } from "../../../../../components/ui/data-table";
import { PageHeader } from "../../../../../components/ui/page-header";
import { PageReady } from "../../../../../components/ui/page-ready";
import { EmptyState, ErrorState, Loading } from "../../../../../components/ui/states";
import { errorCode } from "../../../../../graphql/errors";
import { graphql } from "../../../../../graphql/generated";
import { formatDay, formatInt } from "../../../../../lib/format";
import { formatMoneyValue } from "../../../../../lib/money-value";
import { CustomerTransactions } from "./customer-transactions";

const Customer360Query = graphql(`
  query Customer360($id: ID!) {
    customer(id: $id) {
      id
      externalId
      name
      email
      province
      region
      city
      createdAt
      segment {
        name
      }
      score {
        runId
        asOf
        asOfDay
        timeZone
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
      segmentHistory(first: 50) {
        edges {
          node {
            runId
            asOfDay
            code
            segmentName
            mappingVersion
            recencyDays
            frequency
            monetary {
              amount
              currencyCode
            }
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

/** One customer: profile, current scores and segment, CLV, history across runs, orders. */
export function CustomerView({ id }: { id: string }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: Customer360Query, variables: { id } });
  const customer = data?.customer;
  // customer(id:) is null for an id that names no customer.
  const notFound = (data !== undefined && customer === null) || errorCode(error) === "NOT_FOUND";
  const history = customer?.segmentHistory.edges.map((edge) => edge.node) ?? [];

  return (
    <>
      <PageHeader
        title={customer ? (customer.name ?? customer.externalId) : `Customer ${id}`}
        description={customer?.name ? `Customer ${customer.externalId}` : undefined}
      />
      {fetching && !data && <Loading label="Loading the customer…" />}
      {notFound && (
        <EmptyState>
          No customer has the id “{id}”. Check the id, or find the customer through an{" "}
          <Link className="text-blue-800 underline" href="/audiences">
            audience
          </Link>
          .
        </EmptyState>
      )}
      {error && !notFound && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {customer && (
        <div className="space-y-6">
          <PageReady page="customer" />
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
            <Card title="Profile">
              <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-y-1 text-sm">
                <Item label="Customer id">{customer.externalId}</Item>
                <Item label="Name">{customer.name ?? "–"}</Item>
                <Item label="Email">{customer.email ?? "–"}</Item>
                <Item label="City">{customer.city ?? "–"}</Item>
                <Item label="Province">{customer.province ?? "–"}</Item>
                <Item label="Region">{customer.region ?? "–"}</Item>
                <Item label="Customer since">
                  {/* Imported as that day in the store's zone: the current run's zone says which. */}
                  {formatDay(customer.createdAt, customer.score?.timeZone)}
                </Item>
              </dl>
            </Card>
            <Card title="Current scores" className="lg:col-span-2">
              {customer.score ? (
                <div className="space-y-3" data-testid="customer-score">
                  <p className="text-sm">
                    Segment{" "}
                    <Link
                      className="font-semibold text-blue-800 underline"
                      href={`/audiences?segment=${encodeURIComponent(customer.segment?.name ?? "")}`}
                      data-testid="customer-segment"
                    >
                      {customer.segment?.name ?? "–"}
                    </Link>{" "}
                    with code{" "}
                    <span className="font-mono font-semibold" data-testid="customer-code">
                      {customer.score.code}
                    </span>{" "}
                    in run {customer.score.runId} (as of {customer.score.asOfDay}).
                  </p>
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                    <Score
                      label="Recency"
                      score={customer.score.r}
                      detail={`${formatInt(customer.score.recencyDays)} days since the last order`}
                    />
                    <Score
                      label="Frequency"
                      score={customer.score.f}
                      detail={`${formatInt(customer.score.frequency)} orders`}
                    />
                    <Score
                      label="Monetary"
                      score={customer.score.m}
                      detail={`${formatMoneyValue(customer.score.monetary)} spent`}
                    />
                    <div className="rounded border border-slate-200 p-3">
                      <dt className="text-xs font-medium uppercase text-slate-600">Lifetime value</dt>
                      <dd className="text-xl font-semibold">{formatMoneyValue(customer.score.clv)}</dd>
                      <dd className="text-xs text-slate-600">
                        {customer.score.clv === null ? "not computed in this run" : "predicted"}
                      </dd>
                    </div>
                  </dl>
                </div>
              ) : (
                <EmptyState>Not scored in the current run: no purchase in its window.</EmptyState>
              )}
            </Card>
          </div>
          <Card
            title="Score and segment history"
            description="Every complete run, newest first, with the segment named as it was when the run completed."
          >
            {history.length === 0 ? (
              <EmptyState>No scoring run has scored this customer.</EmptyState>
            ) : (
              <DataTable
                caption="Scores per scoring run"
                testId="customer-history"
                columns={[
                  { header: "Run" },
                  { header: "As of" },
                  { header: "Code", align: "center" },
                  { header: "Segment" },
                  { header: "Days since order", align: "right" },
                  { header: "Orders", align: "right" },
                  { header: "Spend", align: "right" },
                  { header: "CLV", align: "right" },
                ]}
              >
                {history.map((h) => (
                  <tr key={h.runId} className="border-b border-slate-100">
                    <td className="py-1">{h.runId}</td>
                    <td>{h.asOfDay}</td>
                    <td className="text-center font-mono">{h.code}</td>
                    <td>{h.segmentName ?? "–"}</td>
                    <td className="text-right tabular-nums">{formatInt(h.recencyDays)}</td>
                    <td className="text-right tabular-nums">{formatInt(h.frequency)}</td>
                    <td className="text-right tabular-nums">{formatMoneyValue(h.monetary)}</td>
                    <td className="text-right tabular-nums">{formatMoneyValue(h.clv)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </Card>
          <CustomerTransactions id={customer.externalId} />
        </div>
      )}
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd className="break-all">{children}</dd>
    </>
  );
}

function Score({ label, score, detail }: { label: string; score: number; detail: string }) {
  return (
    <div className="rounded border border-slate-200 p-3">
      <dt className="text-xs font-medium uppercase text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold">{score}</dd>
      <dd className="text-xs text-slate-600">{detail}</dd>
    </div>
  );
}
