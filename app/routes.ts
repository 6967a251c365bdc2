import { flatRoutes } from "@remix-run/fs-routes";

// app/routes/README.md documents the routes; it is not one.
export default flatRoutes({ ignoredRouteFiles: ["**/*.md", "**/.*"] });
