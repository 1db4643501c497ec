"""Loading and validation: good files load, each bad input gets its own clear message,
exit 1 from the command line and never a traceback."""
import shutil

import pandas as pd
import pytest

from inland_coastal import groupings, indicators, nbs
from inland_coastal.errors import DataError
from inland_coastal.loading import load_panel, read_panel_csv

from conftest import ROOT, run_cli

SAMPLES = ROOT / "data" / "samples"
GDP_GBK = SAMPLES / "地区生产总值_2012-2022_gbk.csv"
POP_UTF8 = SAMPLES / "年末常住人口_2012-2022_utf8bom.csv"
FISCAL_UTF8 = SAMPLES / "地方财政一般预算收入_2016-2024_utf8bom.csv"
PANEL_HEAD = "adcode,province_zh,province_en,year,indicator,value,unit,vintage\n"
GOOD_ROW = "110000,北京市,Beijing,2022,gdp,41610.9,亿元,test\n"


@pytest.mark.parametrize("name", [110000, "110000", 11, "北京市", "北京", "Beijing", "beijing",
                                  "Beijing Municipality"])
def test_province_name_forms(name):
    assert groupings.resolve_province(name) == 110000


def test_schemes_are_data():
    assert groupings.schemes() == ["coastal", "four_regions", "north_south"]
    m = groupings.membership("coastal")
    assert (m == "coastal").sum() == 11 and (m == "inland").sum() == 20
    assert set(m[m == "coastal"].index) == {210000, 130000, 120000, 370000, 320000, 310000, 330000,
                                            350000, 440000, 460000, 450000}
    ns = groupings.membership("north_south")
    assert (ns == "north").sum() == 15 and ns[540000] == "south"
    assert groupings.labels("four_regions")["northeast"] == "东北地区"


def test_panel_loads_with_known_vintages():
    p = load_panel()
    assert p["adcode"].nunique() == 31
    assert indicators.vintages("gdp") == ["first_release", "nbs_db_2021", "paper", "rev2025"]
    assert p.duplicated(["adcode", "year", "indicator", "vintage"]).sum() == 0


def test_per_capita_is_sum_over_sum():
    pc = indicators.per_capita("gdp", "paper", "coastal", years=[2022])
    g = indicators.totals("gdp", "paper", "coastal", years=[2022])
    pop = indicators.totals("population", "nbs_db", "coastal", years=[2022])
    assert pc.loc[2022, "inland"] == pytest.approx(g.loc[2022, "inland"] / pop.loc[2022, "inland"] * 1e4)
    assert round(pc.loc[2022, "inland"], 2) == 73407.66  # Table 2 as printed


def test_total_requires_all_provinces(tmp_path):
    p = load_panel()
    p = p[~((p["adcode"] == 540000) & (p["indicator"] == "gdp") & (p["year"] == 2020))]
    with pytest.raises(DataError, match=r"gdp \(paper\) 2020: no figure for 西藏"):
        indicators.totals("gdp", "paper", panel=p)


@pytest.mark.parametrize("path", [GDP_GBK, POP_UTF8, FISCAL_UTF8], ids=["gbk", "utf8bom-pop", "utf8bom-fiscal"])
def test_nbs_export_round_trips_to_panel(path):
    df = nbs.read_export(path)
    panel = load_panel()
    vintage = {"gdp": "paper", "population": "nbs_db", "fiscal_revenue": "nbs_db_2025"}[df["indicator"][0]]
    ref = panel[(panel["indicator"] == df["indicator"][0]) & (panel["vintage"] == vintage)]
    m = df.merge(ref, on=["adcode", "year", "indicator"], suffixes=("", "_panel"))
    assert len(m) == len(df) == 31 * df["year"].nunique()
    assert (m["value"] - m["value_panel"]).abs().max() == 0
    assert list(df.columns) == list(panel.columns)
    assert df["unit"].iloc[0] == ref["unit"].iloc[0]


def test_nbs_export_xlsx(tmp_path):
    rows = [line.split(",") for line in POP_UTF8.read_text(encoding="utf-8-sig").splitlines()]
    x = tmp_path / "pop.xlsx"
    width = max(len(r) for r in rows)
    cells = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    pd.DataFrame(cells).to_excel(x, header=False, index=False)
    df = nbs.read_export(x)
    assert df.equals(nbs.read_export(POP_UTF8))


def test_nbs_export_missing_cells_are_kept_and_counted(tmp_path):
    text = POP_UTF8.read_text(encoding="utf-8-sig").replace("2184.0", "", 1)
    f = tmp_path / "pop.csv"
    f.write_text(text, encoding="utf-8")
    df = nbs.read_export(f)
    assert df["value"].isna().sum() == 1 and len(df) == 341
    r = run_cli("validate", f)
    assert r.returncode == 0 and "1 missing cells" in r.stdout


def test_validate_good_files():
    r = run_cli("validate", GDP_GBK)
    assert r.returncode == 0
    assert "341 rows, 31 provinces, 11 years (2012-2022), 1 indicator(s) (gdp), 0 missing cells" in r.stdout
    r = run_cli("validate", ROOT / "data" / "provinces.csv")
    assert r.returncode == 0 and "31 provinces" in r.stdout and "2000-2024" in r.stdout


def _nbs_lines():
    return POP_UTF8.read_text(encoding="utf-8-sig").splitlines(keepends=True)


BAD_NBS = {
    "unknown province": (lambda L: L[:4] + [L[4].replace("北京市", "北平市")] + L[5:],
                         "line 5", "unknown province '北平市'"),
    "duplicated province": (lambda L: L[:5] + [L[4]] + L[5:], "line 6", "duplicate row for 北京市"),
    "non-numeric": (lambda L: L[:4] + [L[4].replace("2189.0", "2189.0x")] + L[5:], "line 5", "not a number"),
    "negative": (lambda L: L[:4] + [L[4].replace("2189.0", "-2189.0")] + L[5:], "line 5", "negative value"),
    "malformed year": (lambda L: L[:3] + [L[3].replace("2021年", "二〇二一年")] + L[4:], "line 4",
                       "'二〇二一年' is not a year"),
    "truncated": (lambda L: L[:10] + [L[10][:40]], "line 11", "truncated"),
    "header only": (lambda L: L[:4], None, "no province rows"),
    "cut at a line end": (lambda L: L[:18], None, "only 14 of 31 provinces (missing"),
    "implausible": (lambda L: L[:4] + [L[4].replace("2189.0", "218900.0")] + L[5:], "line 5",
                    "outside the plausible range"),
}


@pytest.mark.parametrize("case", BAD_NBS, ids=list(BAD_NBS))
def test_validate_bad_nbs_exports(tmp_path, case):
    edit, where, message = BAD_NBS[case]
    f = tmp_path / "export.csv"
    f.write_text("".join(edit(_nbs_lines())), encoding="utf-8")
    r = run_cli("validate", f)
    assert r.returncode == 1, r.stdout
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith(f"error: {f}")
    assert message in r.stderr
    if where:
        assert where in r.stderr


BAD_TIDY = {
    "empty": ("", None, "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary file"),
    "header only": (PANEL_HEAD, None, "header but no data rows"),
    "web page": ("<!DOCTYPE html><html><body>请先登录</body></html>\n", "line 1", "this is a web page (HTML)"),
    "missing column": ("adcode,year,value\n110000,2022,1\n", "line 1", "missing required column(s)"),
    "unknown province": (PANEL_HEAD + GOOD_ROW.replace("110000,北京市,Beijing", "990000,北平市,Peiping"),
                         "line 2", "unknown province"),
    "duplicate key": (PANEL_HEAD + GOOD_ROW + GOOD_ROW, "line 3", "duplicate row for 北京市 2022 gdp"),
    "non-numeric": (PANEL_HEAD + GOOD_ROW.replace("41610.9", "41k"), "line 2", "'41k' is not a number"),
    "negative": (PANEL_HEAD + GOOD_ROW.replace("41610.9", "-41610.9"), "line 2", "negative value"),
    "bad year": (PANEL_HEAD + GOOD_ROW.replace(",2022,", ",2022年,"), "line 2", "'2022年' is not a number"),
    "truncated": (PANEL_HEAD + GOOD_ROW + "120000,天津市,Tianjin,2022,gd", "line 3", "truncated"),
    "empty value": (PANEL_HEAD + GOOD_ROW.replace("41610.9", ""), "line 2", "empty value"),
}


@pytest.mark.parametrize("case", BAD_TIDY, ids=list(BAD_TIDY))
def test_validate_bad_tidy_files(tmp_path, case):
    content, where, message = BAD_TIDY[case]
    f = tmp_path / "panel.csv"
    (f.write_bytes if isinstance(content, bytes) else lambda c: f.write_text(c, encoding="utf-8"))(content)
    r = run_cli("validate", f)
    assert r.returncode == 1, r.stdout
    assert "Traceback" not in r.stderr
    assert message in r.stderr
    if where:
        assert where in r.stderr
    with pytest.raises(DataError):
        read_panel_csv(f)


def test_command_line_end_to_end_on_a_bad_file(tmp_path):
    """The one test of the real command (``python -m inland_coastal`` in its own process; the
    other command-line tests call ``cli.main`` in this process): a bad export gives exit status
    1 and the problem on stderr, naming file, line and column, with no traceback."""
    import subprocess
    import sys

    edit, where, message = BAD_NBS["non-numeric"]
    f = tmp_path / "export.csv"
    f.write_text("".join(edit(_nbs_lines())), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "inland_coastal", "validate", str(f)], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith(f"error: {f}, {where}, column ") and message in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1


def test_validate_missing_file(tmp_path):
    r = run_cli("validate", tmp_path / "nope.csv")
    assert r.returncode == 1 and "no such file" in r.stderr


def test_merge_adds_rows_atomically(tmp_path):
    panel = tmp_path / "provinces.csv"
    shutil.copy(ROOT / "data" / "provinces.csv", panel)
    before = load_panel(panel)
    r = run_cli("merge", FISCAL_UTF8, "--vintage", "nbs_export_test", "--panel", panel)
    assert r.returncode == 0, r.stderr
    assert "added 279 rows of fiscal_revenue" in r.stdout
    after = load_panel(panel)
    assert len(after) == len(before) + 279
    # the national total is the sum of the export's 2022 column (108,761.94 亿元)
    lines = FISCAL_UTF8.read_text(encoding="utf-8-sig").splitlines()
    header = [c.strip() for c in lines[3].split(",")]
    col = header.index("2022年")
    column = [float(line.split(",")[col]) for line in lines[4:] if line.split(",")[0].strip().endswith(("省", "市", "区"))]
    assert len(column) == 31
    assert indicators.totals("fiscal_revenue", "nbs_export_test", panel=after).loc[2022, "national"] == \
        pytest.approx(sum(column), abs=1e-6)
    assert sum(column) == pytest.approx(108761.94, abs=0.005)
    # the same vintage again is refused and the file is left as it was
    text = panel.read_text(encoding="utf-8")
    r = run_cli("merge", FISCAL_UTF8, "--vintage", "nbs_export_test", "--panel", panel)
    assert r.returncode == 1 and "already in" in r.stderr and "--replace" in r.stderr
    assert panel.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["provinces.csv"]  # no temp file left behind


def test_weighted_mean_by_group():
    """Population-weighted group mean of a per-resident series: Σ value·pop ÷ Σ pop."""
    inc = indicators.wide("disposable_income_per_capita", "nbs_db_2025").loc[2024]
    pop = indicators.wide("population", "nbs_db").loc[2024]
    coastal = groupings.membership("coastal") == "coastal"
    expected = (inc[coastal] * pop[coastal]).sum() / pop[coastal].sum()
    w = indicators.weighted_mean("disposable_income_per_capita", "nbs_db_2025", "coastal", years=[2024])
    assert w.loc[2024, "coastal"] == pytest.approx(expected)
    assert w.loc[2024, "national"] == pytest.approx((inc * pop).sum() / pop.sum())
    with pytest.raises(DataError, match="has no figures for \\[2010\\]"):
        indicators.weighted_mean("disposable_income_per_capita", "nbs_db_2025", years=[2010])
