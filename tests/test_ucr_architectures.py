import pytest

from rntk.experiments import ucr_architectures as ua


def test_grid_is_sixty_settings_and_units_are_cached_per_architecture(tmp_path):
    g = ua.ARCHITECTURE_GRID
    assert len(g.sigma_w) * len(g.sigma_u) * len(g.sigma_b) * len(g.sigma_h) == 60
    r = ua.cached_architecture("Coffee", "bi", directory=tmp_path)
    assert r["architecture"] == "bi" and 0 <= r["accuracy"] <= 100
    assert ua.stored_architectures(["Coffee"], ["bi", "rnn"], directory=tmp_path) == {("Coffee", "bi"): r}


def test_unknown_architecture_is_refused_before_any_work(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown architecture"):
        ua.cached_architecture("Coffee", "lstm", directory=tmp_path)
    assert not any(tmp_path.iterdir())
    with pytest.raises(SystemExit) as exit_:
        ua.main(["Coffee", "--architectures", "lstm"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err
