import numpy as np
import pandas as pd
import pytest
from scipy import stats

from reproduction.ledger import FAILS, HOLDS, INCONCLUSIVE, NOT_REPRODUCED
from reproduction.verdicts import (agrees, alike, converges, difference, equivalent, lead_fields, lead_over_each, leads, leads_each,
                           no_worse_by, on_top, outcome, printed_agrees, rerun_interval, rerun_std_interval, seed_spread, stable, trend, within_margin)


def _table(lead, n=30, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.uniform(60, 90, n)
    return pd.DataFrame({"A": base + lead + rng.normal(0, 1, n), "B": base + rng.normal(0, 1, n),
                         "C": base - 5 + rng.normal(0, 1, n)})


def test_rerun_interval_pools_the_spread_over_data_sets():
    # deviations from each data set's mean: (-1, +1) and (-2, 0, +2) -> pooled variance (2 + 8) / (1 + 2), 3 df
    found = rerun_interval({"x": {0: 79.0, 1: 81.0}, "y": {0: 68.0, 1: 70.0, 2: 72.0}, "z": {0: 50.0}}, datasets=50,
                           gap=1.0)
    half = stats.t.ppf(0.95, 3) * np.sqrt(2) * np.sqrt(10 / 3) / np.sqrt(50)  # 90 %: t(0.95) with 3 df
    assert found["std"] == pytest.approx(np.sqrt(10 / 3)) and found["df"] == 3
    assert (found["low"], found["high"]) == pytest.approx((1.0 - half, 1.0 + half), rel=1e-6)
    assert (found["datasets"], found["runs"]) == (2, 5)
    assert rerun_interval({"z": {0: 50.0}}, datasets=50, gap=1.0)["low"] is None


def test_rerun_std_interval_follows_the_delta_method():
    # sd^2 of a + e moves by 2 cov(a, e) (variance 4 var(a) s^2 / n) and by e's sample variance (2 s^4 / n);
    # the std moves by that over 2 sd, and the difference of two re-runs has twice its variance
    values = np.linspace(40.0, 100.0, 50)
    s, n, var = 4.0, 50, values.var(ddof=1)
    sd_of_gap = np.sqrt(2 * (4 * var * s ** 2 / n + 2 * s ** 4 / n) / (4 * (var + s ** 2)))
    found = rerun_std_interval(values, s, gap=2.0, level=0.90, draws=20000)
    assert found["half"] == pytest.approx(stats.norm.ppf(0.95) * sd_of_gap, rel=0.1)
    assert (found["low"], found["high"]) == pytest.approx((2.0 - found["half"], 2.0 + found["half"]))
    assert rerun_std_interval(values, 0.0, gap=2.0)["half"] == 0.0  # no seed noise: no interval
    assert rerun_std_interval(values, 2 * s, gap=0.0)["half"] > found["half"]
    few = rerun_std_interval(values, s, gap=2.0, df=8, draws=20000)["half"]  # an std from 8 df is itself uncertain
    assert found["half"] < few < rerun_std_interval(values, s, gap=2.0, df=2, draws=20000)["half"]
    assert rerun_std_interval(values, s, gap=2.0, df=10 ** 6, draws=20000)["half"] == pytest.approx(found["half"], rel=0.05)
    with pytest.raises(ValueError, match="std must be"):
        rerun_std_interval(values, -1.0, gap=0.0)
    with pytest.raises(ValueError, match="finite accuracies"):
        rerun_std_interval([50.0, np.nan], 1.0, gap=0.0)


def test_within_margin_has_three_outcomes():
    assert within_margin(-1.0, 2.0, 5.0) == HOLDS
    assert within_margin(4.0, 7.0, 5.0) == NOT_REPRODUCED
    assert within_margin(5.5, 7.0, 5.0) == FAILS and within_margin(-9.0, -6.0, 5.0) == FAILS


def test_seed_spread():
    out = seed_spread({("x", "RNTK"): {0: 80.0, 1: 90.0}, ("y", "RBF"): {0: 70.0}})
    row = out.set_index(["dataset", "method"]).loc[("x", "RNTK")]
    assert (row["mean"], row["std"], row["low"], row["high"], row["seeds"]) == (85.0, 5.0, 80.0, 90.0, 2)


def test_equivalence_needs_evidence_not_only_an_absence_of_difference():
    rng = np.random.default_rng(0)
    base = rng.uniform(60, 90, 90)
    close = base + rng.normal(0.1, 0.5, 90)
    alike = equivalent(close, base, margin=1.0)
    assert alike["holds"] and alike["low"] > -1.0 and alike["high"] < 1.0
    # the same mean difference on five noisy data sets: no significant difference, and no equivalence either
    few = equivalent(base[:5] + rng.normal(0.1, 5.0, 5), base[:5], margin=1.0)
    assert not few["holds"] and few["p"] > 0.05
    # a real difference larger than the margin
    assert not equivalent(base + 3.0 + rng.normal(0, 0.5, 90), base, margin=1.0)["holds"]
    assert equivalent([1.0, 2.0], [1.0, 2.0], margin=1.0)["holds"]


def test_a_lead_needs_its_margin_and_significance():
    rng = np.random.default_rng(0)
    base = rng.normal(10, 1, 200)
    scores = {"RNTK": base + 2.0 + rng.normal(0, 0.3, 200), "NTK": base + rng.normal(0, 0.1, 200), "RBF": base.copy()}
    found = leads_each(scores, "RNTK", ["NTK", "RBF"], margin=1.0)
    assert found["holds"] and found["p"] < 1e-6 and 1.8 < found["difference"] < 2.2
    assert not leads_each(scores, "RNTK", ["NTK", "RBF"], margin=3.0)["holds"]  # an effect below the margin
    small = leads(base + 0.3 + rng.normal(0, 0.1, 200), base, margin=1.0)
    assert not small["holds"] and leads(base + 0.3 + rng.normal(0, 0.1, 200), base)["holds"]
    few = leads(base[:3] + 2.0 + rng.normal(0, 3.0, 3), base[:3], margin=1.0)  # underpowered
    assert not few["holds"]
    assert not leads(base, base)["holds"] and leads(base + 2.0, base, margin=1.0)["holds"]  # no spread
    assert leads(scores["RNTK"], scores["NTK"])["low"] < leads(scores["RNTK"], scores["NTK"])["difference"]


def test_a_trend_is_the_interval_of_per_repetition_slopes():
    rng = np.random.default_rng(1)
    x = np.array([0.0, 10.0, 20.0, 40.0])
    rising = 0.1 * x + rng.normal(0, 0.5, (50, 4)) + rng.normal(0, 5, (50, 1))  # a shift per repetition
    found = trend(x, rising)
    assert found["grows"] and not found["shrinks"] and found["low"] < 0.1 < found["high"]
    assert trend(x, -rising)["shrinks"]
    flat = rng.normal(0, 1, (50, 4))
    assert not trend(x, flat)["grows"] and not trend(x, flat)["shrinks"]
    assert not trend(x, rising[:2] * 0 + rng.normal(0, 3, (2, 4)))["grows"]  # two noisy repetitions
    with pytest.raises(ValueError, match="2 repetitions"):
        trend(x, rising[:1])
    with pytest.raises(ValueError, match="one column per point"):
        trend(x, rising[:, :3])


def test_agrees_lists_the_cells_further_apart_than_the_tolerance():
    printed = pd.DataFrame({"A": [80.15, 2.38], "B": [77.74, 3.0]}, index=["mean", "rank"])
    close = agrees(printed, printed + 0.004, tolerance=0.01)
    assert close["holds"] and close["off"] == [] and abs(close["largest"] - 0.004) < 1e-9
    recomputed = printed.copy()
    recomputed.loc["rank", "B"] = 3.26
    far = agrees(printed, recomputed.assign(C=1.0), tolerance=0.01)  # C printed nowhere: not compared
    assert not far["holds"] and far["off"] == [("rank", "B", 3.0, 3.26)]


def test_on_top_is_a_point_statement():
    values = pd.Series({"A": 87.78, "B": 87.78, "C": 86.67})
    assert on_top(values, ["A", "B"]) and not on_top(values, ["A", "C"])
    assert on_top(pd.Series({"A": 2.0, "B": 3.0}), ["A"], higher=False)


def test_smaller_at_larger_needs_every_row():
    from reproduction.verdicts import smaller_at_larger

    table = pd.DataFrame({"width 32": [0.3, 0.2], "width 512": [0.1, 0.05]}, index=["t = 1", "t = 10"])
    assert smaller_at_larger(table)["holds"] and "t = 1: 0.300 -> 0.100" in smaller_at_larger(table)["ours"]
    assert not smaller_at_larger(table.assign(**{"width 512": [0.1, 0.25]}))["holds"]
    assert not smaller_at_larger(table.assign(**{"width 512": [0.1, 0.18]}), factor=2 / 3)["holds"]  # a tiny fall


def test_best_by_critical_difference_needs_a_lead_beyond_the_nemenyi_distance():
    from reproduction.verdicts import best_by_critical_difference

    rng = np.random.default_rng(5)
    base = rng.uniform(60, 90, 80)
    clear = pd.DataFrame({"A": base + 5, "B": base + rng.normal(0, 1, 80), "C": base + rng.normal(0, 1, 80)})
    found = best_by_critical_difference(clear, "A")
    assert found["holds"] and found["place"] == 1 and found["rank"] == 1.0
    close = clear.assign(A=base + rng.normal(0.2, 1, 80))
    assert not best_by_critical_difference(close, "A")["holds"]


def test_no_worse_than_a_factor_of_the_reference():
    from reproduction.verdicts import no_worse_than

    assert no_worse_than(0.04, 0.03, 1.5)["holds"] and not no_worse_than(0.2, 0.03, 1.5)["holds"]
    assert no_worse_than(0.2, 0.03, 1.5)["ours"] == "0.200 (rntk 0.030)"


# -- four outcomes, decided by our interval and the paper's effect ------------------------------------------------



def test_the_four_outcomes_of_a_comparison():
    assert outcome(0.2, 1.5, paper_effect=2.17) == HOLDS  # above zero: a smaller effect than the paper's still holds
    assert outcome(-2.40, 1.38, paper_effect=2.17) == FAILS  # excludes the paper's effect
    assert outcome(-0.61, 0.64, paper_effect=0.09) == NOT_REPRODUCED  # holds both no effect and the paper's
    assert outcome(-3.0, -1.0) == FAILS and outcome(-1.0, 1.0) == NOT_REPRODUCED  # direction only
    assert outcome(-3.0, -1.0, paper_effect=-2.0) == HOLDS and outcome(1.0, 3.0, direction=-1) == FAILS
    with pytest.raises(ValueError, match="no direction"):
        outcome(0.0, 1.0, paper_effect=0.0)
    with pytest.raises(ValueError, match="low <= high"):
        outcome(1.0, 0.0)


def test_difference_is_a_paired_interval_with_its_outcome():
    rng = np.random.default_rng(0)
    base = rng.uniform(60, 90, 90)
    found = difference(base + 2.0 + rng.normal(0, 1, 90), base, paper_effect=2.0)
    assert found["verdict"] == HOLDS and found["low"] < 2.0 < found["high"]
    assert difference(base + rng.normal(0, 3, 90), base, paper_effect=0.1)["verdict"] == NOT_REPRODUCED
    assert difference(base - 2.0 + rng.normal(0, 1, 90), base, paper_effect=2.0)["verdict"] == FAILS
    assert difference([1.0, 2.0], [0.0, 1.0])["low"] == 1.0  # no spread: the difference is known exactly


def test_lead_over_each_takes_the_papers_lead_from_its_table_or_its_printed_values():
    table = _table(lead=3.0, n=60)
    found = lead_over_each(table, "A", "mean", paper=table)  # the paper's own numbers: its control
    assert found["verdict"] == HOLDS and found["closest"] == "B"
    assert abs(found["by_method"]["B"]["paper_effect"] - (table["A"] - table["B"]).mean()) < 1e-12
    level = _table(lead=0.0, n=60)
    printed = pd.Series({"A": 80.0, "B": 79.9, "C": 75.0})  # a printed lead of 0.1 over B
    assert lead_over_each(level, "A", "mean", paper=printed)["by_method"]["B"]["verdict"] == NOT_REPRODUCED
    behind = _table(lead=-3.0, n=60)
    assert lead_over_each(behind, "A", "mean", paper=table)["verdict"] == FAILS
    ranked = lead_over_each(table, "A", "rank", paper=pd.Series({"A": 1.2, "B": 2.0, "C": 2.8}))
    assert ranked["by_method"]["B"]["paper_effect"] == pytest.approx(0.8)  # the other's rank minus A's
    for metric in ("P90", "P95", "PMA"):
        assert lead_over_each(table, "A", metric, paper=table)["by_method"]["C"]["effect"] >= 0
    fields = lead_fields(lead_over_each(behind, "A", "mean", paper=table))
    assert fields["verdict"] == FAILS and "over B" in fields["effect"] and "over B" in fields["paper_effect"]
    with pytest.raises(ValueError, match="metric"):
        lead_over_each(table, "A", "median")


def test_a_verdict_that_flips_with_the_bootstraps_seed_is_inconclusive():
    steady = stable(lambda seed: dict(verdict=HOLDS, seed=seed))
    assert steady["verdict"] == HOLDS and steady["share"] == 1.0 and steady["seed"] == 0
    flips = stable(lambda seed: dict(verdict=HOLDS if seed % 4 else NOT_REPRODUCED))
    assert flips["verdict"] == INCONCLUSIVE and flips["share"] == 0.25 and "5 of 20" in flips["stability"]


def test_printed_numbers_agree_within_half_their_last_digit():
    assert printed_agrees(87.50, 87.5000001, 2) and printed_agrees(94.85, 94.846, 2)
    assert not printed_agrees(87.6, 87.5, 2) and not printed_agrees(94.86, 94.846, 2)


def test_convergence_is_a_falling_error_with_no_floor():
    widths = np.array([64, 128, 256, 512, 1024, 2048, 4096])
    rng = np.random.default_rng(0)
    noisy = lambda level, rate=-0.5: [level + w ** rate * (1 + 0.1 * rng.normal(size=10)) for w in widths]  # noqa: E731
    assert converges(widths, noisy(0.0))["verdict"] == HOLDS
    assert converges(widths, noisy(0.0, -0.4))["verdict"] == HOLDS  # slower than the central limit: still converges
    floor = converges(widths, [min(w, 512) ** -0.5 + 0.002 * rng.normal(size=10) for w in widths])  # flat from 512 on
    assert floor["verdict"] in (FAILS, NOT_REPRODUCED) and floor["slope_high"] < 0 < floor["upper_high"]
    rising = converges(widths, [0.01 * np.log(w) + 0.001 * rng.normal(size=10) for w in widths])
    assert rising["verdict"] == FAILS and rising["upper_widths"] == [512, 1024, 2048, 4096]
    with pytest.raises(ValueError, match="at least 3 widths"):
        converges(widths[:2], noisy(0.0)[:2])


def test_non_inferiority_and_alikeness_have_four_outcomes():
    rng = np.random.default_rng(0)
    base = rng.normal(10, 1, 100)
    assert no_worse_by(base + 0.5 + rng.normal(0, 0.2, 100), base, margin=1.0)["verdict"] == HOLDS
    assert no_worse_by(base - 3.0 + rng.normal(0, 0.2, 100), base, margin=1.0)["verdict"] == FAILS
    assert no_worse_by(base[:4] - 1.0 + rng.normal(0, 2, 4), base[:4], margin=1.0)["verdict"] == NOT_REPRODUCED
    assert alike(base + rng.normal(0, 0.2, 100), base, margin=1.0)["verdict"] == HOLDS
    assert alike(base + 3.0 + rng.normal(0, 0.2, 100), base, margin=1.0)["verdict"] == FAILS
    assert alike(base + 0.9 + rng.normal(0, 1, 100), base, margin=1.0)["verdict"] == NOT_REPRODUCED
