"use client";

import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { DataTable } from "../../../../components/ui/data-table";
import { focusMainHeading, useDisclosureFocus, useFocusIfLost } from "../../../../components/ui/focus";
import { Field, TextInput } from "../../../../components/ui/form";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { ReadOnlyNotice } from "../../../../components/ui/read-only";
import { EmptyState, ErrorState, Loading, Notice } from "../../../../components/ui/states";
import type { WebhookEvent, WebhookSubscriptionFieldsFragment } from "../../../../graphql/generated/graphql";
import { formatDateTime } from "../../../../lib/format";
import { useProfile, useSession } from "../../_components/session";
import { DeliveryLog } from "./delivery-log";
import {
  CreateWebhookSubscriptionMutation,
  DeleteWebhookSubscriptionMutation,
  UpdateWebhookSubscriptionMutation,
  WebhookSubscriptionsQuery,
} from "./documents";

const EVENTS: readonly { value: WebhookEvent; label: string }[] = [
  { value: "CUSTOMER_ENTERED_SEGMENT", label: "customer.entered_segment" },
  { value: "CUSTOMER_LEFT_SEGMENT", label: "customer.left_segment" },
  { value: "RUN_COMPLETED", label: "run.completed" },
  { value: "MAPPING_PUBLISHED", label: "mapping.published" },
];

const EVENT_LABEL = Object.fromEntries(EVENTS.map((e) => [e.value, e.label])) as Record<WebhookEvent, string>;

type UserErrors = readonly { field: readonly string[] | null; message: string }[];

function keysOf(text: string): string[] {
  return text
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}

/** The events checkboxes and segment keys field, shared by the create and edit forms. */
function EventFields({
  idPrefix,
  events,
  setEvents,
  segments,
  setSegments,
}: {
  idPrefix: string;
  events: WebhookEvent[];
  setEvents(events: WebhookEvent[]): void;
  segments: string;
  setSegments(text: string): void;
}) {
  return (
    <>
      <fieldset className="text-sm">
        <legend className="mb-1 font-medium text-slate-700">Events</legend>
        <div className="flex flex-wrap gap-3">
          {EVENTS.map((e) => (
            <label key={e.value} className="flex items-center gap-1 font-mono text-xs">
              <input
                type="checkbox"
                name={`${idPrefix}-${e.value}`}
                checked={events.includes(e.value)}
                onChange={(event) =>
                  setEvents(event.target.checked ? [...events, e.value] : events.filter((v) => v !== e.value))
                }
              />
              {e.label}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label="Segment keys"
        hint="Comma-separated keys (champions, at-risk); empty: every segment. Only membership events are filtered."
        className="w-80"
      >
        <TextInput
          name={`${idPrefix}-segments`}
          value={segments}
          onChange={(event) => setSegments(event.target.value)}
          placeholder="champions, at-risk"
        />
      </Field>
    </>
  );
}

function UserErrorList({ errors }: { errors: UserErrors }) {
  if (errors.length === 0) return null;
  return <UserErrorAlert errors={errors} />;
}

/** Mounted only with errors, so it takes focus when it appears after focus was lost. */
function UserErrorAlert({ errors }: { errors: UserErrors }) {
  const ref = useFocusIfLost<HTMLDivElement>();
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
    >
      <ul>
        {errors.map((e) => (
          <li key={`${e.field?.join(".")}:${e.message}`}>{e.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The signing secret, once, with a copy button: the API never shows it again. */
function SecretOnce({ secret, onDone }: { secret: string; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      data-testid="webhook-secret"
    >
      <p className="font-semibold">Signing secret: copy it now, it is shown only once.</p>
      <p className="mt-1">
        Verify each delivery's <code>Rfm-Signature</code> header with it (see docs/webhooks.md).
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="rounded bg-white px-2 py-1 font-mono text-xs" data-testid="webhook-secret-value">
          {secret}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          I have stored it
        </Button>
      </div>
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated(secret: string): void }) {
  const { profile } = useProfile();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["CUSTOMER_ENTERED_SEGMENT", "CUSTOMER_LEFT_SEGMENT"]);
  const [segments, setSegments] = useState("");
  const [errors, setErrors] = useState<UserErrors>([]);
  const [{ fetching, error }, create] = useMutation(CreateWebhookSubscriptionMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      input: { url: url.trim(), events, segmentKeys: keysOf(segments), profile },
    });
    const payload = result.data?.createWebhookSubscription;
    if (!payload) return;
    setErrors(payload.userErrors);
    if (payload.secret) {
      setUrl("");
      setSegments("");
      onCreated(payload.secret);
    }
  };

  return (
    <form onSubmit={submit} aria-label="New webhook subscription" className="flex flex-col gap-3">
      <Field label="URL" hint="http:// or https://; deliveries are POSTed here." className="max-w-xl">
        <TextInput
          name="webhookUrl"
          type="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://campaigns.example.com/rfm"
          required
        />
      </Field>
      <EventFields
        idPrefix="new"
        events={events}
        setEvents={setEvents}
        segments={segments}
        setSegments={setSegments}
      />
      <UserErrorList errors={errors} />
      {error && <ErrorState error={error} />}
      <div>
        <Button type="submit" disabled={fetching || events.length === 0}>
          {fetching ? "Creating…" : "Create subscription"}
        </Button>
      </div>
    </form>
  );
}

function SubscriptionRow({
  subscription,
  showingLog,
  onShowLog,
  onChanged,
}: {
  subscription: WebhookSubscriptionFieldsFragment;
  showingLog: boolean;
  onShowLog(): void;
  onChanged(): void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [events, setEvents] = useState<WebhookEvent[]>(subscription.events);
  const [segments, setSegments] = useState(subscription.segmentKeys.join(", "));
  const [active, setActive] = useState(subscription.active);
  const [errors, setErrors] = useState<UserErrors>([]);
  const [updateState, update] = useMutation(UpdateWebhookSubscriptionMutation);
  const [deleteState, remove] = useMutation(DeleteWebhookSubscriptionMutation);
  // The edit form and the delete confirmation take focus when opened and give it back when closed.
  const editFocus = useDisclosureFocus<HTMLButtonElement, HTMLFormElement>(editing);
  const deleteFocus = useDisclosureFocus<HTMLButtonElement, HTMLSpanElement>(confirming);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await update({
      input: { id: subscription.id, events, segmentKeys: keysOf(segments), active },
    });
    const payload = result.data?.updateWebhookSubscription;
    if (!payload) return;
    setErrors(payload.userErrors);
    if (payload.webhookSubscription) {
      setEditing(false);
      onChanged();
    }
  };

  const confirmDelete = async () => {
    const result = await remove({ input: { id: subscription.id } });
    if (result.data?.deleteWebhookSubscription.deletedId) {
      // The row goes away: reading goes on from the page's heading.
      focusMainHeading();
      onChanged();
    } else setErrors(result.data?.deleteWebhookSubscription.userErrors ?? []);
  };

  return (
    <>
      <tr className="border-b border-slate-100 align-top" data-subscription={subscription.number}>
        <td className="py-1 font-mono text-xs break-all">{subscription.url}</td>
        <td className="text-xs">{subscription.events.map((e) => EVENT_LABEL[e]).join(", ")}</td>
        <td className="text-xs">
          {subscription.segmentKeys.length === 0 ? "all" : subscription.segmentKeys.join(", ")}
        </td>
        <td className="text-xs">{subscription.profile}</td>
        <td>
          <span
            className={`rounded px-2 py-0.5 text-xs ${subscription.active ? "bg-green-100 text-green-900" : "bg-slate-100 text-slate-700"}`}
          >
            {subscription.active ? "Active" : "Paused"}
          </span>
        </td>
        <td className="text-xs">{formatDateTime(subscription.createdAt)}</td>
        <td className="flex flex-wrap gap-1 py-1">
          <Button variant="secondary" size="sm" onClick={onShowLog} aria-pressed={showingLog}>
            Deliveries
          </Button>
          <Button
            ref={editFocus.opener}
            variant="secondary"
            size="sm"
            aria-expanded={editing}
            onClick={() => setEditing(!editing)}
          >
            Edit
          </Button>
          {confirming ? (
            <span ref={deleteFocus.panel} className="flex gap-1">
              <Button variant="danger" size="sm" onClick={confirmDelete} disabled={deleteState.fetching}>
                Confirm delete
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirming(false)} data-autofocus>
                Keep
              </Button>
            </span>
          ) : (
            <Button ref={deleteFocus.opener} variant="ghost" size="sm" onClick={() => setConfirming(true)}>
              Delete
            </Button>
          )}
        </td>
      </tr>
      {(editing || errors.length > 0 || confirming) && (
        <tr className="border-b border-slate-100">
          <td colSpan={7} className="py-2">
            {confirming && (
              <p className="mb-2 text-sm text-red-900">
                Delete this subscription and its delivery log? Nothing more is sent to {subscription.url}.
              </p>
            )}
            {editing && (
              <form
                ref={editFocus.panel}
                onSubmit={save}
                aria-label="Edit webhook subscription"
                className="flex flex-col gap-3"
              >
                <EventFields
                  idPrefix={`edit-${subscription.number}`}
                  events={events}
                  setEvents={setEvents}
                  segments={segments}
                  setSegments={setSegments}
                />
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={active}
                    onChange={(event) => setActive(event.target.checked)}
                  />
                  Active (paused subscriptions are sent nothing)
                </label>
                <div className="flex gap-2">
                  <Button type="submit" size="sm" disabled={updateState.fetching || events.length === 0}>
                    Save
                  </Button>
                  <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
                    Cancel
                  </Button>
                </div>
              </form>
            )}
            <UserErrorList errors={errors} />
            {updateState.error && <ErrorState error={updateState.error} />}
            {deleteState.error && <ErrorState error={deleteState.error} />}
          </td>
        </tr>
      )}
    </>
  );
}

/** Webhook subscriptions and their delivery logs (admin only, as the API requires). */
export function WebhooksView() {
  const session = useSession();
  const admin = session.role === "ADMIN";
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: WebhookSubscriptionsQuery,
    pause: !admin,
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<WebhookSubscriptionFieldsFragment | null>(null);
  const refresh = () => reexecute({ requestPolicy: "network-only" });

  const header = (
    <PageHeader
      title="Webhooks"
      description="Campaign tools and storefronts are told when customers enter or leave segments, when a run completes and when a mapping is published: signed POSTs, retried for a day, with a delivery log per subscription."
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <ReadOnlyNotice>
          Webhook subscriptions hold secrets: only tokens with the admin role see and manage them.
        </ReadOnlyNotice>
        <PageReady page="webhooks" />
      </>
    );
  }
  const subscriptions = data?.webhookSubscriptions.edges.map((e) => e.node) ?? [];
  return (
    <>
      {header}
      <div className="flex flex-col gap-6">
        <Card
          title="Subscriptions"
          description="Each subscription receives the chosen events of one scoring profile, signed with its own secret."
        >
          {fetching && !data && <Loading />}
          {error && <ErrorState error={error} onRetry={refresh} />}
          {data && subscriptions.length === 0 && (
            <EmptyState>No subscriptions yet: create one below.</EmptyState>
          )}
          {subscriptions.length > 0 && (
            <DataTable
              caption="Webhook subscriptions"
              testId="webhook-subscriptions"
              columns={[
                { header: "URL" },
                { header: "Events" },
                { header: "Segments" },
                { header: "Profile" },
                { header: "State" },
                { header: "Created" },
                { header: "Actions" },
              ]}
            >
              {subscriptions.map((s) => (
                <SubscriptionRow
                  key={`${s.id}:${s.updatedAt}`}
                  subscription={s}
                  showingLog={logOf?.id === s.id}
                  onShowLog={() => setLogOf(logOf?.id === s.id ? null : s)}
                  onChanged={() => {
                    if (logOf?.id === s.id) setLogOf(null);
                    refresh();
                  }}
                />
              ))}
            </DataTable>
          )}
          {data && <PageReady page="webhooks" />}
        </Card>
        <Card
          title="New subscription"
          description="The secret that signs its deliveries is shown once, after creating."
        >
          {secret ? (
            <SecretOnce secret={secret} onDone={() => setSecret(null)} />
          ) : (
            <CreateForm
              onCreated={(created) => {
                setSecret(created);
                refresh();
              }}
            />
          )}
        </Card>
        {logOf && <DeliveryLog subscription={logOf} />}
        {secret === null && subscriptions.length > 0 && !logOf && (
          <Notice>
            Choose Deliveries on a subscription to see what was sent, each attempt's status code, and replay.
          </Notice>
        )}
      </div>
    </>
  );
}
