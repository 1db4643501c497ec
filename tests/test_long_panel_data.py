"""The long panel's data: the files, their validation (a small broken file for each rule), the
paper's Tables 3-8 rebuilt from the provinces cell by cell, and the new command-line commands
end to end (in-process)."""
import contextlib
import io
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from inland_coastal import cli, indicators, reproduction
from inland_coastal.errors import DataError
from inland_coastal.loading import exchange_rate, load_national, load_panel, load_sources, read_panel_csv

from conftest import ROOT

DATA = ROOT / "data"
HEAD = "adcode,province_zh,province_en,year,indicator,value,unit,vintage\n"


def run(*args) -> tuple[int, str, str]:
    """cli.main in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


# ---------------------------------------------------------------- the files
def test_panel_is_the_new_extract():
    p = load_panel()
    assert len(p) == 15500 and p["adcode"].nunique() == 31
    assert indicators.vintages("gdp") == ["first_release", "nbs_db_2021", "paper", "rev2025"]
    g = p[(p["indicator"] == "gdp") & (p["vintage"] == "nbs_db_2021")]
    assert (g["year"].min(), g["year"].max(), len(g)) == (2000, 2019, 620)


def test_old_rows_are_in_the_new_file(tmp_path):
    """tools/check_superset.py: every row of an old panel is in the new one unchanged (as text)."""
    old = tmp_path / "old.csv"
    lines = (DATA / "provinces.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    old.write_text(lines[0] + "".join(lines[1::7]), encoding="utf-8")
    r = subprocess.run([sys.executable, "tools/check_superset.py", old, DATA / "provinces.csv"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0 and f"all {len(lines[1::7])} rows" in r.stdout
    changed = lines[1].replace(",亿元,", ",万元,") if ",亿元," in lines[1] else lines[1].replace(",", ",9", 1)
    old.write_text(lines[0] + changed + "".join(lines[2:5]), encoding="utf-8")
    r = subprocess.run([sys.executable, "tools/check_superset.py", old, DATA / "provinces.csv"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 1 and "line 2" in r.stderr and "1 of 4 rows" in r.stderr


def test_identities_hold_in_the_data():
    p = load_panel()
    w = p.pivot_table(index=["adcode", "year", "vintage"], columns="indicator", values="value")
    va = w[["va_primary", "va_secondary", "va_tertiary"]].sum(axis=1, min_count=3)
    d = (va - w["gdp"]).dropna()
    assert len(d) == 620 + 186 and d.abs().max() <= 0.1 + 1e-9
    t = (w["exports_usd"] + w["imports_usd"] - w["trade_usd"]).dropna()
    assert len(t) == 620 and t.abs().max() <= 10 + 1e-9


def test_national_and_sources():
    n = load_national()
    assert len(n) == 20 and set(n["indicator"]) == {"cny_per_usd"}
    r = exchange_rate()
    assert (r[2005], r[2015], r[2019]) == (8.1917, 6.2284, 6.8985)
    s = load_sources()
    assert len(s) == 19 and s.set_index(["indicator", "vintage"]).loc[("urbanisation_rate", "compiled_2026"),
                                                                    "repository"] == \
        "RenJiyi163/panel_data_analysis_for_thesis"
    # every series added in this extract says where it was read from
    p = load_panel()
    new = p[p["vintage"].isin(["nbs_db_2021", "compiled_2026"])][["indicator", "vintage"]].drop_duplicates()
    have = set(zip(s["indicator"], s["vintage"]))
    assert set(map(tuple, new.to_numpy())) <= have


# ---------------------------------------------------------------- validation: one broken file per rule
ROW = "110000,北京市,Beijing,2019,{ind},{value},{unit},nbs_db_2021\n"


def rows(*items) -> str:
    return HEAD + "".join(ROW.format(ind=i, value=v, unit=u) for i, v, u in items)


VA_OK = [("gdp", 35371.3, "亿元"), ("va_primary", 113.7, "亿元"), ("va_secondary", 5715.1, "亿元"),
         ("va_tertiary", 29542.5, "亿元")]
TRADE_OK = [("trade_usd", 416236000, "千美元"), ("exports_usd", 75000000, "千美元"),
            ("imports_usd", 341236000, "千美元")]

BAD = {
    "industries do not sum to GDP": (
        rows(*VA_OK[:3], ("va_tertiary", 29542.8, "亿元")), "line 2",
        ["北京市 2019 (nbs_db_2021)", "three industries' value added must sum to GDP", "within 0.2",
         "difference +0.3000", "va_tertiary line 5"]),
    "exports + imports differ from trade": (
        rows(TRADE_OK[0], TRADE_OK[1], ("imports_usd", 341236011, "千美元")), "line 2",
        ["北京市 2019 (nbs_db_2021)", "exports + imports must equal total trade", "difference +11.0000"]),
    "negative expenditure": (
        rows(("fiscal_expenditure", -7408.2, "亿元")), "line 2",
        ["negative value -7408.2 for fiscal_expenditure (北京市 2019)", ">= 0"]),
    "negative exports": (rows(("exports_usd", -1, "千美元")), "line 2", ["negative value -1 for exports_usd"]),
    "index far from 100": (rows(("gdp_index", 10.61, "上年=100")), "line 2",
                           ["gdp_index = 10.61 for 北京市 2019", "plausible range 80-140"]),
    "CPI on another base": (rows(("cpi", 182.3, "上年=100")), "line 2", ["cpi = 182.3", "85-130"]),
    "urbanisation over 100": (HEAD + "110000,北京市,Beijing,2019,urbanisation_rate,186.6,%,compiled_2026\n",
                              "line 2", ["urbanisation_rate = 186.6", "0-100"]),
    "value added in another unit": (rows(("va_industry", 41610.9, "万元")), "line 2",
                                    ["va_industry must be in 亿元, not '万元'"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_files(tmp_path, case):
    content, where, messages = BAD[case]
    f = tmp_path / "panel.csv"
    f.write_text(content, encoding="utf-8")
    code, out, err = run("validate", f)
    assert code == 1, out
    assert err.startswith(f"error: {f}, {where}")
    for m in messages:
        assert m in err
    with pytest.raises(DataError):
        read_panel_csv(f)


def test_good_small_files(tmp_path):
    f = tmp_path / "panel.csv"
    f.write_text(rows(*VA_OK, *TRADE_OK), encoding="utf-8")
    code, out, err = run("validate", f)
    assert code == 0 and "7 rows" in out, err


def test_identity_only_where_total_and_parts_exist(tmp_path):
    f = tmp_path / "panel.csv"
    f.write_text(rows(VA_OK[1], VA_OK[2]), encoding="utf-8")  # no GDP, no tertiary: nothing to check
    assert len(read_panel_csv(f)) == 2


BAD_NATIONAL = {
    "rate implausible": ("year,indicator,value,unit,vintage\n2019,cny_per_usd,68.985,元/美元,v\n", "line 2",
                         "outside the plausible range 1-12"),
    "wrong unit": ("year,indicator,value,unit,vintage\n2019,cny_per_usd,6.8985,美元/元,v\n", "line 2",
                   "must be in 元/美元"),
    "duplicate": ("year,indicator,value,unit,vintage\n2019,cny_per_usd,6.8985,元/美元,v\n"
                  "2019,cny_per_usd,6.9,元/美元,v\n", "line 3", "duplicate row for cny_per_usd 2019"),
    "missing column": ("year,indicator,value,vintage\n2019,cny_per_usd,6.8985,v\n", "line 1",
                       "missing required column(s) unit"),
}


@pytest.mark.parametrize("case", BAD_NATIONAL, ids=list(BAD_NATIONAL))
def test_bad_national(tmp_path, case):
    content, where, message = BAD_NATIONAL[case]
    f = tmp_path / "national.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_national(f)
    assert where in str(e.value) and message in str(e.value)
    code, _, err = run("validate", f)
    assert code == 1 and message in err


def test_bad_sources(tmp_path):
    f = tmp_path / "sources.csv"
    f.write_text("indicator,vintage,source\ncpi,nbs_db_2021,somewhere on the web\n", encoding="utf-8")
    code, _, err = run("validate", f)
    assert code == 1 and "line 2" in err and "owner/repository@commit:path" in err
    f.write_text("indicator,vintage,source\ncpi,v,a/b@abc1234:x.csv\ncpi,v,a/b@abc1234:y.csv\n", encoding="utf-8")
    code, _, err = run("validate", f)
    assert code == 1 and "line 3" in err and "duplicate row for cpi (v)" in err


def test_merge_refuses_a_broken_identity_and_writes_nothing(tmp_path):
    """An export of value added that no longer sums to GDP with the panel's rows is refused whole."""
    panel = tmp_path / "provinces.csv"
    shutil.copy(DATA / "provinces.csv", panel)
    p = load_panel()
    va = p[(p["indicator"] == "va_tertiary") & (p["vintage"] == "nbs_db_2021") & (p["year"] == 2019)]
    va = va.set_index("adcode")["value"]
    va[110000] += 5  # Beijing's tertiary value added 5 亿元 too high
    lines = ["数据库：分省年度数据", "指标：第三产业增加值(亿元)", "时间：2019", "地区\t,2019年\t,"]
    from inland_coastal.groupings import regions
    names = regions()["name_zh"]
    lines += [f"{names[c]}\t,{va[c]}\t," for c in va.index]
    lines += ["数据来源：国家统计局"]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = panel.read_bytes()
    code, out, err = run("merge", export, "--vintage", "nbs_db_2021", "--panel", panel, "--replace")
    assert code == 1, out
    assert f"error: {panel}, line " in err and "北京市 2019 (nbs_db_2021)" in err and "sum to GDP" in err
    assert panel.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["export.csv", "provinces.csv"]
    # the same export with the right figures merges (it replaces the rows with equal ones)
    va[110000] -= 5
    lines[4:4 + 31] = [f"{names[c]}\t,{va[c]}\t," for c in va.index]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("merge", export, "--vintage", "nbs_db_2021", "--panel", panel, "--replace")
    assert code == 0, err
    assert indicators.totals("va_tertiary", "nbs_db_2021", panel=load_panel(panel)).loc[2019, "national"] == \
        pytest.approx(530256.7, abs=0.05)  # Table 8, 2019: 530256.6 printed


# ---------------------------------------------------------------- Tables 3-8 from the provinces
#: the largest difference from the printed cell, in the table's unit, with the default vintage nbs_db_2021
#: (the paper rounded province figures before summing them); every percentage agrees to 0.01
TOLERANCE = {3: 0.03, 4: 0.01, 5: 0, 6: 0, 7: 0.1, 8: 0.1}


@pytest.mark.parametrize("n", range(3, 9))
def test_tables_3_8_from_provinces_cell_by_cell(n):
    spec = indicators.TABLES[n]
    code, out, err = run("table", n, "--from", "provinces")
    assert code == 0, err
    assert out.splitlines()[0] == "year,national,coastal,inland,coastal_pct,inland_pct"
    t = frame(out).set_index("year")
    assert t.index.min() == 2000 and t.index.max() == 2019
    paper = indicators.load_paper_tables()
    paper = paper[(paper["table"] == f"T{n}") & paper["year"].between(2012, 2019)]
    assert len(paper) == 40
    worst = 0.0
    for _, cell in paper.iterrows():
        share = cell["indicator"] != spec.indicator
        col = cell["region"] + ("_pct" if share else "")
        got = t.loc[cell["year"], col]
        if share:
            assert round(got, 2) == round(cell["value"], 2), (n, cell.to_dict())
        else:
            diff = abs(round(got, spec.decimals) - cell["value"])
            assert diff <= TOLERANCE[n] + 1e-9, (n, cell.to_dict(), got)
            worst = max(worst, diff)
    assert worst == pytest.approx(TOLERANCE[n], abs=1e-9)  # the bound is reached: it is the real maximum


def test_table_4_is_table_3_over_population():
    t3 = indicators.table_from_provinces(3).set_index("year")
    t4 = indicators.table_from_provinces(4).set_index("year")
    pop = indicators.totals("population", "nbs_db", years=t3.index)
    raw3 = indicators.totals("fiscal_revenue", "nbs_db_2021")
    assert t4.loc[2019, "inland"] == round(raw3.loc[2019, "inland"] / pop.loc[2019, "inland"] * 1e4, 2)
    assert t3.loc[2015, "coastal"] > 0


def test_table_5_2006_and_2015():
    """The default vintage nbs_db_2021 has both years right; --vintage paper keeps the wrong 2006 with a note."""
    code, out, err = run("table", 5, "--from", "provinces")
    t = frame(out).set_index("year")
    assert err == ""
    assert 2015 in t.index and round(t.loc[2015, "national"] / 1e5, 1) == 39530.3  # 亿美元
    assert round(t.loc[2006, "national"] / 1e5, 1) == 17604.0  # 亿美元, NBS's national total 17,604.4
    code, out, err = run("table", 5, "--from", "provinces", "--vintage", "paper")
    t = frame(out).set_index("year")
    assert code == 0 and 2015 not in t.index and round(t.loc[2006, "national"] / 1e5) == 27760
    assert "note: trade_usd (paper) 2006 is known to be wrong" in err


def test_later_vintages():
    for n, v, first, last in ((3, "nbs_db_2025", 2016, 2024), (5, "nbs_db_2026", 2016, 2024),
                              (7, "rev2025", 2019, 2024)):
        code, out, err = run("table", n, "--from", "provinces", "--vintage", v)
        t = frame(out)
        assert code == 0 and (t["year"].min(), t["year"].max()) == (first, last), (n, err)


def test_reproduction_of_every_table():
    reps = reproduction.reproduce_all()
    assert {n: r.max_abs_diff for n, r in reps.items()} == {1: 0, 2: 0, 3: 0.03, 4: 0.01, 5: 0, 6: 0, 7: 0.1,
                                                           8: 0.1}
    assert all(r.max_abs_diff_pct == 0 for r in reps.values())
    assert reps[1].years == list(range(2012, 2023)) and reps[3].years == list(range(2012, 2020))
    r = reproduction.reproduce(7, "rev2025")
    assert r.years == [2019, 2020, 2021, 2022] and r.max_abs_diff == pytest.approx(20889.5)
    assert r.paper.loc[r.paper["year"] == 2022, "national"].item() == 480807.1
    s = reproduction.summary(reps)
    assert s["cells"].tolist() == [55, 55, 40, 40, 40, 40, 40, 40]
    with pytest.raises(DataError, match="both cover 2012-2019"):
        reproduction.reproduce(3, years=[2022])


# ---------------------------------------------------------------- the new commands
def test_aggregate_command():
    code, out, err = run("aggregate", "va_secondary", "--vintage", "nbs_db_2021")
    assert code == 0, err
    assert out.splitlines()[0] == "year,national,coastal,inland,coastal_pct,inland_pct"
    t = frame(out).set_index("year")
    assert t.loc[2019, "coastal"] == pytest.approx(207553.1) and round(t.loc[2019, "coastal_pct"], 2) == 54.39
    assert (t["coastal_pct"] + t["inland_pct"]).sub(100).abs().max() < 1e-9
    code, out, err = run("aggregate", "fiscal_expenditure", "--vintage", "nbs_db_2025", "--scheme", "four_regions")
    assert out.splitlines()[0] == ("year,national,east,central,west,northeast,"
                                   "east_pct,central_pct,west_pct,northeast_pct")
    assert frame(out)["year"].tolist() == list(range(2011, 2025))


@pytest.mark.parametrize("args,message", [
    (("aggregate", "cpi", "--vintage", "nbs_db_2021"), "'cpi' (unit 上年=100) is not additive"),
    (("aggregate", "urbanisation_rate", "--vintage", "compiled_2026"), "not additive"),
    (("aggregate", "gdp_per_capita_official", "--vintage", "rev2025"), "not additive"),
    (("aggregate", "gpd", "--vintage", "paper"), "no indicator 'gpd'; it has cpi,"),
    (("aggregate", "gdp", "--vintage", "nbs_2099"), "no vintage 'nbs_2099' of gdp; it has first_release, nbs_db_2021"),
    (("aggregate", "gdp", "--vintage", "paper", "--scheme", "east_west"), "known schemes: coastal"),
    (("growth", "--vintage", "rev2025", "--real"), "not for gdp 'rev2025'"),
    (("growth", "--vintage", "nope"), "no vintage 'nope' of gdp"),
    (("convergence", "--start", "2000", "--end", "2019", "--vintage", "nbs_db_2021"), "population break"),
    (("convergence", "--start", "2012", "--end", "2024", "--vintage", "nbs_db_2021"),
     "year 2024 not covered: gdp (nbs_db_2021) with population covers 2000-2019"),
    (("convergence", "--start", "2012", "--end", "2022", "--vintage", "paper", "--real"), "covers 2011-2019"),
])
def test_command_errors(args, message):
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_growth_command():
    code, out, err = run("growth", "--vintage", "nbs_db_2021", "--real")
    assert code == 0, err
    assert out.splitlines()[0] == "year,national,coastal,inland"
    t = frame(out).set_index("year")
    assert list(t.index) == list(range(2001, 2020))
    gdp, idx = indicators.wide("gdp", "nbs_db_2021"), indicators.wide("gdp_index", "nbs_db_2021")
    expected = ((gdp.loc[2018] * idx.loc[2019] / 100).sum() / gdp.loc[2018].sum() - 1) * 100
    assert t.loc[2019, "national"] == pytest.approx(expected, rel=1e-15)  # full precision
    code, out, _ = run("growth", "--vintage", "paper", "--scheme", "north_south")
    t = frame(out).set_index("year")
    g = indicators.totals("gdp", "paper", "north_south")
    assert list(t.columns) == ["national", "north", "south"]
    assert t.loc[2022, "south"] == pytest.approx((g.loc[2022, "south"] / g.loc[2021, "south"] - 1) * 100)


def test_convergence_command():
    code, out, err = run("convergence", "--start", "2005", "--end", "2019", "--vintage", "nbs_db_2021", "--real")
    assert code == 0, err
    assert out.splitlines()[0] == "start,end,n,beta,se,speed,half_life,sd_log_start,sd_log_end"
    r = frame(out).iloc[0]
    assert (r["start"], r["end"], r["n"]) == (2005, 2019, 31)
    assert -0.03 < r["beta"] < 0 and r["half_life"] > 0
    code, out, _ = run("convergence", "--start", "2011", "--end", "2022", "--vintage", "paper")
    r = frame(out).iloc[0]
    from inland_coastal.convergence import beta_convergence
    assert r["beta"] == pytest.approx(beta_convergence(2011, 2022)["beta"], rel=1e-12)
    code, out, _ = run("convergence", "--start", "2000", "--end", "2019", "--vintage", "nbs_db_2021",
                       "--allow-break")
    assert code == 0 and frame(out).iloc[0]["n"] == 31


def test_reproduction_note_for_the_table_pages():
    from inland_coastal.book import reproduction_note

    assert reproduction_note(3) == ("按31个省份数据（nbs_db_2021 版本）重算 2012—2019 年，与印出值的最大差异为 "
                                    "0.03 亿元，占比最大相差 0.00。")
    assert reproduction_note(5).endswith("与印出值逐项相同。")
    assert "最大差异为 20,889.5 亿元，占比最大相差 1.24" in reproduction_note(7, "rev2025")
