"""The runners refuse bad arguments and unwritable folders before their first unit, and start as the
README shows them: no run loses a computed result to a failure that could have been seen at its start."""

import pytest

from reproduction.experiments import runner


def _not_a_folder(tmp_path):
    """A path under a file: no directory can be made there (also as root)."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    return blocker / "results"


def _no_units(monkeypatch, module, *names):
    for name in names:
        monkeypatch.setattr(module, name, lambda *a, **k: pytest.fail("a unit started before the check"))


def _refused(capsys, main, argv) -> str:
    """What ``main(argv)`` printed to stderr, once it has exited with argparse's status 2."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    return capsys.readouterr().err


def test_ucr_runner_checks_its_arguments_and_results_folder_first(tmp_path, monkeypatch, capsys):
    from reproduction.experiments import ucr

    _no_units(monkeypatch, runner, "drive")
    _no_units(monkeypatch, ucr, "load_ucr")
    assert "invalid choice: 'Foo'" in _refused(capsys, ucr.main, ["ours", "Coffee", "--methods", "Foo"])
    assert "NoSuchSet" in _refused(capsys, ucr.main, ["ours", "NoSuchSet", "--methods", "RBF"])
    monkeypatch.setattr(ucr, "RESULTS", _not_a_folder(tmp_path))
    err = _refused(capsys, ucr.main, ["ours", "Coffee", "--methods", "RBF"])
    assert "is not writable" in err and "Traceback" not in err


def test_uci_and_regression_runners_check_their_results_folder_first(tmp_path, monkeypatch, capsys):
    from reproduction.experiments import regression, uci

    _no_units(monkeypatch, runner, "drive")
    _no_units(monkeypatch, uci, "cached_run")
    _no_units(monkeypatch, regression, "cached_setting", "cached_choices")
    for module in (uci, regression):
        monkeypatch.setattr(module, "RESULTS", _not_a_folder(tmp_path))
    assert "is not writable" in _refused(capsys, uci.main, ["paper", "abalone"])
    assert "is not writable" in _refused(capsys, regression.main, ["scores", "a"])
    assert "unknown panel 'z'; Fig. 4's panels are a, b, c, d" in _refused(capsys, regression.main, ["scores", "z"])
    assert "no-such-set" in _refused(capsys, uci.main, ["authors-code", "no-such-set"])


def test_the_regression_runner_starts_as_the_readme_shows_it(tmp_path, monkeypatch):
    """With no panel it runs every panel (argparse once refused its own default list); each mode is a
    subcommand."""
    from reproduction.experiments import regression

    ran = []
    monkeypatch.setattr(regression, "RESULTS", tmp_path)
    monkeypatch.setattr(regression, "cached_setting", lambda setting, repetitions, *a, **k: ran.append(setting))
    regression.main(["scores"])
    assert ran == [s for name in regression.FIGURES for s in regression.FIGURES[name][2]]
    ran.clear()
    regression.main(["scores", "b", "--repetitions", "3"])
    assert ran == list(regression.FIGURES["b"][2])
    ran.clear()
    chosen = []
    monkeypatch.setattr(regression, "cached_choices", lambda setting, repetitions, **k: chosen.append(repetitions))
    regression.main(["choices", "a", "--padding", "front"])
    assert chosen == [regression.CHOICE_REPETITIONS] * len(regression.FIGURES["a"][2]) and not ran
    regression.main(["wide-grids", "c"])
    assert ran == list(regression.FIGURES["c"][2])


def test_runners_check_every_folder_they_write_and_their_numbers_first(tmp_path, monkeypatch, capsys):
    """A read-only data-set folder below a writable results folder, --jobs 0 and folds out of range or
    named twice are refused before the first unit; so are the scaling and training runners' folders."""
    from reproduction.experiments import scaling, ucr, ucr_seeds, ucr_training

    _no_units(monkeypatch, runner, "drive")
    _no_units(monkeypatch, ucr, "load_ucr")
    monkeypatch.setattr(ucr, "RESULTS", tmp_path)
    (tmp_path / "ucr").mkdir()
    (tmp_path / "ucr" / "Coffee").write_text("")  # Coffee's folder cannot be made: a file has its name
    err = _refused(capsys, ucr.main, ["ours", "Coffee", "--methods", "RBF"])
    assert "ucr/Coffee is not writable" in err
    assert "0 threads: give a positive number, or -1" in _refused(capsys, ucr.main, ["ours", "Beef", "--jobs", "0"])
    folds = ["ours", "Beef", "--methods", "GRU", "--fold-parts", "--folds"]
    assert "fold 99 is not among the folds 0..4" in _refused(capsys, ucr.main, folds + ["99"])
    assert "fold -7 is not among the folds 0..4" in _refused(capsys, ucr.main, folds + ["1", "-7"])
    assert "names a fold twice" in _refused(capsys, ucr.main, folds + ["1", "1"])
    assert "0 threads" in _refused(capsys, ucr_seeds.main, ["kernels", "Beef", "--jobs", "0"])
    _no_units(monkeypatch, scaling, "cached_measure")
    monkeypatch.setattr(scaling, "RESULTS", _not_a_folder(tmp_path))
    assert "is not writable" in _refused(capsys, scaling.main, [])
    _no_units(monkeypatch, ucr_training, "cached_curves")
    monkeypatch.setattr(ucr_training, "DIAGNOSIS_RESULTS", _not_a_folder(tmp_path))
    assert "is not writable" in _refused(capsys, ucr_training.main, ["Coffee"])
    assert "NoSuchSet" in _refused(capsys, ucr_training.main, ["NoSuchSet"])


def test_a_unit_whose_folder_cannot_be_written_fails_before_it_is_computed(tmp_path):
    from reproduction.cache import cached_json

    with pytest.raises(OSError, match=r"cannot write the unit .*unit\.json .*nothing was computed"):
        cached_json(_not_a_folder(tmp_path) / "unit.json", lambda: pytest.fail("computed before the check"), {})


def test_every_runner_drives_its_units_through_one_loop(capsys):
    """The shared driver: each unit's keyword arguments reach the computation, one line per finished unit."""
    done = runner.drive(lambda name, n: n * n, [dict(name="a", n=2), dict(name="b", n=3)],
                        lambda unit, result: f"{unit['name']} {result}")
    assert done == [(dict(name="a", n=2), 4), (dict(name="b", n=3), 9)]
    assert capsys.readouterr().out == "a 4\nb 9\n"
    with pytest.raises(TypeError, match="each unit is a dict of keyword arguments"):
        runner.drive(print, [("a", 2)], str)


def test_the_ucr_runners_modes_are_subcommands_each_with_its_grid_and_folder(tmp_path, monkeypatch, capsys):
    from reproduction.experiments import ucr

    driven = []
    monkeypatch.setattr(runner, "drive", lambda compute, units, **k: driven.append(list(units)))
    monkeypatch.setattr(ucr, "RESULTS", tmp_path)
    monkeypatch.setattr(ucr.tables, "write_tables", lambda *a: None)
    for mode, key in (("paper-grid", "PAPER_GRID"), ("sigma-w", "SIGMA_W_GRID"), ("ntk-c", "NTK_C_GRID")):
        ucr.main([mode, "Coffee"])
        units = driven.pop()
        assert {u["grid"] for u in units} == {getattr(ucr, key)} and len(units) == len(ucr.MODES[mode].methods)
        assert {u["directory"] for u in units} == {tmp_path / ucr.MODES[mode].folder}
    ucr.main(["ours", "Coffee", "--methods", "RBF", "GRU"])
    assert [(u["method"], u["grid"], u.get("fold_parts"), u["progress"]) for u in driven.pop()] == [
        ("RBF", ucr.FULL_GRID, False, False), ("GRU", ucr.FULL_GRID, False, False)]
    ucr.main(["paper-grid", "Coffee", "--methods", "RNTK"])
    assert [(u["method"], u["progress"]) for u in driven.pop()] == [("RNTK", True)]  # 900 settings: a bar
    assert "expected at least one argument" in _refused(capsys, ucr.main, ["sigma-w", "--methods"])
    assert "invalid choice: 'Coffee'" in _refused(capsys, ucr.main, ["Coffee"])  # a mode comes first
    assert "invalid choice: 'GRU'" in _refused(capsys, ucr.main, ["paper-grid", "Coffee", "--methods", "GRU"])


def test_the_precision_runner_goes_through_the_shared_driver(tmp_path, monkeypatch):
    from reproduction.experiments import precision

    driven = []
    monkeypatch.setattr(runner, "drive", lambda compute, units, line: driven.append((compute, list(units))))
    monkeypatch.setattr(precision, "FLOAT32_RESULTS", tmp_path)
    precision.main(["Coffee", "Beef"])
    assert driven == [(precision.cached_float32, [dict(name="Coffee"), dict(name="Beef")])]
