"""The recurrent architectures as data: what each one reads out, in which directions it reads the
sequence, and which lengths it accepts. :class:`rntk.RecurrentKernel` looks its ``architecture`` up here
and passes the rule on to the tiled sweep (:func:`rntk.tiling.tiled_grams`); nothing else names them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Architecture", "ARCHITECTURES"]


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
