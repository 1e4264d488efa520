"""float32 Grams: the same kernels in single precision, on request; float64 stays the default."""

import numpy as np
import pytest

from reproduction.experiments.precision import relative_error
from rntk import RecurrentKernel


@pytest.mark.parametrize("activation", ["relu", "erf", "sin", "identity"])
@pytest.mark.parametrize("architecture", ["rnn", "bi", "avg-shared"])
def test_float32_grams_agree_with_float64_to_single_precision(activation, architecture):
    rng = np.random.default_rng(0)
    X = [rng.standard_normal(t) for t in (12, 30, 25, 30)]
    Z = [rng.standard_normal(t) for t in (7, 30)]
    settings = dict(activation=activation, architecture=architecture, sigma_w=1.3, sigma_b=0.2, sigma_h=0.1)
    k64, k32 = RecurrentKernel(**settings), RecurrentKernel(**settings, dtype="float32")
    for exact, single in ((k64(X), k32(X)), (k64(Z, X), k32(Z, X)),
                          (k64.grid(X, sigma_w=[1.0, 1.2]), k32.grid(X, sigma_w=[1.0, 1.2]))):
        assert exact.dtype == np.float64 and single.dtype == np.float32
        assert relative_error(single, exact) < 1e-4


def test_float32_equal_length_readouts_and_family():
    X = np.random.default_rng(1).standard_normal((4, 20))
    for architecture in ("avg", "bi-avg"):
        G = RecurrentKernel(architecture=architecture, dtype="float32")(X)
        assert G.dtype == np.float32
        assert relative_error(G, RecurrentKernel(architecture=architecture)(X)) < 1e-4
    assert RecurrentKernel(dtype="float32").family(X)[(1, "avg", "ntk")].dtype == np.float32


def test_float32_overflow_names_the_precision():
    X = np.ones((2, 400))  # (1.6^2 / 2)^400 = 1.28^400 ~ 1e43: beyond float32 (3.4e38), not float64
    assert np.all(np.isfinite(RecurrentKernel(sigma_w=1.6)(X)))
    with pytest.raises(FloatingPointError, match=r"float32 Gram\).*float32 holds numbers up to 3.4e\+38"):
        RecurrentKernel(sigma_w=1.6, dtype="float32")(X)


def test_bad_dtypes_are_named():
    with pytest.raises(ValueError, match="dtype must be one of"):
        RecurrentKernel(dtype="float16")
    with pytest.raises(ValueError, match="closed-form dual"):
        RecurrentKernel(activation="tanh", dtype="float32")


def test_a_float32_gram_estimates_its_own_loss_and_warns_above_the_tolerance():
    """At T = 2,000 and sigma_w = 1.44 float32 loses a few per cent (the recursion's growth, 1.04^2000); at
    sigma_w = 1.3 on short sequences it keeps single precision and stays silent."""
    import warnings

    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 2000)) / np.sqrt(2000) * 5
    with pytest.warns(UserWarning, match=r"float32 NTK Gram differs from float64 by 0.0\d.*above 0.001"):
        single = RecurrentKernel(sigma_w=1.44, dtype="float32")(X)
    assert relative_error(single, RecurrentKernel(sigma_w=1.44)(X)) > 1e-3  # the warning is not a false alarm
    short = [rng.standard_normal(t) for t in (12, 30, 25, 30, 8)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RecurrentKernel(sigma_w=1.3, dtype="float32")(short, short[:2], get=("ck", "ntk"))
