/**
 * The mapping a profile's first published version is seeded from, for its bin count: rfm-core's
 * standard preset of that size (4 bins: the default preset; 3 and 5: the R-F map; others: the
 * 5-bin map stretched or a 2x2 map), which the mapping editor then refines.
 */
import { type Bins, type MappingDefinition, presetForBins } from "@rfm/core";

export function seedMappingFor(bins: Bins): MappingDefinition {
  return presetForBins(bins);
}
