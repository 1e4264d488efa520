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
# **Claim** (the paper's Section 3.4, symbols restored from the figure's panels). The sensitivity
# $S_t(x, x') = \|\partial \Theta(x, x') / \partial x_t\|$ of the RNTK to the input at step $t$ shows
# which steps the kernel attends to. Around their base settings ReLU and erf behave alike; $\sigma_w$ has
# a major influence: for ReLU a small decrease or increase of $\sigma_w$ over-weights the last or the
# first steps, whereas for erf any change of $\sigma_w$ over-weights the last steps. A non-zero
# $\sigma_h$ reduces the importance of the first steps, and "the same behaviour" appears in a second
# parameter (its symbol is lost; we read it as $\sigma_b$), "with stronger changes as it increases".
# The paper's base settings and $T$ are lost from the text we have.

# **Here.** $S_t$ by `jax.grad` through the same recursion as `RecurrentKernel`
# (`reproduction.experiments.sensitivity`), normalised to sum to one over $t$ and averaged over random pairs of
# Gaussian sequences of length $T$. One weight scale varies per panel around a base setting; the base
# settings and $T$, lost from the paper's text, are ours and are parameters of this notebook.

# %% tags=["parameters", "remove-cell"]
profile = "full"

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from rntk import RecurrentKernel
from reproduction.cache import RESULTS, cached_json
from reproduction.experiments.sensitivity import end_shares, sensitivity
from IPython.display import Markdown
from reproduction.ledger import Ledger

quick = profile == "quick"
pairs = 200 if quick else 10_000
steps = 20 if quick else 50
base = {"relu": dict(sigma_w=np.sqrt(2), sigma_u=1.0, sigma_b=0.0, sigma_h=0.0),
        "erf": dict(sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0)}
varied = {"relu": {"sigma_w": [1.2, 1.3, np.sqrt(2), 1.5, 1.6], "sigma_u": [0.5, 1.0, 2.0, 4.0],
                   "sigma_b": [0.0, 0.5, 1.0, 2.0], "sigma_h": [0.0, 0.5, 1.0, 2.0]},
          "erf": {"sigma_w": [0.5, 1.0, 1.5, 2.0, 3.0], "sigma_u": [0.5, 1.0, 2.0, 4.0],
                  "sigma_b": [0.0, 0.5, 1.0, 2.0], "sigma_h": [0.0, 0.5, 1.0, 2.0]}}

# %% tags=["hide-input"]
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

# %% tags=["hide-input"]
symbols = {"sigma_w": r"\sigma_w", "sigma_u": r"\sigma_u", "sigma_b": r"\sigma_b", "sigma_h": r"\sigma_h"}
fig, axes = plt.subplots(4, 2, figsize=(11, 13), sharex=True)
t = np.arange(1, steps + 1)
for col, act in enumerate(("relu", "erf")):
    for row, (name, values) in enumerate(varied[act].items()):
        ax = axes[row, col]
        for value in values:
            ax.plot(t, curves[f"{act}/{name}/{value:.4g}"], lw=1.2, label=f"${symbols[name]}$ = {value:.3g}")
        ax.set_title(f"{act}: vary ${symbols[name]}$", fontsize=11)
        ax.legend(fontsize=9)
        if col == 0:
            ax.set_ylabel("normalised sensitivity")
        if row == 3:
            ax.set_xlabel("time step t")
fig.tight_layout()

# %% [markdown]
# A compact reading of the figure: the share of the total sensitivity held by the first and by the last
# fifth of the steps, for each curve (a flat curve gives 0.2 to each).

# %% tags=["hide-input"]
fifth = max(1, steps // 5)
pd.DataFrame({name: {"first fifth": np.sum(curve[:fifth]), "last fifth": np.sum(curve[-fifth:])}
              for name, curve in curves.items()}).T.rename_axis("curve").style.format("{:.3f}")

# %% [markdown]
# ## erf: the base setting decides the regime
#
# Our erf base ($\sigma_w = \sigma_u = 1$) puts almost all the sensitivity on the last steps, so it is not
# a setting where erf "behaves like ReLU". erf is nearly linear for small inputs, where its recursion is
# critical at $\sigma_w = \sqrt\pi/2 \approx 0.886$ (the slope of erf at 0 is $2/\sqrt\pi$); large inputs
# saturate it. So the regime depends on $\sigma_u$ as much as on $\sigma_w$: the shares of the first and
# last fifth of the steps over both ($\sigma_b = \sigma_h = 0$).

# %% tags=["hide-input"]
erf_sigma_u = [0.01, 0.1, 1.0]
erf_sigma_w = [0.5, 0.8, 0.85, float(np.sqrt(np.pi) / 2), 0.95, 1.0, 1.5, 2.0, 3.0]
erf_pairs = pairs if quick else 2000


def compute_erf_grid():
    return {f"{su:.4g}/{sw:.4g}": sensitivity(X[:erf_pairs], Z[:erf_pairs],
                                               RecurrentKernel(activation="erf", sigma_w=sw, sigma_u=su)).tolist()
            for su in erf_sigma_u for sw in erf_sigma_w}


erf_params = dict(pairs=erf_pairs, steps=steps, sigma_u=erf_sigma_u, sigma_w=erf_sigma_w)
erf_curves = compute_erf_grid() if quick else cached_json(RESULTS / "sensitivity" / "erf_sigma_u.json",
                                                          compute_erf_grid, erf_params)
erf_table = pd.DataFrame({(f"sigma_u = {su:g}", part): {f"{sw:.3f}": end_shares(erf_curves[f"{su:.4g}/{sw:.4g}"])[i]
                                                        for sw in erf_sigma_w}
                          for su in erf_sigma_u for i, part in enumerate(("first fifth", "last fifth"))})
erf_table.index.name = "sigma_w"
erf_table.round(3)

# %% [markdown]
# ## Against the paper's conclusions
#
# Each statement of Section 3.4, with the test and thresholds of the claims registry (`reproduction.claims`;
# the verdicts are `reproduction.experiments.sensitivity.sensitivity_verdicts`). *Near-flat*: the first and the
# last fifth of the steps each hold within 0.05 of their flat share 0.2, at the base settings: ReLU at
# $\sigma_w = \sqrt2$, and erf at its critical point $\sigma_w = \sqrt\pi/2$ with $\sigma_u = 0.01$,
# where it is nearly linear (the paper's base settings are lost; these are the two kernels' critical
# points). *Over-weights* a part of the sequence: that fifth holds more than half of the sensitivity (2.5
# times its flat share); for erf, *any change of $\sigma_w$ over-weights the last steps*: the last fifth's
# share rises by more than 0.02 above erf's base at every other $\sigma_w$ of the erf grid. *Reduces the
# importance of the first steps*: the first fifth's share falls by more than 0.02 (a tenth of its flat
# share) from the parameter's smallest to its largest value; "stronger" means a larger fall. *A wide range
# of behaviour* for every weight variance: over each parameter's values in Fig. 3, the first or the last
# fifth's share moves by more than 0.1 (half its flat share). The curves are means over 10,000 random
# pairs (2,000 for the erf grid). Where a test fails only at a base setting the paper does not state (erf's
# base, and the settings $\sigma_h$'s effect depends on), the verdict is *inconclusive*, with what we see at
# every $\sigma_u$ of our grid; whether erf is near-flat at the base we guessed for it is this project's own
# claim, beside the paper's. *A more stable kernel* (the caption of Fig. 3): the distance of each curve
# from a constant sensitivity (total variation from uniform) is smaller for ReLU than for erf, on average
# over the figure's curves. *Long-term dependencies with proper initialisation*: some setting of the figure
# gives the first fifth of the steps at least its flat share. *$\sigma_v$ merely scales the RNTK*: the CK
# and the NTK at $\sigma_v = 2$ are four times those at 1, to within $10^{-12}$, on sequences of different
# lengths.

# %% tags=["hide-input"]
from reproduction import claims
from reproduction.experiments.sensitivity import long_term_verdict, sensitivity_verdicts, sigma_v_scales, stability_verdict

LOST_BASE = ("sensitivity.base-flat", "sensitivity.erf-any-w", "sensitivity.first-steps", "sensitivity.wide-range")

shares = {(act, name, v): end_shares(curves[f"{act}/{name}/{v:.4g}"])
          for act in varied for name, values in varied[act].items() for v in values}
erf_shares = {(su, sw): end_shares(erf_curves[f"{su:.4g}/{sw:.4g}"]) for su in erf_sigma_u for sw in erf_sigma_w}
ledger = Ledger("05_sensitivity")
for claim_id, verdict in sensitivity_verdicts(shares, erf_shares).items():
    ledger.record(claim_id, paper="Fig. 3, base settings lost" if claim_id in LOST_BASE else None,
                  **verdict)
ledger.record("sensitivity.relu-stable", **stability_verdict(curves))
ledger.record("sensitivity.long-term", **long_term_verdict(shares, claims.threshold("sensitivity.long-term", "flat")))
ragged = [rng.standard_normal(n) for n in (5, 12, 30, 8)]
ledger.record("sensitivity.sigma-v-scales", **sigma_v_scales(ragged))
if not quick:
    ledger.save()
ledger

# %% tags=["hide-input"]
spread_u = np.ptp([shares[("relu", "sigma_u", v)] for v in varied["relu"]["sigma_u"]], axis=0).max()
falls = {n: shares[("relu", n, varied["relu"][n][0])][0] - shares[("relu", n, varied["relu"][n][-1])][0]
         for n in ("sigma_h", "sigma_b")}
at = {su: {sw: erf_shares[(su, sw)] for sw in erf_sigma_w} for su in erf_sigma_u}
last_heavy = {su: sum(v[1] > 0.5 for sw, v in at[su].items() if sw != 1.0) for su in erf_sigma_u}
first_heavy = {su: [f"{sw:.3g}" for sw, v in at[su].items() if v[0] > 0.5] for su in erf_sigma_u}
flattest = min(erf_shares, key=lambda k: max(abs(v - 0.2) for v in erf_shares[k]))
Markdown(f"""**Reading.** For ReLU, $\\sigma_u$ moves no share by more than {spread_u:.1e} when
$\\sigma_b = \\sigma_h = 0$: the ReLU kernel is homogeneous in the input scale, and the sensitivity is
normalised, so the wide range the paper reports for every weight variance cannot hold for $\\sigma_u$ there.
From their smallest to their largest value, $\\sigma_h$ lowers the first fifth's share by {falls['sigma_h']:.3f}
and $\\sigma_b$ by {falls['sigma_b']:.3f} (against the 0.02 the test asks for). For erf, the grid over
$\\sigma_u$ shows two regimes: with $\\sigma_u = {erf_sigma_u[-1]:g}$ the last fifth holds more than half of the
sensitivity at {last_heavy[erf_sigma_u[-1]]} of the {len(erf_sigma_w) - 1} other values of $\\sigma_w$, and the
first fifth at {', '.join(first_heavy[erf_sigma_u[-1]]) or 'none'}; with $\\sigma_u = {erf_sigma_u[0]:g}$, where erf
is nearly linear, the first fifth holds more than half at $\\sigma_w$ = {', '.join(first_heavy[erf_sigma_u[0]]) or
'none'}, as with ReLU above its critical point. The flattest erf setting of the grid is $\\sigma_u = {flattest[0]:g}$,
$\\sigma_w = {flattest[1]:.3g}$ (shares {erf_shares[flattest][0]:.3f} and {erf_shares[flattest][1]:.3f}); the registry's
erf base, the linear critical point $\\sigma_w = \\sqrt\\pi/2$, is fixed in advance and is not moved to it. The paper's statement about erf is therefore a statement about
one input scale; its base settings are not in the text we have, so we cannot say which one it used.""")
