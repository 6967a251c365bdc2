import type { LoginError } from "@shopify/shopify-app-remix/server";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";

export interface LoginErrorMessage {
  shop?: string;
}

export function loginErrorMessage(loginErrors: LoginError | undefined): LoginErrorMessage {
  if (loginErrors?.shop === LoginErrorType.MissingShop) {
    return { shop: "Enter your shop domain to log in" };
  } else if (loginErrors?.shop === LoginErrorType.InvalidShop) {
    return { shop: "Enter a valid shop domain, e.g. my-shop.myshopify.com" };
  }
  return {};
}
