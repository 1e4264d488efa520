"""Collections of sequences: validation, and the padded layout the kernels compute on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Sequences", "as_sequences", "check_real", "InputTypeError"]


@dataclass(frozen=True)
class Sequences:
    """Sequences of possibly different lengths, padded with zeros at the front.

    ``values[i, -lengths[i]:]`` is sequence ``i``; every sequence ends at the last
    step, which is how the first paper aligns two sequences of different lengths.
    """

    values: np.ndarray  # (N, T_max, m) float64
    lengths: np.ndarray  # (N,) int

    @property
    def n(self) -> int:
        return self.values.shape[0]

    @property
    def max_length(self) -> int:
        return self.values.shape[1]

    @property
    def dim(self) -> int:
        return self.values.shape[2]

    @property
    def equal_lengths(self) -> bool:
        return bool(np.all(self.lengths == self.max_length))

    def items(self):
        """The sequences themselves, as a list of ``(T_i, m)`` arrays."""
        return [v[self.max_length - t:] for v, t in zip(self.values, self.lengths)]

    def reversed(self) -> "Sequences":
        """Every sequence in reverse time order (still aligned at the end)."""
        return _pad([s[::-1] for s in self.items()], self.max_length)

    def padded_to(self, max_length: int) -> "Sequences":
        """The same sequences with more zero steps in front."""
        extra = max_length - self.max_length
        if extra < 0:
            raise ValueError(f"cannot pad sequences of length {self.max_length} to {max_length}")
        values = np.concatenate([np.zeros((self.n, extra, self.dim)), self.values], axis=1)
        return Sequences(values, self.lengths)


class InputTypeError(TypeError, ValueError):
    """Input of a dtype that is not real numbers: a ``TypeError``, and a ``ValueError`` as well,
    which is what scikit-learn's conventions expect of estimators given complex data."""


def check_real(values, name: str = "X") -> np.ndarray:
    """``values`` as an array, or an :class:`InputTypeError` naming the dtype unless it holds real
    numbers (integers or floats): complex, boolean, string and object input is refused, never cast."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        what = {"c": "complex", "b": "boolean", "U": "string", "S": "bytes", "O": "object"}.get(array.dtype.kind, "non-numeric")
        extra = " (Complex data not supported)" if what == "complex" else ""
        raise InputTypeError(f"{name} must hold real numbers (integers or floats), got {what} dtype {array.dtype}{extra}")
    return array


def _pad(items, max_length=None) -> Sequences:
    lengths = np.array([len(s) for s in items], dtype=np.int64)
    t_max = int(lengths.max()) if max_length is None else max_length
    values = np.zeros((len(items), t_max, items[0].shape[1]))
    for i, s in enumerate(items):
        values[i, t_max - len(s):] = s
    return Sequences(values, lengths)


def _checked_sequences(S: Sequences, name: str) -> Sequences:
    """A :class:`Sequences` built by hand, validated like any other input."""
    values, lengths = check_real(S.values, f"{name}.values"), np.asarray(S.lengths)
    if values.ndim != 3:
        raise ValueError(f"{name}.values must be (N, T, m); got shape {values.shape}")
    if lengths.shape != (values.shape[0],) or lengths.dtype.kind not in "iu":
        raise ValueError(f"{name}.lengths must hold one integer length per sequence ({values.shape[0]}), "
                         f"got shape {lengths.shape} and dtype {lengths.dtype}")
    if values.shape[0] == 0:
        raise ValueError(f"{name} holds no sequence")
    if np.any(lengths < 1) or np.any(lengths > values.shape[1]):
        raise ValueError(f"{name}.lengths must lie in 1..{values.shape[1]} (the padded length)")
    if not np.all(np.isfinite(values)):
        bad = int(np.flatnonzero(~np.isfinite(values).all(axis=(1, 2)))[0])
        raise ValueError(f"{name}[{bad}] contains NaN or inf")
    if values.dtype != np.float64:
        return Sequences(values.astype(np.float64), lengths.astype(np.int64))
    return S


def as_sequences(X, name: str = "X") -> Sequences:
    """Validate and pad a collection of sequences.

    ``X``: an array ``(N, T, m)``, an array ``(N, T)`` (univariate), a list of arrays
    ``(T_i, m)`` or ``(T_i,)``, or a :class:`Sequences`. Raises ``TypeError`` for values that are
    not real numbers (:func:`check_real`) and ``ValueError`` naming the
    problem for an empty collection or sequence, NaN or inf, a feature dimension
    that differs between sequences, or an array of the wrong rank.
    """
    if isinstance(X, Sequences):
        return _checked_sequences(X, name)
    if isinstance(X, np.ndarray) and X.dtype != object:
        check_real(X, name)
        if X.ndim == 2:
            X = X[:, :, None]
        if X.ndim != 3:
            raise ValueError(f"{name} must be (N, T), (N, T, m) or a list of sequences; got shape {X.shape}")
        if X.shape[0] == 0:
            raise ValueError(f"{name} holds no sequence")
        if X.shape[1] == 0:
            raise ValueError(f"{name} holds empty sequences (length 0)")
        values = np.asarray(X, dtype=np.float64)
        if not np.all(np.isfinite(values)):
            bad = int(np.flatnonzero(~np.isfinite(values).all(axis=(1, 2)))[0])
            raise ValueError(f"{name}[{bad}] contains NaN or inf")
        return Sequences(np.ascontiguousarray(values), np.full(X.shape[0], X.shape[1], dtype=np.int64))
    items = list(X)
    if not items:
        raise ValueError(f"{name} holds no sequence")
    checked = []
    for i, s in enumerate(items):
        s = check_real(s, f"{name}[{i}]").astype(np.float64)
        if s.ndim == 1:
            s = s[:, None]
        if s.ndim != 2:
            raise ValueError(f"{name}[{i}] must be (T,) or (T, m); got shape {s.shape}")
        if s.shape[0] == 0:
            raise ValueError(f"{name}[{i}] is an empty sequence (length 0)")
        if not np.all(np.isfinite(s)):
            raise ValueError(f"{name}[{i}] contains NaN or inf")
        if checked and s.shape[1] != checked[0].shape[1]:
            raise ValueError(f"{name}[{i}] has {s.shape[1]} features but {name}[0] has {checked[0].shape[1]}")
        checked.append(s)
    return _pad(checked)
