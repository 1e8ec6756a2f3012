/**
 * Export file names that say what is in the file: `champions-ontario-2026-12-06.csv`.
 *
 * `<segment key>[-<audience slug>][-<preset>]-<as-of day>.<csv|jsonl>`: the segment's stable key,
 * then a short slug of the audience (a saved audience's name or the filters, when the export
 * has them), the preset when it is not `ALL` (`email`, `google-ads`, `meta`: the same audience
 * for two tools gives two names), and the run's as-of day (the last day counted, in the store's
 * time zone): the day the data describe, so re-downloading the same run gives the same name,
 * and next week's run a new one.
 */
import type { ExportPreset } from "./presets";

/** At most this many characters of the audience's slug. */
const MAX_SLUG = 40;

/**
 * Lower-case ASCII letters, digits and single dashes: accents dropped (`Québec` -> `quebec`),
 * every other run of characters a dash, cut at `max` characters on a dash where possible.
 */
export function slug(text: string, max = MAX_SLUG): string {
  const ascii = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, "-")
    .replace(/^-+|-+$/gu, "");
  if (ascii.length <= max) return ascii;
  const cut = ascii.slice(0, max);
  if (ascii[max] === "-") return cut;
  const dash = cut.lastIndexOf("-");
  return (dash > max / 2 ? cut.slice(0, dash) : cut).replace(/-+$/u, "");
}

export interface FileNameParts {
  readonly segmentKey: string;
  /** A saved audience's name or a description of the filters; omitted or "" for a whole segment. */
  readonly audience?: string | null;
  readonly preset: ExportPreset;
  /** `YYYY-MM-DD`. */
  readonly asOfDay: string;
  readonly format: "csv" | "jsonl";
}

export function exportFileName(parts: FileNameParts): string {
  const pieces = [slug(parts.segmentKey, 60) || "segment"];
  const audience = parts.audience ? slug(parts.audience) : "";
  if (audience !== "") pieces.push(audience);
  if (parts.preset !== "ALL") pieces.push(slug(parts.preset));
  pieces.push(parts.asOfDay);
  return `${pieces.join("-")}.${parts.format}`;
}

/**
 * `Content-Disposition` for a download (RFC 6266): an ASCII `filename` for old clients and the
 * exact name as `filename*=UTF-8''...` (RFC 8187 percent-encoding).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/gu, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/gu,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
