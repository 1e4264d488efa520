"""A plain per-pair reference of the recurrent kernels, written from the recursions.

Deliberately naive: Python floats, ``math``, one pair at a time, every Sigma^(l,t)
and Psi^(l,t) stored in a table indexed like the papers. The vectorised kernels in
``rntk`` are tested against this.
"""

import math

import numpy as np


def v_relu(k11, k12, k22, exact):
    if exact:
        return k11 / 2.0, 0.5
    norm = math.sqrt(k11 * k22)
    c = 1.0 if norm == 0 else max(-1.0, min(1.0, k12 / norm))
    theta = math.acos(c)
    return norm / (2 * math.pi) * (math.sin(theta) + (math.pi - theta) * c), (math.pi - theta) / (2 * math.pi)


def v_erf(k11, k12, k22, exact):
    a, b = 1 + 2 * k11, 1 + 2 * k22
    vphi = 2 / math.pi * math.asin(2 * k12 / math.sqrt(a * b))
    det = 1 + 4 * k11 if exact else a * b - 4 * k12 * k12
    return vphi, 4 / math.pi / math.sqrt(det)


V = {"relu": v_relu, "erf": v_erf}


def self_sigma(x, p, depth, v):
    """Sigma[l][t] of x with itself (initial hidden variance sigma_h^2)."""
    T, m = x.shape
    sigma = [[0.0] * T for _ in range(depth)]
    for t in range(T):
        for l in range(depth):
            below = p["su"] ** 2 / m * float(x[t] @ x[t]) if l == 0 else p["su"] ** 2 * v(*[sigma[l - 1][t]] * 3, True)[0]
            prev = p["sh"] ** 2 if t == 0 else v(*[sigma[l][t - 1]] * 3, True)[0]
            sigma[l][t] = below + p["sb"] ** 2 + p["sw"] ** 2 * prev
    return sigma


def pair_kernel(x, y, p, depth, act, same):
    """(CK, NTK) of one pair, read out at the last step; ``same``: x and y are one sample."""
    v = V[act]
    if len(x) > len(y):
        x, y = y, x
    T, tau, m = len(x), len(y) - len(x), x.shape[1]
    sx, sy = self_sigma(x, p, depth, v), self_sigma(y, p, depth, v)
    exact = same and tau == 0
    sig = [[0.0] * T for _ in range(depth)]
    psi = [[0.0] * T for _ in range(depth)]
    vphi = [[0.0] * T for _ in range(depth)]
    vdot = [[0.0] * T for _ in range(depth)]
    for t in range(T):
        for l in range(depth):
            below = p["su"] ** 2 / m * float(x[t] @ y[t + tau]) if l == 0 else p["su"] ** 2 * vphi[l - 1][t]
            prev = (p["sh"] ** 2 if exact else 0.0) if t == 0 else vphi[l][t - 1]
            sig[l][t] = below + p["sb"] ** 2 + p["sw"] ** 2 * prev
            psi[l][t] = sig[l][t]
            if t >= 1:
                psi[l][t] += p["sw"] ** 2 * vdot[l][t - 1] * psi[l][t - 1]
            if l >= 1:
                psi[l][t] += p["su"] ** 2 * vdot[l - 1][t] * psi[l - 1][t]
            vphi[l][t], vdot[l][t] = v(sx[l][t], sig[l][t], sy[l][t + tau], exact)
    sv2 = p["sv"] ** 2
    ck = sv2 * vphi[-1][-1]
    return ck, ck + sv2 * vdot[-1][-1] * psi[-1][-1]


def kernel(x, y, p, depth, act, architecture, same):
    """Every architecture from its definition (the book's mathematics chapter, 'Architectures of the second paper')."""
    if architecture == "rnn":
        return pair_kernel(x, y, p, depth, act, same)
    if architecture == "avg":
        parts = [pair_kernel(x[:t], y[:t], p, depth, act, same) for t in range(1, len(x) + 1)]
        return tuple(map(sum, zip(*parts)))
    if architecture == "avg-shared":
        parts = [pair_kernel(x[:s], y[:r], p, depth, act, same and s == r)
                 for s in range(1, len(x) + 1) for r in range(1, len(y) + 1)]
        return tuple(map(sum, zip(*parts)))
    base = {"bi": "rnn", "bi-avg": "avg"}[architecture]
    a = kernel(x, y, p, depth, act, base, same)
    b = kernel(x[::-1], y[::-1], p, depth, act, base, same)
    return a[0] + b[0], a[1] + b[1]


def gram(X, Z, p, depth, act, architecture, symmetric):
    ck = np.empty((len(X), len(Z)))
    ntk = np.empty((len(X), len(Z)))
    for i, x in enumerate(X):
        for j, z in enumerate(Z):
            ck[i, j], ntk[i, j] = kernel(x, z, p, depth, act, architecture, symmetric and i == j)
    return ck, ntk
