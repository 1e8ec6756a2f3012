import { assertBins, type Bins } from "../codes";
import type { MappingDefinition, ScoreRange, SegmentDefinition, SegmentRule } from "./types";

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
    key: "champions",
    description:
      "The customers with the highest RFM scores: the most valuable for the business, as they make frequent and high-value purchases, indicating their loyalty.",
    action: "Reward them with loyalty perks and early access, and ask them for reviews and referrals.",
    color: "#15803d",
  },
  loyal: {
    name: "Loyal Customer",
    key: "loyal-customer",
    description:
      "Customers loyal to the brand; they may not spend as much as Champions, but they buy regularly and have bought recently.",
    action: "Retain them with a loyalty programme and upsell higher-value products.",
    color: "#0f766e",
  },
  potentialLoyalist: {
    name: "Potential Loyalist",
    key: "potential-loyalist",
    description:
      "Customers who could become loyal customers; they buy less frequently, but they spend at a high level.",
    action: "Build the buying habit with membership offers and personalised recommendations.",
    color: "#0369a1",
  },
  promising: {
    name: "Promising Customers",
    key: "promising-customers",
    description:
      "Customers with high frequency scores, indicating frequent purchases, but possibly a lower monetary value or less recent purchases.",
    action: "Raise their order value with personalised bundles and cross-sell offers.",
    color: "#4338ca",
  },
  newCustomer: {
    name: "New Customer",
    key: "new-customer",
    description:
      "Customers who have bought recently; they have not had many opportunities to buy yet, so their spending is neither high nor frequent.",
    action: "Onboard them with a welcome series and an incentive for the next purchase.",
    color: "#7e22ce",
  },
  priceSensitive: {
    name: "Price Sensitive",
    key: "price-sensitive",
    description:
      "Customers who buy regularly but spend at a low level, possibly because they are picky or frugal.",
    action: "Target them with discounts, bundles and value offers rather than full-price campaigns.",
    color: "#a16207",
  },
  needsAttention: {
    name: "Needs Attention",
    key: "needs-attention",
    description:
      "Customers who spent a lot and bought regularly in the past, but it has been a while since their last purchase.",
    action: "Re-engage them with personalised, time-limited offers before they lapse.",
    color: "#c2410c",
  },
  aboutToSleep: {
    name: "About to Sleep",
    key: "about-to-sleep",
    description:
      "Customers with low recency and frequency scores: a few past purchases, but neither recent nor frequent ones.",
    action: "Reactivate them with reminders of popular products and a limited-time discount.",
    color: "#be185d",
  },
  lost: {
    name: "Lost Customer",
    key: "lost-customer",
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
      key: "vip",
      description: "Recent, frequent and high-spending customers: the top of the value spectrum.",
      action: "Reward and retain them with VIP treatment, exclusive offers and early access.",
      color: "#15803d",
      rules: [{ r: [3, 4], f: [3, 4], m: [3, 4] }],
    },
    {
      name: "Regular",
      key: "regular",
      description: "Recent customers who buy often, but whose orders are small.",
      action: "Upsell and cross-sell to raise the value of their regular orders.",
      color: "#0369a1",
      rules: [{ r: [3, 4], f: [3, 4], m: [1, 2] }],
    },
    {
      name: "New Customer",
      key: "new-customer",
      description: "Recent customers with few orders and a modest spend so far.",
      action: "Onboard them with a welcome series and an incentive for the next purchase.",
      color: "#7e22ce",
      rules: [{ r: [3, 4], f: [1, 2], m: [1, 3] }],
    },
    {
      name: "Big Spender",
      key: "big-spender",
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
      key: "lost-customer",
      description: "Customers who have not bought recently and spent little when they did.",
      action: "Win them back with a reactivation offer, or otherwise limit spend on them.",
      color: "#475569",
      rules: [{ r: [1, 2], m: [1, 3] }],
    },
  ],
});

/**
 * The segments of the widely used R-F map, with descriptions, actions and colors (each has a
 * contrast ratio of at least 4.5:1 against white). Shared by the 3- and 5-bin presets.
 */
const RF_SEGMENTS = {
  champions: {
    name: "Champions",
    key: "champions",
    description: "Bought very recently and buy most often: the most engaged customers.",
    action: "Reward them with loyalty perks and early access, and ask them for reviews and referrals.",
    color: "#15803d",
  },
  loyal: {
    name: "Loyal Customers",
    key: "loyal-customers",
    description: "Buy often and have bought fairly recently; the dependable core of the business.",
    action: "Retain them with a loyalty programme and upsell higher-value products.",
    color: "#0f766e",
  },
  potentialLoyalist: {
    name: "Potential Loyalist",
    key: "potential-loyalist",
    description: "Recent customers with a few orders who could become loyal with the right nurturing.",
    action: "Build the buying habit with membership offers and personalised recommendations.",
    color: "#0369a1",
  },
  newCustomers: {
    name: "New Customers",
    key: "new-customers",
    description: "Bought for the first time very recently and have not had a chance to buy again yet.",
    action: "Onboard them with a welcome series and an incentive for the next purchase.",
    color: "#7e22ce",
  },
  promising: {
    name: "Promising",
    key: "promising",
    description: "Bought recently but only once; not yet new enough to onboard, not yet a habit.",
    action: "Give them a reason to come back soon, such as a time-limited offer on a related product.",
    color: "#4338ca",
  },
  needAttention: {
    name: "Need Attention",
    key: "need-attention",
    description: "Middling recency and frequency: they used to buy regularly and are starting to drift.",
    action: "Re-engage them with personalised, time-limited offers before they lapse.",
    color: "#c2410c",
  },
  aboutToSleep: {
    name: "About To Sleep",
    key: "about-to-sleep",
    description: "Middling recency and few orders: they will be lost without a nudge.",
    action: "Reactivate them with reminders of popular products and a limited-time discount.",
    color: "#be185d",
  },
  atRisk: {
    name: "At Risk",
    key: "at-risk",
    description: "Bought often in the past, but it has been a long time since their last order.",
    action: "Win them back with personal emails, renewals and offers on what they used to buy.",
    color: "#b91c1c",
  },
  cantLose: {
    name: "Can't Lose Them",
    key: "cant-lose-them",
    description: "Were among the most frequent buyers, but have not bought for a long time.",
    action: "Reach out personally with the strongest win-back offer; do not lose them to a competitor.",
    color: "#9f1239",
  },
  hibernating: {
    name: "Hibernating",
    key: "hibernating",
    description: "Last bought a long time ago and bought only a few times before that.",
    action: "Offer relevant products and special discounts, and keep spend on them modest.",
    color: "#a16207",
  },
  lost: {
    name: "Lost",
    key: "lost",
    description: "The lowest recency and frequency: they bought once or twice, long ago.",
    action: "Try one reactivation campaign, and otherwise stop spending on them.",
    color: "#475569",
  },
} as const satisfies Record<string, Omit<SegmentDefinition, "codes" | "rules">>;

/**
 * The 11-segment R-F map for 5 bins (monetary: any score), as rules on recency and frequency.
 *
 * Source: the R-F grid widely used in RFM tutorials and notebooks, written as a regex map over
 * "RF" strings (e.g. `r'[1-2][1-2]': 'hibernating'`, `r'[1-2][3-4]': 'at_risk'`,
 * `r'[1-2]5': 'cant_loose'`, `r'3[1-2]': 'about_to_sleep'`, `r'33': 'need_attention'`,
 * `r'[3-4][4-5]': 'loyal_customers'`, `r'41': 'promising'`, `r'51': 'new_customers'`,
 * `r'[4-5][2-3]': 'potential_loyalists'`, `r'5[4-5]': 'champions'`), which gives each of the
 * 25 R-F cells one of ten segments. The eleventh, Lost, is the corner of the published
 * 11-segment table (Putler's; reproduced in docs.churned.io's "RFM-Model" page and the basis of
 * the R `rfm` package's `rfm_segment` example): Lost is R 0-2 F 0-2 and Hibernating R 1-2 F 1-2
 * on its 0-5 grid, i.e. Hibernating keeps cell R2 F2 and Lost takes R1 F1, R1 F2 and R2 F1.
 * So 55x is Champions and 11x is Lost, and every code belongs to exactly one segment.
 */
export const RF_MAP_5_MAPPING: MappingDefinition = freezeMapping({
  bins: 5,
  segments: [
    { ...RF_SEGMENTS.champions, rules: [{ r: 5, f: [4, 5] }] },
    { ...RF_SEGMENTS.loyal, rules: [{ r: [3, 4], f: [4, 5] }] },
    { ...RF_SEGMENTS.potentialLoyalist, rules: [{ r: [4, 5], f: [2, 3] }] },
    { ...RF_SEGMENTS.newCustomers, rules: [{ r: 5, f: 1 }] },
    { ...RF_SEGMENTS.promising, rules: [{ r: 4, f: 1 }] },
    { ...RF_SEGMENTS.needAttention, rules: [{ r: 3, f: 3 }] },
    { ...RF_SEGMENTS.aboutToSleep, rules: [{ r: 3, f: [1, 2] }] },
    { ...RF_SEGMENTS.atRisk, rules: [{ r: [1, 2], f: [3, 4] }] },
    { ...RF_SEGMENTS.cantLose, rules: [{ r: [1, 2], f: 5 }] },
    { ...RF_SEGMENTS.hibernating, rules: [{ r: 2, f: 2 }] },
    {
      ...RF_SEGMENTS.lost,
      rules: [
        { r: 1, f: [1, 2] },
        { r: 2, f: 1 },
      ],
    },
  ],
});

/**
 * The R-F map for 3 bins (monetary: any score): one segment per R-F cell, from Champions
 * (R3 F3) to Lost (R1 F1), named as in the 5-bin map.
 */
export const RF_MAP_3_MAPPING: MappingDefinition = freezeMapping({
  bins: 3,
  segments: [
    { ...RF_SEGMENTS.champions, rules: [{ r: 3, f: 3 }] },
    { ...RF_SEGMENTS.loyal, rules: [{ r: 2, f: 3 }] },
    { ...RF_SEGMENTS.potentialLoyalist, rules: [{ r: 3, f: 2 }] },
    { ...RF_SEGMENTS.newCustomers, rules: [{ r: 3, f: 1 }] },
    { ...RF_SEGMENTS.needAttention, rules: [{ r: 2, f: 2 }] },
    { ...RF_SEGMENTS.aboutToSleep, rules: [{ r: 2, f: 1 }] },
    { ...RF_SEGMENTS.cantLose, rules: [{ r: 1, f: 3 }] },
    { ...RF_SEGMENTS.atRisk, rules: [{ r: 1, f: 2 }] },
    { ...RF_SEGMENTS.lost, rules: [{ r: 1, f: 1 }] },
  ],
});

/** The R-F map for 2 bins (monetary: any score): recent or not, repeat buyer or not. */
const RF_MAP_2_MAPPING: MappingDefinition = freezeMapping({
  bins: 2,
  segments: [
    { ...RF_SEGMENTS.champions, rules: [{ r: 2, f: 2 }] },
    { ...RF_SEGMENTS.newCustomers, rules: [{ r: 2, f: 1 }] },
    { ...RF_SEGMENTS.atRisk, rules: [{ r: 1, f: 2 }] },
    { ...RF_SEGMENTS.lost, rules: [{ r: 1, f: 1 }] },
  ],
});

/**
 * The 5-bin R-F map stretched to `bins` (6-9): score s of `bins` counts as score
 * ceil(5 s / bins) of 5, so each 5-bin range [a, b] becomes the contiguous range of scores that
 * fall in it. Every code still belongs to exactly one segment and none is empty.
 */
function stretchedRfMap(bins: Bins): MappingDefinition {
  const first = (score5: number): number => Math.floor(((score5 - 1) * bins) / 5) + 1;
  const last = (score5: number): number => Math.floor((score5 * bins) / 5);
  const stretch = (range: ScoreRange | undefined): ScoreRange | undefined => {
    if (range === undefined) return undefined;
    const [lo, hi] = typeof range === "number" ? [range, range] : range;
    return [first(lo), last(hi)];
  };
  return freezeMapping({
    bins,
    segments: RF_MAP_5_MAPPING.segments.map((segment) => ({
      ...segment,
      rules: (segment.rules ?? []).map((rule): SegmentRule => {
        const out: { r?: ScoreRange; f?: ScoreRange; m?: ScoreRange } = {};
        const r = stretch(rule.r);
        const f = stretch(rule.f);
        const m = stretch(rule.m);
        if (r !== undefined) out.r = r;
        if (f !== undefined) out.f = f;
        if (m !== undefined) out.m = m;
        return out;
      }),
    })),
  });
}

const PRESET_BY_BINS = new Map<Bins, MappingDefinition>([
  [2, RF_MAP_2_MAPPING],
  [3, RF_MAP_3_MAPPING],
  [4, DEFAULT_MAPPING],
  [5, RF_MAP_5_MAPPING],
]);

/**
 * The standard mapping for a bin count, valid under `validateMapping` (every code exactly
 * once): 4 bins is `DEFAULT_MAPPING` (the seed's nine segments); 3 and 5 bins are the R-F map
 * (`RF_MAP_3_MAPPING`, the 11-segment `RF_MAP_5_MAPPING`); 2 bins a 2x2 R-F map; 6-9 bins the
 * 5-bin map stretched to that many scores. Throws `INVALID_BINS` outside 2..9. The result is
 * frozen and shared: copy it before editing.
 */
export function presetForBins(bins: Bins): MappingDefinition {
  assertBins(bins);
  let preset = PRESET_BY_BINS.get(bins);
  if (preset === undefined) {
    preset = stretchedRfMap(bins);
    PRESET_BY_BINS.set(bins, preset);
  }
  return preset;
}

export type PresetId = "default" | "personas" | "rf-map-3" | "rf-map-5";

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
  "rf-map-3": Object.freeze({
    id: "rf-map-3",
    label: "R-F map, 3 bins",
    description: "Nine segments, one per recency-frequency cell, from Champions to Lost (3 bins).",
    definition: RF_MAP_3_MAPPING,
  }),
  "rf-map-5": Object.freeze({
    id: "rf-map-5",
    label: "R-F map, 5 bins (11 segments)",
    description: "The widely used 11-segment recency-frequency map, from Champions to Lost (5 bins).",
    definition: RF_MAP_5_MAPPING,
  }),
});
