import warnings

import numpy as np
import pandas as pd
import pytest

from reproduction.metrics import (critical_difference_diagram, friedman_rank, fraction_above, nemenyi_critical_difference, percent_of_maximum, summary_table,
                          told_apart, told_apart_text, unattainable_entries, win_tie_loss)

TABLE = pd.DataFrame({"A": [90.0, 50.0, 80.0], "B": [90.0, 100.0, 70.0], "C": [45.0, 96.0, 80.0]},
                     index=["d1", "d2", "d3"])


def test_pma_and_fractions_by_hand():
    assert percent_of_maximum(TABLE)["A"] == pytest.approx((100 + 50 + 100) / 3)
    assert percent_of_maximum(TABLE)["C"] == pytest.approx((50 + 96 + 100) / 3)
    assert fraction_above(TABLE, 0.95)["C"] == pytest.approx(200 / 3)
    assert fraction_above(TABLE, 0.90)["B"] == pytest.approx(200 / 3)  # d3: 70 < 0.9 * 80

def test_friedman_rank_shares_ties():
    ranks = friedman_rank(TABLE)
    # d1: A, B tie for 1-2 (1.5 each), C 3; d2: B 1, C 2, A 3; d3: A, C tie (1.5), B 3
    assert ranks.tolist() == pytest.approx([(1.5 + 3 + 1.5) / 3, (1.5 + 1 + 3) / 3, (3 + 2 + 1.5) / 3])


def test_summary_and_win_tie_loss():
    s = summary_table(TABLE)
    assert list(s.index) == ["Acc. mean", "Acc. std", "P90", "P95", "PMA", "Friedman rank"]
    assert s.loc["Acc. mean", "A"] == pytest.approx(220 / 3)
    w = win_tie_loss(TABLE["A"], TABLE["C"])
    assert (w["wins"], w["ties"], w["losses"]) == (1, 1, 1) and 0 <= w["p (paired)"] <= 1


def test_paired_and_unpaired_tests_differ_where_data_sets_vary_together():
    rng = np.random.default_rng(0)
    base = pd.Series(rng.uniform(50, 100, 60))
    shifted = base + 0.5 + 0.2 * rng.standard_normal(60)
    w = win_tie_loss(shifted, base)
    assert w["p (paired)"] < 1e-6 < 0.5 < w["p (unpaired)"]


def test_constant_column_is_tested_without_warning():
    from scipy import stats
    constant = pd.Series([87.5, 87.5, 87.5])
    other = pd.Series([87.5, 93.75, 83.333333333333])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = win_tie_loss(constant, other)
    assert w["p (unpaired)"] == pytest.approx(stats.ttest_ind([87.5] * 3, other.to_numpy()).pvalue)


def test_nemenyi_critical_difference_matches_demsar():
    # Demsar (2006), Table 5a: q_0.05 = 2.343 for 3 classifiers, 3.164 for 10
    assert nemenyi_critical_difference(3, 1) == pytest.approx(2.343 * np.sqrt(3 * 4 / 6), rel=1e-3)
    assert nemenyi_critical_difference(10, 90) == pytest.approx(3.164 * np.sqrt(110 / 540), rel=1e-3)
    with pytest.raises(ValueError, match="2 methods"):
        nemenyi_critical_difference(1, 10)


def test_attainable_accuracies_by_hand():
    from reproduction.metrics import attainable
    # 60 test series: multiples of 5/3 %
    assert attainable(55.0, 60) and attainable(93.33, 60) and attainable(26.66, 60)  # 56/60 rounds, 16/60 truncates
    assert not attainable(0.55, 60) and not attainable(78.83, 60)
    assert attainable(59.37, 64) and attainable(59.38, 64)  # 38/64 = 59.375, truncated and rounded
    assert attainable(0.0, 7) and attainable(100.0, 7) and not attainable(100.5, 7) and not attainable(-0.5, 7)
    assert attainable(57.1, 7, decimals=1) and not attainable(57.2, 7, decimals=1)
    np.testing.assert_array_equal(attainable([55.0, 0.55], 60), [True, False])
    with pytest.raises(ValueError, match="at least 1 series"):
        attainable(50.0, 0)


def test_unattainable_entries_flags_a_fraction_printed_as_a_percentage():
    from reproduction.metrics import unattainable_entries
    table = pd.DataFrame({"A": [93.33, 55.0], "B": [0.55, 78.83]}, index=["Meat", "Car"])
    found = unattainable_entries(table, pd.Series({"Meat": 60, "Car": 60}))
    assert list(zip(found["dataset"], found["method"])) == [("Meat", "B"), ("Car", "B")]
    assert list(found["printed x 100 attainable"]) == [True, False]
    np.testing.assert_allclose(found["nearest attainable"], [0.0, 78.0 + 1 / 3])
    assert unattainable_entries(table[["A"]], pd.Series({"Meat": 60, "Car": 60})).empty


def test_critical_difference_diagram_separates_a_clear_winner_and_needs_data():
    import matplotlib

    matplotlib.use("Agg")
    from reproduction.metrics import critical_difference_diagram

    rng = np.random.default_rng(0)
    table = pd.DataFrame(rng.uniform(50, 90, (25, 3)), columns=["a", "b", "c"])
    table["a"] += 10  # better on every data set
    fig, p = critical_difference_diagram(table, "test")
    assert list(p.index) == ["a", "b", "c"] and np.allclose(p, p.T)
    assert p.loc["a", "b"] < 0.05 and p.loc["a", "c"] < 0.05
    with pytest.raises(ValueError, match="at least 2 data sets"):
        critical_difference_diagram(table.iloc[:1], "one")


def test_friedman_rank_ties_take_the_mean_or_the_best_rank():
    table = pd.DataFrame({"A": [90.0, 80.0], "B": [90.0, 70.0], "C": [50.0, 60.0]})
    assert friedman_rank(table).tolist() == [1.25, 1.75, 3.0]
    assert friedman_rank(table, ties="min").tolist() == [1.0, 1.5, 3.0]


def test_read_as_fractions_reads_only_entries_attainable_times_100():
    from reproduction.metrics import read_as_fractions

    table = pd.DataFrame({"A": [0.5, 33.33], "B": [90.0, 12.34]}, index=["x", "y"])
    found = unattainable_entries(table, pd.Series({"x": 4, "y": 3}))
    read = read_as_fractions(table, found)
    assert read.loc["x", "A"] == 50.0 and read.loc["y", "B"] == 12.34 and table.loc["x", "A"] == 0.5


def test_critical_difference_tells_apart_only_a_clear_lead():
    rng = np.random.default_rng(0)
    base = rng.uniform(60, 90, 25)
    table = pd.DataFrame({"A": base + 5 + rng.normal(0, 0.5, 25), "B": base + rng.normal(0, 0.5, 25),
                          "C": base + rng.normal(0, 0.5, 25)})
    fig, p = critical_difference_diagram(table, "test")
    assert list(p.index) == list(friedman_rank(table).sort_values().index) and p.index[0] == "A"
    assert np.allclose(p.to_numpy(), p.to_numpy().T)
    apart = told_apart(p)
    assert {(a, b) for a, b, _ in apart} == {("A", "B"), ("A", "C")} and all(q < 0.025 for *_, q in apart)
    same = pd.DataFrame({"A": base + rng.normal(0, 1, 25), "B": base + rng.normal(0, 1, 25), "C": base})
    b, c = p.index[1:]
    assert told_apart_text(p) == (f"Told apart (one-sided Wilcoxon p < 0.05/2): 2 of 3 pairs, all but {b} and {c} "
                                  f"(p = {p.loc[b, c]:.2g}).")
    assert told_apart(critical_difference_diagram(same, "test")[1]) == []
    assert told_apart_text(critical_difference_diagram(same, "test")[1]).endswith(": no pair.")
    with pytest.raises(ValueError, match="at least 2 data sets"):
        critical_difference_diagram(table.iloc[:1], "test")


def test_accuracies_equal_up_to_float_noise_tie():
    """A mean of fold accuracies summed in another order differs in the last digit: still a tie."""
    a = pd.Series([(0.1 + 0.2 + 0.3) / 3 * 100, 50.0], index=["x", "y"])  # 20.000000000000004
    b = pd.Series([(0.3 + 0.2 + 0.1) / 3 * 100, 60.0], index=["x", "y"])  # 20.0
    assert a["x"] != b["x"]  # the float noise the tie must ignore
    assert (win_tie_loss(a, b)["ties"], win_tie_loss(a, b)["losses"]) == (1, 1)
    table = pd.DataFrame({"A": a, "B": b})
    assert friedman_rank(table).loc["A"] == pytest.approx((1.5 + 2) / 2)


def test_rounding_bounds_hold_every_table_within_the_printed_rounding():
    from reproduction.metrics import rounding_bounds

    rng = np.random.default_rng(0)
    printed = pd.DataFrame(rng.uniform(60, 100, (30, 4)).round(2), columns=list("abcd"))
    printed.iloc[:6, 1] = printed.iloc[:6, 0] + 0.01  # near-ties: a rank may go either way
    low, high = rounding_bounds(printed)
    assert (low <= high).all().all() and list(low.index) == ["Acc. mean", "Acc. std", "P90", "P95", "PMA",
                                                               "Friedman rank"]
    for seed in range(200):  # tables the printed one could have been rounded from stay inside the bounds
        noise = np.random.default_rng(seed).uniform(-0.005, 0.005, printed.shape)
        found = summary_table(printed + noise, ddof=1, ties="min").loc[low.index]
        assert ((found >= low - 1e-9) & (found <= high + 1e-9)).all().all()
    exact = summary_table(printed, ddof=1, ties="min").loc[low.index]
    assert ((exact >= low) & (exact <= high)).all().all()
    assert high.loc["Friedman rank", "a"] - low.loc["Friedman rank", "a"] == pytest.approx(6 / 30)  # the six near-ties
