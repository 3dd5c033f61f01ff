"""Writes the bad-input corpus: each file is the valid base with one defect. Run: python tests/bad/make_corpus.py"""

import hashlib
import pathlib

here = pathlib.Path(__file__).resolve().parent
sha = hashlib.sha256((here / "seeds/page.html").read_bytes()).hexdigest()
BASE = f"""schema: 1
title: corpus base
sources:
  page:
    path: seeds/page.html
    sha256: {sha}
    title: 示例页面
  web: {{url: "https://example.org/bulletin", title: bulletin, kind: official}}
plans:
  p: {{name: 示例规划, period: [2021, 2025], source: page}}
targets:
  - id: firms
    plan: p
    name: 高新技术企业数量
    unit: 家
    baseline: {{year: 2020, value: 17000, source: web, quote: "1.7万家"}}
    target: {{year: 2025, value: 2.6万家, op: ">"}}
    evidence:
      - source: page
        quote: 全市高新技术企业数量突破2.6万家
    actuals:
      - {{year: 2021, value: 2万多家, source: page, quote: "全市高新技术企业达到2万多家"}}
"""
(here / "_valid.yaml").write_text(BASE)
cases = {
    "yaml-syntax.yaml": BASE.replace("title: corpus base", "title: [corpus base"),
    "duplicate-key.yaml": BASE.replace("title: corpus base\n", "title: corpus base\ntitle: again\n"),
    "unknown-field.yaml": BASE.replace("    unit: 家\n", "    unit: 家\n    colour: red\n"),
    "missing-field.yaml": BASE.replace("    name: 高新技术企业数量\n", ""),
    "wrong-type.yaml": BASE.replace("year: 2021,", "year: soon,"),
    "unknown-schema.yaml": BASE.replace("schema: 1", "schema: 7"),
    "bad-id.yaml": BASE.replace("id: firms", "id: Firms_Count"),
    "duplicate-id.yaml": BASE + BASE[BASE.index("  - id: firms") :],
    "duplicate-year.yaml": BASE + '      - {year: 2021, value: 20001, source: web, quote: "20001"}\n',
    "unknown-plan.yaml": BASE.replace("    plan: p\n", "    plan: q\n"),
    "unknown-source.yaml": BASE.replace('source: web, quote: "1.7万家"', 'source: webb, quote: "1.7万家"'),
    "year-out-of-range.yaml": BASE.replace("year: 2025, value: 2.6万家", "year: 20250, value: 2.6万家"),
    "target-before-baseline.yaml": BASE.replace("baseline: {year: 2020", "baseline: {year: 2024").replace(
        "year: 2025, value: 2.6万家", "year: 2023, value: 2.6万家"
    ),
    "period-mismatch.yaml": BASE.replace("year: 2025, value: 2.6万家", "year: 2027, value: 2.6万家"),
    # issue 21: each reproduction of the adversarial pass is a defect of the corpus
    "baseline-at-goal-year.yaml": BASE.replace("baseline: {year: 2020", "baseline: {year: 2025"),
    "qualifiers-contradict.yaml": BASE.replace("value: 2.6万家", "value: 不到2.6万以上"),
    "digits-split-by-space.yaml": BASE.replace("value: 2.6万家", 'value: "2 6000"'),
    "digits-folded.yaml": BASE.replace("value: 17000,", "value: 1700\n      0,").replace(
        '    baseline: {year: 2020, value: 1700\n      0, source: web, quote: "1.7万家"}',
        '    baseline:\n      year: 2020\n      value: 1700\n        0\n      source: web\n      quote: "1.7万家"',
    ),
    "decimal-comma.yaml": BASE.replace("value: 17000,", "value: 17000,5,"),
    "months-out-of-range.yaml": BASE + "      - {year: 2022, months: 99, value: 22000, source: web}\n",
    "scope-mixed.yaml": BASE
    + "      - {year: 2022, value: 22000, source: web, scope: 全口径}\n"
    + "      - {year: 2023, value: 18000, source: web, scope: 规模以上}\n",
    "magnitude-mismatch.yaml": BASE + '      - {year: 2022, value: 2.5, source: web, quote: "突破2.5万家"}\n',
    "bad-quantity.yaml": BASE.replace("value: 2.6万家", "value: 二点六万家"),
    "unit-mismatch.yaml": BASE.replace("value: 2.6万家", "value: 2.6万个"),
    "non-finite.yaml": BASE.replace("value: 17000", "value: .nan"),
    "missing-source.yaml": BASE + "      - {year: 2022, value: 22000}\n",
    "missing-quote.yaml": BASE + "      - {year: 2022, value: 22000, source: page}\n",
    "missing-evidence.yaml": BASE.replace(
        "    evidence:\n      - source: page\n        quote: 全市高新技术企业数量突破2.6万家\n", "    evidence: []\n"
    ),
    "source-missing.yaml": BASE.replace("path: seeds/page.html", "path: seeds/gone.html"),
    "path-dotdot.yaml": BASE.replace("path: seeds/page.html", "path: ../bad/seeds/../../conftest.py"),
    "path-absolute.yaml": BASE.replace("path: seeds/page.html", "path: /etc/hostname"),
    "symlinked-seed.yaml": BASE.replace("path: seeds/page.html", "path: seeds/escape.txt"),
    "sha256-mismatch.yaml": BASE.replace(sha, "ab" * 32),
    "quote-not-found.yaml": BASE.replace(
        "quote: 全市高新技术企业数量突破2.6万家", "quote: 全市高新技术企业数量突破2.8万家"
    ),
    "number-not-in-quote.yaml": BASE.replace(
        'value: 17000, source: web, quote: "1.7万家"', 'value: 17000, source: web, quote: "1.8万家"'
    ),
    "source-without-title.yaml": BASE.replace(
        'web: {url: "https://example.org/bulletin", title: bulletin, kind: official}',
        'web: {url: "https://example.org/bulletin", kind: official}',
    ),
    "unused-source.yaml": BASE.replace(
        "  web: {", '  spare: {url: "https://example.org/spare", title: spare}\n  web: {'
    ),
    "bad-enum.yaml": BASE.replace('op: ">"', 'op: "=="'),
    "bad-sha256.yaml": BASE.replace(sha, "not-a-hash"),
    "bad-period.yaml": BASE.replace("period: [2021, 2025]", "period: [2025]"),
    "empty-file.yaml": "",
    "bare-list.yaml": "- firms\n- enterprises\n",
    "tabs.yaml": BASE.replace("    unit: 家\n", "\tunit: 家\n"),
    "bom-duplicate-key.yaml": "\ufeff" + BASE.replace("title: corpus base\n", "title: corpus base\ntitle: again\n"),
    "crlf-unknown-field.yaml": BASE.replace("    unit: 家\n", "    unit: 家\n    colour: red\n").replace("\n", "\r\n"),
    "deep-nesting.yaml": "schema: 1\ntitle: " + "[" * 5000 + "]" * 5000 + "\n",
    "alias-bomb.yaml": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + BASE.replace("title: corpus base", "title: *i")
    ),
    "empty-value.yaml": BASE.replace("title: corpus base", "title: '  '"),
    "unsupported-yaml.yaml": BASE.replace("    plan: p\n", "    <<: {plan: p}\n"),
    "bad-source.yaml": BASE.replace(
        'web: {url: "https://example.org/bulletin",', 'web: {url: "ftp://example.org/bulletin",'
    ),
    "bad-setting.yaml": BASE.replace("title: corpus base\n", "title: corpus base\nsettings: {tolerance: 5}\n"),
    "unexpected-field.yaml": BASE.replace(
        'target: {year: 2025, value: 2.6万家, op: ">"}', 'target: {year: 2025, value: 2.6万家, rate: 9, op: ">"}'
    ),
    "source-unreadable.yaml": BASE.replace("path: seeds/page.html", "path: seeds"),
    "bad-relation.yaml": BASE + "relations:\n  - {id: r, holds: 'firms = __import__(os)', tolerance: 0}\n",
    "relation-violated.yaml": BASE
    + "series:\n  - id: half\n    name: 一半\n    unit: 家\n    actuals:\n"
    + "      - {year: 2021, value: 10001, source: web, quote: '10001'}\n"
    + "relations:\n  - {id: halves, holds: 'firms = 2 * half', tolerance: 1}\n",
    "relation-undefined.yaml": BASE
    + "series:\n  - id: zero\n    name: 零\n    unit: 家\n    actuals:\n"
    + "      - {year: 2021, value: 0, source: web, quote: '0'}\n"
    + "relations:\n  - {id: ratio, holds: 'firms / zero = 1', tolerance: 1}\n",
    "quote-spans-tag.yaml": BASE.replace('quote: "全市高新技术企业达到2万多家"', 'quote: "达到2万多家,比上年增长"'),
    "quote-wrong-script-and-text.yaml": BASE.replace(
        'quote: "全市高新技术企业达到2万多家"', 'quote: "全市高新技術企業達到3万多家"'
    ),
    "bad-date.yaml": BASE.replace("kind: official}", 'kind: official, published: "March 2026"}'),
    "bad-months.yaml": BASE + '      - {year: 2022, months: 12, value: 22000, source: web, quote: "22000"}\n',
    "draft-target.yaml": BASE.replace("    unit: 家\n", "    unit: 家\n    draft: true\n"),
    "scope-mismatch.yaml": BASE.replace("    unit: 家\n", "    unit: 家\n    scope: 全口径\n")
    + '      - {year: 2022, value: 22000, scope: 规模以上, source: web, quote: "22000"}\n',
    # Issue 13's reproductions: numbers past float range, a relation too long to recurse over, a path with NUL,
    # a control character in a value, a formula-looking name (valid: CSV output guards it), an escape in a name.
    "huge-number.yaml": BASE.replace("value: 17000", 'value: "1' + "0" * 400 + '"'),
    "huge-magnitude.yaml": BASE.replace("value: 17000", 'value: "1' + "万" * 200 + '"'),
    "relation-too-long.yaml": BASE
    + "relations:\n  - {id: r, holds: 'firms = "
    + " + ".join(["firms"] * 1000)
    + "', tolerance: 0}\n",
    "path-with-nul.yaml": BASE.replace("path: seeds/page.html", 'path: "seeds/a\\0b.html"'),
    "control-character.yaml": BASE.replace("title: corpus base", "title: corpus \x07base"),
    "formula-name.yaml": BASE.replace("name: 高新技术企业数量", "name: '=HYPERLINK(\"https://evil\")'"),
}
for name, text in cases.items():
    (here / name).write_text(text, encoding="utf-8", newline="")
(here / "not-utf8.yaml").write_bytes(
    BASE.replace("title: corpus base", "title: corpus \udcff base").encode("utf-8", "surrogateescape")
)
(here / "binary-garbage.yaml").write_bytes(bytes(range(256)) * 4)
print(len(cases) + 2, "files written")
