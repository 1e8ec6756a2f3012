/**
 * What a schema description must do: say what the thing means, not name it. "Why.",
 * "Settings.", "The item." say nothing a client does not already read in the name; a sentence
 * cut off ("The number of") says less. The schema test walks every type, field, argument and
 * enum value with this rule, so a vague description fails CI naming where it is.
 */

/** Fewer words than this is a label, not a description. */
export const MIN_DESCRIPTION_WORDS = 3;

/** Words a description cannot end on: it was cut off (prepositions may end a sentence: "ranks by"). */
const DANGLING = new Set(["a", "an", "the", "of", "and", "or"]);

/** Why a description says too little, or null when it is fine. */
export function vagueDescription(description: string | null | undefined): string | null {
  const text = (description ?? "").trim();
  if (text === "") return "no description";
  const words = text.split(/\s+/);
  if (words.length < MIN_DESCRIPTION_WORDS) {
    return `${words.length} word${words.length === 1 ? "" : "s"}: say what it means, its unit and when it is null`;
  }
  if (/[:,;]$/.test(text)) return "ends mid-sentence";
  const last = (words.at(-1) ?? "").toLowerCase().replace(/[.!?]+$/, "");
  if (DANGLING.has(last)) return `ends on "${last}": cut off`;
  return null;
}
