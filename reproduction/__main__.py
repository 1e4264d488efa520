"""``python -m reproduction [--results DIR] EXPERIMENT [ARGS ...]``: one experiment's runner
(``reproduction.experiments.EXPERIMENT``, resumable, cached per unit), its units kept under ``DIR``
(default: ``RNTK_RESULTS``, else the repository's ``results/``). ``ARGS`` go to the runner:
``python -m reproduction ucr --help`` lists them."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

EXPERIMENTS = ("precision", "regression", "scaling", "uci", "uci_models", "ucr", "ucr_architectures", "ucr_classifiers",
               "ucr_seeds", "ucr_training")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m reproduction", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", metavar="DIR", help="where the cached units live (default: RNTK_RESULTS, "
                                                          "else the repository's results/)")
    parser.add_argument("experiment", choices=EXPERIMENTS)
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the runner's own arguments")
    args = parser.parse_args(argv)
    if "reproduction.cache" in sys.modules and args.results:
        parser.error("--results must be set before the reproduction is imported; run it as python -m reproduction")
    if args.results:
        os.environ["RNTK_RESULTS"] = os.path.abspath(args.results)
    importlib.import_module(f"reproduction.experiments.{args.experiment}").main(args.args)


if __name__ == "__main__":
    main()
