/** `num` as a share of `den`, one decimal ("12.3 %"); "—" when there is nothing to divide by. */
export function share(num: number, den: number): string {
  return den > 0 ? `${((num / den) * 100).toFixed(1)} %` : "—";
}
