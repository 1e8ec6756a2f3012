import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../../db/testing";
import { enqueueEvents, type OutboxEvent } from "./outbox";

const event = (n: number): OutboxEvent => ({
  id: `evt_chg_${n}`,
  type: n % 2 === 0 ? "customer.entered_segment" : "customer.left_segment",
  profileId: 1,
  segmentKey: "champions",
  occurredAt: new Date(Date.UTC(2026, 11, 6, 4, 0, n % 60)),
  data: { customerId: `C${n}`, segment: { id: 3, key: "champions", name: "Champions" } },
});

describe.each(PROVIDERS)("the webhook outbox on %s", (provider) => {
  const test = useTestDatabase(provider);

  it("records events once, however often they are enqueued, with their bodies", async () => {
    const { db } = test;
    const events = Array.from({ length: 2500 }, (_, n) => event(n));
    expect(await enqueueEvents(db, events)).toBe(2500);
    expect(await enqueueEvents(db, events.slice(1000, 1200))).toBe(0);
    const [count] = await db.raw.query<{ n: number | string }>("SELECT count(*) AS n FROM webhook_events");
    expect(Number(count?.n)).toBe(2500);
    const stored = await db.prisma.webhookEvent.findUnique({ where: { id: "evt_chg_7" } });
    expect(stored).toMatchObject({
      type: "customer.left_segment",
      profileId: 1,
      segmentKey: "champions",
      data: { customerId: "C7", segment: { key: "champions" } },
      occurredAt: new Date(Date.UTC(2026, 11, 6, 4, 0, 7)),
      dispatchedAt: null,
    });
    expect(stored?.recordedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
