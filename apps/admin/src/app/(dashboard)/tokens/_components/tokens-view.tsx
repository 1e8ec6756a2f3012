"use client";

import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { DataTable } from "../../../../components/ui/data-table";
import { inputClass } from "../../../../components/ui/form";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { ReadOnlyNotice } from "../../../../components/ui/read-only";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { UserErrors, type UserErrorView } from "../../../../components/ui/user-errors";
import type { ApiTokenFieldsFragment, ApiTokenStatus, Role } from "../../../../graphql/generated/graphql";
import { formatDateTime } from "../../../../lib/format";
import { useSession } from "../../_components/session";
import { ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation } from "./documents";

const ROLES: readonly { value: Role; label: string; hint: string }[] = [
  { value: "VIEWER", label: "Viewer", hint: "reads every page; changes nothing" },
  { value: "EDITOR", label: "Editor", hint: "also edits segments, starts scoring runs, exports audiences" },
  { value: "ADMIN", label: "Admin", hint: "also imports files, schedules, webhooks and team access" },
];
const ROLE_LABEL = Object.fromEntries(ROLES.map((r) => [r.value, r.label])) as Record<Role, string>;

const STATUS: Record<ApiTokenStatus, { label: string; className: string }> = {
  ACTIVE: { label: "Active", className: "bg-green-100 text-green-900" },
  EXPIRED: { label: "Expired", className: "bg-amber-100 text-amber-950" },
  REVOKED: { label: "Revoked", className: "bg-slate-100 text-slate-700" },
};

type Expiry = "never" | "30" | "90" | "365" | "date";

/** Today in UTC (YYYY-MM-DD): the earliest last day a token may have. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A labelled control whose hint is linked with aria-describedby (not inside the label). */
function Labelled({
  id,
  label,
  hint,
  className = "",
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  className?: string;
  children: (describedBy: string | undefined) => React.ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={`text-sm ${className}`}>
      <label htmlFor={id} className="mb-1 block font-medium text-slate-700">
        {label}
      </label>
      {children(hintId)}
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}

function CreateTokenForm({
  nameRef,
  focusName,
  onCreated,
}: {
  nameRef: RefObject<HTMLInputElement | null>;
  /** Focus the name once mounted: the form coming back after the secret was stored. */
  focusName: boolean;
  onCreated(created: { secret: string; token: ApiTokenFieldsFragment }): void;
}) {
  const id = useId();
  // On mount, not in a timer: the input exists once React has committed the form.
  useEffect(() => {
    if (focusName) nameRef.current?.focus();
  }, [focusName, nameRef]);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("VIEWER");
  const [expiry, setExpiry] = useState<Expiry>("never");
  const [expiresOn, setExpiresOn] = useState("");
  const [errors, setErrors] = useState<readonly UserErrorView[]>([]);
  const [{ fetching, error }, create] = useMutation(CreateApiTokenMutation);
  const errorsRef = useRef<HTMLDivElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      input: {
        name: name.trim(),
        role,
        expiresInDays: expiry === "never" || expiry === "date" ? null : Number(expiry),
        expiresOn: expiry === "date" ? expiresOn || null : null,
      },
    });
    const payload = result.data?.createApiToken;
    if (!payload) return;
    setErrors(payload.userErrors);
    if (payload.secret && payload.apiToken) {
      setName("");
      onCreated({ secret: payload.secret, token: payload.apiToken });
    } else {
      errorsRef.current?.focus();
    }
  };

  return (
    <form onSubmit={submit} aria-label="New API token" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-4">
        <Labelled
          id={`${id}-name`}
          label="Name"
          hint="Who or what holds it: a person, a team, a tool. Shown in the audit and export logs."
          className="w-full max-w-xs"
        >
          {(describedBy) => (
            <input
              ref={nameRef}
              id={`${id}-name`}
              name="tokenName"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-describedby={describedBy}
              maxLength={100}
              required
              className={inputClass}
            />
          )}
        </Labelled>
        <Labelled
          id={`${id}-role`}
          label="Role"
          hint={ROLES.find((r) => r.value === role)?.hint}
          className="w-full max-w-xs"
        >
          {(describedBy) => (
            <select
              id={`${id}-role`}
              name="tokenRole"
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
              aria-describedby={describedBy}
              className={inputClass}
            >
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Labelled>
        <Labelled
          id={`${id}-expiry`}
          label="Expires"
          hint="After it expires, signing in with it is refused, saying when it expired."
          className="w-full max-w-xs"
        >
          {(describedBy) => (
            <select
              id={`${id}-expiry`}
              name="tokenExpiry"
              value={expiry}
              onChange={(event) => setExpiry(event.target.value as Expiry)}
              aria-describedby={describedBy}
              className={inputClass}
            >
              <option value="never">Never</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In 365 days</option>
              <option value="date">On a date…</option>
            </select>
          )}
        </Labelled>
        {expiry === "date" && (
          <Labelled
            id={`${id}-on`}
            label="Last day it works"
            hint="In UTC: it stops at midnight UTC after this day."
            className="w-full max-w-xs"
          >
            {(describedBy) => (
              <input
                id={`${id}-on`}
                type="date"
                name="tokenExpiresOn"
                min={todayUtc()}
                value={expiresOn}
                onChange={(event) => setExpiresOn(event.target.value)}
                aria-describedby={describedBy}
                required
                className={inputClass}
              />
            )}
          </Labelled>
        )}
      </div>
      <div ref={errorsRef} tabIndex={-1}>
        <UserErrors errors={errors} />
      </div>
      {error && <ErrorState error={error} />}
      <div>
        <Button type="submit" disabled={fetching || name.trim() === ""}>
          {fetching ? "Creating…" : "Create the token"}
        </Button>
      </div>
    </form>
  );
}

/** The new token's secret, once, with a copy button: only its hash is stored. */
function SecretOnce({
  secret,
  token,
  onDone,
}: {
  secret: string;
  token: ApiTokenFieldsFragment;
  onDone(): void;
}) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const panel = useRef<HTMLElement>(null);
  const value = useRef<HTMLElement>(null);
  const headingId = useId();
  useEffect(() => panel.current?.focus(), []);
  const copy = () => {
    void (navigator.clipboard?.writeText(secret) ?? Promise.reject(new Error("no clipboard"))).then(
      () => setCopied("yes"),
      () => {
        // No clipboard (an insecure origin): select the text, so Ctrl+C copies it.
        const range = document.createRange();
        if (value.current) range.selectNodeContents(value.current);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        setCopied("failed");
      },
    );
  };
  return (
    <section
      ref={panel}
      tabIndex={-1}
      aria-labelledby={headingId}
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      data-testid="token-secret"
    >
      <h3 id={headingId} className="font-semibold">
        Copy the token for “{token.name}” now: you will not see it again.
      </h3>
      <p className="mt-1">
        Only a hash of it is stored. Give it to {token.name} to sign in to the admin or to send as{" "}
        <code>Authorization: Bearer …</code>. If it is lost, revoke it and create another.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          ref={value}
          className="max-w-full rounded bg-white px-2 py-1 font-mono text-xs break-all"
          data-testid="token-secret-value"
        >
          {secret}
        </code>
        <Button variant="secondary" size="sm" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          I have stored it
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 text-xs">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "The browser refused the clipboard: the token is selected, press Ctrl+C (⌘C) to copy it."
            : ""}
      </p>
    </section>
  );
}

/** The confirmation before revoking: a modal dialog (focus stays inside it while open). */
function RevokeDialog({
  token,
  onCancel,
  onRevoked,
}: {
  token: ApiTokenFieldsFragment;
  onCancel(): void;
  onRevoked(token: ApiTokenFieldsFragment): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [{ fetching, error }, revoke] = useMutation(RevokeApiTokenMutation);
  const [errors, setErrors] = useState<readonly UserErrorView[]>([]);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  // Closed before the parent moves focus: while it is modal, the rest of the page is inert.
  const cancel = () => {
    dialog.current?.close();
    onCancel();
  };
  const confirm = async () => {
    const result = await revoke({ input: { id: token.id, confirmOwnToken: token.current } });
    const payload = result.data?.revokeApiToken;
    if (!payload) return;
    setErrors(payload.userErrors);
    if (payload.apiToken) {
      dialog.current?.close();
      onRevoked(payload.apiToken);
    }
  };
  return (
    <dialog
      ref={dialog}
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-300 p-4 text-sm text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={headingId} className="text-base font-semibold">
        Revoke “{token.name}”?
      </h2>
      <p className="mt-2">
        Every request with it is refused from now on, and it cannot be turned back on: whoever holds it needs
        a new token.
      </p>
      {token.current && (
        <p className="mt-2 rounded border border-red-200 bg-red-50 p-2 font-medium text-red-900">
          This is the token you are signed in with: revoking it signs you out of the admin now.
        </p>
      )}
      <div className="mt-3">
        <UserErrors errors={errors} />
        {error && <ErrorState error={error} />}
      </div>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={cancel} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm} disabled={fetching}>
          {fetching ? "Revoking…" : token.current ? "Revoke and sign out" : "Revoke the token"}
        </Button>
      </div>
    </dialog>
  );
}

function TokenRow({
  token,
  onRevoke,
}: {
  token: ApiTokenFieldsFragment;
  onRevoke(button: HTMLElement): void;
}) {
  const status = STATUS[token.status];
  return (
    <tr className="border-b border-slate-100 align-top" data-token={token.number}>
      <td className="py-1.5 pr-3">
        <span className="font-medium">{token.name}</span>
        {token.current && (
          <span className="ml-2 rounded bg-blue-100 px-1.5 py-0.5 text-xs text-blue-900">you</span>
        )}
        <span className="block text-xs text-slate-600">#{token.number}</span>
      </td>
      <td className="pr-3">{ROLE_LABEL[token.role]}</td>
      <td className="pr-3 text-xs whitespace-nowrap">{formatDateTime(token.createdAt)}</td>
      <td className="pr-3 text-xs whitespace-nowrap">
        {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}
      </td>
      <td className="pr-3 text-xs whitespace-nowrap">
        {token.expiresAt ? formatDateTime(token.expiresAt) : "Never"}
      </td>
      <td className="pr-3">
        <span className={`rounded px-2 py-0.5 text-xs ${status.className}`} data-testid="token-status">
          {status.label}
        </span>
        {token.revokedAt && (
          <span className="block text-xs text-slate-600">{formatDateTime(token.revokedAt)}</span>
        )}
      </td>
      <td className="py-1">
        {token.status !== "REVOKED" && (
          <Button
            variant="secondary"
            size="sm"
            onClick={(event) => onRevoke(event.currentTarget)}
            aria-label={`Revoke ${token.name}`}
          >
            Revoke
          </Button>
        )}
      </td>
    </tr>
  );
}

/** Team access: API tokens, created (shown once), listed and revoked (admins only, as the API requires). */
export function TokensView() {
  const session = useSession();
  const admin = session.isAdmin;
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApiTokensQuery, pause: !admin });
  const [created, setCreated] = useState<{ secret: string; token: ApiTokenFieldsFragment } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenFieldsFragment | null>(null);
  const [revoked, setRevoked] = useState<ApiTokenFieldsFragment | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const [focusName, setFocusName] = useState(false);
  const revokedNotice = useRef<HTMLParagraphElement>(null);
  const refresh = () => reexecute({ requestPolicy: "network-only" });

  useEffect(() => {
    if (revoked) revokedNotice.current?.focus();
  }, [revoked]);

  const header = (
    <PageHeader
      title="Team access"
      description="API tokens sign people into this admin and tools into the API. Each has a role: viewers read, editors also change segments, start scoring runs and export, admins also import and manage access."
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <ReadOnlyNotice>
          Tokens grant access to every customer's data: only tokens with the admin role see and manage them.
          Ask an admin for a token with another role.
        </ReadOnlyNotice>
        <PageReady page="tokens" />
      </>
    );
  }
  const tokens = data?.apiTokens.edges.map((e) => e.node) ?? [];
  return (
    <>
      {header}
      <div className="flex flex-col gap-6">
        <Card
          title="New token"
          description="Its secret is shown once, right after it is created: copy it then and hand it over."
        >
          {created ? (
            <SecretOnce
              secret={created.secret}
              token={created.token}
              onDone={() => {
                // The form comes back, its name focused: the next control to use.
                setFocusName(true);
                setCreated(null);
              }}
            />
          ) : (
            <CreateTokenForm
              nameRef={nameRef}
              focusName={focusName}
              onCreated={(made) => {
                setRevoked(null);
                setCreated(made);
                refresh();
              }}
            />
          )}
        </Card>
        <Card title="Tokens" description="Newest first. Revoked and expired tokens stay listed as a record.">
          {revoked && (
            <p
              ref={revokedNotice}
              tabIndex={-1}
              role="status"
              className="mb-3 rounded border border-green-200 bg-green-50 p-2 text-sm text-green-950"
            >
              “{revoked.name}” is revoked: requests with it are refused.
            </p>
          )}
          {fetching && !data && <Loading />}
          {error && <ErrorState error={error} onRetry={refresh} />}
          {data && tokens.length === 0 && <EmptyState>No tokens yet.</EmptyState>}
          {tokens.length > 0 && (
            <DataTable
              caption="API tokens"
              testId="api-tokens"
              columns={[
                { header: "Name" },
                { header: "Role" },
                { header: "Created" },
                { header: "Last used" },
                { header: "Expires" },
                { header: "Status" },
                { header: "Actions" },
              ]}
            >
              {tokens.map((t) => (
                <TokenRow
                  key={`${t.id}:${t.status}`}
                  token={t}
                  onRevoke={(button) => {
                    trigger.current = button;
                    setRevoking(t);
                  }}
                />
              ))}
            </DataTable>
          )}
          {data?.apiTokens.pageInfo.hasNextPage && (
            <p className="mt-2 text-xs text-slate-600">
              The newest 100 of {data.apiTokens.totalCount} are shown; rfm token list prints them all.
            </p>
          )}
          {data && <PageReady page="tokens" />}
        </Card>
      </div>
      {revoking && (
        <RevokeDialog
          token={revoking}
          onCancel={() => {
            setRevoking(null);
            trigger.current?.focus();
          }}
          onRevoked={(done) => {
            setRevoking(null);
            if (done.current) {
              session.signOut();
              return;
            }
            setRevoked(done);
            refresh();
          }}
        />
      )}
    </>
  );
}
