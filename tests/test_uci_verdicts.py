"""Tables I and II's verdicts on constructed accuracies: each holds where the data support it and fails where not."""

import numpy as np
import pandas as pd

from reproduction.experiments import uci_verdicts as vv
from reproduction.metrics import summary_table

METHODS = ["RF", "RBF", "Polynomial", "MLP-NTK", "H-gamma-exp", "RNN", "BI-RNN", "RNN-AVG", "BI-RNN-AVG", "RNN-P"]
RECURRENT = ["RNN", "BI-RNN", "RNN-AVG", "BI-RNN-AVG", "RNN-P"]


def _table(rnnp_lead, n=90, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.uniform(60, 95, n)
    table = pd.DataFrame({m: base + rng.normal(0, 1, n) for m in METHODS})
    table["RNN-P"] = base + rnnp_lead + rng.normal(0, 0.5, n)
    return table.clip(upper=100)


def test_rnnp_verdicts_have_four_outcomes_against_the_papers_printed_leads():
    strong, level = _table(4.0), _table(0.0)
    paper = summary_table(strong)  # printed values with a clear lead for RNN-P
    records, best, ranked, cd = vv.rnnp_best(strong, paper)
    assert [kw.get("verdict", kw.get("holds")) for _, kw in records] == ["holds", "holds", True] and cd["place"] == 1
    assert "RNN-P first" in records[0][1]["control"] and "passes" in records[2][1]["control"]
    assert vv.rnnp_other_metrics(strong, paper)[0][1]["verdict"] == "holds"
    records, best, _, _ = vv.rnnp_best(level, paper)  # our intervals exclude the paper's leads of about 4 points
    assert [kw.get("verdict") for _, kw in records[:2]] == ["does not hold", "does not hold"] and not records[2][1]["holds"]
    close = summary_table(level)
    close.loc["Acc. mean", "RNN-P"] = close.loc["Acc. mean"].max() + 0.05  # a printed lead of 0.05: cannot be told
    assert vv.rnnp_best(level, close)[0][0][1]["verdict"] == "not reproduced"
    assert vv.recurrent_beat(strong, paper, ["RF", "RBF"])[1]["verdict"] == "holds"
    beat = vv.recurrent_beat(level, paper, ["RF", "RBF"])[1]
    assert beat["verdict"] == "does not hold" and beat["scope"] == "RNN-P against RF, RBF"


def test_point_statements_equivalence_and_the_authors_code():
    table = _table(0.0)
    summary = summary_table(table)
    summary.loc["P95", ["H-gamma-exp", "BI-RNN-AVG"]] = 100.0
    assert vv.p95_higher(summary, summary)[1]["holds"] and "passes" in vv.p95_higher(summary, summary)[1]["control"]
    summary.loc["P95", "RF"] = 100.5
    assert not vv.p95_higher(summary, summary)[1]["holds"]
    rng = np.random.default_rng(1)
    p = pd.Series({"RNN": 0.9})
    close = {"RNN": (table["RNN"], table["RNN"] + rng.normal(0, 0.3, 90))}
    far = {"RNN": (table["RNN"], table["RNN"] + 3.0 + rng.normal(0, 0.3, 90))}
    edge = {"RNN": (table["RNN"], table["RNN"] + 1.5 + rng.normal(0, 3.0, 90))}
    assert [vv.ck_ntk_alike(pairs, p)[0][0][1]["verdict"] for pairs in (close, far, edge)] == [
        "holds", "does not hold", "not reproduced"]
    assert vv.ck_ntk_alike(close, p)[0][0][1]["scope"] == "RNN"
    record, runner_up, p = vv.authors_code(_table(4.0).iloc[:30], table.iloc[:30], summary, total=90)
    assert record[1]["holds"] and record[1]["partial"] and p < 0.05 and runner_up != "RNN-P"
    assert [kw["holds"] for _, kw in vv.table1_agrees(summary, summary + 0.5)] == [True, True]
    assert [kw["holds"] for _, kw in vv.table1_agrees(summary, summary + 2.0)] == [False, False]


def test_section_v_sentences_have_four_outcomes():
    table = _table(0.0)
    table["H-gamma-exp"] += 3.0
    paper = summary_table(table)
    assert vv.hgamma_best_previous(table, paper)[1]["verdict"] == "holds"
    assert vv.hgamma_best_previous(_table(0.0), paper)[1]["verdict"] == "does not hold"
    strong = _table(4.0)
    assert vv.flip_helps(strong, summary_table(strong))[1]["verdict"] == "holds"
    assert vv.flip_helps(_table(-4.0), summary_table(strong))[1]["verdict"] == "does not hold"


def test_fig3s_four_are_checked_against_the_means_and_the_papers_table():
    table = _table(0.0)
    for m, lift in zip(vv.FIG3_PANELS, (4.0, 3.0, 2.5, 2.0)):
        table[m] = table[m] + lift  # the figure's four on top after RNN-P
    paper = summary_table(table)
    claim_id, kw = vv.fig3_top_four(table, paper)
    assert claim_id == "uci.fig3-top-four" and kw["holds"] and kw["control"].endswith("passes")
    assert "RNN-P against RNN-AVG:" in kw["ours"]
    lower = table.assign(RNN=table["RNN"] - 10.0)  # another method takes the RNN's place in ours
    assert not vv.fig3_top_four(lower, paper)[1]["holds"]
    contradicted = vv.fig3_top_four(table, summary_table(lower))[1]  # the paper's own means name other four
    assert contradicted["verdict"] == "inconclusive" and "fails, so the test cannot decide" in contradicted["control"]


def test_table1_metrics_the_p95_shortfall_and_table2_counts():
    table = _table(0.0)
    summary = summary_table(table).drop(index="P90")
    printed = summary_table(table, ties="min").drop(index="P90")  # the paper's ranks: ties take the best rank
    shifted = printed.copy()
    shifted.loc["P95"] -= 100 * 4 / 90  # four more data sets below 95 % of the best: within 5
    shifted.loc["PMA"] += 0.9  # within the PMA of one point of accuracy (about 1.2 here)
    shifted.loc["Friedman rank", "RF"] += 0.6  # the rank alone beyond its tolerance of 0.5
    records = [kw for _, kw in vv.table1_metrics(table, summary, shifted, 90)]
    assert [kw["holds"] for kw in records] == [True, True, False] and "beyond it: RF -0.60" in records[2]["ours"]
    assert "add up to" in records[2]["control"]
    # RNN-P below 95 % of the best on 2 more data sets than the better of H-gamma-exp and BI-RNN-AVG
    table = pd.DataFrame(90.0, index=range(90), columns=METHODS)
    table.loc[:5, "RNN-P"] = 80.0
    table.loc[:3, ["H-gamma-exp", "BI-RNN-AVG"]] = 80.0
    paper = summary_table(table)
    record = vv.p95_few_datasets(table, paper, 90)[1]
    assert record["verdict"] == "holds" and "+2 (against" in record["ours"] and "passes" in record["control"]
    fewer = table.copy()
    fewer.loc[4:5, "RNN-P"] = 90.0  # as many as the named ones: no reduction, 2 data sets from the paper's +2
    assert vv.p95_few_datasets(fewer, paper, 90)[1]["verdict"] == "not reproduced"
    table.loc[:40, "RNN-P"] = 80.0  # 41 data sets: no longer a few, and far from the paper's
    assert vv.p95_few_datasets(table, paper, 90)[1]["verdict"] == "does not hold"
    printed = pd.DataFrame({"RNN": [42, 42, 12], "MLP-NTK": [30, 27, 33]}, index=["NTK", "CK", "Tie"])
    ours = pd.DataFrame({"RNN": [40, 40, 10], "MLP-NTK": [32, 31, 27]}, index=["NTK", "CK", "Tie"])
    rnn, mlp = (kw for _, kw in vv.table2_counts(ours, printed, 90))
    assert rnn["verdict"] == "inconclusive" and "add up to 96, not 90" in rnn["control"]  # as the paper prints RNN's
    assert mlp["verdict"] == "does not hold" and "Tie 27 (-6)" in mlp["ours"]
    ours.loc["Tie", "MLP-NTK"] = 28
    assert vv.table2_counts(ours, printed, 90)[1][1]["verdict"] == "holds"


def test_the_tie_spread_is_read_on_the_largest_methods_point_value():
    def spreads(gap):
        return pd.DataFrame([dict(dataset=d, method=m, best=80 + (gap if m == "RNN-P" else 0.1), worst=80.0, tied=3)
                             for d in range(90) for m in ("RNN", "RNN-P")])

    record, per_method = vv.tie_spread(spreads(0.4), 90)
    assert record[1]["holds"] and per_method.idxmax() == "RNN-P" and abs(per_method["RNN-P"] - 0.4) < 1e-12
    assert "above the band: 0 of 2 methods, below it: 1" in record[1]["ours"]  # the RNN's 0.1
    wide = spreads(0.4)
    wide.loc[(wide.method == "RNN-P") & (wide.dataset == 7), "best"] += 45.0  # one data set far wider
    record = vv.tie_spread(wide, 90)[0][1]
    assert not record["holds"] and "above the band: 1 of 2 methods" in record["ours"]
    assert "widest data set left out, the largest is RNN-P 0.40" in record["ours"]
    assert not vv.tie_spread(spreads(2.0), 90)[0][1]["holds"]  # four times "almost half a point"
    assert not vv.tie_spread(spreads(0.0), 90)[0][1]["holds"]  # the largest is then the RNN's 0.1
    assert vv.tie_spread(spreads(0.4).iloc[:20], 90)[0][1]["partial"]


def test_ridge_against_svm_has_its_three_outcomes():
    rng = np.random.default_rng(0)
    base, noise = rng.uniform(60, 90, 90), rng.normal(0, 1, 90)

    def table(krr_lead, svm_lead):  # the C-SVM's noise is the ridge's reversed: equal leads drop by exactly 0
        return pd.DataFrame(dict(dataset=range(90), method="RNN", ck_krr=base + krr_lead + noise, ntk_krr=base,
                                 ck_svm=base + svm_lead + noise[::-1], ntk_svm=base))

    verdict = lambda t: vv.krr_vs_svm(t, 90)[0][0][1]["verdict"]  # noqa: E731
    assert verdict(table(2.0, 0.0)) == "holds"  # a lead under ridge regression that the C-SVM removes
    assert verdict(table(0.0, 2.0)) == "does not hold"  # the C-SVM widens the CK's lead
    assert verdict(table(0.0, 0.0)) == "not reproduced"  # no lead to explain
    assert verdict(table(2.0, 2.0)) == "not reproduced"  # a lead the C-SVM keeps: the drop holds 0
