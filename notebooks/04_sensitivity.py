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
# # Sensitivity of the RNTK to each time step (first paper, Eq. 22 and Fig. 3)
#
# **Claim.** The sensitivity $S_t(x, x') = \|\partial \Theta(x, x') / \partial x_t\|$ of the RNTK to the
# input at step $t$ shows which steps the kernel attends to. With ReLU it is nearly constant over time
# around $\sigma_w = \sqrt 2$ (information propagates through time), and $\sigma_w$ moves the weight towards
# the last steps (smaller) or the first ones (larger); a non-zero $\sigma_h$ reduces the importance of the
# first steps; with erf the sensitivity is more erratic, concentrating on the first or on the last steps.
#
# **Here.** $S_t$ by `jax.grad` through the same recursion as `RecurrentKernel`
# (`rntk.experiments.sensitivity`), normalised to sum to one over $t$ and averaged over random pairs of
# Gaussian sequences of length $T$. One weight scale varies per panel around a base setting; the base
# settings and $T$, lost from the paper's text, are ours and are parameters of this notebook.

# %% tags=["parameters"]
profile = "full"

# %%
import matplotlib.pyplot as plt
import numpy as np

from rntk import RecurrentKernel
from rntk.cache import RESULTS, cached_json
from rntk.experiments.sensitivity import sensitivity

quick = profile == "quick"
pairs = 200 if quick else 10_000
steps = 20 if quick else 50
base = {"relu": dict(sigma_w=np.sqrt(2), sigma_u=1.0, sigma_b=0.0, sigma_h=0.0),
        "erf": dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0)}
varied = {"relu": {"sigma_w": [1.2, 1.3, np.sqrt(2), 1.5, 1.6], "sigma_u": [0.5, 1.0, 2.0, 4.0],
                   "sigma_b": [0.0, 0.5, 1.0, 2.0], "sigma_h": [0.0, 0.5, 1.0, 2.0]},
          "erf": {"sigma_w": [0.5, 1.0, 1.5, 2.0, 3.0], "sigma_u": [0.5, 1.0, 2.0, 4.0],
                  "sigma_b": [0.0, 0.5, 1.0, 2.0], "sigma_h": [0.0, 0.5, 1.0, 2.0]}}

# %%
rng = np.random.default_rng(0)
X, Z = rng.standard_normal((2, pairs, steps))


def compute():
    out = {}
    for act in ("relu", "erf"):
        for name, values in varied[act].items():
            for value in values:
                k = RecurrentKernel(activation=act, **{**base[act], name: value})
                out[f"{act}/{name}/{value:.4g}"] = sensitivity(X, Z, k).tolist()
    return out


params = dict(pairs=pairs, steps=steps, base={a: {k: float(v) for k, v in b.items()} for a, b in base.items()},
              varied={a: {k: [float(x) for x in v] for k, v in d.items()} for a, d in varied.items()})
curves = compute() if quick else cached_json(RESULTS / "sensitivity" / "fig3.json", compute, params)

# %%
symbols = {"sigma_w": r"\sigma_w", "sigma_u": r"\sigma_u", "sigma_b": r"\sigma_b", "sigma_h": r"\sigma_h"}
fig, axes = plt.subplots(2, 4, figsize=(14, 6), sharex=True)
t = np.arange(1, steps + 1)
for row, act in enumerate(("relu", "erf")):
    for col, (name, values) in enumerate(varied[act].items()):
        ax = axes[row, col]
        for value in values:
            ax.plot(t, curves[f"{act}/{name}/{value:.4g}"], lw=1.2, label=f"${symbols[name]}$ = {value:.3g}")
        ax.set_title(f"{act}: vary ${symbols[name]}$", fontsize=10)
        ax.legend(fontsize=7)
        if col == 0:
            ax.set_ylabel("normalised sensitivity")
        if row == 1:
            ax.set_xlabel("time step t")
fig.tight_layout()

# %% [markdown]
# A compact reading of the figure: the share of the total sensitivity held by the first and by the last
# fifth of the steps, for each curve (a flat curve gives 0.2 to each).

# %%
fifth = max(1, steps // 5)
print(f"{'curve':<26} {'first fifth':>11} {'last fifth':>10}")
for name, curve in curves.items():
    c = np.array(curve)
    print(f"{name:<26} {c[:fifth].sum():11.3f} {c[-fifth:].sum():10.3f}")

# %% [markdown]
# ## Against the paper's conclusions
#
# Each statement of the paper about Fig. 3, tested on the curves above (the numbers are the shares of the
# first and last fifth of the steps).

# %%
def share(name):
    c = np.array(curves[name])
    return float(c[:fifth].sum()), float(c[-fifth:].sum())


flat = share(f"relu/sigma_w/{np.sqrt(2):.4g}")
low, high = share("relu/sigma_w/1.2"), share("relu/sigma_w/1.6")
h0, h2 = share("relu/sigma_h/0"), share("relu/sigma_h/2")
erf_last = [share(n)[1] for n in curves if n.startswith("erf/")]
erf_first = [share(n)[0] for n in curves if n.startswith("erf/")]
checks = [
    ("ReLU at sigma_w = sqrt(2): near-constant sensitivity (first and last fifth within 0.05 of 0.2)",
     all(abs(v - 0.2) < 0.05 for v in flat), flat),
    ("ReLU, smaller sigma_w: the last steps dominate", low[1] > 0.5, low),
    ("ReLU, larger sigma_w: the first steps dominate", high[0] > 0.5, high),
    ("ReLU, non-zero sigma_h lowers the share of the first steps", h2[0] < h0[0], (h0[0], h2[0])),
    ("erf concentrates on the last steps in some settings", max(erf_last) > 0.5, max(erf_last)),
    ("erf concentrates on the first steps in some settings", max(erf_first) > 0.5, max(erf_first)),
]
for claim, holds, numbers in checks:
    rounded = tuple(round(v, 3) for v in numbers) if isinstance(numbers, tuple) else round(numbers, 3)
    print(f"[{'holds' if holds else 'DOES NOT HOLD'}] {claim}: {rounded}")

# %% [markdown]
# **Reading.** ReLU behaves as the paper describes: near-flat at $\sigma_w = \sqrt 2$, tilted to the last
# steps below it and to the first steps above it, and $\sigma_u$ has no effect when
# $\sigma_b = \sigma_h = 0$ (the ReLU kernel is homogeneous in the input scale, and the sensitivity is
# normalised). A non-zero $\sigma_h$ moves weight away from the first steps, but only slightly here, and
# $\sigma_b$ moves it towards the last steps. With erf the kernel concentrates on the last steps in every
# setting of our grid; if the check above says that the first-steps regime does not hold, we did not find
# the paper's "focusing entirely on early time-steps" behaviour of erf with these settings: the erf
# recursion contracts (its $V_\phi$ is bounded), so early inputs are forgotten. The paper's base settings
# and $T$ are not in the text we have; ours are at the top of the chapter.
