"""The recurrent architectures as data: what each one reads out, in which directions it reads the
sequence, and which lengths it accepts. :class:`rntk.RecurrentKernel` looks its ``architecture`` up here
and passes the rule on to the tiled sweep (:func:`rntk.tiling.tiled_grams`); nothing else names them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Architecture", "ARCHITECTURES", "register_architecture"]

READOUTS = ("last", "sum")


@dataclass(frozen=True)
class Architecture:
    """One architecture's rule.

    ``readout``: ``"last"``, a read-out of the last step's state (first paper, Eq. 6), or ``"sum"``, the
    sum over steps of per-step read-outs (second paper, Eq. 12); ``both_directions``: the kernels of the
    sequence and of its reverse added (a bidirectional RNN, second paper, Eq. 9); ``restarts``: one read-out
    shared by every step, whose kernel pairs every prefix of one sequence with every prefix of the other
    (the sweep then restarts along every diagonal of the step grid); ``one_length``: an independent read-out
    per step exists only for sequences of one length."""

    name: str
    readout: str
    both_directions: bool = False
    restarts: bool = False
    one_length: bool = False


ARCHITECTURES = {a.name: a for a in (
    Architecture("rnn", "last"),
    Architecture("bi", "last", both_directions=True),
    Architecture("avg", "sum", one_length=True),
    Architecture("bi-avg", "sum", both_directions=True, one_length=True),
    Architecture("avg-shared", "sum", restarts=True),
)}


def register_architecture(name: str, readout: str, both_directions: bool = False, restarts: bool = False,
                          one_length: bool = False) -> Architecture:
    """Make ``name`` an architecture every :class:`rntk.RecurrentKernel` accepts, with the rule of
    :class:`Architecture` (a Dask worker that receives a kernel by name must register it too)."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"an architecture's name must be a non-empty string, got {name!r}")
    if name in ARCHITECTURES:
        raise ValueError(f"architecture {name!r} is already registered; choose another name")
    if readout not in READOUTS:
        raise ValueError(f"readout must be one of {READOUTS}, got {readout!r}")
    if restarts and readout != "sum":
        raise ValueError("restarts=True is a read-out shared by every step: it needs readout='sum'")
    ARCHITECTURES[name] = Architecture(name, readout, bool(both_directions), bool(restarts), bool(one_length))
    return ARCHITECTURES[name]
