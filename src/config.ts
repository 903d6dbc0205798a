import matter from "gray-matter";

/** Site settings from `content/site.yaml`, merged over defaults and under CLI flags. */
export interface SiteConfig {
  /** Site title. Default: "Daily Papers 한국어 요약". */
  readonly title: string;
  /** One-line description for meta tags and feeds. */
  readonly description: string;
  /** Absolute origin for canonical URLs, feeds and the sitemap, e.g. `https://user.github.io`. Default: "" (relative only). */
  readonly siteUrl: string;
  /** Path the site is served under, always with leading and trailing slash. Default: "/". */
  readonly basePath: string;
}

export const DEFAULT_CONFIG: SiteConfig = {
  title: "Daily Papers 한국어 요약",
  description: "Hugging Face Daily Papers의 한국어 요약을 날짜, 주제, 추천 수로 모아 봅니다.",
  siteUrl: "",
  basePath: "/",
};

/** Settings as written in the file; every field optional. */
export type SiteConfigInput = Partial<Record<keyof SiteConfig, unknown>>;

/**
 * Parses the settings file text.
 * @param text YAML text of `site.yaml`
 * @returns the fields it sets, or a message naming the problem
 */
export function parseSiteConfig(text: string): { settings: Partial<SiteConfig>; problems: string[] } {
  const problems: string[] = [];
  let data: unknown;
  try {
    data = matter(`---\n${text}\n---\n`, {}).data;
  } catch (error) {
    return { settings: {}, problems: [`site.yaml is not valid YAML: ${(error as Error).message.split("\n")[0]}`] };
  }
  const input = (data ?? {}) as SiteConfigInput;
  const settings: { -readonly [K in keyof SiteConfig]?: SiteConfig[K] } = {};
  for (const key of ["title", "description", "siteUrl", "basePath"] as const) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") problems.push(`\`${key}\` in site.yaml must be text.`);
    else settings[key] = value;
  }
  return { settings, problems };
}

/**
 * Merges defaults < site.yaml < command line, in that priority order.
 */
export function resolveConfig(fileSettings: Partial<SiteConfig>, cli: Partial<SiteConfig>): SiteConfig {
  const merged = { ...DEFAULT_CONFIG, ...fileSettings, ...cli };
  return { ...merged, basePath: normalizeBasePath(merged.basePath), siteUrl: merged.siteUrl.replace(/\/+$/, "") };
}

/** `repo`, `/repo`, `/repo/` all become `/repo/`; empty becomes `/`. */
export function normalizeBasePath(base: string): string {
  const parts = base.split("/").filter((part) => part !== "" && part !== "." && part !== "..");
  return parts.length === 0 ? "/" : `/${parts.map(encodeURIComponent).join("/")}/`;
}
