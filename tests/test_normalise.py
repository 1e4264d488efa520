import numpy as np
import pytest

from rntk import RecurrentKernel
from rntk.baselines import PolynomialKernel, RBFKernel
from rntk.normalise import Normalised, self_kernel


def test_rbf_is_already_normalised():
    X = np.random.default_rng(0).standard_normal((6, 4))
    np.testing.assert_allclose(Normalised(RBFKernel(0.5))(X), RBFKernel(0.5)(X), rtol=1e-12)


@pytest.mark.parametrize("kernel", [PolynomialKernel(3, gamma=1.0, coef0=1.0),
                                    RecurrentKernel(sigma_w=1.6, sigma_u=1.0, sigma_b=0.1)])
def test_cross_gram_is_a_block_of_the_normalised_gram(kernel):
    rng = np.random.default_rng(1)
    X, Z = rng.standard_normal((5, 30)), rng.standard_normal((3, 30))
    full = Normalised(kernel, chunk=2)(np.concatenate([X, Z]))
    np.testing.assert_allclose(np.diag(full), 1.0, rtol=1e-12)
    np.testing.assert_allclose(Normalised(kernel, chunk=2)(X, Z), full[:5, 5:], rtol=1e-10)
    np.testing.assert_allclose(self_kernel(kernel, X, chunk=2), self_kernel(kernel, X, chunk=64), rtol=1e-12)


def test_zero_sequences_cannot_be_normalised():
    with pytest.raises(ValueError, match="k\\(x, x\\) <= 0"):
        Normalised(PolynomialKernel(2, gamma=1.0, coef0=0.0))(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="chunk"):
        self_kernel(RBFKernel(1.0), np.zeros((2, 3)), chunk=0)
