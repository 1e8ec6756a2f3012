"use client";

import { useEffect, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";
import { ThresholdWords } from "../../../../components/thresholds/threshold-words";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { ReadOnlyNotice } from "../../../../components/ui/read-only";
import { ErrorState, Loading } from "../../../../components/ui/states";
import { formatDateTime } from "../../../../lib/format";
import { moveCodes, segmentByCode } from "../../../../lib/mapping";
import { shortLabels } from "../../../../lib/segment-labels";
import { editBlockedReason, useSession } from "../../_components/session";
import { AssignPanel } from "./assign-panel";
import { CodeGrid, type GridSegment } from "./code-grid";
import { DiscardDraftButton } from "./discard-draft";
import { MappingEditorQuery } from "./documents";
import { MappingFilePanel } from "./mapping-file";
import { PreviewQuery, PreviewTable, previewInputOf } from "./preview-table";
import { PublishPanel } from "./publish-panel";
import { RulesEditor } from "./rules-editor";
import { ValidationList } from "./validation-list";
import { VersionHistory } from "./version-history";

/**
 * The mapping editor. Every edit goes to the one shared draft on the server (started from the
 * published mapping by the first edit), so what is shown is always the draft if there is one,
 * else the published mapping; publishing makes the draft the active mapping.
 */
export function MappingEditor() {
  const session = useSession();
  const blocked = editBlockedReason(session, "edit the mapping");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MappingEditorQuery });
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  // An assignment on its way to the server, shown at once in the grid and the preview until the
  // editor's data has it (or the server refused it). Re-reads in between still show the old
  // mapping and must not undo it on screen.
  const [pending, setPending] = useState<{ codes: string[]; target: string } | null>(null);
  const reload = () => reexecute({ requestPolicy: "network-only" });

  const published = data?.mapping;
  const draft = data?.mappingDraft ?? null;
  const working = draft ?? published;

  const reflected = pending !== null && working !== undefined && holdsCodes(working.segments, pending);
  const segments = useMemo(() => {
    const current = working?.segments ?? [];
    return pending && !reflected ? moveCodes(current, pending.codes, pending.target) : current;
  }, [working, pending, reflected]);
  useEffect(() => {
    if (reflected) setPending(null);
  }, [reflected]);
  useEffect(() => {
    // Safety net: if someone else moved the codes again before we read the draft back, the
    // server's state wins after a while.
    if (!pending) return;
    const timer = setTimeout(() => setPending(null), 10_000);
    return () => clearTimeout(timer);
  }, [pending]);
  const previewInput = useMemo(() => working && previewInputOf(working.bins, segments), [working, segments]);
  const client = useClient();
  const announce = (move: { codes: string[]; target: string } | null) => {
    setPending(move);
    if (!move || !working) return;
    // Ask for the preview of the edited mapping before the edit itself is sent: the API answers
    // requests in order, and the preview should not wait behind the write. The preview table
    // renders with the same variables and shares this request.
    const next = moveCodes(working.segments, move.codes, move.target);
    void client.query(PreviewQuery, { input: previewInputOf(working.bins, next) }).toPromise();
  };

  const labels = useMemo(() => shortLabels(segments.map((s) => s.name)), [segments]);
  const segmentOf = useMemo(() => {
    const byCode = segmentByCode(segments);
    const byName = new Map(segments.map((s) => [s.name, s]));
    const out = new Map<string, GridSegment>();
    for (const [code, name] of byCode) {
      const segment = byName.get(name);
      if (segment) out.set(code, { name, color: segment.color, label: labels.get(name) ?? name });
    }
    return out;
  }, [segments, labels]);
  const flagged = useMemo(() => new Set(working?.problems.flatMap((p) => p.codes) ?? []), [working]);

  return (
    <>
      <PageHeader
        title="Mapping editor"
        description="Which RFM codes belong to which segment. Select codes in the grid and assign them, or define a segment by score ranges; check the preview; publish with a note."
        actions={draft ? <DiscardDraftButton blockedReason={blocked} /> : undefined}
      />
      {fetching && !data && <Loading label="Loading the mapping…" />}
      {error && !data && <ErrorState error={error} onRetry={reload} />}
      {published && working && (
        <div className="space-y-6">
          <PageReady page="mapping" />
          {blocked && (
            <ReadOnlyNotice id="mapping-read-only">{blocked} You can look at everything here.</ReadOnlyNotice>
          )}
          <p className="text-sm text-slate-700" data-testid="mapping-status">
            {draft ? (
              <>
                Editing the shared <strong>draft</strong> (started from v{draft.basedOn ?? published.version},
                last edited by {draft.author}, {formatDateTime(draft.createdAt)}).{" "}
                {draft.valid ? "It is valid." : "It has problems to fix before publishing."}
              </>
            ) : (
              <>
                Showing the published mapping <strong>v{published.version}</strong> ({published.bins} scores
                per dimension). The first change starts a shared draft; nothing changes for anyone until it is
                published.
              </>
            )}
          </p>
          <div className="flex flex-wrap items-start gap-6">
            <div className="min-w-0 flex-1 overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="mb-2 text-base font-semibold">Codes</h2>
              <CodeGrid
                bins={working.bins}
                segmentOf={segmentOf}
                selected={selected}
                onSelectedChange={setSelected}
                flagged={flagged}
              />
            </div>
            <AssignPanel
              segments={segments}
              onPending={announce}
              labels={labels}
              selected={selected}
              onSelectedChange={setSelected}
              blockedReason={blocked}
            />
          </div>
          <ThresholdWords />
          <ValidationList problems={working.problems} warnings={working.warnings} />
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
            <div className="xl:col-span-2">
              {previewInput && (
                <PreviewTable hasDraft={draft !== null || pending !== null} input={previewInput} />
              )}
            </div>
            <PublishPanel published={published} draft={draft} blockedReason={blocked} onReload={reload} />
          </div>
          <RulesEditor segments={working.segments} bins={working.bins} blockedReason={blocked} />
          <MappingFilePanel hasDraft={draft !== null} blockedReason={blocked} />
          <VersionHistory currentVersion={published.version} blockedReason={blocked} />
        </div>
      )}
    </>
  );
}

/** True when the target segment already holds every code of the move. */
function holdsCodes(
  segments: readonly { name: string; codes: readonly string[] }[],
  move: { codes: readonly string[]; target: string },
): boolean {
  const target = segments.find((s) => s.name === move.target);
  return target !== undefined && move.codes.every((code) => target.codes.includes(code));
}
