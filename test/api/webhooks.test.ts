/**
 * Webhooks over real HTTP: an admin subscribes a loopback receiver through GraphQL, a mapping
 * publish and a scoring run made through the API are delivered to it (signed, checked here with
 * node:crypto), the delivery log shows the status codes, and a replay sends the events again.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { PROVIDERS } from "@rfm/api/testing";
import { WebhookDispatcher } from "@rfm/api/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

interface DeliveryBody {
  deliveryId: string;
  events: { id: string; type: string; createdAt: string; profile: string; data: Record<string, unknown> }[];
}

const CREATE = `mutation ($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) {
    webhookSubscription { id number url profile events segmentKeys active createdBy }
    secret
    userErrors { field code message }
  }
}`;

describe.each(PROVIDERS)("webhooks over HTTP on %s", (provider) => {
  let api: ApiHarness;
  const received: Received[] = [];
  let failFirst = 1;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = failFirst > 0 ? 503 : 200;
      failFirst -= 1;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end();
    });
  });
  let hookUrl = "";

  beforeAll(async () => {
    api = await startApi(provider, { customers: 300 });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rfm`;
  }, 120_000);

  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await api?.close();
  });

  it("only admins see or change subscriptions", async () => {
    for (const role of ["viewer", "editor"] as const) {
      const list = await api.gql(`{ webhookSubscriptions { totalCount } }`, {}, api.tokens[role]);
      expect(list.errors?.[0]?.extensions.code, role).toBe("FORBIDDEN");
      const create = await api.gql(
        CREATE,
        { input: { url: hookUrl, events: ["RUN_COMPLETED"] } },
        api.tokens[role],
      );
      expect(create.errors?.[0]?.extensions.code, role).toBe("FORBIDDEN");
    }
  });

  it("bad input is refused as userErrors naming the field, and nothing is created", async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ url: "ftp://example.com/x", events: ["RUN_COMPLETED"] }, ["input", "url"]],
      [{ url: "not a url", events: ["RUN_COMPLETED"] }, ["input", "url"]],
      [{ url: hookUrl, events: [] }, ["input", "events"]],
      [{ url: hookUrl, events: ["RUN_COMPLETED"], segmentKeys: ["Not A Key"] }, ["input", "segmentKeys"]],
      [{ url: hookUrl, events: ["RUN_COMPLETED"], secret: "short" }, ["input", "secret"]],
      [{ url: hookUrl, events: ["RUN_COMPLETED"], profile: "nope" }, ["input", "profile"]],
    ];
    for (const [input, field] of cases) {
      const res = await api.gql<{
        createWebhookSubscription: { webhookSubscription: null; userErrors: { field: string[] }[] };
      }>(CREATE, { input });
      expect(res.errors, JSON.stringify(input)).toBeUndefined();
      expect(res.data!.createWebhookSubscription.webhookSubscription).toBeNull();
      expect(res.data!.createWebhookSubscription.userErrors[0]?.field, JSON.stringify(input)).toEqual(field);
    }
    const [n] = await api.sql<{ n: number | string }>("SELECT count(*) AS n FROM webhook_subscriptions");
    expect(Number(n!.n)).toBe(0);
  });

  it("a publish and a scoring run reach a subscribed receiver, signed, after a failed first attempt; the log and a replay follow", async () => {
    const created = await api.gql<{
      createWebhookSubscription: {
        webhookSubscription: {
          id: string;
          number: number;
          url: string;
          profile: string;
          events: string[];
          active: boolean;
          createdBy: string;
        };
        secret: string;
        userErrors: unknown[];
      };
    }>(CREATE, { input: { url: hookUrl, events: ["RUN_COMPLETED", "MAPPING_PUBLISHED"] } });
    const { webhookSubscription: subscription, secret, userErrors } = created.data!.createWebhookSubscription;
    expect(userErrors).toEqual([]);
    expect(secret).toMatch(/^whsec_/);
    expect(subscription).toMatchObject({
      url: hookUrl,
      profile: "default",
      events: ["RUN_COMPLETED", "MAPPING_PUBLISHED"],
      active: true,
      createdBy: "admin-token",
    });
    // The secret is never readable again.
    const listed = await api.gql<{
      webhookSubscriptions: { totalCount: number; edges: { node: Record<string, unknown> }[] };
    }>(`{ webhookSubscriptions { totalCount edges { node { id url } } } }`);
    expect(listed.data!.webhookSubscriptions).toEqual({
      totalCount: 1,
      edges: [{ node: { id: subscription.id, url: hookUrl } }],
    });

    // node(id:) finds it for admins only; an id of another type is refused naming the field.
    const nodeQuery = `query ($id: ID!) { node(id: $id) { id ... on WebhookSubscription { url } } }`;
    expect((await api.gql(nodeQuery, { id: subscription.id })).data).toEqual({
      node: { id: subscription.id, url: hookUrl },
    });
    expect((await api.gql(nodeQuery, { id: subscription.id }, api.tokens.editor)).data).toEqual({
      node: null,
    });
    const wrongId = await api.gql<{
      updateWebhookSubscription: { userErrors: { field: string[]; code: string }[] };
    }>(
      `mutation { updateWebhookSubscription(input: { id: "gid://rfm/Segment/1", active: false }) { userErrors { field code message } } }`,
    );
    expect(wrongId.data!.updateWebhookSubscription.userErrors).toMatchObject([
      { field: ["input", "id"], code: "BAD_USER_INPUT" },
    ]);

    // A publish through the API.
    const assign = await api.gql(
      `mutation { assignCodes(input: { codes: ["444"], segment: "Loyal Customer" }) { draft { version } userErrors { message } } }`,
    );
    expect(assign.errors).toBeUndefined();
    expect(assign.data).toMatchObject({ assignCodes: { userErrors: [] } });
    const published = await api.gql<{ publishMapping: { mapping: { version: number } } }>(
      `mutation { publishMapping(input: { expectedVersion: 1, note: "444 is loyal" }) { mapping { version } } }`,
    );
    expect(published.data!.publishMapping.mapping.version).toBe(2);
    // A scoring run through the API, waited for.
    const started = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation { runScoring(input: {}) { run { id } } }`,
    );
    expect(started.errors).toBeUndefined();
    const runId = started.data!.runScoring.run.id;
    for (let i = 0; i < 600; i++) {
      const run = await api.gql<{ scoringRun: { status: string } }>(
        `{ scoringRun(id: ${runId}) { status } }`,
      );
      if (run.data!.scoringRun.status !== "RUNNING") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [run] = await api.sql<{ status: string; customers_scored: number }>(
      "SELECT status, customers_scored FROM scoring_runs WHERE id = $1",
      [runId],
    );
    expect(run!.status).toBe("complete");
    const [version] = await api.sql<{ id: number }>(
      "SELECT id FROM mapping_versions WHERE profile_id = 1 AND version = 2 AND status = 'published'",
    );

    // The dispatcher (what `rfm serve` runs): the receiver refuses the first attempt.
    let now = Date.now();
    const dispatcher = new WebhookDispatcher({ db: api.test.db, now: () => now });
    await dispatcher.runOnce();
    expect(received.map((r) => r.status)).toEqual([503]);
    now += 3_600_000;
    await dispatcher.runOnce();
    expect(received.map((r) => r.status)).toEqual([503, 200]);

    for (const request of received) {
      const header = String(request.headers["rfm-signature"]);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${request.body}`).digest("hex"));
    }
    const body = JSON.parse(received[1]!.body) as DeliveryBody;
    expect(received[1]!.headers["rfm-delivery-id"]).toBe(body.deliveryId);
    expect(body.events.map((e) => [e.id, e.type, e.profile])).toEqual([
      [`evt_mapping_${version!.id}_published`, "mapping.published", "default"],
      [`evt_run_${runId}_completed`, "run.completed", "default"],
    ]);
    expect(body.events[0]!.data).toMatchObject({
      profile: "default",
      version: 2,
      author: "admin-token",
      note: "444 is loyal",
    });
    expect(body.events[1]!.data).toEqual({
      runId,
      profile: "default",
      asOfDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      customersScored: run!.customers_scored,
      status: "complete",
    });

    // The delivery log shows both attempts' status codes.
    const log = await api.gql<{
      webhookDeliveries: {
        totalCount: number;
        edges: {
          node: {
            id: string;
            deliveryId: string;
            status: string;
            eventCount: number;
            attempts: number;
            lastStatusCode: number;
            attemptLog: { statusCode: number }[];
          };
        }[];
      };
    }>(
      `query ($id: ID!) { webhookDeliveries(subscriptionId: $id) { totalCount edges { node {
         id deliveryId status eventCount attempts lastStatusCode attemptLog { statusCode } } } } }`,
      { id: subscription.id },
    );
    expect(log.errors).toBeUndefined();
    const node = log.data!.webhookDeliveries.edges[0]!.node;
    expect(node).toMatchObject({
      deliveryId: body.deliveryId,
      status: "DELIVERED",
      eventCount: 2,
      attempts: 2,
      lastStatusCode: 200,
      attemptLog: [{ statusCode: 503 }, { statusCode: 200 }],
    });

    // Replay: a new delivery of the same events.
    const replay = await api.gql<{
      replayWebhookDelivery: {
        webhookDelivery: { deliveryId: string; replayOf: string; status: string };
        userErrors: unknown[];
      };
    }>(
      `mutation ($id: ID!) { replayWebhookDelivery(input: { id: $id }) { webhookDelivery { deliveryId replayOf status } userErrors { field code message } } }`,
      { id: node.id },
    );
    expect(replay.data!.replayWebhookDelivery.userErrors).toEqual([]);
    expect(replay.data!.replayWebhookDelivery.webhookDelivery).toMatchObject({
      replayOf: body.deliveryId,
      status: "PENDING",
    });
    await dispatcher.runOnce();
    const again = JSON.parse(received[2]!.body) as DeliveryBody;
    expect(again.deliveryId).toBe(replay.data!.replayWebhookDelivery.webhookDelivery.deliveryId);
    expect(again.events.map((e) => e.id)).toEqual(body.events.map((e) => e.id));

    // Pause, then delete.
    const paused = await api.gql<{
      updateWebhookSubscription: { webhookSubscription: { active: boolean; events: string[] } };
    }>(
      `mutation ($id: ID!) { updateWebhookSubscription(input: { id: $id, active: false, events: [RUN_COMPLETED] }) { webhookSubscription { active events } userErrors { message } } }`,
      { id: subscription.id },
    );
    expect(paused.data!.updateWebhookSubscription.webhookSubscription).toEqual({
      active: false,
      events: ["RUN_COMPLETED"],
    });
    const deleted = await api.gql<{
      deleteWebhookSubscription: { deletedId: string; userErrors: unknown[] };
    }>(
      `mutation ($id: ID!) { deleteWebhookSubscription(input: { id: $id }) { deletedId userErrors { field code message } } }`,
      { id: subscription.id },
    );
    expect(deleted.data!.deleteWebhookSubscription).toEqual({ deletedId: subscription.id, userErrors: [] });
    const missing = await api.gql<{
      deleteWebhookSubscription: { deletedId: null; userErrors: { code: string; field: string[] }[] };
    }>(
      `mutation ($id: ID!) { deleteWebhookSubscription(input: { id: $id }) { deletedId userErrors { field code message } } }`,
      { id: subscription.id },
    );
    expect(missing.data!.deleteWebhookSubscription.userErrors[0]).toMatchObject({
      code: "NOT_FOUND",
      field: ["input", "id"],
    });
    const [left] = await api.sql<{ n: number | string }>("SELECT count(*) AS n FROM webhook_deliveries");
    expect(Number(left!.n)).toBe(0);
  }, 120_000);
});
