"""An independent reference for the two-by-two Gaussian expectations: nested adaptive integration
(scipy's QUADPACK), in the plain parametrisation u = sqrt(a) z1, v = sqrt(b) (c z1 + r z2), each
integral split where the activation's argument is zero."""

import numpy as np
from scipy.integrate import quad
from scipy.special import expit

_K = np.sqrt(2.0 / np.pi)


def _gelu(x):  # jax.nn.gelu's default (tanh) form
    return 0.5 * x * (1.0 + np.tanh(_K * (x + 0.044715 * x ** 3)))


def _dgelu(x):
    t = np.tanh(_K * (x + 0.044715 * x ** 3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _K * (1.0 + 3 * 0.044715 * x * x)


FUNCTIONS = {
    "tanh": (np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    "sigmoid": (expit, lambda x: expit(x) * (1.0 - expit(x))),
    "softplus": (lambda x: np.logaddexp(0.0, x), expit),
    "gelu": (_gelu, _dgelu),
    "sin": (np.sin, np.cos),
}


def expectation(f, g, a, b, c, reach=12.0):
    """E[f(u) g(v)] for (u, v) ~ N(0, [[a, c sqrt(ab)], [c sqrt(ab), b]])."""
    sa, sb, r = np.sqrt(a), np.sqrt(b), np.sqrt(max(1.0 - c * c, 0.0))
    density = lambda z: np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)  # noqa: E731
    options = dict(epsabs=1e-15, epsrel=1e-13, limit=400)

    def inner(z1):
        if r == 0.0:
            return g(sb * c * z1)
        turn = float(np.clip(-c * z1 / r, -reach + 1e-9, reach - 1e-9))
        return quad(lambda z2: density(z2) * g(sb * (c * z1 + r * z2)), -reach, reach, points=[turn, 0.0],
                    **options)[0]

    return quad(lambda z1: density(z1) * f(sa * z1) * inner(z1), -reach, reach, points=[0.0], **options)[0]
