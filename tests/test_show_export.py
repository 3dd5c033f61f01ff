from __future__ import annotations

import csv
import io
import json
import os
import tomllib
from pathlib import Path

import pytest
from test_cli import assert_no_traceback, run

from conftest import REPO
from shtarget.render.export_format import without_nulls
from shtarget.store import write_atomic


def test_show_text(workdir: Path) -> None:
    result = run("show", "high-tech-firms", "--as-of", "2023", "--lang", "en", cwd=workdir)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("high-tech-firms · 高新技术企业数量 [red]\n")
    assert "«全市高新技术企业数量突破2.6万家» — plan-doc (seeds/plan.txt#L4)" in text
    assert "«2021年高新技术企业达到2万多家» — plan-doc (seeds/plan.txt#L4)" in text
    assert "Status: on-track — needs " in text and "/yr since 2020" in text
    assert "█ actual  │ path to the target" in text
    assert "\x1b[" not in text


def test_show_json(workdir: Path) -> None:
    record = json.loads(run("show", "value-added", "--format", "json", "--as-of", "2023", cwd=workdir).stdout)
    assert record["id"] == "value-added"
    assert record["assessment"]["status"] in ("on-track", "at-risk", "off-track")
    assert record["quote_lines"] == {"baseline": 3, "evidence[0]": 2}
    assert record["actuals"][0]["source"] == "bulletin"


def test_show_unknown_target_suggests(workdir: Path) -> None:
    result = run("show", "value-add", cwd=workdir)
    assert result.returncode == 2
    assert "unknown target or series 'value-add'; did you mean value-added?" in result.stderr
    assert_no_traceback(result)


def test_show_every_shipped_target() -> None:
    for target_id in ("sei-gdp-share", "ic-growth", "sei-industrial-share", "c919-certification"):
        result = run("show", target_id, "--as-of", "2026", "--file", str(REPO / "targets.yaml"))
        assert result.returncode == 0, (target_id, result.stderr)
    shipped = str(REPO / "targets.yaml")
    english = run("show", "ic-growth", "--lang", "en", "--as-of", "2026", "--file", shipped).stdout
    assert "2025 actual >480 bn yuan is a bound that neither meets nor misses the target" in english
    assert "无法判定是否达到目标" in run("show", "ic-growth", "--as-of", "2026", "--file", shipped).stdout


def test_export_json_and_toml_round_trip() -> None:
    args = ("export", "--as-of", "2025", "--file", str(REPO / "targets.yaml"))
    as_json = json.loads(run(*args, "--format", "json").stdout)
    as_toml = tomllib.loads(run(*args, "--format", "toml").stdout)
    assert as_toml == without_nulls(as_json)
    assert as_json["schema"] == 1 and as_json["as_of"] == 2025
    ids = [t["id"] for t in as_json["targets"]]
    assert len(ids) == shipped_target_count() and ids[0] == "sei-gdp-share"
    first = as_json["targets"][0]
    assert first["assessment"]["status"] == "inconclusive"  # its 2022-2023 figures: a new basis, no link
    assert first["evidence"][0]["quote"] == "戰略性新興產業增加值占全市生產總值比重達到20%以上"
    assert {"gdp", "rd-intensity", "pioneer-industries-scale"} <= {s["id"] for s in as_json["series"]}
    assert as_json["relations"][0]["years"][0]["holds"] is True
    increase = next(t for t in as_toml["targets"] if t["id"] == "sei-industrial-share")
    assert "progress" not in increase["assessment"]  # null in JSON, left out in TOML
    assert next(t for t in as_json["targets"] if t["id"] == "sei-industrial-share")["assessment"]["progress"] is None


def test_export_csv_per_target_and_per_actual() -> None:
    args = ("export", "--format", "csv", "--as-of", "2025", "--file", str(REPO / "targets.yaml"))
    per_target = list(csv.DictReader(io.StringIO(run(*args).stdout)))
    assert len(per_target) == shipped_target_count()
    assert per_target[0]["status"] == "inconclusive" and per_target[0]["baseline_value"] == "18.9"
    per_actual = list(csv.DictReader(io.StringIO(run(*args, "--actuals").stdout)))
    gdp = [row for row in per_actual if row["figure"] == "gdp"]
    assert [row["year"] for row in gdp] == ["2021", "2022", "2025"] and gdp[0]["kind"] == "series"
    assert any(row["qualifier"] == "over" for row in per_actual)


def test_export_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    result = run("export", "-o", str(out), "--file", str(REPO / "targets.yaml"))
    assert result.returncode == 0
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == 1
    unwritable = run("export", "-o", str(tmp_path / "missing-dir" / "x.json"), "--file", str(REPO / "targets.yaml"))
    assert unwritable.returncode == 2
    assert "cannot write" in unwritable.stderr
    assert_no_traceback(unwritable)


def test_write_atomic_keeps_permissions_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o600)
    write_atomic(path, b"new")
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["data.txt"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data.txt"
    path.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.txt"]


def shipped_target_count() -> int:
    from shtarget.load import load_file

    dataset = load_file(REPO / "targets.yaml").dataset
    assert dataset is not None
    return len(dataset.targets)


def test_show_prints_exact_figures_beside_the_rounded_reading() -> None:
    shipped = str(REPO / "targets.yaml")
    chinese = run("show", "high-tech-enterprises", "--file", shipped).stdout
    assert "  2020  17,012家（1.7万家）" in chinese.splitlines()
    assert "基期: 超17,000家（超1.7万家） (2020)" in chinese
    english = run("show", "high-tech-enterprises", "--lang", "en", "--file", shipped).stdout
    assert english.startswith("high-tech-enterprises · High-tech enterprises in Shanghai\n全市高新技术企业数量\n")
    assert "  2020  17,012 firms" in english.splitlines() and "Unit: firms (家)" in english
    money = run("show", "sei-value-added", "--lang", "en", "--file", shipped).stdout
    assert "Unit: bn yuan (亿元)" in money
    assert "  2022  1,064.119 bn yuan (1,064.1 bn yuan) · new statistical basis" in money.splitlines()
    assert "亿元" not in money.replace("(亿元)", "").split("Actuals:")[1].split("«")[0]


def test_show_marks_part_year_figures_scope_and_breaks() -> None:
    lines = run("show", "ai-growth", "--file", str(REPO / "targets.yaml")).stdout.splitlines()
    assert "  2025  4,354.92亿元 · 1-9月" in lines
    assert "  2022  3,821亿元 · 规模以上" in lines
    rebased = run("show", "sei-value-added", "--file", str(REPO / "targets.yaml")).stdout.splitlines()
    assert "  2022  10,641.19亿元（1.06万亿元） · 新统计口径" in rebased
    english = run("show", "ai-growth", "--lang", "en", "--file", str(REPO / "targets.yaml")).stdout.splitlines()
    assert "  2025  435.492 bn yuan (435.5 bn yuan) · Jan–Sep" in english


def test_show_trend_after_the_deadline() -> None:
    text = run("show", "high-tech-enterprises", "--as-of", "2026", "--file", str(REPO / "targets.yaml")).stdout
    assert "状态: 待最终数据 · 趋势进展顺利 — 2025年期限已过" in text
    assert ["趋势", "进展顺利"] in [line.split() for line in text.splitlines()]  # the label column's width varies


def test_show_accepts_series_ids() -> None:
    shipped = str(REPO / "targets.yaml")
    text = run("show", "gdp", "--lang", "en", "--file", shipped)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("gdp · Shanghai gross domestic product\n上海市地区生产总值\n")
    assert "Kind: context series (no target)" in text.stdout and "  2025  5,670.871 bn yuan" in text.stdout
    assert "— economy-2025 (" in text.stdout and "█ actual" in text.stdout
    record = json.loads(run("show", "rd-intensity", "--format", "json", "--file", shipped).stdout)
    assert record["id"] == "rd-intensity" and record["actuals"][-1]["qualifier"] == "about"
    assert record["quote_lines"]["actual 2015"] > 0


def test_export_csv_has_latest_value_and_trend() -> None:
    args = ("export", "--format", "csv", "--as-of", "2026", "--file", str(REPO / "targets.yaml"))
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(run(*args).stdout))}
    high_tech = rows["high-tech-enterprises"]
    assert high_tech["latest_year"] == "2023" and high_tech["latest_value"] == "24000.0"
    assert high_tech["latest_qualifier"] == "over" and high_tech["trend"] == "on-track"
    assert rows["nev-output"]["latest_value"] == "" and rows["nev-output"]["trend"] == ""
    exported = json.loads(run("export", "--as-of", "2026", "--file", str(REPO / "targets.yaml")).stdout)
    assessment = next(t for t in exported["targets"] if t["id"] == "high-tech-enterprises")["assessment"]
    assert assessment["trend"] == "on-track" and assessment["latest_value"] == 24000.0


def computed_numbers(value: object) -> list[float]:
    """Every float in a JSON document."""
    if isinstance(value, dict):
        return [n for inner in value.values() for n in computed_numbers(inner)]
    if isinstance(value, list):
        return [n for inner in value for n in computed_numbers(inner)]
    return [value] if isinstance(value, float) else []


def test_json_and_csv_carry_no_binary_noise() -> None:
    """Computed figures to 12 significant digits (-4.8, not -4.800000000000001); recorded values as recorded."""
    shipped = str(REPO / "targets.yaml")
    for as_of in ("2023", "2026"):
        documents = [
            json.loads(run("status", "--format", "json", "--as-of", as_of, "--file", shipped).stdout),
            json.loads(run("export", "--as-of", as_of, "--file", shipped).stdout),
        ]
        for document in documents:
            numbers = computed_numbers(document)
            assert len(numbers) > 50
            for number in numbers:
                assert len(repr(number).lstrip("-").replace(".", "").lstrip("0")) <= 14, number
        exported = {t["id"]: t for t in documents[1]["targets"]}
        assert exported["sei-value-added"]["actuals"][1]["value"] == 10641.19  # as recorded
        for row in csv.DictReader(
            io.StringIO(run("export", "--format", "csv", "--as-of", as_of, "--file", shipped).stdout)
        ):
            for key in ("progress", "gap", "required_growth", "actual_growth", "projected", "ratio"):
                if row[key]:
                    assert float(row[key]) == float(f"{float(row[key]):.12g}"), (key, row[key])
                    assert len(row[key].lstrip("-").replace(".", "").lstrip("0")) <= 14, (key, row[key])
    from shtarget.render.records import derived

    assert derived(20 - 24.8) == -4.8 and derived(0.1 + 0.2) == 0.3 and derived(None) is None


def test_export_keeps_the_recorded_figure_with_the_reading_beside_it() -> None:
    shipped = str(REPO / "targets.yaml")
    exported = json.loads(run("export", "--as-of", "2026", "--file", shipped).stdout)
    high_tech = next(t for t in exported["targets"] if t["id"] == "high-tech-enterprises")
    first = high_tech["actuals"][1]
    assert (first["value"], first["reading"], first["reading_en"]) == (17012.0, "1.7万家", "17,012 firms")
    assert high_tech["baseline"]["reading"] == "超1.7万家" and high_tech["target"]["reading_en"] == "26,000 firms"
    assert high_tech["assessment"]["latest_reading"] == "超2.4万家"
    fields = next(t for t in exported["targets"] if t["id"] == "new-materials-import-substitution")
    assert fields["unit_en"] == "fields" and fields["target"]["reading_en"] == "3 fields"
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--actuals", "--file", shipped).stdout)))
    value_added = next(row for row in rows if row["figure"] == "sei-value-added" and row["year"] == "2022")
    assert (value_added["value"], value_added["reading"], value_added["reading_en"]) == (
        "10641.19",
        "1.06万亿元",
        "1,064.1 bn yuan",
    )


def test_show_counts_in_what_they_count() -> None:
    english = run("show", "new-materials-import-substitution", "--lang", "en", "--file", str(REPO / "targets.yaml"))
    assert "Unit: fields (个)" in english.stdout and "Target: ≥3 fields (2025)" in english.stdout
