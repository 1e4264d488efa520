"""rntk: exact infinite-width recurrent kernels (RNTK) in JAX, their finite networks, predictions,
approximations and scikit-learn / aeon estimators. The reproduction of "The Recurrent Neural Tangent
Kernel" (ICLR 2021) and its scalable follow-up lives beside it, in the repository's ``reproduction``.

Importing rntk switches JAX to float64 (``jax_enable_x64``): the kernel recursions
lose digits in float32.
"""

import jax

jax.config.update("jax_enable_x64", True)

from rntk.activations import Activation, get_activation  # noqa: E402
from rntk.recurrent import ARCHITECTURES, RecurrentKernel  # noqa: E402
from rntk.sequences import Sequences, as_sequences  # noqa: E402

__all__ = ["ARCHITECTURES", "Activation", "RecurrentKernel", "Sequences", "as_sequences", "get_activation"]
__version__ = "0.1.0"
