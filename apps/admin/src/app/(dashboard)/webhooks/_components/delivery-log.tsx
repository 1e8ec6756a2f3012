"use client";

import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { DataTable } from "../../../../components/ui/data-table";
import { EmptyState, ErrorState, Loading, Notice } from "../../../../components/ui/states";
import type { WebhookSubscriptionFieldsFragment } from "../../../../graphql/generated/graphql";
import { formatDateTime, formatInt } from "../../../../lib/format";
import { ReplayWebhookDeliveryMutation, WebhookDeliveriesQuery } from "./documents";

const STATUS_STYLE = {
  PENDING: "bg-blue-100 text-blue-900",
  DELIVERED: "bg-green-100 text-green-900",
  FAILED: "bg-red-100 text-red-900",
} as const;

/** A subscription's deliveries, newest first, with every attempt's status code and a Replay button. */
export function DeliveryLog({ subscription }: { subscription: WebhookSubscriptionFieldsFragment }) {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { subscriptionId: subscription.id, after },
    requestPolicy: "network-only",
  });
  const [replayState, replay] = useMutation(ReplayWebhookDeliveryMutation);
  const [replayed, setReplayed] = useState<string | null>(null);
  const log = data?.webhookDeliveries;

  const onReplay = async (id: string) => {
    const result = await replay({ input: { id } });
    const created = result.data?.replayWebhookDelivery.webhookDelivery;
    if (created) {
      setReplayed(`Delivery ${created.deliveryId} queued: the same events, sent again within seconds.`);
      reexecute({ requestPolicy: "network-only" });
    }
  };

  return (
    <Card
      title={`Delivery log: ${subscription.url}`}
      description="Each delivery is one POST of up to 500 events. Failed attempts are retried with growing waits for 24 hours; receivers deduplicate on event ids."
      actions={
        <Button variant="secondary" size="sm" onClick={() => reexecute({ requestPolicy: "network-only" })}>
          Refresh
        </Button>
      }
    >
      {replayed && <Notice tone="success">{replayed}</Notice>}
      {replayState.error && <ErrorState error={replayState.error} />}
      {fetching && !data && <Loading />}
      {error && <ErrorState error={error} />}
      {log && log.edges.length === 0 && (
        <EmptyState>Nothing sent yet: deliveries appear after the next event.</EmptyState>
      )}
      {log && log.edges.length > 0 && (
        <>
          <p className="mb-2 text-sm text-slate-600">{formatInt(log.totalCount)} deliveries</p>
          <DataTable
            caption="Webhook deliveries"
            testId="webhook-deliveries"
            columns={[
              { header: "Delivery" },
              { header: "State" },
              { header: "Events", align: "right" },
              { header: "Status codes", className: "pl-3" },
              { header: "Last error" },
              { header: "Delivered / next attempt" },
              { header: "" },
            ]}
          >
            {log.edges.map(({ node: d }) => (
              <tr key={d.id} className="border-b border-slate-100 align-top" data-delivery={d.deliveryId}>
                <td className="py-1 font-mono text-xs">
                  {d.deliveryId}
                  {d.replayOf && <span className="ml-1 text-slate-500">(replay of {d.replayOf})</span>}
                </td>
                <td>
                  <span className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[d.status]}`}>
                    {d.status.toLowerCase()}
                  </span>
                </td>
                <td className="text-right">{formatInt(d.eventCount)}</td>
                <td className="pl-3 font-mono text-xs" data-testid="status-codes">
                  {d.attemptLog.length === 0
                    ? "not sent yet"
                    : d.attemptLog
                        .map((a) => (a.statusCode === null ? "no answer" : String(a.statusCode)))
                        .join(", ")}
                </td>
                <td className="max-w-xs text-xs break-words">
                  {d.status === "DELIVERED" ? "" : (d.lastError ?? "")}
                </td>
                <td className="text-xs">
                  {d.deliveredAt
                    ? formatDateTime(d.deliveredAt)
                    : d.nextAttemptAt
                      ? `next ${formatDateTime(d.nextAttemptAt)}`
                      : "-"}
                </td>
                <td>
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => onReplay(d.id)}
                    disabled={replayState.fetching}
                  >
                    Replay
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
          {log.pageInfo.hasNextPage && (
            <Button
              variant="ghost"
              size="sm"
              className="mt-2"
              onClick={() => setAfter(log.pageInfo.endCursor)}
            >
              Older deliveries
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
