"""Russian taxpayer numbers (ИНН): 10 digits for organisations, 12 for individuals.

The last digit(s) are check digits: a weighted sum of the preceding digits mod 11, mod 10.
"""

from __future__ import annotations

_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value: str) -> bool:
    """True for a well-formed INN whose check digits are right (region code 00 is unused)."""
    if not value.isascii() or not value.isdigit() or len(value) not in (10, 12):
        return False
    if value.startswith("00"):
        return False
    d = [int(c) for c in value]
    if len(d) == 10:
        return _check_digit(d, _W10) == d[9]
    return _check_digit(d, _W11) == d[10] and _check_digit(d, _W12) == d[11]
