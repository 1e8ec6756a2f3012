/**
 * The issue's "Done when" for membership webhooks, over real HTTP on each engine: the demo store
 * plus 40 customers' transactions imported over HTTP is scored through the API, an admin subscribes two loopback receivers over GraphQL (one
 * for Champions and Loyal Customer, one for Lost Customer only), an editor moves code 344 from
 * Champions to Loyal Customer in the draft and publishes. The dispatcher (what `rfm serve`
 * runs, on a clock the test moves so retries are due at once) delivers to a receiver that
 * refuses the first two attempts of every delivery. Expected customers come from SQL over
 * customer_scores and customers written here; signatures are checked with node:crypto.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FACT_ENGINES } from "@rfm/api/testing";
import { WebhookDispatcher } from "@rfm/api/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type GraphQLResponse, startApi } from "../support/api";

/** Code 344 as a dense index ((r-1)*4+(f-1))*4+(m-1) with 4 bins. */
const CODE_344 = 47;

interface Request {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

interface DeliveredEvent {
  id: string;
  type: string;
  createdAt: string;
  profile: string;
  data: {
    customerId: string;
    segment: { key: string; name: string };
    runId: number;
    mappingVersion: number;
    at: string;
  };
}

/** A loopback receiver that answers 503 to the first `failures` requests of each delivery id, then 200. */
async function failingReceiver(
  failures: number,
): Promise<{ server: Server; url: string; requests: Request[] }> {
  const requests: Request[] = [];
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["rfm-delivery-id"]);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      const status = n <= failures ? 503 : 200;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end(status === 200 ? "ok" : "down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const CREATE = `mutation ($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) {
    webhookSubscription { id segmentKeys events }
    secret
    userErrors { field code message }
  }
}`;

const CHANGES = `query ($key: String!, $kind: SegmentChangeKind, $after: String) {
  segmentChanges(key: $key, kind: $kind, first: 200, after: $after) {
    edges { node { id customerId kind segmentKey mappingVersion } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface ChangeNode {
  id: string;
  customerId: string;
  kind: string;
  segmentKey: string;
  mappingVersion: number;
}

describe.each(FACT_ENGINES)("membership webhooks over HTTP on %s", (engine) => {
  let api: ApiHarness;
  let moving: Awaited<ReturnType<typeof failingReceiver>>;
  let elsewhere: Awaited<ReturnType<typeof failingReceiver>>;

  beforeAll(async () => {
    api = await startApi(engine, { customers: 600 });
    moving = await failingReceiver(2);
    elsewhere = await failingReceiver(0);
  }, 120_000);

  afterAll(async () => {
    if (moving) await closeServer(moving.server);
    if (elsewhere) await closeServer(elsewhere.server);
    await api?.close();
  });

  /** Every change of `key` (and `kind`) the API lists, all pages. */
  async function changesOf(key: string, kind: "ENTERED" | "LEFT"): Promise<ChangeNode[]> {
    const out: ChangeNode[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<{
        segmentChanges: {
          edges: { node: ChangeNode }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }> = await api.gql(CHANGES, { key, kind, after }, api.tokens.viewer);
      expect(res.errors).toBeUndefined();
      out.push(...res.data!.segmentChanges.edges.map((e) => e.node));
      if (!res.data!.segmentChanges.pageInfo.hasNextPage) return out;
      after = res.data!.segmentChanges.pageInfo.endCursor;
    }
  }

  it("a publish that moves code 344 sends entered/left events for exactly those customers, signed, none lost, through two refusals", async () => {
    // More of the store arrives over HTTP: 40 frequent, high-spending customers whose last
    // orders are spread over 2025's second half (so some score R3 F4 M4 = 344).
    const lines = ["order_id,customer_id,occurred_at,amount"];
    for (let c = 0; c < 40; c++) {
      for (let o = 0; o < 20; o++) {
        const day = new Date(Date.UTC(2025, 5, 1) + (c * 4 - o * 9) * 86_400_000).toISOString().slice(0, 10);
        lines.push(`API-${c}-${o},API-${String(c).padStart(2, "0")},${day},${400 + c * 7 + o}`);
      }
    }
    const imported = await fetch(`${api.url}/imports/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.tokens.admin}`, "content-type": "text/csv" },
      body: `${lines.join("\n")}\n`,
    });
    expect(imported.status).toBe(200);
    const [importedRows] = await api.facts<{ n: number | string }>(
      "SELECT count(*) AS n FROM transactions WHERE order_id LIKE 'API-%'",
      [],
      "SELECT count() AS n FROM transactions FINAL WHERE order_id LIKE 'API-%'",
    );
    expect(Number(importedRows!.n)).toBe(800);

    // Score the store through the API and wait until the run and its membership are recorded.
    const started = await api.gql<{ runScoring: { run: { id: number } | null; userErrors: unknown[] } }>(
      `mutation { runScoring(input: { bins: 4, asOf: "2025-12-31" }) { run { id } userErrors { field code message } } }`,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.runScoring.userErrors).toEqual([]);
    const runId = started.data!.runScoring.run!.id;
    for (let i = 0; i < 600; i++) {
      const [recorded] = await api.facts<{ n: number | string }>(
        "SELECT count(*) AS n FROM segment_recordings WHERE profile_id = 1 AND run_id = $1",
        [runId],
        `SELECT count() AS n FROM segment_recordings WHERE profile_id = 1 AND run_id = ${runId}`,
      );
      if (Number(recorded!.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [run] = await api.sql<{ status: string }>("SELECT status FROM scoring_runs WHERE id = $1", [runId]);
    expect(run!.status).toBe("complete");

    // The customers the move concerns, from SQL: code 344 in the run just made.
    const expected = (
      await api.facts<{ id: string }>(
        `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
         WHERE s.run_id = $1 AND s.code = $2`,
        [runId, CODE_344],
        `SELECT external_id AS id FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
         WHERE run_id = ${runId} AND code = ${CODE_344}`,
      )
    )
      .map((row) => row.id)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(
      expected.filter((id) => id.startsWith("API-")).length,
      "customers imported over HTTP in 344",
    ).toBeGreaterThan(0);

    // Two subscriptions: the segments 344 leaves and enters, and an unrelated one.
    const subscribe = async (url: string, segmentKeys: string[]) => {
      const res = await api.gql<{
        createWebhookSubscription: {
          webhookSubscription: { id: string; segmentKeys: string[] };
          secret: string;
          userErrors: unknown[];
        };
      }>(CREATE, {
        input: { url, events: ["CUSTOMER_ENTERED_SEGMENT", "CUSTOMER_LEFT_SEGMENT"], segmentKeys },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.createWebhookSubscription.userErrors).toEqual([]);
      return res.data!.createWebhookSubscription;
    };
    const movers = await subscribe(moving.url, ["champions", "loyal-customer"]);
    const others = await subscribe(elsewhere.url, ["lost-customer"]);
    expect(movers.webhookSubscription.segmentKeys).toEqual(["champions", "loyal-customer"]);

    // An editor moves 344 to Loyal Customer in the draft and publishes it.
    const assigned = await api.gql<{ assignCodes: { userErrors: unknown[] } }>(
      `mutation { assignCodes(input: { codes: ["344"], segment: "Loyal Customer" }) { draft { version } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignCodes.userErrors).toEqual([]);
    const published = await api.gql<{
      publishMapping: { mapping: { version: number }; userErrors: unknown[] };
    }>(
      `mutation { publishMapping(input: { expectedVersion: 1, note: "344 is loyal" }) { mapping { version } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishMapping).toEqual({ mapping: { version: 2 }, userErrors: [] });

    // Deliver until nothing is pending, moving the clock past each retry's backoff. Three
    // events a delivery, so the move takes several deliveries, each refused twice.
    let now = Date.now();
    const dispatcher = new WebhookDispatcher({
      db: api.test.db,
      now: () => now,
      random: () => 0.5,
      batchSize: 3,
    });
    const deliverAll = async () => {
      for (let round = 0; round < 10; round++) {
        await dispatcher.runOnce();
        const [pending] = await api.sql<{ n: number | string }>(
          "SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'",
        );
        if (Number(pending!.n) === 0) break;
        now += 3_600_000;
      }
      const [undelivered] = await api.sql<{ n: number | string }>(
        "SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'",
      );
      expect(Number(undelivered!.n)).toBe(0);
    };
    await deliverAll();
    const firstDeliveries = new Set(moving.requests.map((r) => String(r.headers["rfm-delivery-id"])));
    expect(firstDeliveries.size).toBe(Math.ceil((2 * expected.length) / 3));

    // An admin replays the first delivery: an at-least-once re-send receivers deduplicate.
    const log = await api.gql<{
      webhookDeliveries: {
        totalCount: number;
        edges: {
          node: {
            id: string;
            deliveryId: string;
            eventCount: number;
            status: string;
            attemptLog: { statusCode: number }[];
          };
        }[];
      };
    }>(
      `query ($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 100) { totalCount edges { node {
         id deliveryId eventCount status attemptLog { statusCode } } } } }`,
      { id: movers.webhookSubscription.id },
    );
    expect(log.errors).toBeUndefined();
    // The delivery log shows each delivery's three attempts and their status codes.
    expect(log.data!.webhookDeliveries.totalCount).toBe(firstDeliveries.size);
    for (const { node } of log.data!.webhookDeliveries.edges) {
      expect(node.status, node.deliveryId).toBe("DELIVERED");
      expect(node.attemptLog.map((a) => a.statusCode)).toEqual([503, 503, 200]);
      expect(firstDeliveries.has(node.deliveryId)).toBe(true);
    }
    const replayed = log.data!.webhookDeliveries.edges.map((e) => e.node).find((n) => n.eventCount === 3)!;
    const replay = await api.gql<{ replayWebhookDelivery: { userErrors: unknown[] } }>(
      `mutation ($id: ID!) { replayWebhookDelivery(input: { id: $id }) { webhookDelivery { deliveryId } userErrors { field code message } } }`,
      { id: replayed.id },
    );
    expect(replay.data!.replayWebhookDelivery.userErrors).toEqual([]);
    await deliverAll();

    // Every request is signed over "<t>.<body>" with the subscription's secret.
    expect(moving.requests.length).toBeGreaterThan(0);
    for (const request of moving.requests) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers["rfm-signature"])) ?? [];
      expect(v1).toBe(createHmac("sha256", movers.secret).update(`${t}.${request.body}`).digest("hex"));
    }
    // Each delivery was refused twice, then accepted, with the same body each time.
    const byDelivery = new Map<string, Request[]>();
    for (const request of moving.requests) {
      const id = String(request.headers["rfm-delivery-id"]);
      byDelivery.set(id, [...(byDelivery.get(id) ?? []), request]);
    }
    for (const [id, requests] of byDelivery) {
      expect(
        requests.map((r) => r.status),
        id,
      ).toEqual([503, 503, 200]);
      expect(new Set(requests.map((r) => r.body)).size, id).toBe(1);
    }

    // The events: each id once among accepted deliveries (a re-send, if any, identical).
    const events = new Map<string, string>();
    let resent = 0;
    for (const request of moving.requests.filter((r) => r.status === 200)) {
      for (const event of (JSON.parse(request.body) as { events: DeliveredEvent[] }).events) {
        const text = JSON.stringify(event);
        const before = events.get(event.id);
        if (before !== undefined) {
          expect(text).toBe(before);
          resent += 1;
        }
        events.set(event.id, text);
      }
    }
    // Only the replayed delivery's three events came twice.
    expect(resent).toBe(3);
    const delivered = [...events.values()].map((text) => JSON.parse(text) as DeliveredEvent);
    const entered = delivered.filter((e) => e.type === "customer.entered_segment");
    const left = delivered.filter((e) => e.type === "customer.left_segment");
    expect(entered.length + left.length).toBe(delivered.length);
    expect(entered.map((e) => e.data.customerId).sort()).toEqual(expected);
    expect(left.map((e) => e.data.customerId).sort()).toEqual(expected);
    expect(
      new Set(entered.map((e) => `${e.data.segment.key} ${e.data.segment.name} ${e.data.mappingVersion}`)),
    ).toEqual(new Set(["loyal-customer Loyal Customer 2"]));
    expect(
      new Set(left.map((e) => `${e.data.segment.key} ${e.data.segment.name} ${e.data.mappingVersion}`)),
    ).toEqual(new Set(["champions Champions 2"]));
    expect(new Set(delivered.map((e) => e.profile))).toEqual(new Set(["default"]));

    // segmentChanges lists the same changes (the publish's: mapping version 2), same ids.
    const listedEntered = (await changesOf("loyal-customer", "ENTERED")).filter(
      (c) => c.mappingVersion === 2,
    );
    const listedLeft = (await changesOf("champions", "LEFT")).filter((c) => c.mappingVersion === 2);
    expect(listedEntered.map((c) => c.customerId).sort()).toEqual(expected);
    expect(listedLeft.map((c) => c.customerId).sort()).toEqual(expected);
    expect([...listedEntered, ...listedLeft].map((c) => c.id).sort()).toEqual([...events.keys()].sort());
    // The publish recorded exactly these changes (counted in SQL), and nothing else moved.
    const [version2] = await api.sql<{ id: number }>(
      "SELECT id FROM mapping_versions WHERE profile_id = 1 AND version = 2",
    );
    const [recordedChanges] = await api.facts<{ n: number | string }>(
      "SELECT count(*) AS n FROM segment_changes WHERE profile_id = 1 AND mapping_version_id = $1",
      [version2!.id],
      `SELECT count() AS n FROM segment_changes WHERE profile_id = 1 AND mapping_version_id = ${Number(version2!.id)}`,
    );
    expect(Number(recordedChanges!.n)).toBe(2 * expected.length);
    for (const key of ["lost-customer", "loyal-customer", "champions"]) {
      for (const kind of ["ENTERED", "LEFT"] as const) {
        const all = (await changesOf(key, kind)).filter((c) => c.mappingVersion === 2);
        const wanted =
          (key === "loyal-customer" && kind === "ENTERED") || (key === "champions" && kind === "LEFT")
            ? expected.length
            : 0;
        expect(all.length, `${key} ${kind}`).toBe(wanted);
      }
    }

    // The Lost Customer subscription received nothing and has no deliveries.
    expect(elsewhere.requests).toEqual([]);
    const [otherId] = await api.sql<{ id: number }>("SELECT id FROM webhook_subscriptions WHERE url = $1", [
      elsewhere.url,
    ]);
    const [none] = await api.sql<{ n: number | string }>(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1",
      [otherId!.id],
    );
    expect(Number(none!.n)).toBe(0);
    expect(others.webhookSubscription.segmentKeys).toEqual(["lost-customer"]);
  }, 180_000);
});
