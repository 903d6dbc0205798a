import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiJson, apiJsonList } from "../../src/render/apiJson.ts";

describe("apiJsonList", () => {
  it("gives the bytes of apiJson for any list of JSON values, or of values with no JSON form", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue(),
            fc.constant(undefined),
            fc.constant(() => 1),
          ),
        ),
        (items) => {
          expect(Buffer.from(apiJsonList(items, (item) => item)).toString("utf8")).toBe(apiJson(items));
        },
      ),
    );
  });
  it("maps each item before writing it", () => {
    const bytes = apiJsonList(["가", "b"], (item) => ({ text: item, note: "줄\n바꿈" }));
    expect(JSON.parse(Buffer.from(bytes).toString("utf8"))).toEqual([
      { text: "가", note: "줄\n바꿈" },
      { text: "b", note: "줄\n바꿈" },
    ]);
  });
});
