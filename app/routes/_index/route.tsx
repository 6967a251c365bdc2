import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { login } from "~/shopify.server";
import styles from "./styles.module.css";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Opened from the Shopify admin: go straight into the embedded app.
  if (url.searchParams.get("shop")) {
    throw redirect(`/app?${url.searchParams.toString()}`);
  }
  return { showForm: Boolean(login) };
};

export default function Landing() {
  const { showForm } = useLoaderData<typeof loader>();
  return (
    <main className={styles.index}>
      <div className={styles.content}>
        <h1 className={styles.heading}>NetMargin</h1>
        <p className={styles.text}>
          What you really earn on every order and every product, after shipping, fees,
          packaging, labour, fixed costs and provisions.
        </p>
        {showForm && (
          <Form className={styles.form} method="post" action="/auth/login">
            <label className={styles.label}>
              <span>Shop domain</span>
              <input className={styles.input} type="text" name="shop" placeholder="my-shop.myshopify.com" />
            </label>
            <button className={styles.button} type="submit">
              Log in
            </button>
          </Form>
        )}
        <ul className={styles.list}>
          <li>
            <strong>Net margin per order and product.</strong> Every cost as a step of a waterfall.
          </li>
          <li>
            <strong>Loss-makers first.</strong> Products and orders that lose money, with the reason.
          </li>
          <li>
            <strong>Free shipping that pays.</strong> A threshold planned on your own order history.
          </li>
        </ul>
      </div>
    </main>
  );
}
