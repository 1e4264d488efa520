# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A tour of the recurrent kernels
#
# An RNN whose hidden layers grow infinitely wide becomes a kernel machine. Two kernels describe it:
# the **conjugate kernel** (CK, or NNGP kernel) $\mathcal{K}(x, x')$, the covariance of the network's
# output at initialisation, and the **neural tangent kernel** (NTK) $\Theta(x, x')$, which governs its
# training by gradient descent. `rntk.RecurrentKernel` computes both exactly, for sequences of any
# lengths, with the recursions of the first paper's Theorem 1 (written out in `rntk/recurrent.py`).
#
# This chapter shows what the kernel is as an object: how to call it, how it compares two sequences of
# different lengths, and what its Gram matrix looks like.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk import RecurrentKernel

quick = profile == "quick"
n_per_class = 4 if quick else 30
rng = np.random.default_rng(0)

# %% [markdown]
# ## Two sequences of different lengths
#
# The first paper's example: $x = (1, -1, 1)$ of length 3 and $x' = (\cos\alpha, \sin\alpha)$ of length 2.
# The sequences are aligned at their ends: the last step of one meets the last step of the other, and
# the recursion for the pair starts where the shorter sequence starts. No padding is involved.

# %% tags=["hide-input"]
k = RecurrentKernel(
    depth=1, activation="relu", sigma_w=np.sqrt(2), sigma_u=1.0, sigma_b=0.0
)
x = np.array([1.0, -1.0, 1.0])
alphas = np.linspace(0, 2 * np.pi, 9 if quick else 181)
pairs = [np.array([np.cos(a), np.sin(a)]) for a in alphas]
ntk, ck = k([x], pairs, get=("ntk", "ck"))
print(f"alpha = 0: NTK = {ntk[0, 0]:.6f}, CK = {ck[0, 0]:.6f}")

fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(alphas, ntk[0], label=r"NTK $\Theta(x, x')$")
ax.plot(alphas, ck[0], label=r"CK $\mathcal{K}(x, x')$")
ax.set_xlabel(r"$\alpha$")
ax.set_title(r"$x = (1, -1, 1)$, $x' = (\cos\alpha, \sin\alpha)$")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## A Gram matrix of sequences of different lengths
#
# Three classes of noisy series (a sine, a square wave, a sawtooth, each with a random phase) with random
# lengths between 20 and 60 steps. The Gram matrix of the NTK, sorted by class, shows the block structure
# that a kernel machine exploits. The same call accepts arrays `(N, T)` or `(N, T, m)` when all lengths
# are equal.


# %% tags=["hide-input"]
def series(kind, length):
    t = np.linspace(0, 2 * np.pi, length) + rng.uniform(0, 2 * np.pi)
    clean = {
        "sine": np.sin(t),
        "square": np.sign(np.sin(t)),
        "sawtooth": (t % (2 * np.pi)) / np.pi - 1,
    }[kind]
    return clean + 0.3 * rng.standard_normal(length)


kinds = ["sine", "square", "sawtooth"]
X = [
    series(kind, int(rng.integers(20, 61))) for kind in kinds for _ in range(n_per_class)
]
labels = np.repeat(np.arange(3), n_per_class)
K = RecurrentKernel(
    depth=1, sigma_w=1.0, sigma_u=1.0, sigma_b=0.1, architecture="avg-shared"
)(X)
print(
    f"{len(X)} sequences, lengths {min(map(len, X))}-{max(map(len, X))}, Gram {K.shape}"
)
print(
    f"smallest eigenvalue / largest: {np.linalg.eigvalsh(K)[0] / np.linalg.eigvalsh(K)[-1]:.2e}"
)

d = np.sqrt(np.diag(K))
fig, ax = plt.subplots(figsize=(4.5, 4))
im = ax.imshow(K / np.outer(d, d), cmap="viridis")
for b in range(1, 3):
    ax.axhline(b * n_per_class - 0.5, color="w", lw=0.8)
    ax.axvline(b * n_per_class - 0.5, color="w", lw=0.8)
ax.set_title("normalised NTK (avg-shared), by class")
fig.colorbar(im, ax=ax, shrink=0.8)
fig.tight_layout()

# %% [markdown]
# ## The architectures
#
# The second paper adds variants: a bidirectional RNN (`"bi"`), average pooling with an independent
# read-out at every step (`"avg"`, equal lengths only) and both (`"bi-avg"`). `rntk` adds the network
# that pools its hidden states into one shared read-out (`"avg-shared"`), which accepts any lengths.
# Below, for each architecture that accepts sequences of different lengths: the mean normalised kernel
# within and between the three classes above, and the leave-one-out accuracy of a nearest neighbour in
# the kernel's own distance $\Theta(x, x) + \Theta(x', x') - 2\Theta(x, x')$. The random phase hurts the
# read-out at the last step (it sees mostly the last few steps); pooling every step into a shared
# read-out does much better on these series. This is an illustration, not a benchmark: the
# classification chapters compare kernels properly.

# %%
same_class = labels[:, None] == labels[None, :]
off_diagonal = ~np.eye(len(X), dtype=bool)
rows = {}
for arch in ["rnn", "bi", "avg-shared"]:
    G = RecurrentKernel(
        depth=1, sigma_w=1.0, sigma_u=1.0, sigma_b=0.1, architecture=arch
    )(X)
    g = np.diag(G)
    C = G / np.sqrt(np.outer(g, g))
    distance = g[:, None] + g[None, :] - 2 * G
    np.fill_diagonal(distance, np.inf)
    rows[arch] = {
        "within": C[same_class & off_diagonal].mean(),
        "between": C[~same_class].mean(),
        "1-NN LOO": np.mean(labels[distance.argmin(axis=1)] == labels),
    }
tour = pd.DataFrame(rows).T.rename_axis("architecture")
# the reading above says pooling every step does better than the last step:
# fail the chapter if it stops
assert tour.loc["avg-shared", "1-NN LOO"] > tour.loc["rnn", "1-NN LOO"], tour
tour.style.format("{:.4f}")
