/**
 * The mapping a profile's first published version is seeded from, for its bin count: the
 * default preset for 4 bins; for other bins, until rfm-core's `presetForBins` (issue 12's
 * 3/4/5-bin presets, branch i12-mapfiles) replaces this, three segments by recency band
 * (two for 2 bins), every code exactly once, which the mapping editor then refines.
 */
import { type Bins, DEFAULT_MAPPING, type MappingDefinition } from "@rfm/core";

export function seedMappingFor(bins: Bins): MappingDefinition {
  if (bins === DEFAULT_MAPPING.bins) return DEFAULT_MAPPING;
  if (bins === 2) {
    return {
      bins,
      segments: [
        {
          name: "Active",
          description: "Bought recently.",
          action: "Keep them buying.",
          color: "#059669",
          rules: [{ r: 2 }],
        },
        {
          name: "Lapsed",
          description: "Have not bought for a while.",
          action: "Win them back.",
          color: "#475569",
          rules: [{ r: 1 }],
        },
      ],
    };
  }
  const band = Math.max(1, Math.floor(bins / 3));
  return {
    bins,
    segments: [
      {
        name: "Active",
        description: "The most recent buyers.",
        action: "Keep them buying: new products, loyalty rewards.",
        color: "#059669",
        rules: [{ r: [bins - band + 1, bins] }],
      },
      {
        name: "Cooling",
        description: "Bought a while ago.",
        action: "Remind them with a personal offer before they lapse.",
        color: "#d97706",
        rules: [{ r: [band + 1, bins - band] }],
      },
      {
        name: "Lapsed",
        description: "Have not bought for the longest.",
        action: "Win them back with a reactivation offer, or limit spend on them.",
        color: "#475569",
        rules: [{ r: [1, band] }],
      },
    ],
  };
}
