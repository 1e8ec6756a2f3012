"use client";

import { useRef, useState } from "react";
import { type CombinedError, useClient, useMutation } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { ErrorState } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import type { MappingFileFormat } from "../../../../graphql/generated/graphql";

const MappingFileQuery = graphql(`
  query MappingFile($format: MappingFileFormat!, $draft: Boolean!) {
    mappingFile(format: $format, draft: $draft)
  }
`);

const ImportMappingFileMutation = graphql(`
  mutation ImportMappingFile($input: ImportMappingFileInput!) {
    importMappingFile(input: $input) {
      published
      mapping {
        ...MappingVersionFields
      }
      report {
        form
        order
        othersSegment
        unmatched
        entries {
          path
          segment
          rule
          codes
          shadowed {
            code
            takenBy
          }
        }
      }
    }
  }
`);

type Report = {
  form: string;
  order: string;
  othersSegment?: string | null;
  unmatched: string[];
  entries: {
    path: string;
    segment: string;
    rule: string;
    codes: string[];
    shadowed: { code: string; takenBy: string }[];
  }[];
};

/** Downloads the shown mapping (the draft if any) as a file, and uploads a file into the draft. */
export function MappingFilePanel({
  hasDraft,
  blockedReason,
}: {
  hasDraft: boolean;
  blockedReason: string | undefined;
}) {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const [downloadError, setDownloadError] = useState<CombinedError | undefined>();
  const [report, setReport] = useState<Report | null>(null);
  const [{ fetching, error }, importFile] = useMutation(ImportMappingFileMutation);

  const download = async (format: MappingFileFormat) => {
    const result = await client
      .query(MappingFileQuery, { format, draft: hasDraft }, { requestPolicy: "network-only" })
      .toPromise();
    setDownloadError(result.error);
    const text = result.data?.mappingFile;
    if (!text) return;
    const yaml = format === "YAML";
    const url = URL.createObjectURL(
      new Blob([text], { type: yaml ? "application/yaml" : "application/json" }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = `rfm-mapping${hasDraft ? "-draft" : ""}.${yaml ? "yaml" : "json"}`;
    link.click();
    URL.revokeObjectURL(url);
  };

  const upload = async (file: File) => {
    setReport(null);
    const text = await file.text();
    const format = /\.json$/i.test(file.name) ? "JSON" : /\.ya?ml$/i.test(file.name) ? "YAML" : null;
    const result = await importFile(
      { input: { text, format, publish: false } },
      { additionalTypenames: ["MappingVersion", "MappingPreview"] },
    );
    if (result.data) setReport(result.data.importMappingFile.report);
    if (input.current) input.current.value = "";
  };

  return (
    <Card
      title="Mapping file"
      description="Download the mapping shown here as JSON or YAML, or upload a file (also R rfm_segment() vectors or a PyMC-Marketing segment_config) to replace the draft's segments. Publishing stays a separate step."
    >
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => void download("JSON")}>
          Download JSON
        </Button>
        <Button variant="secondary" onClick={() => void download("YAML")}>
          Download YAML
        </Button>
        <label className="sr-only" htmlFor="mapping-file-upload">
          Mapping file to upload
        </label>
        <input
          ref={input}
          id="mapping-file-upload"
          type="file"
          accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
          className="hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        <Button
          onClick={() => input.current?.click()}
          disabled={blockedReason !== undefined || fetching}
          title={blockedReason}
          aria-describedby={blockedReason ? "mapping-read-only" : undefined}
        >
          {fetching ? "Uploading…" : "Upload file…"}
        </Button>
      </div>
      {downloadError && <ErrorState error={downloadError} />}
      {error && <ErrorState error={error} />}
      {report && <ImportReport report={report} />}
    </Card>
  );
}

/** What each rule of the uploaded file got, and the codes earlier rules took from it. */
function ImportReport({ report }: { report: Report }) {
  return (
    <div className="mt-3 text-sm" data-testid="mapping-file-report" aria-live="polite">
      <p className="font-medium">
        The file is now the draft (read as {report.form}
        {report.order === "exactly-once" ? "" : `, ${report.order} wins`}).
      </p>
      <ul className="mt-2 space-y-1">
        {report.entries.map((entry) => (
          <li key={entry.path}>
            <span className="font-medium">{entry.segment}</span>{" "}
            <span className="text-slate-600">({entry.rule})</span>: {entry.codes.length} codes
            {entry.shadowed.length > 0 && (
              <span className="text-amber-800">
                ; {entry.shadowed.length} shadowed (
                {entry.shadowed.map((s) => `${s.code} → ${s.takenBy}`).join(", ")})
              </span>
            )}
          </li>
        ))}
      </ul>
      {report.othersSegment && (
        <p className="mt-2">
          {report.unmatched.length} codes matched no rule and went to <strong>{report.othersSegment}</strong>.
        </p>
      )}
    </div>
  );
}
