export {
  type DevServer,
  type DevServerOptions,
  errorOverlay,
  injectReload,
  RELOAD_PATH,
  RELOAD_WORKER_PATH,
  startDevServer,
} from "./devServer.ts";
