import { type Bins, codeCount } from "../codes";
import { RfmError } from "../errors";

/**
 * The segment of every customer: `segmentOfCode[code[i]]`. Segments are not stored per
 * customer; they are this lookup of the published mapping over the run's codes, so publishing
 * another mapping re-segments everyone without re-scoring. Linear, one typed-array read each.
 */
export function assignSegments(options: {
  readonly code: Uint16Array;
  readonly mapping: { readonly bins: Bins; readonly segmentOfCode: Int16Array };
}): Int16Array {
  const { code, mapping } = options;
  if (mapping.segmentOfCode.length !== codeCount(mapping.bins)) {
    throw new RfmError("INVALID_OPTIONS", "the mapping's code table does not match its bins");
  }
  const table = mapping.segmentOfCode;
  const out = new Int16Array(code.length);
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c >= table.length) {
      throw new RfmError(
        "INVALID_CODE",
        `customer #${i} has code index ${c}, beyond the ${mapping.bins}-bin mapping`,
        {
          index: i,
        },
      );
    }
    out[i] = table[c]!;
  }
  return out;
}
