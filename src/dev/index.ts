export {
  type DevServer,
  type DevServerOptions,
  errorOverlay,
  injectReload,
  RELOAD_PATH,
  startDevServer,
} from "./devServer.ts";
