"""Cosine normalisation of a kernel: K(x, z) / sqrt(K(x, x) K(z, z)).

Where a kernel's scale moves with a hyperparameter or the sequence length (the ReLU RNTK with
sigma_w^2 > 2 grows like (sigma_w^2/2)^T), the normalised Gram has a unit diagonal, so an SVM's C
means the same thing for every setting and every data set.
"""

from __future__ import annotations

import numpy as np

__all__ = ["self_kernel", "Normalised"]


def self_kernel(kernel, X, chunk: int = 128) -> np.ndarray:
    """``k(x_i, x_i)`` for every sequence of ``X``, from the self-Grams of chunks of ``chunk``
    sequences (never the full N x N Gram)."""
    if chunk < 1:
        raise ValueError(f"chunk must be a positive number of sequences, got {chunk}")
    return np.concatenate([np.diag(kernel(X[i:i + chunk])) for i in range(0, len(X), chunk)])


class Normalised:
    """``kernel`` cosine-normalised: called as ``kernel`` is, ``(X)`` or ``(X, Z)``."""

    def __init__(self, kernel, chunk: int = 128):
        self.kernel, self.chunk = kernel, chunk

    def __repr__(self):
        return f"Normalised({self.kernel!r})"

    def __call__(self, X, Z=None):
        K = self.kernel(X, Z)
        dx = np.diag(K) if Z is None else self_kernel(self.kernel, X, self.chunk)
        dz = dx if Z is None else self_kernel(self.kernel, Z, self.chunk)
        if np.any(dx <= 0) or np.any(dz <= 0):
            raise ValueError("cannot normalise: a sequence has k(x, x) <= 0 (an all-zero input?)")
        return K / np.sqrt(np.outer(dx, dz))
