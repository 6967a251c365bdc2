import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { productBlock, productGid } from "~/services/product-block.server";
import { authenticate } from "~/shopify.server";

/**
 * GET /api/product-margin?id=<product GID or number>: the product's last 90 days
 * for NetMargin's block on Shopify's product page (extensions/product-margin-block).
 * The extension's fetch carries the admin session token; `cors` adds the headers
 * the admin's extension sandbox needs (authenticate.admin answers the preflight).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, cors } = await authenticate.admin(request);
  const id = productGid(new URL(request.url).searchParams.get("id"));
  if (id === null) {
    return cors(Response.json({ errors: [{ path: "id", message: "expected a product id (gid://shopify/Product/… or its number)" }] }, { status: 400 }));
  }
  return cors(Response.json(await productBlock(db, session.shop, id)));
};
