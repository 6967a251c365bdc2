import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { productChoices } from "~/services/orders-view.server";
import { authenticate } from "~/shopify.server";

/** The orders list's product filter: the store's products whose title holds `q`, as JSON ({ products: [{ id, title }] }). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  return { products: await productChoices(db, session.shop, q) };
};
