/**
 * Recall queries for issue #4: what a reader might type, and the paper they mean.
 * Written from the papers' titles and Korean summaries in content/ and
 * ../shared/corpus-sample, not tuned against the ranking.
 */
export interface RecallQuery {
  readonly query: string;
  readonly expected: string;
  readonly kind: "ko" | "en" | "author" | "id" | "mixed";
  /** The paper only exists in ../shared/corpus-sample. */
  readonly corpus: boolean;
  /** Why word search cannot find it (kept to show the limit, not counted as found). */
  readonly knownMiss?: string;
}

const q = (kind: RecallQuery["kind"], query: string, expected: string, corpus = true): RecallQuery => ({
  query,
  expected,
  kind,
  corpus,
});

export const RECALL_QUERIES: readonly RecallQuery[] = [
  q("ko", "강화학습 수학 추론", "2502.06781", false),
  q("ko", "병렬 해독 데이터세트", "2502.06394", false),
  q("ko", "소셜 디덕션 게임", "2502.06060", false),
  q("ko", "시뮬레이션 기반 디버깅", "2502.05664", false),
  q("ko", "확산 모델을 이용한 이미지 모핑", "2312.07409"),
  q("ko", "만화 생성", "2412.07589"),
  q("ko", "인지 행동 치료", "2410.13218"),
  { ...q("ko", "프라이버시 위험을", "2407.10058"), knownMiss: "the summary says 개인 정보, never 프라이버시" },
  q("ko", "동남아시아 데이터셋", "2503.07920"),
  q("ko", "정리 증명", "2412.20735"),
  q("ko", "몬테카를로 트리 수학 올림피아드", "2406.07394"),
  q("ko", "거리 뷰 생성", "2407.13759"),
  { ...q("ko", "시맨틱 프롬프트 캐싱", "2502.03771"), knownMiss: "the summary says 의미적, never 시맨틱" },
  q("ko", "환각을 줄이는 시각 정보", "2502.03628", false),
  q("en", "Curse of Depth", "2502.05795", false),
  q("en", "TextAtlas5M", "2502.07870", false),
  q("en", "next block prediction", "2502.07737", false),
  q("en", "imitation threshold Van Gogh", "2410.15002"),
  q("en", "AutoTrain no-code", "2410.15735"),
  q("en", "efficient diffusion models survey", "2410.11795"),
  q("en", "MLA", "2502.07864", false),
  q("en", "Elastic Reasoning", "2505.05315"),
  q("author", "Xie finance", "2502.08127", false),
  q("author", "Panchenko", "2502.06394", false),
  q("author", "Dorsa Sadigh", "2502.06060", false),
  q("author", "Wenwei Zhang OREAL", "2502.06781", false),
  q("id", "2412.20735", "2412.20735"),
  q("id", "2311.10770", "2311.10770"),
  q("id", "https://arxiv.org/abs/2503.08037", "2503.08037"),
  q("id", "2505.05315v2", "2505.05315"),
  q("id", "2502.06394", "2502.06394", false),
  q("mixed", "LLM 모듈 지식 전이", "2502.08213", false),
  q("mixed", "COLMAP 없이 Gaussian Splatting", "2312.07504"),
  q("mixed", "LEGO 디자인 생성", "2505.05469"),
  q("mixed", "1B LLM 405B 능가", "2502.06703", false),
];
