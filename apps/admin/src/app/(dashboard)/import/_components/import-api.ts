/**
 * The Import page's HTTP calls (not GraphQL: the preview and the rejects go to `/imports/*`,
 * proxied to the API; the upload to `/api/imports/{kind}`, which pipes it to the API with
 * backpressure, src/app/api/imports/[kind]/route.ts). Parsing
 * is the API's: the page only sends bytes and choices, and shows what comes back.
 */
import { readToken } from "../../../../lib/auth";

export type ImportKind = "transactions" | "customers";

/** How many bytes of the file the preview reads. */
export const PREVIEW_BYTES = 65_536;

export interface ImportHint {
  option: "dateFormat" | "encoding" | "roundAmounts" | "map";
  values: string[];
  field?: string;
}

export interface PreviewField {
  name: string;
  required: boolean;
  description: string;
  column: string | null;
}

export interface PreviewRow {
  line: number;
  values: Record<string, string | number | boolean | null> | null;
  reject: { column: string | null; code: string; reason: string; hint?: ImportHint } | null;
  raw: string | null;
}

export interface ImportPreview {
  kind: ImportKind;
  format: "csv" | "jsonl";
  encoding: string;
  delimiter: string | null;
  header: string[];
  fields: PreviewField[];
  problems: { code: string; message: string; hint?: ImportHint }[];
  rows: PreviewRow[];
  dates: { field: string; column: string | null; suggested: string[] };
}

export interface ImportReject {
  line: number;
  column: string | null;
  code: string;
  reason: string;
  raw: string;
}

export interface ImportSummary {
  importId: number;
  rowsRead: number;
  inserted: number;
  alreadyPresent: number;
  rejected: number;
  rejects: ImportReject[];
  rejectsStored: number;
  rejectsUrl: string;
  seconds: number;
}

/** The choices that shape how the file is read. */
export interface ImportChoices {
  kind: ImportKind;
  /** `auto` or an encoding the importer knows. */
  encoding: string;
  /** `auto`, `,`, `;`, `tab`, `|`. */
  delimiter: string;
  /** Field -> the file's column; fields left out are matched by name. */
  map: Record<string, string>;
  dateFormat: string;
  /** "" (reject such amounts), `half-even` or `half-up`. */
  roundAmounts: string;
}

/** The file's format by its name: JSON lines for .jsonl/.ndjson, else left to the API (CSV, or JSON lines by content). */
export function formatOfName(name: string): "jsonl" | null {
  return /\.(jsonl|ndjson|jsonlines)(\.gz)?$/i.test(name) ? "jsonl" : null;
}

function query(choices: ImportChoices, extra: Record<string, string>): URLSearchParams {
  const params = new URLSearchParams(extra);
  if (choices.encoding !== "auto") params.set("encoding", choices.encoding);
  if (choices.delimiter !== "auto") params.set("delimiter", choices.delimiter);
  for (const [field, column] of Object.entries(choices.map))
    if (column) params.append("map", `${field}=${column}`);
  if (choices.dateFormat.trim()) params.set("dateFormat", choices.dateFormat.trim());
  if (choices.roundAmounts) params.set("roundAmounts", choices.roundAmounts);
  return params;
}

/** The API's error message from a JSON error body, or a sentence for the status. */
async function errorMessage(response: Response | { status: number; text: string }): Promise<string> {
  const text = response instanceof Response ? await response.text() : response.text;
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[] };
    const message = body.errors
      ?.map((e) => e.message)
      .filter(Boolean)
      .join(" ");
    if (message) return message;
  } catch {
    // not JSON
  }
  return `The API answered ${response.status}.`;
}

export class ImportRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What the importer makes of the file's first 64 KB under these choices. */
export async function previewFile(
  file: File,
  choices: ImportChoices,
  signal?: AbortSignal,
): Promise<ImportPreview> {
  const format = formatOfName(file.name);
  const params = query(choices, {
    kind: choices.kind,
    partial: String(file.size > PREVIEW_BYTES),
    ...(format ? { format } : {}),
  });
  const response = await fetch(`/imports/preview?${params}`, {
    method: "POST",
    headers: { authorization: `Bearer ${readToken() ?? ""}`, "content-type": "application/octet-stream" },
    body: file.slice(0, PREVIEW_BYTES),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new ImportRequestError(await errorMessage(response), response.status);
  return (await response.json()) as ImportPreview;
}

export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * Uploads the whole file with the choices the preview resolved (its encoding, delimiter and
 * format), streamed by the browser from disk (XMLHttpRequest sends a File without reading it
 * into memory), reporting bytes sent. Resolves with the import's summary.
 */
export function uploadFile(
  file: File,
  choices: ImportChoices,
  preview: ImportPreview,
  onProgress: (progress: UploadProgress) => void,
): Promise<ImportSummary> {
  const resolved: ImportChoices = {
    ...choices,
    encoding: preview.encoding,
    delimiter: preview.delimiter === null ? "auto" : preview.delimiter === "\t" ? "tab" : preview.delimiter,
  };
  const params = query(resolved, { format: preview.format });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports/${choices.kind}?${params}`);
    xhr.setRequestHeader("authorization", `Bearer ${readToken() ?? ""}`);
    xhr.setRequestHeader("content-type", preview.format === "jsonl" ? "application/x-ndjson" : "text/csv");
    xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => onProgress({ sent: event.loaded, total: event.total || file.size });
    xhr.onload = () => {
      if (xhr.status === 200) {
        onProgress({ sent: file.size, total: file.size });
        resolve(JSON.parse(xhr.responseText) as ImportSummary);
        return;
      }
      void errorMessage({ status: xhr.status, text: xhr.responseText }).then((message) =>
        reject(new ImportRequestError(message, xhr.status)),
      );
    };
    xhr.onerror = () => reject(new ImportRequestError("The upload failed: the connection was lost.", 0));
    xhr.send(file);
  });
}

/** Downloads every stored reject of an import as a CSV file (the token goes in a header, so not a plain link). */
export async function downloadRejects(summary: ImportSummary): Promise<void> {
  const response = await fetch(summary.rejectsUrl, {
    headers: { authorization: `Bearer ${readToken() ?? ""}` },
  });
  if (!response.ok) throw new ImportRequestError(await errorMessage(response), response.status);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = `import-${summary.importId}-rejects.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
