/**
 * What "nothing from content can run in a reader's browser" means per output
 * format (issue #6). Every payload the tests inject carries the marker `XSS`.
 *
 * - HTML: every raw `<letter` is a real tag, because escaped text never holds a
 *   raw `<`. No tag may have an `on*` attribute; no URL attribute (after
 *   decoding character references and dropping whitespace/control characters)
 *   may use `javascript:`, `vbscript:` or a non-image `data:` URL; no
 *   `iframe`/`object`/`embed`/`base`/`frame` tag; every `<script>` is the site's
 *   own: its tag and body never hold the marker, except JSON-LD, which must be valid
 *   JSON with no raw `<` (content appears there only as JSON string data).
 * - XML (feeds, sitemap): the same tag rules on the XML itself; the bodies of
 *   elements that carry HTML (`type="html"`, RSS `description`) are decoded
 *   once and must pass the HTML rules.
 * - JSON: must parse. Text fields legitimately hold the payload as data (a
 *   consumer must escape them like any text); string values under keys ending
 *   in `html` are HTML and must pass the HTML rules.
 */
export function unsafeParts(path: string, content: string): string[] {
  if (path.endsWith(".json")) return unsafeJson(content);
  if (path.endsWith(".xml")) return unsafeXml(content);
  if (path.endsWith(".html")) return unsafeHtml(content);
  return [];
}

const TAG = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "poster",
  "data",
  "xlink:href",
  "background",
  "cite",
  "srcdoc",
]);
const FORBIDDEN_TAGS = new Set(["iframe", "object", "embed", "base", "frame", "frameset", "applet"]);

export function unsafeHtml(html: string): string[] {
  const found: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, "");
  for (const match of withoutComments.matchAll(TAG)) {
    const name = (match[1] ?? "").toLowerCase();
    const attributes = match[2] ?? "";
    if (FORBIDDEN_TAGS.has(name)) found.push(`<${name}> tag: ${match[0].slice(0, 120)}`);
    const parsed = new Map<string, string>();
    for (const attribute of attributes.matchAll(ATTRIBUTE)) {
      const key = (attribute[1] ?? "").toLowerCase();
      parsed.set(key, decodeReferences((attribute[2] ?? "").replace(/^["']|["']$/g, "")));
    }
    const refresh = name === "meta" && /refresh/i.test(parsed.get("http-equiv") ?? "");
    for (const [key, value] of parsed) {
      if (key.startsWith("on")) found.push(`event handler ${key}: ${match[0].slice(0, 120)}`);
      // Browsers ignore whitespace and control characters inside a URL scheme.
      const squeezed = [...value]
        .filter((char) => char.charCodeAt(0) > 0x20 && char.charCodeAt(0) !== 0x7f)
        .join("")
        .toLowerCase();
      const isUrl = URL_ATTRIBUTES.has(key) || (refresh && key === "content");
      const url = key === "content" ? squeezed.replace(/^\d*;?url=/, "") : squeezed;
      if (isUrl && /^(?:javascript:|vbscript:|data:(?!image\/))/.test(url))
        found.push(`script URL in ${key}: ${match[0].slice(0, 120)}`);
    }
    if (name === "script") {
      const start = (match.index ?? 0) + match[0].length;
      const end = withoutComments.toLowerCase().indexOf("</script", start);
      const body = withoutComments.slice(start, end === -1 ? undefined : end);
      if (/application\/ld\+json/i.test(attributes)) {
        // Content may appear here as JSON data, but never a raw `<` that could close the element.
        if (body.includes("<")) found.push("raw < inside JSON-LD");
        try {
          JSON.parse(body);
        } catch {
          found.push("JSON-LD is not valid JSON");
        }
      } else if (/XSS/.test(match[0]) || /XSS/.test(body))
        found.push(`content inside <script>: ${match[0]}${body.slice(0, 80)}`);
    }
  }
  return found;
}

function unsafeXml(xml: string): string[] {
  const found = unsafeHtml(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ""));
  const htmlBodies =
    /<((?:content|summary|title|subtitle)\b[^>]*type=["']html["'][^>]*|description|content:encoded)>([\s\S]*?)<\/(?:content|summary|title|subtitle|description|content:encoded)>/g;
  for (const match of xml.matchAll(htmlBodies)) {
    const body = match[2] ?? "";
    const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(body);
    found.push(...unsafeHtml(cdata ? (cdata[1] ?? "") : decodeReferences(body)));
  }
  return found;
}

function unsafeJson(text: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return [`invalid JSON: ${(error as Error).message}`];
  }
  const found: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (/html$/i.test(key)) found.push(...unsafeHtml(value));
    } else if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, k);
  };
  walk(data, "");
  return found;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  colon: ":",
  tab: "\t",
  newline: "\n",
};

function decodeReferences(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (all, hex: string, dec: string, name: string) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return NAMED[name.toLowerCase()] ?? all;
  });
}
