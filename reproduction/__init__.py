"""The reproduction of the two RNTK papers, beside the ``rntk`` library it uses: the data loaders of the
papers' archives, the claims registry and its ledger, the verdicts, the summary metrics, the cache of
finished units and one runner per experiment (``reproduction.experiments``). It is not installed with
``rntk``; the notebooks, tests and Makefile use it from the repository. ``rntk`` never imports it.
"""
