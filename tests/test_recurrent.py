import numpy as np
import pytest

import reference
from rntk import ARCHITECTURES, RecurrentKernel

PARAMS = dict(sw=1.3, su=0.9, sb=0.4, sh=0.7, sv=1.1)


def kernel(depth, act, architecture, **kw):
    p = PARAMS
    return RecurrentKernel(depth=depth, activation=act, sigma_w=p["sw"], sigma_u=p["su"], sigma_b=p["sb"],
                           sigma_h=p["sh"], sigma_v=p["sv"], architecture=architecture, **kw)


def ragged(rng, n, lo, hi, m=2):
    return [rng.standard_normal((t, m)) for t in rng.integers(lo, hi + 1, n)]


@pytest.mark.parametrize("architecture", ARCHITECTURES)
@pytest.mark.parametrize("act", ["relu", "erf"])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_matches_per_pair_reference(architecture, act, depth):
    rng = np.random.default_rng(depth)
    equal = architecture in ("avg", "bi-avg")
    X = ragged(rng, 5, 4 if equal else 1, 4 if equal else 6)
    Z = ragged(rng, 3, 4 if equal else 2, 4 if equal else 5)
    k = kernel(depth, act, architecture)
    ck, ntk = k(X, get=("ck", "ntk"))
    ref_ck, ref_ntk = reference.gram(X, X, PARAMS, depth, act, architecture, symmetric=True)
    np.testing.assert_allclose(ck, ref_ck, rtol=1e-10)
    np.testing.assert_allclose(ntk, ref_ntk, rtol=1e-10)
    ck, ntk = k(X, Z, get=("ck", "ntk"))
    ref_ck, ref_ntk = reference.gram(X, Z, PARAMS, depth, act, architecture, symmetric=False)
    np.testing.assert_allclose(ck, ref_ck, rtol=1e-10)
    np.testing.assert_allclose(ntk, ref_ntk, rtol=1e-10)


def test_reverse_is_the_kernel_of_reversed_sequences():
    rng = np.random.default_rng(1)
    X = ragged(rng, 6, 2, 7)
    forward = kernel(2, "relu", "rnn")([x[::-1] for x in X])
    np.testing.assert_allclose(kernel(2, "relu", "rnn", reverse=True)(X), forward, rtol=1e-12)


def test_sigma_h_enters_only_the_diagonal_of_a_self_gram():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((6, 5))
    k = kernel(1, "relu", "rnn")
    self_gram, cross = k(X), k(X, X)
    off = ~np.eye(6, dtype=bool)
    np.testing.assert_allclose(self_gram[off], cross[off], rtol=1e-12)
    assert np.all(np.diag(self_gram) > np.diag(cross))


@pytest.mark.parametrize("architecture", ["rnn", "avg-shared"])
def test_symmetric_and_positive_semidefinite(architecture):
    rng = np.random.default_rng(3)
    X = ragged(rng, 40, 3, 12, m=1)
    for act in ("relu", "erf"):
        K = kernel(2, act, architecture)(X)
        np.testing.assert_array_equal(K, K.T)
        assert np.linalg.eigvalsh(K).min() > -1e-10 * np.abs(K).max()


@pytest.mark.parametrize("architecture", ["rnn", "bi", "avg-shared"])
def test_tiles_give_the_same_gram(architecture):
    rng = np.random.default_rng(4)
    X, Z = ragged(rng, 23, 2, 9), ragged(rng, 11, 1, 9)
    whole = kernel(2, "relu", architecture)
    tiled = kernel(2, "relu", architecture, block_size=4)
    np.testing.assert_allclose(tiled(X), whole(X), rtol=1e-13)
    np.testing.assert_allclose(tiled(X, Z), whole(X, Z), rtol=1e-13)


def test_diagonal_is_exact_for_relu():
    """On the diagonal the ReLU recursion is Sigma -> Sigma/2: no arccos of a rounded 1."""
    x = np.random.default_rng(5).standard_normal((1, 30))
    sw, su, sb = 1.2, 0.8, 0.3
    ck = RecurrentKernel(sigma_w=sw, sigma_u=su, sigma_b=sb)(x, get="ck")[0, 0]
    c = 0.0
    for t in range(30):
        c = (su ** 2 * x[0, t] ** 2 + sb ** 2 + sw ** 2 * c) / 2
    assert ck == pytest.approx(c, rel=1e-14)


def test_equal_lengths_give_equal_kernels_for_array_and_list_inputs():
    X = np.random.default_rng(6).standard_normal((7, 9, 3))
    k = kernel(1, "erf", "bi")
    np.testing.assert_allclose(k(X), k(list(X)), rtol=1e-14)


def test_quadrature_path_matches_closed_form_erf():
    """The quadrature dual of erf gives the closed-form kernel through the whole recursion."""
    from jax.scipy.special import erf

    rng = np.random.default_rng(7)
    X = [0.5 * x for x in ragged(rng, 6, 2, 5)]
    settings = dict(depth=2, sigma_w=0.8, sigma_u=0.7, sigma_b=0.3, sigma_h=0.4)
    closed = RecurrentKernel(activation="erf", **settings)(X, get=("ck", "ntk"))
    quad = RecurrentKernel(activation=lambda u: erf(u), **settings)(X, get=("ck", "ntk"))
    np.testing.assert_allclose(quad, closed, rtol=1e-10)


def test_overflow_is_reported_with_its_cause():
    X = np.ones((3, 1100))  # 2^1100 overflows float64
    with pytest.raises(FloatingPointError, match="sigma_w"):
        RecurrentKernel(sigma_w=2.0)(X)
    with pytest.raises(FloatingPointError, match=r"sigma_w\^2 = inf > 2"):  # not an OverflowError in the message
        RecurrentKernel(sigma_w=1e200)(np.ones((2, 5)))


@pytest.mark.parametrize("activation", ["identity", "erf", "sin"])
def test_overflow_of_other_activations_names_sigma_w(activation):
    with pytest.raises(FloatingPointError, match=rf"sigma_w\^2 = 1e\+10 times an expectation of the activation '{activation}'"):
        RecurrentKernel(activation=activation, sigma_w=1e5)(np.ones((2, 200)), get="ntk")


@pytest.mark.parametrize("bad, message", [
    ([np.array([1.0, np.nan])], "NaN or inf"),
    ([np.ones(3), np.ones(0)], "empty sequence"),
    ([np.ones((3, 2)), np.ones((3, 1))], "features"),
    (np.ones((2, 3, 4, 5)), "shape"),
    ([], "no sequence"),
])
def test_bad_input_is_named(bad, message):
    with pytest.raises(ValueError, match=message):
        RecurrentKernel()(bad)


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="activation"):
        RecurrentKernel(activation="nope")
    with pytest.raises(ValueError, match="architecture"):
        RecurrentKernel(architecture="lstm")
    with pytest.raises(ValueError, match="sigma_b"):
        RecurrentKernel(sigma_b=-1.0)
    with pytest.raises(ValueError, match="one length"):
        RecurrentKernel(architecture="avg")([np.ones(3), np.ones(4)])
    with pytest.raises(ValueError, match="features"):
        RecurrentKernel()(np.ones((2, 3, 2)), np.ones((2, 3, 1)))
    with pytest.raises(ValueError, match=r"get must be 'ntk', 'ck' \(or 'nngp'\)"):
        RecurrentKernel()(np.ones((2, 3)), get="cntk")
    X = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(RecurrentKernel()(X, get="nngp"), RecurrentKernel()(X, get="ck"))  # neural-tangents' name


def test_hyperparameters_do_not_recompile_through_any_entry_point():
    """JAX's own log of compilations, over every way a Gram is asked for: new sigma values compile
    nothing; a new depth does (the count can fail)."""
    import logging

    import jax

    compiled = []

    class Count(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("Compiling"):
                compiled.append(record.getMessage())

    rng = np.random.default_rng(8)
    X, Z = rng.standard_normal((5, 6)), [rng.standard_normal(t) for t in (4, 6, 3)]
    calls = [lambda k: k(X), lambda k: k(Z, X, get=("ck", "ntk")), lambda k: k.grid(X, sigma_w=[0.9, 1.2]),
             lambda k: k.family(X)]
    for call in calls:
        call(RecurrentKernel(sigma_w=1.0))
    handler = Count()
    logging.getLogger("jax").addHandler(handler)
    try:
        with jax.log_compiles(True):
            for sw in (0.5, 1.1, 1.4):
                for call in calls:
                    call(RecurrentKernel(sigma_w=sw, sigma_u=sw / 2, sigma_b=sw / 3, sigma_h=sw / 4, sigma_v=sw))
            assert compiled == []
            RecurrentKernel(depth=3)(X)
            assert compiled  # a new depth is a new program
    finally:
        logging.getLogger("jax").removeHandler(handler)


def test_numpy_all_pairs_baseline_agrees_off_the_diagonal():
    from reproduction.timing import numpy_all_pairs_ntk

    X = np.random.default_rng(9).standard_normal((30, 12))
    ours = RecurrentKernel(sigma_w=1.4, sigma_u=0.8, sigma_b=0.2, sigma_v=1.3)(X)
    theirs = numpy_all_pairs_ntk(X, sigma_w=1.4, sigma_u=0.8, sigma_b=0.2, sigma_v=1.3)
    off = ~np.eye(30, dtype=bool)
    np.testing.assert_allclose(ours[off], theirs[off], rtol=1e-9)
    np.testing.assert_allclose(np.diag(ours), np.diag(theirs), rtol=1e-6)  # arccos of a rounded 1


def test_family_gives_every_layer_and_readout_of_one_pass():
    rng = np.random.default_rng(10)
    X, Z = rng.standard_normal((6, 5, 2)), rng.standard_normal((4, 5, 2))
    for reverse in (False, True):
        fam = kernel(3, "relu", "rnn", reverse=reverse).family(X, Z)
        for layer in (1, 2, 3):
            for readout, arch in (("last", "rnn"), ("avg", "avg")):
                ck, ntk = kernel(layer, "relu", arch, reverse=reverse)(X, Z, get=("ck", "ntk"))
                np.testing.assert_allclose(fam[(layer, readout, "ck")], ck, rtol=1e-13)
                np.testing.assert_allclose(fam[(layer, readout, "ntk")], ntk, rtol=1e-13)
    ragged_family = kernel(2, "erf", "rnn").family(ragged(rng, 5, 2, 6))
    assert {key[1] for key in ragged_family} == {"last"}


@pytest.mark.parametrize("act", ["relu", "erf"])
@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("block_size", [None, 4])
def test_grid_equals_separate_calls(act, depth, block_size):
    rng = np.random.default_rng(depth)
    X, Z = ragged(rng, 9, 1, 7), ragged(rng, 4, 2, 6)
    k = RecurrentKernel(depth=depth, activation=act, sigma_u=0.8, sigma_v=1.1, block_size=block_size)
    axes = dict(sigma_w=[0.9, 1.4], sigma_b=[0.0, 0.3], sigma_h=[0.0, 0.6])
    settings = k.grid_settings(**axes)
    assert len(settings) == 8 and settings[1] == dict(sigma_w=0.9, sigma_u=0.8, sigma_b=0.0, sigma_h=0.6, sigma_v=1.1)
    for Y in (None, Z):
        ck, ntk = k.grid(X, Y, get=("ck", "ntk"), **axes)
        assert ntk.shape == (8, len(X), len(X if Y is None else Y))
        for s, p in enumerate(settings):
            one = RecurrentKernel(depth=depth, activation=act, block_size=block_size, **p)
            ref_ck, ref_ntk = one(X, Y, get=("ck", "ntk"))
            np.testing.assert_allclose(ck[s], ref_ck, rtol=1e-12, atol=0)
            np.testing.assert_allclose(ntk[s], ref_ntk, rtol=1e-12, atol=0)


def test_grid_bad_axes_and_overflow_are_named():
    k = RecurrentKernel()
    with pytest.raises(ValueError, match="unknown grid axis 'sigma_x'"):
        k.grid([np.ones(3)], sigma_x=[1.0])
    with pytest.raises(ValueError, match="sigma_b must be a non-empty list"):
        k.grid([np.ones(3)], sigma_b=[])
    with pytest.raises(ValueError, match="sigma_w must be a non-empty list"):
        k.grid([np.ones(3)], sigma_w=[1.0, -1.0])
    with pytest.raises(FloatingPointError, match=r"sigma_w\^2 = 9 > 2"):
        k.grid([np.ones(1000)], sigma_w=[1.0, 3.0])


@pytest.mark.parametrize("act", ["relu", "erf"])
@pytest.mark.parametrize("block_size", [None, 3, 7])
def test_self_gram_computes_half_and_equals_the_full_computation(act, block_size):
    """Tiles above the diagonal are mirrored; with sigma_h = 0 every off-diagonal pair is computed as
    in the cross Gram k(X, X), which computes all of them: equal to 0 difference."""
    X = ragged(np.random.default_rng(3), 20, 1, 9)
    k = RecurrentKernel(depth=2, activation=act, sigma_w=1.2, sigma_b=0.1, block_size=block_size)
    half, full = k(X), k(X, X)
    off = ~np.eye(len(X), dtype=bool)
    assert np.array_equal(half[off], full[off]) and np.array_equal(half, half.T)


@pytest.mark.parametrize("activation", ["relu", "erf", "sin", "identity", "tanh"])
@pytest.mark.parametrize("architecture", ["rnn", "bi", "avg", "bi-avg", "avg-shared"])
def test_self_gram_diagonal_agrees_with_the_pairwise_path(activation, architecture):
    # With sigma_h = 0, k(X)[i, i] (closed form at correlation one) and k(X, X)[i, i] (the pairwise
    # formula) are the same number; ReLU's arccos had turned rounding into a 1e-8 error.
    steps = 6 if activation == "tanh" else 40
    X = np.random.default_rng(1).standard_normal((4, steps, 2))
    for sigma_w in (1.0, np.sqrt(2.0), 1.5):
        k = RecurrentKernel(activation=activation, architecture=architecture, sigma_w=sigma_w, sigma_b=0.3)
        for own, cross in zip(k(X, get=("ck", "ntk")), k(X, X, get=("ck", "ntk"))):
            np.testing.assert_allclose(np.diag(cross), np.diag(own), rtol=1e-12, atol=0)


def test_an_architecture_is_data(monkeypatch):
    """A new architecture needs no code: registered, a bidirectional shared read-out is the shared read-out
    of the sequences plus that of their reverses; a name taken or a rule that cannot be is refused."""
    from rntk import architectures

    monkeypatch.setattr(architectures, "ARCHITECTURES", dict(architectures.ARCHITECTURES))
    monkeypatch.setattr("rntk.recurrent.ARCHITECTURES", architectures.ARCHITECTURES)
    architectures.register_architecture("bi-shared", "sum", both_directions=True, restarts=True)
    rng = np.random.default_rng(11)
    X = [rng.standard_normal((t, 2)) for t in (3, 5, 4)]
    settings = dict(sigma_w=1.2, sigma_b=0.1)
    both = RecurrentKernel(architecture="bi-shared", **settings)(X)
    one_way = RecurrentKernel(architecture="avg-shared", **settings)
    np.testing.assert_allclose(both, one_way(X) + RecurrentKernel(architecture="avg-shared", reverse=True,
                                                                  **settings)(X), rtol=1e-12)
    with pytest.raises(ValueError, match="already registered"):
        architectures.register_architecture("rnn", "last")
    with pytest.raises(ValueError, match="needs readout='sum'"):
        architectures.register_architecture("odd", "last", restarts=True)


def test_a_gram_shows_its_progress_over_tiles_when_asked(capsys):
    X = np.random.default_rng(12).standard_normal((10, 4))
    kernel = RecurrentKernel(block_size=4)
    quiet = kernel(X)
    assert capsys.readouterr().err == ""
    np.testing.assert_array_equal(kernel(X, progress=True), quiet)
    err = capsys.readouterr().err
    assert "Gram 10x10, 4 steps" in err and "6/6" in err  # three row blocks: the six tiles on and above the diagonal
