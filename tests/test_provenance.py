from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO
from shtarget.provenance import (
    QuoteMatch,
    QuoteMiss,
    SourceProblem,
    check_path,
    load_source_text,
    normalise,
    sha256_of,
)


def test_normalise_folds_whitespace_markup_width_and_script() -> None:
    assert normalise("戰略性 新興\n產業") == normalise("战略性新兴产业") == "战略性新兴产业"
    assert normalise("<a href='x'>机器人</a>等") == "机器人等"
    assert normalise("比重达到20％以上，") == normalise("比重達到20%以上,")
    assert normalise("R&amp;D") == "r&d"


def test_quotes_map_back_to_their_line(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("标题\n<div\nclass='x'>第一段</div>\n<p>第二段<b>加粗</b>结尾</p>\n", encoding="utf-8")
    text = load_source_text(page)
    assert text.find("第一段") == QuoteMatch(3)
    assert text.find("第二段加粗结尾") == QuoteMatch(4)  # across tags
    assert text.find("第一段第二段") == QuoteMatch(3)  # across lines
    miss = text.find("第三段")
    assert isinstance(miss, QuoteMiss)


def test_comparison_signs_in_plain_text_are_not_markup(tmp_path: Path) -> None:
    # A plan's indicator table writes "<5.5" and ">42"; read as one tag they would swallow the rows between.
    table = tmp_path / "table.txt"
    table.write_text("城镇调查失业率\t%\t<5.5\n受教育年限\t年\t11.8\n粮食综合生产能力\t万吨\t>42\n", encoding="utf-8")
    text = load_source_text(table)
    assert text.find("受教育年限 年 11.8") == QuoteMatch(2)
    assert text.find("粮食综合生产能力 万吨 >42") == QuoteMatch(3)
    assert normalise("a <5 and b> 3") == "a<5andb>3"


def test_shipped_seed_lines() -> None:
    plan = load_source_text(REPO / "seeds" / "002_ac65027d67ea128d.txt")
    assert plan.find("全市高新技術企業數量突破2.6萬家") == QuoteMatch(15)
    assert plan.find("全市高新技术企业数量突破2.6万家") == QuoteMatch(15)  # simplified quote, traditional page
    assert plan.find("船用低速柴油機全球市場份額力爭達到30%") == QuoteMatch(105)
    news = load_source_text(REPO / "seeds" / "001_65cf511b50145bbb.txt")
    assert news.find("上海高新技術企業從2012年的4311家") == QuoteMatch(16)  # traditional quote, simplified page


def test_a_miss_shows_the_closest_passage() -> None:
    plan = load_source_text(REPO / "seeds" / "002_ac65027d67ea128d.txt")
    miss = plan.find("全市高新技術企業數量突破2.8萬家")
    assert isinstance(miss, QuoteMiss)
    assert miss.closest_line == 15
    assert "2.6萬家" in miss.closest_passage
    assert len(miss.closest_passage) < 100
    unrelated = plan.find("completely unrelated words")
    assert isinstance(unrelated, QuoteMiss) and unrelated.closest_line is None


def test_paths_stay_inside_the_repository(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "ok.txt").write_text("x", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret", encoding="utf-8")
    os.symlink(outside, tmp_path / "seeds" / "link.txt")
    os.symlink(tmp_path / "seeds" / "ok.txt", tmp_path / "seeds" / "inner-link.txt")
    assert check_path(tmp_path, "seeds/ok.txt") == (tmp_path / "seeds" / "ok.txt").resolve()
    assert isinstance(check_path(tmp_path, "seeds/inner-link.txt"), Path)  # a link that stays inside is fine
    for bad, code in [
        ("/etc/hostname", "path-outside-repo"),
        ("../x.txt", "path-outside-repo"),
        ("seeds/../../x.txt", "path-outside-repo"),
        ("seeds/link.txt", "path-outside-repo"),
        ("seeds/none.txt", "source-missing"),
        ("seeds", "source-unreadable"),
    ]:
        problem = check_path(tmp_path, bad)
        assert isinstance(problem, SourceProblem), bad
        assert problem.code == code, bad


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "seeds").iterdir()))
def test_sha256_of_matches_hashlib(name: str) -> None:
    import hashlib

    path = REPO / "seeds" / name
    assert sha256_of(path) == hashlib.sha256(path.read_bytes()).hexdigest()
