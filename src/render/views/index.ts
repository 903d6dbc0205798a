// The views templates render: plain data, with every piece of content escaped or sanitised.
export * from "./archive.ts";
export * from "./entries.ts";
export * from "./rankings.ts";
export * from "./rows.ts";
export * from "./tags.ts";
