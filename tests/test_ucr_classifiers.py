import pytest

from reproduction.experiments import ucr_classifiers as uc


def test_a_unit_is_cached_and_read_back(tmp_path):
    first = uc.cached_classifier("Coffee", "1NN-ED", directory=tmp_path)
    assert 0 <= first["accuracy"] <= 100 and first["seconds"] == pytest.approx(
        first["fit_seconds"] + first["predict_seconds"])
    assert uc.stored_classifiers(["Coffee"], ["1NN-ED"], directory=tmp_path) == {("Coffee", "1NN-ED"): first}
    assert uc.stored_classifiers(["Coffee"], ["1NN-ED"], seed=1, directory=tmp_path) == {}


def test_beside_rntk_lists_only_the_sets_every_method_has(tmp_path):
    rows, complete = uc.beside_rntk(["Coffee"], directory=tmp_path)
    assert complete == [] and set(rows.method) == {"RNTK (paper grid, CV)"}
    for method in uc.CLASSIFIERS:
        uc.cached_classifier("Coffee", method, directory=tmp_path)
    rows, complete = uc.beside_rntk(["Coffee"], directory=tmp_path)
    assert complete == ["Coffee"] and len(rows) == 1 + len(uc.CLASSIFIERS)


def test_unknown_classifier_and_arguments_are_refused(capsys):
    with pytest.raises(ValueError, match="unknown classifier"):
        uc.make_classifier("SVM")
    with pytest.raises(SystemExit) as exit_:
        uc.main(["run", "Coffee", "--methods", "SVM"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_standing_regimes_and_recommendation_follow_their_rules():
    import numpy as np
    import pandas as pd

    sets = [f"s{i}" for i in range(12)]
    summary = pd.DataFrame(dict(dataset=sets, train=np.arange(12) * 10 + 10, length=[50] * 6 + [500] * 6,
                                classes=[2, 3] * 6))
    rows = []
    for i, d in enumerate(sets):
        small = i < 6  # the RNTK wins by 5 points on the six small sets, loses by 5 on the six large ones
        rows += [dict(dataset=d, method=uc.RNTK_LABEL, accuracy=80.0 + (5 if small else -5), seconds=100.0),
                 dict(dataset=d, method="MiniRocket", accuracy=80.0, seconds=1.0),
                 dict(dataset=d, method="1NN-ED", accuracy=70.0, seconds=0.5)]
    table = uc.standing(pd.DataFrame(rows), sets, summary)
    assert table.loc["s0", "gap"] == 5.0 and table.loc["s11", "best_other"] == "MiniRocket"
    assert table.loc["s0", "time_ratio"] == 100.0
    regimes = uc.by_regime(table)
    small, every = regimes.loc["training set <= 65 series"], regimes.loc["every data set"]
    assert (small.wins, small.losses, every.wins, every.losses) == (6, 0, 6, 6)
    sentences = dict(zip(regimes.index, uc.recommendation(regimes)))
    assert "worth considering" in sentences["training set <= 65 series"]  # 6 wins of 6: sign test p = 0.031
    assert "MiniRocket is the better choice" in sentences["training set > 65 series"]
    assert "do not separate" in sentences["every data set"]  # 6 wins, 6 losses
    assert sentences["every data set"].startswith("every data set (12 data sets): the data do not separate them (6 wins, 0 ties")
    found = uc.practice_verdicts(regimes)
    assert not found["practice.minirocket-more-accurate"]["holds"]  # 6 wins, 6 losses
    assert found["practice.minirocket-faster"]["holds"] and "median 100" in found["practice.minirocket-faster"]["ours"]
    losing = regimes.copy()
    losing.loc["every data set", ["wins", "losses", "sign_p"]] = [1, 11, 0.006]
    assert uc.practice_verdicts(losing)["practice.minirocket-more-accurate"]["holds"]
