export { readAssets } from "./readAssets.ts";
export { type ContentFile, readContent } from "./readContent.ts";
export { writeSite } from "./writeSite.ts";
