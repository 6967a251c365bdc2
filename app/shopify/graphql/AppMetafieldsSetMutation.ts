/** Sets app-data metafields (owner: currentAppInstallation), e.g. the free-shipping threshold a theme shows. */
export const APP_METAFIELDS_SET_MUTATION = `#graphql
  mutation NetMarginAppMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
        type
        value
      }
      userErrors {
        field
        code
        message
      }
    }
  }
` as const;
