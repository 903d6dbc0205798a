export { type DevServer, type DevServerOptions, errorOverlay, injectReload, startDevServer } from "./devServer.ts";
