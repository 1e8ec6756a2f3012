"use client";

import { useState } from "react";
import { useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { useDisclosureFocus } from "../../../../components/ui/focus";
import { Field, TextInput } from "../../../../components/ui/form";
import { DoneMessage, EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";
import { formatDateTime } from "../../../../lib/format";
import { codeMoves } from "../../../../lib/mapping";
import { MoveList } from "./move-list";

const VersionsQuery = graphql(`
  query MappingVersions {
    mappingVersions(first: 200) {
      totalCount
      edges {
        node {
          version
          basedOn
          author
          note
          publishedAt
          createdAt
          segments {
            name
            codes
          }
        }
      }
    }
  }
`);

const RollbackMutation = graphql(`
  mutation RollbackMapping($input: RollbackMappingInput!) {
    rollbackMapping(input: $input) {
      mapping {
        ...MappingVersionFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/** Every published version, newest first, with the codes that moved against the one before. */
export function VersionHistory({
  currentVersion,
  blockedReason,
}: {
  currentVersion: number | null;
  blockedReason: string | undefined;
}) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: VersionsQuery });
  // The latest 200 versions (the most one page gives); older ones stay in the API's connection.
  const versions = data?.mappingVersions.edges.map((e) => e.node) ?? [];
  return (
    <Card title="Version history" description="Published versions, newest first, and what moved in each.">
      {fetching && !data && <Loading />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && versions.length === 0 && <EmptyState>No version has been published yet.</EmptyState>}
      <ol className="divide-y divide-slate-100" data-testid="version-history">
        {versions.map((v, index) => {
          const previous = versions[index + 1];
          return (
            <li key={v.version ?? index} className="py-3" data-version={v.version ?? ""}>
              <div className="flex flex-wrap items-baseline gap-x-3">
                <span className="font-semibold">v{v.version}</span>
                {v.version === currentVersion && (
                  <span className="rounded bg-green-100 px-1.5 text-xs text-green-900">active</span>
                )}
                <span className="text-sm text-slate-600">
                  {formatDateTime(v.publishedAt ?? v.createdAt)} by {v.author}
                </span>
                {v.basedOn !== null && previous && v.basedOn !== previous.version && (
                  <span className="text-xs text-slate-600">(copy of v{v.basedOn})</span>
                )}
              </div>
              {v.note && <p className="mt-1 text-sm">“{v.note}”</p>}
              <div className="mt-1">
                {previous ? (
                  <MoveList moves={codeMoves(previous.segments, v.segments)} empty="No code moved." />
                ) : (
                  <p className="text-sm text-slate-600">The first version.</p>
                )}
              </div>
              {v.version !== null && v.version !== currentVersion && (
                <Rollback version={v.version} blockedReason={blockedReason} />
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

function Rollback({ version, blockedReason }: { version: number; blockedReason: string | undefined }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [{ fetching, error }, rollback] = usePayloadMutation(RollbackMutation, (d) => d.rollbackMapping);
  const [done, setDone] = useState<number | null>(null);
  const { opener, panel } = useDisclosureFocus<HTMLButtonElement, HTMLFormElement>(open && done === null);
  if (done !== null) {
    return (
      <DoneMessage className="mt-2 text-sm text-green-800">
        Restored v{version} as the new v{done}.
      </DoneMessage>
    );
  }
  if (!open) {
    return (
      <div className="mt-2">
        <Button
          ref={opener}
          variant="secondary"
          size="sm"
          disabled={blockedReason !== undefined}
          onClick={() => setOpen(true)}
          title={blockedReason}
        >
          Roll back to v{version}…
        </Button>
      </div>
    );
  }
  return (
    <form
      ref={panel}
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await rollback(
          { input: { version, note: note.trim() || null } },
          { additionalTypenames: ["Segment", "Overview", "MappingPreview"] },
        );
        const restored = result.data?.rollbackMapping.mapping;
        if (restored) setDone(restored.version ?? version);
      }}
    >
      <Field label={`Why restore v${version}?`} className="w-72">
        <TextInput value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <Button type="submit" size="sm" disabled={fetching}>
        Publish a copy of v{version}
      </Button>
      <Button variant="secondary" size="sm" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      {error && <ErrorState error={error} />}
    </form>
  );
}
