"""The library functions behind the chapter 困境's readings of industrial transfer, gaps and
vintages (structure, real, indicators, trade, inequality, book, charts): hand-worked toy panels and
values derived from the data files read with the csv module (tests/rawdata.py), not by the
functions under test. None of these needs the built book."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import rawdata as _rawdata


def _index(rows):
    out: dict = {}
    for r in rows:
        out.setdefault((r["indicator"], r["vintage"], int(r["year"])), {})[int(r["adcode"])] = float(r["value"])
    return out


class rawdata:
    """tests/rawdata.py with the file read once per process: every call hands out a fresh dict."""
    _cache: dict = {}

    @staticmethod
    def _memo(key, make):
        if key not in rawdata._cache:
            rawdata._cache[key] = make()
        return rawdata._cache[key]

    @staticmethod
    def values(indicator, vintage, year):
        """adcode -> value, as _rawdata.values, from provinces.csv parsed once."""
        def make():
            index = rawdata._memo(("index",), lambda: _index(_rawdata.rows("provinces.csv")))
            found = index.get((indicator, vintage, int(year)))
            assert found, (indicator, vintage, year)
            return found
        return dict(rawdata._memo(("v", indicator, vintage, year), make))

    @staticmethod
    def groups(scheme):
        return dict(rawdata._memo(("g", scheme), lambda: _rawdata.groups(scheme)))

    @staticmethod
    def rows(name):
        return [dict(r) for r in rawdata._memo(("r", name), lambda: _rawdata.rows(name))]

    @staticmethod
    def printed(table, indicator, year, region):
        return rawdata._memo(("p", table, indicator, year, region), lambda: _rawdata.printed(table, indicator, year, region))

    @staticmethod
    def per_capita_gdp(year, vintage="paper"):
        return tuple(a.copy() for a in rawdata._memo(("pc", year, vintage), lambda: _rawdata.per_capita_gdp(year, vintage)))
from conftest import ROOT
from inland_coastal import book, charts, indicators, inequality, real, structure, trade
from inland_coastal.errors import DataError
from inland_coastal.groupings import regions

CODES = regions().index.tolist()
SHANXI, INNER_MONGOLIA, BEIJING = 140000, 150000, 110000


def group_sum(values: dict[int, float], scheme: str = "coastal") -> dict[str, float]:
    """Sum a province -> value dict by the groups of a scheme (regions.csv read with csv)."""
    out: dict[str, float] = {}
    for code, group in rawdata.groups(scheme).items():
        out[group] = out.get(group, 0.0) + values[code]
    out["national"] = sum(values.values())
    return out


def chained(indicator: str, index: str, base: int, years) -> dict[int, dict[int, float]]:
    """Real values by chaining a previous-year = 100 index from the base year's nominal values,
    province by province, from the raw file."""
    out = {base: rawdata.values(indicator, "nbs_db_2021", base)}
    for t in range(base + 1, max(years) + 1):
        idx = rawdata.values(index, "nbs_db_2021", t)
        out[t] = {c: out[t - 1][c] * idx[c] / 100 for c in out[t - 1]}
    return out


# ---------------------------------------------------------------- a toy panel for hand-worked cases
@pytest.fixture
def toy_data(tmp_path, monkeypatch):
    """Point the library at a data folder whose provinces.csv is a toy panel: every province copies
    Beijing's values unless given (the real loading, validation and caching run on it)."""
    def use(series: dict):
        d = tmp_path / "data"
        d.mkdir(exist_ok=True)
        for name in ("regions.csv", "groups.csv", "national.csv", "paper_tables.csv"):
            shutil.copy(ROOT / "data" / name, d / name)
        rows = []
        for (ind, vintage, unit), by_year in series.items():
            for year, vals in by_year.items():
                first = next(iter(vals.values()))
                rows += [(c, "", "", year, ind, vals.get(c, first), unit, vintage) for c in CODES]
        pd.DataFrame(rows, columns=["adcode", "province_zh", "province_en", "year", "indicator", "value", "unit",
                                    "vintage"]).to_csv(d / "provinces.csv", index=False)
        monkeypatch.setenv("INLAND_COASTAL_DATA", str(d))
    return use


def test_real_value_added_by_hand(toy_data):
    # Beijing (inland) and Tianjin (coastal); every other province copies Beijing:
    #   year   BJ: va  idx     TJ: va  idx
    #   2000     100   -         300   -
    #   2001     120  110        330  105
    #   2002     150  105        360  102
    va = {2000: {BEIJING: 100.0, 120000: 300.0}, 2001: {BEIJING: 120.0, 120000: 330.0},
          2002: {BEIJING: 150.0, 120000: 360.0}}
    idx = {2001: {BEIJING: 110.0, 120000: 105.0}, 2002: {BEIJING: 105.0, 120000: 102.0}}
    toy_data({("va_secondary", "nbs_db_2021", "亿元"): va, ("va_secondary_index", "nbs_db_2021", "上年=100"): idx})
    r = real.real_value_added("secondary", 2000)
    # forward from 2000: BJ 100 → 110 → 115.5; TJ 300 → 315 → 321.3
    assert r.loc[2002, BEIJING] == pytest.approx(100 * 1.10 * 1.05)
    assert r.loc[2002, 120000] == pytest.approx(300 * 1.05 * 1.02)
    # backward from 2002: R_2001 = 150 / 1.05, R_2000 = 150 / 1.05 / 1.10
    r2 = real.real_value_added("secondary", 2002)
    assert r2.loc[2000, BEIJING] == pytest.approx(150 / 1.05 / 1.10)
    # inland: 20 provinces like BJ; coastal: TJ and 10 like BJ. Inland real share in 2002 at 2000 prices:
    s = real.real_va_shares("secondary", 2000, "coastal")
    inland, coastal = 20 * 115.5, 321.3 + 10 * 115.5
    assert s.loc[2002, "inland"] == pytest.approx(inland / (inland + coastal) * 100)
    assert s.loc[2000, "inland"] == pytest.approx(2000 / (2000 + 1300) * 100)   # base year = nominal


def test_real_value_added_refuses_what_has_no_index():
    with pytest.raises(DataError, match="no real index for value added 'industry'"):
        real.real_value_added("industry", 2000)
    with pytest.raises(DataError, match="base year 2021 not covered"):
        real.real_value_added("secondary", 2021)


def test_real_secondary_share_on_the_data():
    """The inland share of secondary value added at 2000 prices, chained here from the raw file."""
    r = chained("va_secondary", "va_secondary_index", 2000, range(2000, 2020))
    for year in (2010, 2019):
        g = group_sum(r[year])
        assert real.real_va_shares("secondary", 2000).loc[year, "inland"] == pytest.approx(
            g["inland"] / g["national"] * 100, rel=1e-10)


# ---------------------------------------------------------------- gaps and per-capita value added
def test_gap_table_against_the_printed_tables_and_population():
    t = structure.gap_table([2012, 2022]).set_index(["industry", "year"])
    for n, k in ((6, "primary"), (7, "secondary"), (8, "tertiary")):
        for year in (2012, 2022):
            coastal = rawdata.printed(f"T{n}", f"va_{k}", year, "coastal")
            inland = rawdata.printed(f"T{n}", f"va_{k}", year, "inland")
            national = rawdata.printed(f"T{n}", f"va_{k}", year, "national")
            pop = group_sum(rawdata.values("population", "nbs_db", year))
            row = t.loc[(k, year)]
            assert row["inland_pct"] == pytest.approx(inland / national * 100)
            assert row["gap"] == pytest.approx(coastal - inland)
            assert row["ratio"] == pytest.approx(coastal / inland)
            assert row["pc_ratio"] == pytest.approx((coastal / pop["coastal"]) / (inland / pop["inland"]))
            assert row["pc_gap"] == pytest.approx((coastal / pop["coastal"] - inland / pop["inland"]) * 1e4)
            assert row["inland_pop_pct"] == pytest.approx(pop["inland"] / pop["national"] * 100)
    # the paper's own tables: every inland share rose, every yuan gap in secondary and tertiary widened
    for k in ("secondary", "tertiary"):
        assert t.loc[(k, 2022), "inland_pct"] > t.loc[(k, 2012), "inland_pct"]
        assert t.loc[(k, 2022), "gap"] > t.loc[(k, 2012), "gap"]
        assert t.loc[(k, 2022), "pc_ratio"] < t.loc[(k, 2012), "pc_ratio"]
    # inland produces more primary value added per resident than the coast, and more so
    assert t.loc[("primary", 2022), "pc_ratio"] < t.loc[("primary", 2012), "pc_ratio"] < 1


def test_gap_table_refuses_a_year_it_does_not_have():
    with pytest.raises(DataError, match="no figures for 2030"):
        structure.gap_table([2012, 2030])


def test_per_capita_value_added_and_ratios_from_the_raw_file():
    pc = structure.per_capita_value_added("provinces", "coastal", "nbs_db_2021").set_index(["year", "group"])
    va = group_sum(rawdata.values("va_secondary", "nbs_db_2021", 2010))
    pop = group_sum(rawdata.values("population", "nbs_db", 2010))
    assert pc.loc[(2010, "inland"), "secondary"] == pytest.approx(va["inland"] / pop["inland"] * 1e4)
    r = structure.per_capita_va_ratios(start=2005)
    assert r["year"].min() == 2005
    assert sorted(r["vintage"].unique()) == ["nbs_db_2021", "rev2025"]
    both = r[(r["year"] == 2019) & (r["industry"] == "secondary")]
    assert len(both) == 2                                  # the join year in both vintages
    row = both[both["vintage"] == "rev2025"].iloc[0]
    va = group_sum(rawdata.values("va_secondary", "rev2025", 2019))
    pop = group_sum(rawdata.values("population", "nbs_db", 2019))
    assert row["ratio"] == pytest.approx((va["coastal"] / pop["coastal"]) / (va["inland"] / pop["inland"]))


def test_paper_vs_revised():
    v = structure.paper_vs_revised().set_index(["industry", "year"])
    assert list(v.index.get_level_values("year").unique()) == [2019, 2020, 2021, 2022]
    row = v.loc[("secondary", 2022)]
    assert row["paper"] == 480807.1
    assert row["revised"] == pytest.approx(sum(rawdata.values("va_secondary", "rev2025", 2022).values()))
    assert row["diff_pct"] == pytest.approx((row["revised"] / 480807.1 - 1) * 100)
    assert row["paper_inland_pct"] == pytest.approx(222224.6 / 480807.1 * 100)


# ---------------------------------------------------------------- transfer: shares, changes, shift-share, LQ
def test_transfer_shares_and_summary():
    t = structure.transfer_shares()
    assert set(zip(t["industry"], t["vintage"], t["price"])) == {
        ("secondary", "nbs_db_2021", "nominal"), ("secondary", "rev2025", "nominal"),
        ("industry", "nbs_db_2021", "nominal"), ("secondary", "nbs_db_2021", "real")}
    s = structure.transfer_summary()
    assert (s["first-year"], s["join-year"], s["last-year"]) == (2000, 2019, 2024)
    for year, key, vintage in ((2000, "secondary-first", "nbs_db_2021"), (2019, "secondary-join-old", "nbs_db_2021"),
                               (2019, "secondary-join-new", "rev2025"), (2024, "secondary-last", "rev2025")):
        g = group_sum(rawdata.values("va_secondary", vintage, year))
        assert s[key] == pytest.approx(g["inland"] / g["national"] * 100), key
    assert s["secondary-join-step"] == pytest.approx(s["secondary-join-new"] - s["secondary-join-old"])
    assert s["secondary-price-part"] == pytest.approx(s["secondary-nominal-change"] - s["secondary-real-change"])
    # the real share at 2000 prices, chained here
    r = group_sum(chained("va_secondary", "va_secondary_index", 2000, [2019])[2019])
    assert s["secondary-real-join"] == pytest.approx(r["inland"] / r["national"] * 100)
    # the nominal share's largest one-year fall, and the real share that year
    nominal = {y: group_sum(rawdata.values("va_secondary", "nbs_db_2021", y)) for y in range(2000, 2020)}
    share = {y: g["inland"] / g["national"] * 100 for y, g in nominal.items()}
    falls = {y: share[y - 1] - share[y] for y in range(2001, 2020)}
    assert s["secondary-largest-fall-year"] == max(falls, key=falls.get)
    assert s["secondary-largest-fall"] == pytest.approx(max(falls.values()))
    assert s["secondary-real-change-that-year"] > 0          # the real share rose that year


def test_share_changes_add_to_zero_and_summary_names_the_provinces():
    ch = structure.share_changes("secondary", "nbs_db_2021", start=2000)
    assert ch[ch["year"] == 2000]["change"].abs().max() == 0
    assert ch.groupby("year")["change"].sum().abs().max() < 1e-9    # shares of one whole
    v0, v1 = rawdata.values("va_secondary", "nbs_db_2021", 2000), rawdata.values("va_secondary", "nbs_db_2021", 2019)
    delta = {c: v1[c] / sum(v1.values()) * 100 - v0[c] / sum(v0.values()) * 100 for c in v0}
    top = max(delta, key=delta.get)
    names = {int(r["adcode"]): r["short_zh"] for r in rawdata.rows("regions.csv")}
    s = structure.share_change_summary("secondary", "nbs_db_2021", 2000, 2019)
    assert s["gainers"].startswith(f"{names[top]}（{delta[top]:+.2f}）")
    assert s["coastal-change"] == pytest.approx(-s["inland-change"])
    assert s["inland-gained-n"] == sum(1 for c, g in rawdata.groups("coastal").items() if g == "inland" and delta[c] > 0)
    assert sum(s[f"region-{r}-change"] for r in ("east", "central", "west", "northeast")) == pytest.approx(0, abs=1e-9)
    with pytest.raises(DataError, match="no value added 'industry' in vintage 'rev2025'"):
        structure.share_changes("industry", "rev2025")


def test_shift_share_periods_add_up_and_match_a_hand_computation():
    ss = structure.shift_share_periods([(2005, 2012, "nbs_db_2021"), (2019, 2024, "rev2025")])
    assert np.allclose(ss["components"], ss["change"])
    for period, part in ss.groupby("period"):
        total = part[part["industry"] == "total"].iloc[0]
        rest = part[part["industry"] != "total"]
        assert total["regional_shift"] == pytest.approx(rest["regional_shift"].sum())
    # inland's regional shift in secondary 2005-2012 from the raw file: E_r0 (g_rk − g_k)
    e0 = group_sum(rawdata.values("va_secondary", "nbs_db_2021", 2005))
    e1 = group_sum(rawdata.values("va_secondary", "nbs_db_2021", 2012))
    expected = e0["inland"] * ((e1["inland"] / e0["inland"] - 1) - (e1["national"] / e0["national"] - 1))
    row = ss[(ss["period"] == "2005-2012") & (ss["industry"] == "secondary")].iloc[0]
    assert row["regional_shift"] == pytest.approx(expected)
    with pytest.raises(DataError, match="'central' is not a group of the scheme 'coastal'"):
        structure.shift_share_periods([(2005, 2012, "nbs_db_2021")], "coastal", "central")


def test_location_quotient_summary_and_counts():
    s = structure.lq_summary(["山西", "内蒙古"], ["secondary", "industry"])
    # Shanxi's secondary LQ in 2022 (rev2025) from the raw file
    sec = rawdata.values("va_secondary", "rev2025", 2022)
    gdp = {c: sum(rawdata.values(f"va_{k}", "rev2025", 2022)[c] for k in ("primary", "secondary", "tertiary"))
           for c in sec}
    lq = (sec[SHANXI] / gdp[SHANXI]) / (sum(sec.values()) / sum(gdp.values()))
    assert s[f"{SHANXI}-secondary-new-max-year"] == 2022
    assert s[f"{SHANXI}-secondary-new-max"] == pytest.approx(lq)
    assert f"{SHANXI}-industry-join-new" not in s          # 工业 has only the older vintage
    counts = structure.lq_above_one("secondary", "nbs_db_2021")
    assert s["above1-secondary-nbs_db_2021-2019"] == counts.loc[2019]
    assert s["group-n"] == 20 and counts.max() <= 20


def test_own_shares_sum_to_100():
    o = structure.own_shares(("primary", "secondary", "tertiary"), "coastal")
    total = o.groupby(["year", "vintage", "group"])["share"].sum()
    assert np.allclose(total, 100)
    ind = structure.own_shares(("industry",), "coastal")
    assert set(ind["vintage"]) == {"nbs_db_2021"}


# ---------------------------------------------------------------- indicators, trade, inequality
def test_nbs_source_reads_the_years_and_wraps():
    text = indicators.nbs_source([("第二产业增加值", "va_secondary", "nbs_db_2021")], extra="吴碧波论文表7")
    assert text == "资料来源：国家统计局分省年度数据：第二产业增加值（2021年版数据库，2000—2019年）；吴碧波论文表7；作者计算。"
    lines = indicators.nbs_source([("地区生产总值", "gdp", v) for v in ("paper", "first_release", "rev2025")], width=30)
    assert isinstance(lines, list) and len(lines) > 1
    assert "".join(lines) == indicators.nbs_source([("地区生产总值", "gdp", v) for v in ("paper", "first_release", "rev2025")])
    assert max(len(x) for x in lines) <= 30 + 20            # a piece longer than the width stays whole


def test_population_decline_counts():
    d = indicators.population_decline("north_south", since=2011).set_index(["year", "group"])
    p0, p1 = rawdata.values("population", "nbs_db", 2020), rawdata.values("population", "nbs_db", 2021)
    ns = rawdata.groups("north_south")
    assert d.loc[(2021, "north"), "n"] == sum(1 for c in p1 if p1[c] < p0[c] and ns[c] == "north")
    s = indicators.population_decline_summary("north_south", "north", 2011, windows=[(2010, 2020)])
    a, b = rawdata.values("population", "nbs_db", 2010), rawdata.values("population", "nbs_db", 2020)
    fell = [c for c in a if b[c] < a[c]]
    assert s["2010-2020-fell"] == len(fell) and s["2010-2020-fell-north"] == sum(ns[c] == "north" for c in fell)
    assert s["years-n"] == 14 and s["first-year"] == 2011


def test_shares_and_ratios_by_vintage_keep_vintages_apart():
    sh = indicators.group_share_by_vintage("gdp", "north_south", "north", ["paper", "first_release"])
    g = group_sum(rawdata.values("gdp", "first_release", 2021), "north_south")
    assert sh.loc[2021, "first_release"] == pytest.approx(g["north"] / g["national"] * 100)
    assert np.isnan(sh.loc[2005, "paper"])                  # the paper's vintage starts in 2011
    r = indicators.per_capita_ratio_by_vintage("gdp", "coastal", "coastal", "inland", ["rev2025"])
    gdp, pop = group_sum(rawdata.values("gdp", "rev2025", 2024)), group_sum(rawdata.values("population", "nbs_db", 2024))
    assert r.loc[2024, "rev2025"] == pytest.approx((gdp["coastal"] / pop["coastal"]) / (gdp["inland"] / pop["inland"]))


def test_trade_share_series_with_beijing_left_out():
    t = trade.share_series([("trade", "nbs_db_2021", ["北京"]), ("exports", "nbs_db_2021", None)])
    assert set(t["label"]) == {"进出口（不含北京）·2021年版数据库", "出口·2021年版数据库"}
    v = rawdata.values("trade_usd", "nbs_db_2021", 2019)
    del v[BEIJING]
    inland = sum(x for c, x in v.items() if rawdata.groups("coastal")[c] == "inland")
    row = t[(t["flow"] == "trade") & (t["year"] == 2019)].iloc[0]
    assert row["share"] == pytest.approx(inland / sum(v.values()) * 100)


def test_decomposition_table_summary_and_endpoints():
    t = inequality.decomposition_table(("coastal", "north_south"), ("rev2025",))
    assert np.allclose(t["between_pct"], t["theil_t_between"] / t["theil_t"] * 100)
    # Theil T of 2024 from the raw file: Σ s_i ln(y_i/μ)
    _, y, w = rawdata.per_capita_gdp(2024, "rev2025")
    mu = (y * w).sum() / w.sum()
    s = y * w / (y * w).sum()
    theil = float((s * np.log(y / mu)).sum())
    summ = inequality.inequality_summary(t, years=(2020,))
    assert summ["rev2025-theil-last"] == pytest.approx(theil)
    assert summ["rev2025-first-year"] == 2006 and summ["rev2025-last-year"] == 2024
    ns = t[t["scheme"] == "north_south"].set_index("year")["between_pct"]
    assert summ["north_south-rev2025-between-max-year"] == int(ns.idxmax())
    ends = inequality.endpoints(t)
    assert len(ends) == 4 and set(ends["year"]) == {2006, 2024}


# ---------------------------------------------------------------- book helpers
def test_table_values_keeps_key_types_and_refuses_duplicate_keys():
    df = pd.DataFrame({"industry": ["secondary", "secondary"], "year": [2012, 2022], "pc_ratio": [1.5, 1.4],
                       "gap": [np.float64(2.0), np.float64(3.0)]})
    v = book.table_values(df, ["industry", "year"])
    assert v == {"secondary-2012-pc-ratio": 1.5, "secondary-2012-gap": 2.0, "secondary-2022-pc-ratio": 1.4,
                 "secondary-2022-gap": 3.0}
    assert type(v["secondary-2012-gap"]) is float
    with pytest.raises(ValueError, match="do not identify the rows"):
        book.table_values(pd.concat([df, df]), ["industry", "year"])
    assert "nbs_db_2021-2019-ratio" in book.table_values(
        pd.DataFrame({"vintage": ["nbs_db_2021"], "year": [2019], "ratio": [1.0]}), ["vintage", "year"])


def test_series_values():
    s = pd.Series([3.0, 1.0, np.nan, 2.0], index=[2000, 2001, 2002, 2003])
    v = book.series_values(s, years=(2001,), stem="x")
    assert v == {"x-first-year": 2000, "x-last-year": 2003, "x-first": 3.0, "x-last": 2.0, "x-max": 3.0,
                 "x-max-year": 2000, "x-min": 1.0, "x-min-year": 2001, "x-2001": 1.0}
    with pytest.raises(ValueError, match="no value for 2002"):
        book.series_values(s, years=(2002,))


def test_observation_table():
    t = book.observation_table([("份额", "数据", pd.Series([45.0, 46.25], index=[2012, 2022]), ".2f%", "上升"),
                                ("未收录", "无", None, "", "—")])
    assert list(t.columns) == book.OBSERVATION_COLUMNS
    assert t.iloc[0]["起点"] == "2012年：45.00%" and t.iloc[0]["最近"] == "2022年：46.25%"
    assert t.iloc[1]["起点"] == "—"


# ---------------------------------------------------------------- charts
def _find(node, key):
    """Every value of ``key`` anywhere in a nested spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _find(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _find(v, key)


def test_province_lines_spec():
    df = pd.DataFrame({"year": [2000, 2001, 2000, 2001, 2001], "省份": ["山西", "山西", "北京", "北京", "北京"],
                       "系列": ["a", "a", "a", "a", "b"], "lq": [1.0, 1.2, 0.5, 0.6, 0.7]})
    spec = charts.province_lines(df, "lq", "区位商", init="山西", ref=1).to_dict()
    params = [p for p in _find(spec, "params")][0]
    prov = [p for p in params if p.get("name") == "prov"][0]
    assert prov["value"] == "山西" and prov["bind"]["options"] == ["山西", "北京"]
    folds = [f for f in _find(spec, "fold")]
    assert folds and folds[0] == ["s0", "s1"]
    records = [v for v in _find(spec, "values") if isinstance(v, list) and v and "省份" in v[0]][0]
    assert len(records) == 2                               # one record per province
    assert records[0]["s1"] == [None, None]                # 山西 has no series b
    with pytest.raises(ValueError, match="more than one value"):
        charts.province_lines(pd.concat([df, df]), "lq", "区位商")


def test_province_bars_compact_and_default():
    df = pd.DataFrame({"year": [2001, 2002] * 2, "adcode": [110000, 110000, 120000, 120000],
                       "province": ["北京", "北京", "天津", "天津"], "change": [0.1, 0.2, -0.1, -0.2]})
    compact = charts.province_bars_by_year(df, "change", "变化", compact=True).to_dict()
    assert [f for f in _find(compact, "fold")] == [["y2001", "y2002"]]
    records = [v for v in _find(compact, "values") if isinstance(v, list) and v and "province" in v[0]][0]
    assert len(records) == 2 and records[0]["y2002"] in (0.2, -0.2)
    default = charts.province_bars_by_year(df, "change", "变化").to_dict()
    assert not list(_find(default, "fold"))                # the default is unchanged


def test_category_lines_label_limit_is_optional():
    df = pd.DataFrame({"year": [2000, 2001], "系列": ["很长的系列名称", "很长的系列名称"], "v": [1.0, 2.0]})
    assert 0 in list(_find(charts.category_lines(df, "v", "v", "系列", label_limit=0).to_dict(), "labelLimit"))
    assert not list(_find(charts.category_lines(df, "v", "v", "系列").to_dict(), "labelLimit"))
