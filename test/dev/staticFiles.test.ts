import { describe, expect, it } from "vitest";
import { contentType } from "../../src/dev/staticFiles.ts";

describe("contentType", () => {
  // `.mjs` was application/octet-stream, and Chromium refuses a module script served so.
  it.each([
    ["assets/app.mjs", "text/javascript; charset=utf-8"],
    ["assets/app.js", "text/javascript; charset=utf-8"],
    ["assets/app.js.map", "application/json; charset=utf-8"],
    ["robots.txt", "text/plain; charset=utf-8"],
    ["assets/a.gif", "image/gif"],
    ["assets/a.jpg", "image/jpeg"],
    ["assets/a.JPEG", "image/jpeg"],
    ["assets/a.webp", "image/webp"],
    ["assets/a.avif", "image/avif"],
    ["favicon.ico", "image/x-icon"],
    ["assets/font.woff2", "font/woff2"],
    ["assets/font.woff", "font/woff"],
    ["assets/clip.mp4", "video/mp4"],
    ["assets/clip.webm", "video/webm"],
    ["index.html", "text/html; charset=utf-8"],
    ["assets/data.bin", "application/octet-stream"],
  ])("%s is %s", (file, type) => {
    expect(contentType(file)).toBe(type);
  });
});
