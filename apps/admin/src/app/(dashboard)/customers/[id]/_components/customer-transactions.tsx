"use client";

import { useQuery } from "urql";
import { Card } from "../../../../../components/ui/card";
import { DataTable } from "../../../../../components/ui/data-table";
import { Pager, useCursorPages } from "../../../../../components/ui/pager";
import { EmptyState, ErrorState, Loading } from "../../../../../components/ui/states";
import { graphql } from "../../../../../graphql/generated";
import { formatDateTime, formatInt } from "../../../../../lib/format";
import { formatMoneyValue } from "../../../../../lib/money-value";

const CustomerTransactionsQuery = graphql(`
  query CustomerTransactions($id: ID!, $first: Int!, $after: String) {
    customer(id: $id) {
      id
      transactions(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            orderId
            occurredAt
            amount {
              amount
              currencyCode
            }
            lineCount
            channel
            province
            region
            city
          }
        }
      }
    }
  }
`);

const PAGE_SIZE = 20;

/** The customer's orders, newest first, paged on the server. */
export function CustomerTransactions({ id }: { id: string }) {
  const pages = useCursorPages();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CustomerTransactionsQuery,
    variables: { id, first: PAGE_SIZE, after: pages.after },
  });
  const connection = data?.customer?.transactions;
  const page = pages.page;
  return (
    <Card
      title="Transactions"
      description={
        connection
          ? `${formatInt(connection.totalCount)} orders, newest first; page ${page}.`
          : "Orders, newest first."
      }
      actions={
        <Pager
          pages={pages}
          pageInfo={connection?.pageInfo}
          busy={fetching}
          previousLabel="← Newer"
          nextLabel="Older →"
        />
      }
    >
      {fetching && !data && <Loading />}
      {error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />}
      {connection && connection.edges.length === 0 && <EmptyState>No orders.</EmptyState>}
      {connection && connection.edges.length > 0 && (
        <DataTable
          caption={`Orders, page ${page}`}
          testId="customer-transactions"
          columns={[
            { header: "Order" },
            { header: "When" },
            { header: "Amount", align: "right" },
            { header: "Lines", align: "right" },
            { header: "Channel", className: "pl-3" },
            { header: "Where" },
          ]}
        >
          {connection.edges.map(({ cursor, node }) => (
            <tr key={cursor} className="border-b border-slate-100">
              <td className="py-1 font-mono text-xs">{node.orderId}</td>
              <td>{formatDateTime(node.occurredAt)}</td>
              <td
                className={`text-right tabular-nums ${node.amount.amount.startsWith("-") ? "text-red-800" : ""}`}
              >
                {formatMoneyValue(node.amount)}
              </td>
              <td className="text-right tabular-nums">{formatInt(node.lineCount)}</td>
              <td className="pl-3">{node.channel ?? "–"}</td>
              <td>{[node.city, node.province, node.region].filter(Boolean).join(", ") || "–"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
