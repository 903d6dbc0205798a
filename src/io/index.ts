export { missingFiles } from "./missingFiles.ts";
export { checkOutputFolder, OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from "./outputFolder.ts";
export { claimOutputFolder, OutputClaimedError } from "./outputLock.ts";
export { readAssets } from "./readAssets.ts";
export {
  type ContentFile,
  contentText,
  type FileStamp,
  readContent,
  readContentFile,
  type StampOptions,
  sameStamp,
} from "./readContent.ts";
export {
  abortOpenWrites,
  committedWrites,
  recoverInterruptedWrite,
  SiteWriter,
  type WriteResult,
  writeSite,
  writesStopped,
} from "./writeSite.ts";
