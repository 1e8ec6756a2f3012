"use client";

import { type FormEvent, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, TextInput } from "../../../../components/ui/form";
import { ErrorState, Loading } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import type { CustomerFilter } from "../../../../graphql/generated/graphql";
import { formatDateTime, formatInt } from "../../../../lib/format";

const SavedAudiencesQuery = graphql(`
  query SavedAudiences {
    savedAudiences(first: 100) {
      totalCount
      edges {
        node {
          name
          version
          summary
          parameters
          note
          customerCount
          problem
          updatedAt
          updatedBy
        }
      }
    }
  }
`);

const SaveAudienceMutation = graphql(`
  mutation SaveAudience($input: SaveAudienceInput!) {
    saveAudience(input: $input) {
      savedAudience {
        name
        version
        customerCount
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const DeleteSavedAudienceMutation = graphql(`
  mutation DeleteSavedAudience($input: DeleteSavedAudienceInput!) {
    deleteSavedAudience(input: $input) {
      savedAudience {
        name
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const ExportSavedAudienceMutation = graphql(`
  mutation ExportSavedAudience($input: CreateExportInput!) {
    createExport(input: $input) {
      export {
        url
        rows
        expiresAt
        fileName
        summary
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/**
 * Saving the audience the filters describe under a name (again: a new version), and the saved
 * audiences: open one (its filters fill the page), export it by name, delete it.
 */
export function SavedAudiences({
  filter,
  canEdit,
  onOpen,
}: {
  filter: CustomerFilter;
  canEdit: boolean;
  /** Opens a saved audience: its parameters become the page's. */
  onOpen: (name: string, parameters: string) => void;
}) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SavedAudiencesQuery });
  const [saved, save] = useMutation(SaveAudienceMutation);
  const [deleted, remove] = useMutation(DeleteSavedAudienceMutation);
  const [exported, exportAudience] = useMutation(ExportSavedAudienceMutation);
  const [exportedName, setExportedName] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const blocked = canEdit
    ? undefined
    : "Your token has the viewer role, which may not save or export audiences.";

  const announce = (text: string) => {
    setMessage(text);
    // Focus goes to the outcome, never to the page body.
    requestAnimationFrame(() => status.current?.focus());
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await save({
      input: { name: String(form.get("name") ?? ""), note: String(form.get("note") ?? "") || null, filter },
    });
    const audience = result.data?.saveAudience.savedAudience;
    if (audience) {
      announce(
        `Saved “${audience.name}”, version ${audience.version} (${formatInt(audience.customerCount)} customers now).`,
      );
      refetch({ requestPolicy: "network-only" });
    }
  };
  const drop = async (name: string) => {
    const result = await remove({ input: { name } });
    if (result.data?.deleteSavedAudience.savedAudience) {
      announce(`Deleted “${name}”.`);
      refetch({ requestPolicy: "network-only" });
    }
  };
  const exportByName = async (name: string) => {
    setExportedName(name);
    await exportAudience({ input: { audience: name } });
  };
  const ticket = exported.data?.createExport.export;

  return (
    <Card
      title="Saved audiences"
      description="Save these filters under a name to re-pull the same audience next week: it is counted and exported against the current run each time."
    >
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-3" aria-label="Save the audience">
        <Field label="Name">
          <TextInput name="name" required maxLength={100} disabled={blocked !== undefined} />
        </Field>
        <Field label="Note (optional)">
          <TextInput name="note" maxLength={1000} disabled={blocked !== undefined} />
        </Field>
        <div className="flex items-end">
          <Button type="submit" disabled={blocked !== undefined || saved.fetching}>
            {saved.fetching ? "Saving…" : "Save this audience"}
          </Button>
        </div>
      </form>
      {blocked && <p className="mt-1 text-xs text-slate-600">{blocked}</p>}
      <UserErrors errors={saved.data?.saveAudience.userErrors} />
      <UserErrors errors={deleted.data?.deleteSavedAudience.userErrors} />
      <p
        ref={status}
        tabIndex={-1}
        role="status"
        className="mt-2 text-sm text-slate-700"
        data-testid="saved-status"
      >
        {message}
      </p>
      {fetching && !data && <Loading label="Loading saved audiences…" />}
      {error && <ErrorState error={error} />}
      {data && data.savedAudiences.edges.length === 0 && (
        <p className="mt-2 text-sm text-slate-600">No saved audiences yet.</p>
      )}
      {data && data.savedAudiences.edges.length > 0 && (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="saved-audiences">
          {data.savedAudiences.edges.map(({ node }) => (
            <li
              key={node.name}
              className="flex flex-wrap items-center justify-between gap-2 py-2"
              data-audience={node.name}
            >
              <div className="min-w-0">
                <p className="font-medium">
                  {node.name} <span className="text-xs text-slate-600">v{node.version}</span>
                </p>
                <p className="text-xs text-slate-600">
                  {node.summary}
                  {node.note ? ` · ${node.note}` : ""} ·{" "}
                  {node.problem ?? `${formatInt(node.customerCount)} customers now`} · saved{" "}
                  {formatDateTime(node.updatedAt)} by {node.updatedBy}
                </p>
              </div>
              <div className="flex gap-2">
                <Button size="sm" variant="secondary" onClick={() => onOpen(node.name, node.parameters)}>
                  Open<span className="sr-only"> {node.name}</span>
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={blocked !== undefined || exported.fetching}
                  onClick={() => exportByName(node.name)}
                >
                  Export<span className="sr-only"> {node.name}</span>
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={blocked !== undefined}
                  onClick={() => drop(node.name)}
                >
                  Delete<span className="sr-only"> {node.name}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {exportedName && <UserErrors errors={exported.data?.createExport.userErrors} />}
      {exportedName && ticket && (
        <div role="status" className="mt-2 rounded border border-green-200 bg-green-50 p-3 text-sm">
          <a
            href={ticket.url}
            download
            className="font-semibold text-blue-800 underline"
            data-testid="saved-export-download"
          >
            Download {ticket.fileName}
          </a>
          <p className="mt-1 text-xs text-slate-700" data-testid="saved-export-summary">
            {formatInt(ticket.rows)} rows (customers with marketing consent)
            {ticket.summary ? `; ${ticket.summary}.` : "; nobody left out for consent."} For everyone of the
            audience, open it and export it for analysis. The link works until{" "}
            {formatDateTime(ticket.expiresAt)}.
          </p>
        </div>
      )}
    </Card>
  );
}
