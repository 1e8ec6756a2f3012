"use client";

import { type FormEvent, useState } from "react";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, TextArea } from "../../../../components/ui/form";
import { DoneMessage, ErrorState } from "../../../../components/ui/states";
import { errorCode } from "../../../../graphql/errors";
import { graphql } from "../../../../graphql/generated";
import { usePayloadMutation } from "../../../../graphql/payload";
import { codeMoves } from "../../../../lib/mapping";
import { MoveList } from "./move-list";

const PublishMutation = graphql(`
  mutation PublishMapping($input: PublishMappingInput!) {
    publishMapping(input: $input) {
      mapping {
        ...MappingVersionFields
      }
      latestVersion
      userErrors {
        field
        code
        message
      }
    }
  }
`);

interface VersionCodes {
  version: number | null;
  valid: boolean;
  segments: readonly { name: string; codes: readonly string[] }[];
}

/**
 * Publishing the draft, with a note. The published version this editor last loaded is sent as
 * `expectedVersion`: if someone else published in between, the API refuses with CONFLICT and
 * nothing is overwritten; the user reloads to see their version first.
 */
export function PublishPanel({
  published,
  draft,
  blockedReason,
  onReload,
}: {
  published: VersionCodes;
  draft: VersionCodes | null;
  blockedReason: string | undefined;
  onReload: () => void;
}) {
  const [note, setNote] = useState("");
  const [{ fetching, error }, publish] = usePayloadMutation(PublishMutation, (d) => d.publishMapping);
  const [publishedVersion, setPublishedVersion] = useState<number | null>(null);
  /** Set when the API answered CONFLICT: the version someone else published, when it says. */
  const [conflict, setConflict] = useState<{ publishedVersion: number | null } | null>(null);

  const moves = draft ? codeMoves(published.segments, draft.segments) : [];
  const reason =
    blockedReason ??
    (!draft
      ? "There is no draft: change the mapping first."
      : !draft.valid
        ? "The draft has problems (listed above) to fix first."
        : published.version === null
          ? "The published version is unknown; reload."
          : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (published.version === null) return;
    setPublishedVersion(null);
    setConflict(null);
    const result = await publish(
      { input: { expectedVersion: published.version, note: note.trim() || null } },
      { additionalTypenames: ["Segment", "Overview", "MappingPreview"] },
    );
    if (errorCode(result.error) === "CONFLICT") {
      const latest = result.data?.publishMapping.latestVersion;
      setConflict({ publishedVersion: typeof latest === "number" ? latest : null });
    } else if (result.data?.publishMapping.mapping) {
      setPublishedVersion(result.data.publishMapping.mapping.version);
      setNote("");
    }
  };

  return (
    <Card
      title="Publish"
      description="Makes the draft the active mapping for every query, dashboard and export at once."
    >
      <form onSubmit={submit} className="space-y-3">
        {draft && (
          <div data-testid="publish-changes">
            <h3 className="text-sm font-medium">What publishing changes</h3>
            <MoveList moves={moves} empty="No code changes segment (segment details may still differ)." />
          </div>
        )}
        <Field label="Note (what changed and why)">
          <TextArea
            name="note"
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            disabled={blockedReason !== undefined}
          />
        </Field>
        <Button type="submit" disabled={reason !== undefined || fetching} aria-describedby="publish-reason">
          {fetching ? "Publishing…" : `Publish as v${(published.version ?? 0) + 1}`}
        </Button>
        {reason && (
          <p id="publish-reason" className="text-xs text-slate-600">
            {reason}
          </p>
        )}
        {conflict && (
          <div
            role="alert"
            className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
            data-testid="publish-conflict"
          >
            <p className="font-semibold">Someone else published first.</p>
            <p className="mt-1">
              {conflict.publishedVersion !== null
                ? `Version v${conflict.publishedVersion} was published`
                : `A newer version than v${published.version} was published`}{" "}
              while you were editing from v{published.version}, so yours was not published (nothing was
              overwritten). Reload to see the current version and the shared draft, check the preview again,
              then publish.
            </p>
            <Button
              variant="secondary"
              size="sm"
              className="mt-2"
              onClick={() => {
                setConflict(null);
                onReload();
              }}
            >
              Reload the mapping
            </Button>
          </div>
        )}
        {error && !conflict && <ErrorState error={error} />}
        {publishedVersion !== null && !error && (
          <DoneMessage className="text-sm text-green-800" testId="publish-done">
            Published v{publishedVersion}. The dashboard, segments and exports use it now.
          </DoneMessage>
        )}
      </form>
    </Card>
  );
}
