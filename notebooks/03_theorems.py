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
# # The theorems, checked with finite networks (first paper, Theorems 1–3, Fig. 2)
#
# **Claims.** (Theorem 1) The empirical NTK of a randomly initialised RNN in the NTK parametrisation
# converges, as the width $n \to \infty$, to the analytic RNTK, for sequences of *different lengths*
# too. (Theorem 2) It stays at that value during gradient-descent training, so training follows kernel
# regression with the RNTK. (Theorem 3) Without weight sharing across time (fresh $W, U, b$ at every
# step) the limit is the same kernel, for sequences of equal length.
#
# **Evidence here.** Finite RNNs (`rntk.networks.RNN`) at widths up to $2^{13}$; empirical NTKs
# contracted step by step from forward states and back-propagated errors (no dense Jacobian); the
# analytic kernel from `rntk.RecurrentKernel`. The settings that the paper's text lost (the weight
# scales of Fig. 2) are ours: ReLU, $\sigma_w = \sigma_u = \sigma_v = 1$, $\sigma_b = \sigma_h = 0$,
# unless stated.

# %% tags=["parameters"]
profile = "full"

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk import RecurrentKernel
from rntk.cache import RESULTS, cached_json
from rntk.experiments import theorems as th
from rntk.networks import RNN, empirical_kernels

quick = profile == "quick"
settings = dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0, sigma_v=1.0)
if quick:
    cfg = dict(left_widths=[16, 64], left_seeds=[0, 1], alphas=9, right_widths=[16, 64], right_seeds=[0],
               right_n=6, train_widths=[32, 128], train_seeds=[0], gd_steps=20, table_width=256, table_seeds=[0])
else:
    cfg = dict(left_widths=[2 ** k for k in range(6, 14)], left_seeds=list(range(5)), alphas=41,
               right_widths=[2 ** k for k in range(6, 13)], right_seeds=list(range(3)), right_n=50,
               train_widths=[64, 128, 256, 512, 1024, 2048], train_seeds=[0, 1], gd_steps=100,
               table_width=4096, table_seeds=[0, 1, 2])


def cached(name, compute, params):
    """Full profile: results/theorems/<name>.json (make reproduce recomputes). Quick: computed here."""
    return compute() if quick else cached_json(RESULTS / "theorems" / f"{name}.json", compute, params)


# %% [markdown]
# ## Theorem 1: two sequences of different lengths (Fig. 2, left)
#
# $x = (1, -1, 1)$ and $x' = (\cos\alpha, \sin\alpha)$: the empirical NTK of single-layer RNNs of growing
# width (mean and standard deviation over seeds) against the analytic RNTK, which aligns the two
# sequences at their ends.

# %%
x = np.array([1.0, -1.0, 1.0])
alphas = np.linspace(0, 2 * np.pi, cfg["alphas"])
Z = [np.array([np.cos(a), np.sin(a)]) for a in alphas]
analytic = RecurrentKernel(**settings)([x], Z)[0]


def fig2_left():
    emp = th.empirical_vs_width(x, Z, cfg["left_widths"], cfg["left_seeds"], settings)
    return {str(w): v.tolist() for w, v in emp.items()}


left = cached("fig2_left", fig2_left, {k: cfg[k] for k in ("left_widths", "left_seeds", "alphas")} | settings)
fig, ax = plt.subplots(figsize=(6.5, 3.6))
shown = cfg["left_widths"][:: max(1, len(cfg["left_widths"]) // 4)] + cfg["left_widths"][-1:]
for w in dict.fromkeys(shown):
    v = np.array(left[str(w)])
    line, = ax.plot(alphas, v.mean(0), lw=1, label=f"n = {w}")
    ax.fill_between(alphas, v.mean(0) - v.std(0), v.mean(0) + v.std(0), color=line.get_color(), alpha=0.2)
ax.plot(alphas, analytic, "k--", lw=2, label="analytic RNTK")
ax.set_xlabel(r"$\alpha$")
ax.set_ylabel(r"$\Theta(x, x')$")
ax.legend(fontsize=8, ncol=2)
fig.tight_layout()

errors = {w: np.mean(np.abs(np.array(left[str(w)]) - analytic)) / np.mean(np.abs(analytic)) for w in cfg["left_widths"]}
print("mean |empirical - analytic| / mean |analytic| per width:")
print("  ".join(f"n={w}: {e:.4f}" for w, e in errors.items()))

# %% [markdown]
# ## Theorems 1 and 3: the error against width, tied and untied weights (Fig. 2, right)
#
# Gaussian sequences of length $T = 5$: the mean over all pairs of $|\hat\Theta - \Theta| / |\Theta|$,
# averaged over seeds, for weight-tied and weight-untied RNNs. The theorems predict that both converge to
# the same kernel; the central-limit rate is $n^{-1/2}$, a slope of $-1/2$ on log–log axes.

# %%
rng = np.random.default_rng(0)
X50 = list(rng.standard_normal((cfg["right_n"], 5, 1)))


def fig2_right():
    return {tied: {str(w): e["pairwise"] for w, e in th.convergence_errors(
        X50, cfg["right_widths"], cfg["right_seeds"], settings, tied=tied == "tied").items()}
        for tied in ("tied", "untied")}


right = cached("fig2_right", fig2_right,
               {k: cfg[k] for k in ("right_widths", "right_seeds", "right_n")} | settings)
widths = np.array(cfg["right_widths"])
fig, ax = plt.subplots(figsize=(5.5, 3.6))
slopes = {}
for tied, marker in (("tied", "o-"), ("untied", "s--")):
    mean = np.array([np.mean(right[tied][str(w)]) for w in widths])
    slopes[tied] = th.loglog_slope(widths, mean)
    ax.plot(widths, mean, marker, label=f"weight-{tied} (slope {slopes[tied]:.2f})")
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("width n")
ax.set_ylabel("mean relative error")
ax.legend()
fig.tight_layout()
for tied, s in slopes.items():
    print(f"log-log slope, weight-{tied}: {s:.3f} (central-limit rate: -0.5)")

# %% [markdown]
# ## Theorem 2: the kernel stays put during training
#
# Single-layer ReLU RNNs ($\sigma_b = 0.1$) trained by full-batch gradient descent on 16 Gaussian
# sequences of length 5 with targets $\sin(\sum_t x_t)$, step size $1/\lambda_{\max}(\Theta)$. Left: the
# relative change of the empirical NTK (training Gram) between initialisation and the end of training.
# Right: the distance between the trained network's predictions on 8 test sequences and the prediction of
# gradient descent on the analytic RNTK's linear model from the same $f_0$, relative to how far the
# prediction moved. Both must shrink as the width grows.

# %%
train = cached("theorem2", lambda: th.training_experiment(cfg["train_widths"], cfg["train_seeds"],
                                                         gd_steps=cfg["gd_steps"]),
               {k: cfg[k] for k in ("train_widths", "train_seeds", "gd_steps")})
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
for ax, key, label in zip(axes, ("ntk_change", "prediction_gap"),
                          (r"$\|\hat\Theta_{end} - \hat\Theta_0\|_F / \|\hat\Theta_0\|_F$",
                           r"$\|f_{net} - f_{lin}\| / \|f_{lin} - f_0\|$")):
    ax.plot(train["widths"], train[key], "o-")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("width n")
    ax.set_ylabel(label)
fig.tight_layout()
print(pd.DataFrame({"width": train["widths"], "NTK change": train["ntk_change"],
                    "prediction gap": train["prediction_gap"], "final loss": train["final_loss"]}).to_string(index=False))
print(f"slopes: NTK change {th.loglog_slope(train['widths'], train['ntk_change']):.2f}, "
      f"prediction gap {th.loglog_slope(train['widths'], train['prediction_gap']):.2f}")

# %% [markdown]
# ## Deeper, erf, and a non-zero initial state
#
# At one large width: two-layer networks, ReLU and erf, $\sigma_h = 0.5$, on ten sequences of lengths
# 2 to 6 (the initial state is drawn per sequence, so it enters the diagonal only). Relative Frobenius
# error of the empirical NTK Gram against the analytic one, mean over seeds, and the mean pairwise
# relative error (larger: it divides by kernel values that are close to zero for some pairs).

# %%
X_ragged = [rng.standard_normal((t, 2)) for t in rng.integers(2, 7, 10)]


def table():
    rows = []
    for act in ("relu", "erf"):
        for depth in (1, 2):
            s = dict(settings, activation=act, depth=depth, sigma_h=0.5, sigma_b=0.2)
            w = cfg["table_width"]
            errors = th.convergence_errors(X_ragged, [w], cfg["table_seeds"], s)[w]
            rows.append(dict(activation=act, depth=depth, width=w, **{m: np.mean(e) for m, e in errors.items()}))
    return rows


print(pd.DataFrame(cached("table", table, {k: cfg[k] for k in ("table_width", "table_seeds")})).to_string(index=False))

# %% [markdown]
# ## Where the published formulas and the finite networks disagree
#
# The recursions of `rntk` follow `rntk-math.md`; two places in the second paper's text differ from it.
# Each is tested here against the same wide networks (width above, single seed, the ten sequences of equal
# length 5 below; ReLU, $\sigma_w = 1.2$, $\sigma_u = 0.8$, $\sigma_b = 0.3$).
#
# 1. The second paper prints $V_{\phi'}[K] = (\pi - \arccos c)/\pi$ for ReLU; the expectation
#    $E[\phi'(u)\phi'(v)]$ is $(\pi - \arccos c)/(2\pi)$, half of it.
# 2. Its Algorithm 2, line 10, prints the layer-below term as $\sigma_w^2 \Psi^{(\ell,t-1)}
#    V_{\phi'}[K^{(\ell-1,t)}]$: the coefficient and the $\Psi$ of the recurrent term, where the network
#    gives $\sigma_u^2 \Psi^{(\ell-1,t)} V_{\phi'}[K^{(\ell-1,t)}]$ (it matters from two layers on; the
#    function `algorithm2_as_printed` transcribes the printed line as it stands).

# %%
def disagreements():
    s = dict(sigma_w=1.2, sigma_u=0.8, sigma_b=0.3)
    X_eq = rng.standard_normal((10, 5))
    rows = []
    for depth in (1, 2):
        net = RNN(width=cfg["table_width"], depth=depth, **s)
        _, emp = empirical_kernels(net, net.init(jax.random.PRNGKey(0)), list(X_eq[:, :, None]),
                                   key=jax.random.PRNGKey(1))
        ours = RecurrentKernel(depth=depth, **s)(X_eq)
        printed_vdot = RecurrentKernel(depth=depth, activation=th.relu_with_second_papers_derivative(), **s)(X_eq)
        printed_alg2 = np.array([[th.algorithm2_as_printed(a, b, depth, **s) for b in X_eq] for a in X_eq])
        for name, K in (("rntk (rntk-math.md)", ours), ("V_phi' as printed", printed_vdot),
                        ("Algorithm 2 as printed", printed_alg2)):
            rows.append(dict(depth=depth, kernel=name, relative_error=float(np.linalg.norm(emp - K) / np.linalg.norm(K))))
    return rows


print(pd.DataFrame(cached("disagreements", disagreements, {"width": cfg["table_width"], "algorithm2": "line 10 as printed"})).to_string(index=False))

# %% [markdown]
# **What agrees.** The empirical NTK approaches the analytic RNTK as the width grows, for sequences of
# different lengths (Fig. 2 left), for tied and untied weights alike (Fig. 2 right; the fitted slopes are
# printed above, to be compared with the central-limit $-1/2$), for two layers, erf and a non-zero initial
# state (table). During training the empirical kernel moves less and less as the width grows, and the
# trained network's predictions approach those of kernel gradient descent with the analytic RNTK
# (Theorem 2). **What does not.** The two printed formulas of the second paper listed above: their errors
# against the same finite networks are printed in the last table, next to `rntk`'s.
