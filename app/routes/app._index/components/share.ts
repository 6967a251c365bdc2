import { formatShare } from "~/components/format";

/** `num` as a share of `den`, one decimal ("12.3%"); "—" when there is nothing to divide by. */
export function share(num: number, den: number, locale = "en"): string {
  return formatShare(num, den, locale);
}
