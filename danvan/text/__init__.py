"""Vietnamese text: normalisation, tone-mark placement, folding for search.

Plain functions with no Django imports, so they are easy to test and benchmark.
"""

from danvan.text.normalize import fold, nfc, normalize, normalize_tone_marks

__all__ = ["fold", "nfc", "normalize", "normalize_tone_marks"]
