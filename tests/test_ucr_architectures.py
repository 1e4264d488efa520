import pytest

from reproduction.cache import RESULTS, stored_json
from reproduction.experiments import ucr, ucr_architectures as ua


def test_grid_is_sixty_settings_and_units_are_cached_per_architecture(tmp_path):
    g = ua.ARCHITECTURE_GRID
    assert len(g.sigma_w) * len(g.sigma_u) * len(g.sigma_b) * len(g.sigma_h) == 60 and ua.CHUNKS == 20
    assert len(ucr.kernel_parts("Coffee", "RNTK", g, "avg-shared")) == ua.CHUNKS  # the chunks a unit is scored in
    r = ua.cached_architecture("Coffee", "bi", directory=tmp_path)
    assert not (tmp_path / "Coffee" / "bi.partial").exists()
    assert r["architecture"] == "bi" and r["accuracy"] == 100.0  # Coffee is separable at some setting
    committed = stored_json(RESULTS / "ucr_architectures" / "Coffee" / "bi.json", ua._params("bi"))
    assert {k: v for k, v in r.items() if k != "seconds"} == {k: v for k, v in committed.items() if k != "seconds"}
    assert ua.stored_architectures(["Coffee"], ["bi", "rnn"], directory=tmp_path) == {("Coffee", "bi"): r}


def test_unknown_architecture_is_refused_before_any_work(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown architecture"):
        ua.cached_architecture("Coffee", "lstm", directory=tmp_path)
    assert not any(tmp_path.iterdir())
    with pytest.raises(SystemExit) as exit_:
        ua.main(["Coffee", "--architectures", "lstm"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_architecture_table_and_the_estimate_of_what_is_left(tmp_path):
    found = {("Coffee", "rnn"): dict(accuracy=100.0, seconds=2.0), ("Beef", "rnn"): dict(accuracy=80.0, seconds=4.0),
             ("Coffee", "avg-shared"): dict(accuracy=96.0, seconds=ua._cost("Coffee", "avg-shared") * 1e-6)}
    table = ua.architecture_table(found)
    assert list(table.columns) == ["rnn", "avg-shared"] and table.loc["Coffee", "avg-shared"] == 96.0
    assert table["avg-shared"].isna().sum() == 1  # Beef's unit is not cached
    left = ua.remaining_hours(found, "avg-shared", names=["Coffee", "Beef"], directory=tmp_path)
    assert left == pytest.approx(ua._cost("Beef", "avg-shared") * 1e-6 / 3600)
    from reproduction.cache import store_json

    parts = tmp_path / "Beef" / "avg-shared.partial"
    for f, params in ucr.kernel_parts("Beef", "RNTK", ua.ARCHITECTURE_GRID, "avg-shared")[:5]:
        store_json(parts / f, {}, params)
    f, params = ucr.kernel_parts("Beef", "RNTK", ua.ARCHITECTURE_GRID, "avg")[5]
    store_json(parts / f, {}, params)  # another architecture's part is not counted
    assert ua.parts_done("Beef", "avg-shared", tmp_path) == 5
    less = ua.remaining_hours(found, "avg-shared", names=["Coffee", "Beef"], directory=tmp_path)
    assert less == pytest.approx(left * (1 - 5 / ua.CHUNKS))
    with pytest.raises(ValueError, match="no cached unit"):
        ua.remaining_hours(found, "bi")


def test_cross_validation_chooses_among_the_architectures_complete_everywhere():
    from reproduction.experiments.ucr_architectures import cv_chosen

    unit = lambda cv, acc, s=10.0: dict(cv_accuracy=cv, accuracy=acc, seconds=s)  # noqa: E731
    found = {("a", "rnn"): unit(80, 70), ("a", "bi"): unit(90, 60), ("a", "avg-shared"): unit(99, 99),
             ("b", "rnn"): unit(85, 75), ("b", "bi"): unit(85, 95)}
    chosen = cv_chosen(found, ["a", "b"])
    assert chosen["a"]["architecture"] == "bi" and chosen["a"]["accuracy"] == 60  # chosen on training data only
    assert chosen["b"]["architecture"] == "rnn"  # a tie goes to the simpler architecture
    assert chosen["a"]["candidates"] == ["rnn", "bi"] and chosen["a"]["seconds"] == 20.0  # avg-shared lacks "b"
    assert cv_chosen({("a", "rnn"): unit(80, 70)}, ["a", "b"]) == {}
