"""The product's vocabulary, shared by extraction and the diff: one table for each kind of word.

- :mod:`~extract.vocabulary.comparators`: comparator words before a number and closing words after it;
- :mod:`~extract.vocabulary.units`: units as written, normalised, with what they measure and their scale;
- :mod:`~extract.vocabulary.markers`: the paragraph markers documents number their structure with;
- :mod:`~extract.vocabulary.indicators`: the indicator dictionary (``extract/data/indicators.toml``) and its loader.

It sits below the readers and the language modules: it imports nothing of the product but
:mod:`extract.normalize` (to fold the dictionary's names as the text is folded).
"""

from extract.vocabulary.comparators import COMPARATOR_WORDS, SUFFIX_WORDS, comparator_of
from extract.vocabulary.indicators import Dictionary, Indicator, Match, load_dictionary
from extract.vocabulary.markers import MARKERS, marker_of
from extract.vocabulary.units import COUNT_UNITS, UNIT_MEASURES, UNITS, convert, dimension_of, scale_of

__all__ = [
    "COMPARATOR_WORDS", "COUNT_UNITS", "MARKERS", "SUFFIX_WORDS", "UNITS", "UNIT_MEASURES", "Dictionary", "Indicator",
    "Match", "comparator_of", "convert", "dimension_of", "load_dictionary", "marker_of", "scale_of",
]
