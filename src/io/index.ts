export { type ContentFile, readContent } from "./readContent.ts";
export { writeSite } from "./writeSite.ts";
