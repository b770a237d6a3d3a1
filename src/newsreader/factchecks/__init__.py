"""Has this claim been checked before?  Match a text against claims fact-checkers have checked.

    from newsreader.factchecks import FactCheckIndex, load_tsv
    index = FactCheckIndex(load_tsv("verified_claims.docs.tsv"))
    index.search("Minecraft is shutting down in 2020 #Minecraft", k=5)  # [(id, probability), ...]

Headless and pure Python (no Textual, no downloads): ``index.py`` says how it ranks.
"""

from newsreader.factchecks.factcheck import FactCheck, FactCheckFormatError, load_tsv
from newsreader.factchecks.index import FactCheckIndex, RankerWeights

__all__ = ["FactCheck", "FactCheckFormatError", "FactCheckIndex", "RankerWeights", "load_tsv"]
