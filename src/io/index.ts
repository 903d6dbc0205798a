export { checkOutputFolder, OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from "./outputFolder.ts";
export { readAssets } from "./readAssets.ts";
export { type ContentFile, readContent } from "./readContent.ts";
export { writeSite } from "./writeSite.ts";
