/**
 * Downloads what an app URL answers (CSV exports, the settings file) through
 * fetch: inside Shopify's admin, App Bridge adds the session token to the app's
 * own fetches, which a plain link would not carry. The file name comes from
 * Content-Disposition, else `fallbackName`. Throws when the server refuses.
 */
export async function downloadFile(href: string, fallbackName: string): Promise<void> {
  const response = await fetch(href);
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
