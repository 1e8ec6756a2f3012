/** A share in 0..1 as a percentage with two decimals ("18.46%"), the way the seed reports them. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return "–";
  return `${(share * 100).toFixed(2)}%`;
}
