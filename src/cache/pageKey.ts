import { hashAll } from "./BuildCache.ts";

/**
 * Hash of everything a page is rendered from: the template's name and the key of the
 * files it is made of (`templateKeys`), the page's meta and its view data. The settings
 * and tool version are part of the cache's own key, so they are not repeated here.
 * @returns the key, or `""` when the data holds something JSON cannot show
 *   faithfully (a function or symbol), in which case the page is always rendered
 */
export function pageKey(template: string, templateKey: string, meta: object, data: object): string {
  let opaque = false;
  const json = JSON.stringify([template, templateKey, meta, data], (_key, value: unknown) => {
    if (value instanceof Map) return { "<map>": [...value] };
    if (value instanceof Set) return { "<set>": [...value] };
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") opaque = true;
    return value;
  });
  return opaque ? "" : hashAll([json]);
}
