import type { MappingDefinition, SegmentDefinition } from "./types";

/** Presets are shared module constants: freeze them so no caller can edit them in place. */
function freezeMapping(definition: MappingDefinition): MappingDefinition {
  for (const segment of definition.segments) {
    if (segment.codes) Object.freeze(segment.codes);
    if (segment.rules) {
      for (const rule of segment.rules) {
        for (const range of Object.values(rule)) if (Array.isArray(range)) Object.freeze(range);
        Object.freeze(rule);
      }
      Object.freeze(segment.rules);
    }
    Object.freeze(segment);
  }
  Object.freeze(definition.segments);
  return Object.freeze(definition);
}

/**
 * Descriptions of the seed's segments (`customer360-rfm-segmentation.md`), lightly cleaned,
 * with colors (each has a contrast ratio of at least 4.5:1 against white) and one recommended
 * action per segment.
 */
const SEED_SEGMENTS = {
  champions: {
    name: "Champions",
    description:
      "The customers with the highest RFM scores: the most valuable for the business, as they make frequent and high-value purchases, indicating their loyalty.",
    action: "Reward them with loyalty perks and early access, and ask them for reviews and referrals.",
    color: "#15803d",
  },
  loyal: {
    name: "Loyal Customer",
    description:
      "Customers loyal to the brand; they may not spend as much as Champions, but they buy regularly and have bought recently.",
    action: "Retain them with a loyalty programme and upsell higher-value products.",
    color: "#0f766e",
  },
  potentialLoyalist: {
    name: "Potential Loyalist",
    description:
      "Customers who could become loyal customers; they buy less frequently, but they spend at a high level.",
    action: "Build the buying habit with membership offers and personalised recommendations.",
    color: "#0369a1",
  },
  promising: {
    name: "Promising Customers",
    description:
      "Customers with high frequency scores, indicating frequent purchases, but possibly a lower monetary value or less recent purchases.",
    action: "Raise their order value with personalised bundles and cross-sell offers.",
    color: "#4338ca",
  },
  newCustomer: {
    name: "New Customer",
    description:
      "Customers who have bought recently; they have not had many opportunities to buy yet, so their spending is neither high nor frequent.",
    action: "Onboard them with a welcome series and an incentive for the next purchase.",
    color: "#7e22ce",
  },
  priceSensitive: {
    name: "Price Sensitive",
    description:
      "Customers who buy regularly but spend at a low level, possibly because they are picky or frugal.",
    action: "Target them with discounts, bundles and value offers rather than full-price campaigns.",
    color: "#a16207",
  },
  needsAttention: {
    name: "Needs Attention",
    description:
      "Customers who spent a lot and bought regularly in the past, but it has been a while since their last purchase.",
    action: "Re-engage them with personalised, time-limited offers before they lapse.",
    color: "#c2410c",
  },
  aboutToSleep: {
    name: "About to Sleep",
    description:
      "Customers with low recency and frequency scores: a few past purchases, but neither recent nor frequent ones.",
    action: "Reactivate them with reminders of popular products and a limited-time discount.",
    color: "#be185d",
  },
  lost: {
    name: "Lost Customer",
    description: "Customers who have bought before but no longer return.",
    action: "Win them back with a strong reactivation offer or a survey, and otherwise limit spend on them.",
    color: "#475569",
  },
} as const satisfies Record<string, Omit<SegmentDefinition, "codes" | "rules">>;

/**
 * The default mapping (4 bins), the seed's table as resolved in PRODUCT.md: 343 belongs to
 * Loyal Customer only and 314 to Potential Loyalist. Every one of the 64 codes belongs to
 * exactly one segment.
 */
export const DEFAULT_MAPPING: MappingDefinition = freezeMapping({
  bins: 4,
  segments: [
    { ...SEED_SEGMENTS.champions, codes: ["444", "443", "434", "344"] },
    { ...SEED_SEGMENTS.loyal, codes: ["442", "441", "432", "431", "433", "343", "342", "341"] },
    { ...SEED_SEGMENTS.potentialLoyalist, codes: ["424", "423", "324", "323", "413", "414", "314", "334"] },
    { ...SEED_SEGMENTS.promising, codes: ["333", "332", "331", "313"] },
    { ...SEED_SEGMENTS.newCustomer, codes: ["422", "421", "412", "411", "311", "321", "312", "322"] },
    { ...SEED_SEGMENTS.priceSensitive, codes: ["131", "132", "141", "142", "231", "232", "241", "242"] },
    {
      ...SEED_SEGMENTS.needsAttention,
      codes: ["244", "234", "243", "233", "224", "214", "213", "134", "144", "143", "133"],
    },
    { ...SEED_SEGMENTS.aboutToSleep, codes: ["223", "221", "222", "211", "212", "124"] },
    { ...SEED_SEGMENTS.lost, codes: ["111", "112", "113", "114", "121", "122", "123"] },
  ],
});

/**
 * The seed's table exactly as printed: 343 is listed under both Loyal Customer and Potential
 * Loyalist, and 314 is never listed. It is invalid on purpose: the canonical example of the
 * mistake `validateMapping` must catch (exactly two problems, naming 343 and 314).
 */
export const SEED_ORIGINAL_MAPPING: MappingDefinition = freezeMapping({
  bins: 4,
  segments: DEFAULT_MAPPING.segments.map((segment) =>
    segment.name === "Potential Loyalist"
      ? { ...segment, codes: ["424", "423", "324", "323", "413", "414", "343", "334"] }
      : { ...segment },
  ),
});

/**
 * The value-spectrum personas of seed `rfm-for-customer-lifetime-value.md` (4 bins), written as
 * rules. They partition the 64 codes: recent customers (R3-4) are VIP, Regular, New Customer or
 * (F1-2 M4) Big Spender; lapsed customers (R1-2) are Big Spender when M4, otherwise Lost.
 */
export const PERSONAS_MAPPING: MappingDefinition = freezeMapping({
  bins: 4,
  segments: [
    {
      name: "VIP",
      description: "Recent, frequent and high-spending customers: the top of the value spectrum.",
      action: "Reward and retain them with VIP treatment, exclusive offers and early access.",
      color: "#15803d",
      rules: [{ r: [3, 4], f: [3, 4], m: [3, 4] }],
    },
    {
      name: "Regular",
      description: "Recent customers who buy often, but whose orders are small.",
      action: "Upsell and cross-sell to raise the value of their regular orders.",
      color: "#0369a1",
      rules: [{ r: [3, 4], f: [3, 4], m: [1, 2] }],
    },
    {
      name: "New Customer",
      description: "Recent customers with few orders and a modest spend so far.",
      action: "Onboard them with a welcome series and an incentive for the next purchase.",
      color: "#7e22ce",
      rules: [{ r: [3, 4], f: [1, 2], m: [1, 3] }],
    },
    {
      name: "Big Spender",
      description: "Customers in the top spending band who buy rarely or have not bought recently.",
      action: "Bring them back more often with premium recommendations and personal outreach.",
      color: "#b45309",
      rules: [
        { r: [3, 4], f: [1, 2], m: 4 },
        { r: [1, 2], m: 4 },
      ],
    },
    {
      name: "Lost Customer",
      description: "Customers who have not bought recently and spent little when they did.",
      action: "Win them back with a reactivation offer, or otherwise limit spend on them.",
      color: "#475569",
      rules: [{ r: [1, 2], m: [1, 3] }],
    },
  ],
});

export type PresetId = "default" | "personas";

export interface MappingPreset {
  readonly id: PresetId;
  readonly label: string;
  readonly description: string;
  readonly definition: MappingDefinition;
}

/** The mappings a marketer can start from, by id. The invalid seed original is not a preset. */
export const PRESETS: Readonly<Record<PresetId, MappingPreset>> = Object.freeze({
  default: Object.freeze({
    id: "default",
    label: "Standard RFM segments",
    description: "Nine segments from Champions to Lost Customer, from the customer360 RFM analysis.",
    definition: DEFAULT_MAPPING,
  }),
  personas: Object.freeze({
    id: "personas",
    label: "Customer personas",
    description: "Five value-spectrum personas: VIP, Regular, New Customer, Big Spender and Lost Customer.",
    definition: PERSONAS_MAPPING,
  }),
});
