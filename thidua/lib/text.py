"""Vietnamese text helpers: diacritic folding for search, alphabetical sort keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), collapse spaces: "Tân Uyên" → "tan uyen"."""
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def name_key(text: str) -> str:
    """The same name however typed: composed accents, any case, single spaces.

    Unlike fold() it keeps diacritics, so "Hùng" and "Hưng" stay different people.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip().casefold()


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {ch: i for i, ch in enumerate(_BASE_ORDER)}
# Tones sort after the letter: none, huyền, hỏi, ngã, sắc, nặng (dictionary order).
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "â/ê/ô", "\u031b": "ơ/ư"}


def _letter_keys(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for ch in word.lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = next((m for m in marks if m in _TONE_RANK), "")
        shape = unicodedata.normalize(
            "NFC", base + "".join(m for m in marks if m not in _TONE_RANK)
        )
        letters.append(_BASE_RANK.get(shape, 100 + ord(shape[0])))
        tones.append(_TONE_RANK[tone])
    return tuple(letters), tuple(tones)


def vn_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese alphabetical order (letters first, tones as tie-break)."""
    letters: list[int] = []
    tones: list[int] = []
    for word in (text or "").split():
        w_letters, w_tones = _letter_keys(word)
        letters.extend((*w_letters, -1))
        tones.extend(w_tones)
    return tuple(letters), tuple(tones)


def split_name(full_name: str) -> tuple[str, str]:
    """("Nguyễn Văn An") → ("An", "Nguyễn Văn"): given name, then the rest."""
    parts = (full_name or "").split()
    if not parts:
        return "", ""
    return parts[-1], " ".join(parts[:-1])


def person_sort_key(full_name: str) -> tuple:
    """Vietnamese name order: by given name, then family and middle names."""
    given, rest = split_name(full_name)
    return (vn_key(given), vn_key(rest))


def person_sort_string(full_name: str) -> str:
    """A string whose byte order equals person_sort_key order, for ORDER BY in SQL."""
    given, rest = split_name(full_name)

    def encode(text: str) -> str:
        letters, tones = vn_key(text)
        return (
            "".join(chr(0x4E00 + max(n, 0) + (1 if n >= 0 else 0)) for n in letters)
            + "|"
            + "".join(str(t) for t in tones)
        )

    return encode(given) + "\u0001" + encode(rest)
