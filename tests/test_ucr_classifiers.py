import pytest

from rntk.experiments import ucr_classifiers as uc


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
        uc.main(["Coffee", "--methods", "SVM"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err
