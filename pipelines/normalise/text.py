"""Character-level normalisation that keeps string offsets.

Every mapping here is one character to one character, so a match found in the folded text
points at the same span of the original line; the published `source_text` is cut from the
original line with that span and stays an exact substring of the document.
"""

from __future__ import annotations

import re

# Latin letters that look like Cyrillic ones; documents typed on mixed keyboards contain them
# inside Cyrillic words ("видеокamеры").
LATIN_LOOKALIKES = {
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "m": "м", "o": "о", "p": "р",
    "x": "х", "y": "у", "k": "к", "i": "і",
}
DASHES = "-‐‑‒–—―−"
SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"

# Replaced by two regex substitutions, which run in C: str.translate looks each character of a non-ASCII
# line up in a table in Python's dict (four times slower on the documents' lines).
_SPACE = re.compile(f"[{re.escape(SPACES)}]")
_DASH = re.compile(f"[{re.escape(DASHES)}]")
# Documents quote names of organisations both ways: АО "Финансовый центр", АО «Финансовый центр».
_QUOTE_TABLE = {ord(c): '"' for c in "«»“”„‟"}
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LOOKALIKE = re.compile(f"[{''.join(LATIN_LOOKALIKES)}]")
# A whole word (a run of letters) that holds a look-alike: only these can change, so only these are
# looked at (a long line of Cyrillic words with one Latin abbreviation is not walked word by word).
_WORD_WITH_LOOKALIKE = re.compile(rf"[^\W\d_]*[{''.join(LATIN_LOOKALIKES)}][^\W\d_]*")


def fold_spaces_and_dashes(text: str) -> str:
    """Map every kind of space to ' ' and every kind of dash to '–' (offsets unchanged)."""
    return _DASH.sub("–", _SPACE.sub(" ", text))


def fold_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters inside words that also hold Cyrillic letters."""
    if not _LOOKALIKE.search(text):
        return text  # nothing to replace: skip the word-by-word pass (most lines hold no Latin letter)

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if not _CYRILLIC.search(word):
            return word
        return "".join(LATIN_LOOKALIKES.get(ch, ch) for ch in word)

    return _WORD_WITH_LOOKALIKE.sub(fix, text)


def fold(text: str) -> str:
    """The canonical form parsers match against; same length as the input."""
    folded = fold_lookalikes(fold_spaces_and_dashes(text))
    assert len(folded) == len(text)
    return folded


def normalise_ws(text: str) -> str:
    """Runs of whitespace (no-break spaces and line breaks included) to one space, trimmed (not
    offset-preserving)."""
    return " ".join(text.split())


def name_key(name: str) -> str:
    """Key for looking a name of a place or body up in the alias table (not offset-preserving)."""
    key = fold(name).replace("*", "").replace("_", " ").translate(_QUOTE_TABLE)
    key = key.casefold().replace("ё", "е")
    key = re.sub(r"\s*–\s*", "-", key)
    key = re.sub(r"\s+", " ", key).strip(" .,;:")
    return key
