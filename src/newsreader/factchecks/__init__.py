"""Has this claim been checked before?  Match a text against claims fact-checkers have checked.

    from newsreader.factchecks import FactCheckIndex, load_tsv
    index = FactCheckIndex(load_tsv("verified_claims.docs.tsv"))
    index.search("Minecraft is shutting down in 2020 #Minecraft", k=5)  # [(id, probability), ...]

Headless and pure Python (no Textual, no downloads): ``index.py`` says how it ranks.

The user's fact-checks: ``importing.py`` reads ClaimReview JSON/JSON-LD/HTML, CSV and the CheckThat!
TSV (hostile input: bounded, stripped to plain text); ``store.py`` keeps each imported file as a set
in ``<data_dir>/factchecks``; ``own.py`` turns the user's claim verdicts into fact-checks;
``matching.py`` is the API the app and ``newsreader analyze`` use (``load_factchecks``,
``ClaimMatcher.matches``/``match_all``, ``default_matcher``); ``commands.py`` is
``newsreader factchecks import|list|remove|match``.
"""

from newsreader.factchecks.factcheck import FactCheck, FactCheckFormatError, load_tsv
from newsreader.factchecks.index import FactCheckIndex, RankerWeights

__all__ = ["FactCheck", "FactCheckFormatError", "FactCheckIndex", "RankerWeights", "load_tsv"]
