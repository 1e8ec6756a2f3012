/**
 * Advice on how to make the importer accept what it refused, kept apart from the reason so each
 * surface words it its own way: the CLI names its flags (`pass --date-format M/d/yy`), the HTTP
 * routes and the admin the choices on the page (`choose the date format M/d/yy`). The importer's
 * reasons say what is wrong and never name a flag; the hint says which option would help, by its
 * HTTP query parameter name, and the values to suggest.
 */

/** An import option a hint points at, by its query parameter name (`POST /imports/{kind}`). */
export type ImportOption = "dateFormat" | "encoding" | "roundAmounts" | "map";

export interface ImportHint {
  readonly option: ImportOption;
  /**
   * The values to suggest, best first: date formats, encodings, rounding rules; for `map`, the
   * columns (`@auto`: derive the order id).
   */
  readonly values: readonly string[];
  /** For `map`: the field that needs a column. */
  readonly field?: string;
}

/** Who reads the text: the `rfm` command, or people on the admin's page (and HTTP clients). */
export type Surface = "cli" | "web";

/** The hint as a clause, e.g. `pass --date-format M/d/yy` (cli), `choose the date format M/d/yy` (web). */
export function hintText(hint: ImportHint, surface: Surface): string {
  const values = hint.values;
  const cli = surface === "cli";
  switch (hint.option) {
    case "dateFormat":
      return cli
        ? `pass ${values.map((v) => `--date-format ${v}`).join(" or ")}`
        : `choose the date format ${values.join(" or ")}`;
    case "encoding":
      return cli
        ? `if the file is Latin-1 or Mac Roman, pass ${values.map((v) => `--encoding ${v}`).join(" or ")}`
        : `if the file is Latin-1 or Mac Roman, choose the encoding ${values.join(" or ")}`;
    case "roundAmounts":
      return cli
        ? `pass --round-amounts ${values.join(" or ")} to round such amounts`
        : `choose the rounding ${values.join(" or ")} for such amounts`;
    case "map": {
      const field = hint.field ?? "the field";
      const derive = values.includes("@auto");
      return cli
        ? `name one with --map ${field}=COLUMN${derive ? `, or --map ${field}=@auto to derive ids` : ""}`
        : `choose the file's column for ${field}${derive ? ", or choose to derive the ids" : ""}`;
    }
  }
}

/** A reason or message with its hint, if any, after a semicolon. */
export function withHint(text: string, hint: ImportHint | undefined, surface: Surface): string {
  return hint === undefined ? text : `${text}; ${hintText(hint, surface)}`;
}
