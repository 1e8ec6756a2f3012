"use client";

import { type DragEvent, useEffect, useId, useRef, useState } from "react";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, Select, TextInput } from "../../../../components/ui/form";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { ReadOnlyNotice } from "../../../../components/ui/read-only";
import { ErrorState, Loading } from "../../../../components/ui/states";
import { useDebounced } from "../../../../lib/use-debounced";
import { editBlockedReason, useSession } from "../../_components/session";
import {
  type ImportChoices,
  type ImportKind,
  type ImportPreview,
  type ImportSummary,
  previewFile,
  type UploadProgress,
  uploadFile,
} from "./import-api";
import { ImportResult } from "./import-result";
import { PreviewTable } from "./preview-table";

const ENCODINGS = [
  ["auto", "Detect"],
  ["utf-8", "UTF-8"],
  ["latin1", "Latin-1 (Windows-1252)"],
  ["macintosh", "Mac Roman"],
] as const;

const DELIMITERS = [
  ["auto", "Detect"],
  [",", "Comma ,"],
  [";", "Semicolon ;"],
  ["tab", "Tab"],
  ["|", "Pipe |"],
] as const;

const ROUNDINGS = [
  ["", "Reject them"],
  ["half-even", "Round half to even"],
  ["half-up", "Round half up"],
] as const;

const ENCODING_NAMES: Record<string, string> = {
  "utf-8": "UTF-8",
  latin1: "Latin-1",
  macintosh: "Mac Roman",
};
const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

/** A size in words: bytes, KB or MB. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toLocaleString("en", { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / 1_048_576).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;
}

/**
 * The Import page: a file of transactions or customers, read by the API's importer as the
 * person chooses columns, encoding, delimiter and date format (the preview is the importer's own
 * reading of the file's first 64 KB), then uploaded whole with a progress bar, then the summary,
 * the rejects and a scoring run.
 */
export function ImportView() {
  const session = useSession();
  const blocked = editBlockedReason(session, "import files");
  const ids = useId();
  const [kind, setKind] = useState<ImportKind>("transactions");
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState("auto");
  const [delimiter, setDelimiter] = useState("auto");
  const [roundAmounts, setRoundAmounts] = useState("");
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [dateFormat, setDateFormat] = useState("");
  const [dateTouched, setDateTouched] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [dragging, setDragging] = useState(false);
  const settledDateFormat = useDebounced(dateFormat, 400);
  const progressRef = useRef<HTMLDivElement>(null);

  const choices: ImportChoices = {
    kind,
    encoding,
    delimiter,
    map: overrides,
    dateFormat: settledDateFormat,
    roundAmounts,
  };
  const choiceKey = JSON.stringify(choices);

  // A new file or kind starts over: the importer's own matching, no date format yet.
  const chooseFile = (next: File | null) => {
    setFile(next);
    setOverrides({});
    setDateFormat("");
    setDateTouched(false);
    setPreview(null);
    setSummary(null);
    setProgress(null);
    setUploadError(null);
  };

  // The preview follows every choice (the date format once typing pauses).
  // biome-ignore lint/correctness/useExhaustiveDependencies: choiceKey stands for the choices
  useEffect(() => {
    if (file === null) return;
    const controller = new AbortController();
    setPreviewing(true);
    previewFile(file, JSON.parse(choiceKey) as ImportChoices, controller.signal)
      .then((answer) => {
        setPreview(answer);
        setPreviewError(null);
        if (!dateTouched && settledDateFormat === "" && answer.dates.suggested[0]) {
          setDateFormat(answer.dates.suggested[0]);
        }
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setPreview(null);
        setPreviewError(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        if (!controller.signal.aborted) setPreviewing(false);
      });
    return () => controller.abort();
  }, [file, choiceKey]);

  const startImport = async () => {
    if (!file || !preview) return;
    setUploading(true);
    setUploadError(null);
    setSummary(null);
    setProgress({ sent: 0, total: file.size });
    progressRef.current?.focus();
    try {
      setSummary(await uploadFile(file, choices, preview, setProgress));
    } catch (error) {
      setUploadError(error instanceof Error ? error.message : String(error));
    } finally {
      setUploading(false);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (blocked) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped) chooseFile(dropped);
  };

  const mapped = preview?.fields ?? [];
  const canImport =
    !blocked && file !== null && preview !== null && preview.problems.length === 0 && !uploading;
  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;

  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in this month's orders or your customer list from a CSV or JSON-lines file. The importer reads the start of the file as you choose how to read it; rows it cannot take are listed, never guessed."
      />
      <PageReady page="import" />
      {blocked && (
        <ReadOnlyNotice id={`${ids}-blocked`}>{blocked} Ask an admin for an editor token.</ReadOnlyNotice>
      )}

      <div className="mt-4 space-y-6">
        <Card title="1. The file" description="What it holds, the file itself, and how its text is written.">
          <div className="space-y-4">
            <fieldset disabled={blocked !== undefined}>
              <legend className="mb-1 text-sm font-medium text-slate-700">The file holds</legend>
              <div className="flex flex-wrap gap-4 text-sm">
                {(["transactions", "customers"] as const).map((k) => (
                  <label key={k} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="import-kind"
                      value={k}
                      checked={kind === k}
                      onChange={() => {
                        setKind(k);
                        chooseFile(file);
                      }}
                    />
                    {k === "transactions" ? "Transactions (orders)" : "Customers"}
                  </label>
                ))}
              </div>
            </fieldset>

            {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target wraps a labelled file input, which keyboards use */}
            <div
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              data-testid="drop-zone"
              className={`rounded border-2 border-dashed p-4 ${dragging ? "border-blue-700 bg-blue-50" : "border-slate-300"}`}
            >
              <label htmlFor={`${ids}-file`} className="mb-1 block text-sm font-medium text-slate-700">
                File (CSV or JSON lines)
              </label>
              <input
                id={`${ids}-file`}
                type="file"
                accept=".csv,.txt,.tsv,.jsonl,.ndjson,.gz,text/csv"
                disabled={blocked !== undefined}
                aria-describedby={`${ids}-file-hint`}
                onChange={(event) => chooseFile(event.target.files?.[0] ?? null)}
                className="block w-full text-sm"
              />
              <p id={`${ids}-file-hint`} className="mt-1 text-xs text-slate-600">
                Choose a file or drop it here. {file ? `Chosen: ${file.name}, ${size(file.size)}.` : ""}
              </p>
            </div>

            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Encoding">
                <Select
                  value={encoding}
                  onChange={(e) => setEncoding(e.target.value)}
                  disabled={blocked !== undefined}
                >
                  {ENCODINGS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Delimiter">
                <Select
                  value={delimiter}
                  onChange={(e) => setDelimiter(e.target.value)}
                  disabled={blocked !== undefined || preview?.format === "jsonl"}
                >
                  {DELIMITERS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </Select>
              </Field>
              {kind === "transactions" && (
                <Field label="Amounts with more than two decimals">
                  <Select
                    value={roundAmounts}
                    onChange={(e) => setRoundAmounts(e.target.value)}
                    disabled={blocked !== undefined}
                  >
                    {ROUNDINGS.map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
            </div>
            {preview && (
              <p className="text-sm text-slate-700" data-testid="read-as">
                Read as {preview.format === "jsonl" ? "JSON lines" : "CSV"},{" "}
                {ENCODING_NAMES[preview.encoding] ?? preview.encoding}
                {preview.delimiter !== null
                  ? `, ${DELIMITER_NAMES[preview.delimiter] ?? preview.delimiter}-separated`
                  : ""}
                {encoding === "auto" || delimiter === "auto" ? " (detected from the start of the file)" : ""}.
              </p>
            )}
            {previewing && <Loading label="Reading the start of the file…" />}
            {previewError && <ErrorState message={previewError} />}
          </div>
        </Card>

        {preview && (
          <Card
            title="2. Columns"
            description="For each field, the file's column it comes from. The importer picks columns named like the fields; choose others where your file names them differently."
          >
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="column-map">
                <caption className="sr-only">The file's column for each field</caption>
                <thead className="text-xs text-slate-600">
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-1 text-left">
                      Field
                    </th>
                    <th scope="col" className="text-left">
                      File column
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {mapped.map((field) => {
                    const selectId = `${ids}-map-${field.name}`;
                    const value = overrides[field.name] ?? field.column ?? "";
                    return (
                      <tr key={field.name} className="border-b border-slate-100">
                        <td className="py-1.5 pr-3 align-top">
                          <span className="font-mono text-xs">{field.name}</span>
                          {field.required && (
                            <span className="ml-1 text-red-800">
                              *<span className="sr-only"> required</span>
                            </span>
                          )}
                          {field.description && (
                            <span className="block text-xs text-slate-600">{field.description}</span>
                          )}
                        </td>
                        <td className="py-1.5 align-top">
                          <label htmlFor={selectId} className="sr-only">
                            File column for {field.name}
                          </label>
                          <Select
                            id={selectId}
                            value={value}
                            className="min-w-40"
                            disabled={blocked !== undefined}
                            onChange={(e) => setOverrides((o) => ({ ...o, [field.name]: e.target.value }))}
                          >
                            <option value="">(none)</option>
                            {kind === "transactions" && field.name === "order_id" && (
                              <option value="@auto">Derive from customer, day and amount</option>
                            )}
                            {preview.header.map((column) => (
                              <option key={column} value={column}>
                                {column}
                              </option>
                            ))}
                          </Select>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="mt-2 text-xs text-slate-600">
              <span className="text-red-800">*</span> required
            </p>

            <div className="mt-4 max-w-md">
              <label htmlFor={`${ids}-date-format`} className="mb-1 block text-sm font-medium text-slate-700">
                Date format
              </label>
              <TextInput
                id={`${ids}-date-format`}
                value={dateFormat}
                disabled={blocked !== undefined}
                placeholder="ISO 8601 (2024-03-01) needs none"
                aria-describedby={`${ids}-date-hint`}
                onChange={(e) => {
                  setDateTouched(true);
                  setDateFormat(e.target.value);
                }}
              />
              <div
                id={`${ids}-date-hint`}
                className="mt-1 text-xs text-slate-600"
                data-testid="date-suggestion"
              >
                {preview.dates.suggested.length > 0 ? (
                  <>
                    Suggested from the values of {preview.dates.column}:{" "}
                    {preview.dates.suggested.join(" or ")}.{" "}
                  </>
                ) : preview.dates.column ? (
                  <>
                    The values of {preview.dates.column} need no format (ISO 8601) or none could be suggested.{" "}
                  </>
                ) : null}
                Tokens as in date-fns: M/d/yyyy, dd.MM.yyyy, yyyyMMdd; several separated by commas.
              </div>
              {preview.dates.suggested.length > 1 && (
                <div className="mt-2 flex flex-wrap gap-2">
                  {preview.dates.suggested.map((format) => (
                    <Button
                      key={format}
                      variant="secondary"
                      size="sm"
                      disabled={blocked !== undefined}
                      onClick={() => {
                        setDateTouched(true);
                        setDateFormat(format);
                      }}
                    >
                      Use {format}
                    </Button>
                  ))}
                </div>
              )}
            </div>

            {preview.problems.length > 0 && (
              <div
                role="alert"
                className="mt-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
              >
                <p className="font-medium">The file cannot be imported as chosen:</p>
                <ul className="mt-1 list-disc pl-5">
                  {preview.problems.map((p) => (
                    <li key={`${p.code}:${p.message}`}>{p.message}</li>
                  ))}
                </ul>
              </div>
            )}
          </Card>
        )}

        {preview && preview.problems.length === 0 && (
          <Card
            title="3. Preview"
            description={`The first ${preview.rows.length} rows as the importer reads them with these choices.`}
          >
            <PreviewTable preview={preview} />
          </Card>
        )}

        {preview && (
          <Card
            title="4. Import"
            description="The whole file is sent and committed batch by batch as it arrives."
          >
            <div className="space-y-3">
              <Button
                onClick={startImport}
                disabled={!canImport}
                aria-describedby={blocked ? `${ids}-blocked` : undefined}
              >
                {uploading ? "Importing…" : `Import ${file ? size(file.size) : ""}`}
              </Button>
              {progress && (
                <div ref={progressRef} tabIndex={-1} className="max-w-xl">
                  <label htmlFor={`${ids}-progress`} className="block text-sm text-slate-700">
                    Upload: {size(progress.sent)} of {size(progress.total)} sent ({percent}%)
                    {uploading && percent === 100 ? ", finishing the last batches…" : ""}
                  </label>
                  <progress
                    id={`${ids}-progress`}
                    className="mt-1 h-3 w-full"
                    max={progress.total || 1}
                    value={progress.sent}
                    data-testid="upload-progress"
                  />
                </div>
              )}
              {uploadError && <ErrorState message={uploadError} />}
            </div>
          </Card>
        )}

        {summary && <ImportResult summary={summary} />}
      </div>
    </>
  );
}
