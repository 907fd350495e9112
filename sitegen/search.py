"""Site search: the index each language's search worker loads, and every rule it applies to a query.

One home for the rules. Python decides how text becomes index terms (normalisation, tokens, numbers,
stems, place names) and writes what the browser needs to apply the same rules to a query into the
index itself (`search/index.json` below each language root): the token pattern, the number rules,
the stem rules as data (which endings map a typed word to which index term) and the place-name
groups read from the reference tables. The search worker's engine (site/assets/javascripts/
search-engine.js) holds no word list, ending or name of its own.

Terms. Text is NFC with Latin diacritics folded ("Qaraǵandy" → "qaragandy"), lower case, ё → е;
tokens are runs of letters and digits, so table cells, list items and punctuation always separate
words (`extract_sections` puts a separator between every cell, item and block). Numbers as the pages
print them become one token: "5 985", "5 985" and "5,985" (English grouping) → "5985"; "59,9" and
"59.9" → "59.9". A Kazakh case ending written after a hyphen ("ЖБО-ға", "2023-ке") is not a word.
Stems: English Snowball for Latin words; Russian Snowball for Cyrillic words on the Russian and
English sites; `kazakh_stems` for Cyrillic words on the Kazakh site and for any word with a
letter only Kazakh has (ә, ғ, қ, ң, ө, ұ, ү, һ, і). Kazakh has no Snowball stemmer; `kazakh_stems`
gives every stem the word may have (it is agglutinative and its endings are ambiguous: "облысы" is
облыс + ы, "сапасы" is сапа + сы), and the word is indexed under each.

Queries. The engine has no stemmer: for a typed word it looks up which index terms the word can be
a form of, using the endings this index was built with (`endings`: for Snowball, every pair of
ending and stem change seen in the site's own text and the terms' names, and every Russian noun and
adjective ending, RU_NOMINAL_ENDINGS; for Kazakh, every chain of plural, possessive and case endings). The last word, while being typed, also matches terms that begin with it and
terms it is a beginning of (stem plus the start of an ending). A word that names a place in any form
the reference tables know (name, Russian adjective, short city name, abbreviation, a Latin spelling
by BGN/PCGN or ISO 9 transliteration; a hyphenated name typed as one word, Nursultan) also matches every
other name of that place.

Slips and split words. A query word of five letters or more that names nothing (no term, place or other
name) is also read as every word one slip of the keys away from it (Damerau's four: a letter left out, one
too many, two neighbours swapped, one mistyped; the letters are the index's own): "kindergarden",
"gaurds", "коледж", "безопастность". What it finds ranks well below a word typed right (the engine's
SLIP_QUALITY). Two neighbouring query words are also read as the one word they make ("pre school",
"pre-school", "бейне бақылау"), which then stands for either (GLUED_QUALITY).

Kazakh typed on a Russian keyboard. A reader without a Kazakh layout types ә ғ қ ң ө ұ ү һ і as а г к н о
у у х и, and і also as Latin i (Ukrainian і is the Kazakh letter itself). The index keeps the words as
written; it ships the folding (`KAZAKH_FOLD`, see `fold_kazakh`) and the engine, on loading, folds every
term and place key that has a Kazakh letter. A Cyrillic query word is then also read folded: whole, without
each (folded) Kazakh ending chain and, while typed, as a beginning. What it finds that way is a term with a
Kazakh letter (never a Russian word: those fold to themselves and are matched as written), ranked a little
below a word typed with its own letters (the engine's FOLD_QUALITY); and, for a word read as Kazakh, the
stem left by a folded ending chain that had a Kazakh letter, though the stem has none ("мектептери",
"колледждерi": мектеп, колледж).

Years written out. The site prints a year with the table's abbreviation ("2025 г.", "2025 ж."); after a number
the abbreviation is also indexed as the word (`abbreviations`), which a reader types («в 2025 году»).

American spellings. The site writes British English; a reader may type organization, center, fiber, program:
each British word of the site gives the American form's ending rule (`american_forms`), so that the engine
reads "organizations" as a form of organis, "center" of centr.

Russian fleeting vowels. Where a Russian ending is zero, a stem ending in two consonants takes an о or е
between them (кнопка → кнопок, письмо → писем, копейка → копеек): Snowball leaves "кнопок" whole, so the
engine also tries the stem without it (`RU_FLEETING`, see `russian_fleeting_stems`).

Terms in other words. The terminology table (data/reference/terminology.yml) names every term in kk, ru
and en, with the variants the site avoids (`avoid`) and the other words readers search for (`search`). A
query holding a term's name in another language than the site's, or one of its variants in any language
(in any form: the engine reads it with the Kazakh, Russian or English rules), also finds the entries that
use the term in the site's language: those holding every word of one of its names there (`synonym_rules`).
A Russian or English name is read in any form: its words and the query's are reached by the same ending
rules, so "охраной" finds "охрана" though Snowball stems the two differently (`_reached`). One word of a
name of two or three words finds the term too, ranked below the whole name, when no other term shares it
("охрана" or "күзет" on the English site; not "школы", "security" or a word of a long description such as
"через"). A variant that is another term's whole name stands for that term in every language
(`with_named_variants`: "полиция", a variant of the measure CCTV linked to police control centres, brings
"police"). Result text stays the page's own.

Kinds of place. In a title that names a place, a word that says only what kind of place it is (область,
облысы, region; Kazakhstan in West Kazakhstan Region) weighs as minor text (KIND_OF_PLACE): "области",
"облыстар", "regions" find the list of the regions, and a bare "Kazakhstan" finds no region first. Typed with
a place's name, such a word that is a term's whole name in the terminology table (облыс, область, region, and
its other names: oblast, province) says which of the places sharing the name the reader means (`kinds` of
the index): an entry holding the name without it comes after those holding both, however many entries hold
the word ("Almaty Region", «Алматы облысы», «Алматинская область» find the region before the city of Almaty,
the name alone the city).

Function words. Prepositions, conjunctions, particles, pronouns and question words (`FUNCTION_WORDS`:
at, how, many, without; в, сколько, без; үшін, қанша, бар, жоқ) are not indexed: a reader's question is found
by its other words ("guards at school", «есть ли охрана в школах», «мектептерде күзет бар ма»), the engine
counting a word that names no index term for no entry. In a term's name such a word names nothing alone;
the name is matched with it as typed or without it.

Machine text weighs less. Codes and row keys (code, kbd, samp), quotations of the documents (q) and
whatever a page marks `data-search-minor` are indexed as a field of their own that weighs MINOR_BOOST,
so that a page quoting a measure's words, or holding them in a row key, comes after the pages that say
them in headings and prose (`MINOR_TAGS`).

Overviews before their parts. A heading that many pages repeat ("Targets", "Fields", "Flags") weighs as
text (TEMPLATE_MIN), and a resource's page of the downloads as half an entry (RESOURCE_BOOST): a reader's
word for what the site holds ("индикаторы", «нысаналы мәндер», "goals") finds the page that shows it all
(the Concept's 28 target indicators) before the 28 sections titled "Targets" and the data files' pages.

Sources of the place names: data/reference/regions.csv, large_cities.csv and name_aliases.csv; of the
terms: data/reference/terminology.yml.
"""

from __future__ import annotations

import csv
import functools
import html
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import snowballstemmer

INDEX_VERSION = 1

# --- Normalisation -------------------------------------------------------------------------------

# A word is a run of letters, digits and combining marks (JavaScript: [\p{L}\p{N}\u0300-\u036f]).
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
# Between two digit groups of one number: a space, a no-break space, a thin or narrow no-break space.
GROUP_SPACES = " \u00a0\u2009\u202f"
KAZAKH_LETTERS = "әғқңөұүһі"
_LATIN_MARKS = re.compile(r"([A-Za-z])[\u0300-\u036f]+")
_MODIFIERS = re.compile(r"[\u02b0-\u02ff]")
FOLD = {"ё": "е", "ı": "i", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l"}


def normalise(word: str) -> str:
    """A word as the index keeps it: Latin diacritics dropped, lower case, ё → е, modifier letters out.

    Cyrillic letters are kept whole (й and the Kazakh letters are not Latin letters with a mark)."""
    text = _LATIN_MARKS.sub(r"\1", unicodedata.normalize("NFD", word))
    text = unicodedata.normalize("NFC", text).lower()
    text = _MODIFIERS.sub("", text)
    return "".join(FOLD.get(ch, ch) for ch in text)


# The Russian letter a reader without a Kazakh layout types for each Kazakh one; і is also typed as Latin i.
KAZAKH_FOLD = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
               "i": "и"}
# A folded word of fewer letters names too many words (ал: ал, әл; ос: ос, өс): such words are matched
# only as written.
KAZAKH_FOLD_MIN = 4


def fold_kazakh(word: str) -> str:
    """A normalised word as typed on a Russian keyboard (KAZAKH_FOLD): "қауіпсіздік" → "кауипсиздик",
    "онiрлер" (Latin i) → "онирлер". A word without a Cyrillic letter is itself ("cctv" stays)."""
    if not _CYRILLIC.search(word):
        return word
    return "".join(KAZAKH_FOLD.get(ch, ch) for ch in word)


@dataclass(frozen=True)
class Token:
    """A word or number of a text: where it is (`start`, `end`, characters) and its normalised forms
    (one, or two for a number written ambiguously in a query, e.g. "5,985")."""

    start: int
    end: int
    forms: tuple[str, ...]


def _number(int_part: str, frac: str) -> str:
    frac = frac.rstrip("0")
    return f"{int_part}.{frac}" if frac else int_part


def tokenize(text: str, numbers: str | None) -> list[Token]:
    """Words and numbers of `text`. `numbers` is the language whose number format the text uses:
    "en" (1,234.5), "ru" or "kk" (1 234,5); None for a query, where "5,985" may be either.

    Digit groups joined by a space of any width, each of exactly three digits after the first (of
    one to three), make one number; "," or "." followed by digits is a decimal part, except that "," and
    exactly three digits is a thousands group in English text. A word right after a hyphen that is a
    Kazakh ending chain (`KAZAKH_CHAINS`) is not a word ("ЖБО-ға")."""
    runs = [(m.start(), m.end()) for m in WORD.finditer(text)]
    tokens: list[Token] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        raw = text[start:end]
        if raw.isdigit() and raw.isascii():
            int_part, frac, alternative = raw, "", ""
            grouped = len(raw) <= 3  # a first group of one to three digits may be followed by groups
            j = i
            while j + 1 < len(runs):
                nstart, nend = runs[j + 1]
                gap, nxt = text[runs[j][1]:nstart], text[nstart:nend]
                if len(gap) != 1 or not (nxt.isdigit() and nxt.isascii()):
                    break
                group = grouped and len(nxt) == 3
                if group and (gap in GROUP_SPACES or (gap == "," and numbers == "en")):
                    int_part += nxt
                    j += 1
                    continue
                if gap in ",.":
                    if gap == "," and group and numbers is None:
                        alternative = int_part + nxt  # "5,985" in a query: 5985 or 5.985
                    frac = nxt
                    j += 1
                break
            forms = (_number(int_part, frac), *((alternative,) if alternative else ()))
            tokens.append(Token(start, runs[j][1], forms))
            i = j + 1
            continue
        word = normalise(raw)
        # The hyphen may carry a word joiner, which keeps the ending on its number's line (nobreak_hyphens).
        hyphen = 2 if text[max(0, start - 2):start] == "-\u2060" else 1 if text[start - 1:start] == "-" else 0
        if hyphen and tokens and tokens[-1].end == start - hyphen and word in KAZAKH_CHAINS:
            i += 1
            continue
        if word:
            tokens.append(Token(start, end, (word,)))
        i += 1
    return tokens


# --- Kazakh ---------------------------------------------------------------------------------------

KK_VOWELS = set("аәеёиоөуұүыіэюя")
KK_BACK = set("аоұыяёю")
KK_FRONT = set("әеөүіэ")
KK_VOICELESS = set("кқпстфхцчшщбвгдғ")  # voiceless, and the voiced stops that end a word devoiced
KK_SONORANT = set("рйул")
KK_NASAL = set("мнң")
KK_VOICED = set("зж")
# Stems end in п, к, қ where a vowel ending voices them (мектеп → мектебі): every stem is devoiced.
KK_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

# Endings by slot: (ending, harmony) where harmony is "b" (back), "f" (front) or "" (none).
_B, _F, _N = "b", "f", ""
KK_PLURAL = [("лар", _B), ("лер", _F), ("дар", _B), ("дер", _F), ("тар", _B), ("тер", _F)]
KK_POSSESSIVE = {
    "1sg": [("ым", _B), ("ім", _F), ("м", _N)],
    "2sg": [("ың", _B), ("ің", _F), ("ң", _N)],
    "2sg.formal": [("ыңыз", _B), ("іңіз", _F), ("ңыз", _B), ("ңіз", _F)],
    "3": [("ы", _B), ("і", _F), ("сы", _B), ("сі", _F)],
    "1pl": [("ымыз", _B), ("іміз", _F), ("мыз", _B), ("міз", _F)],
}
KK_CASE = [
    # genitive, dative, accusative, locative, ablative, instrumental
    ("ның", _B), ("нің", _F), ("дың", _B), ("дің", _F), ("тың", _B), ("тің", _F),
    ("ға", _B), ("ге", _F), ("қа", _B), ("ке", _F),
    ("ны", _B), ("ні", _F), ("ды", _B), ("ді", _F), ("ты", _B), ("ті", _F),
    ("да", _B), ("де", _F), ("та", _B), ("те", _F),
    ("нан", _B), ("нен", _F), ("дан", _B), ("ден", _F), ("тан", _B), ("тен", _F),
    ("мен", _N), ("бен", _N), ("пен", _N), ("менен", _N),
    # attributive: of a place (облыстағы), of a time (2023 жылғы)
    ("дағы", _B), ("дегі", _F), ("тағы", _B), ("тегі", _F), ("ғы", _B), ("гі", _F), ("қы", _B), ("кі", _F),
]
# After a third-person possessive the case endings begin with н (облысында, облысының).
KK_CASE_AFTER_3 = [
    ("ның", _B), ("нің", _F), ("на", _B), ("не", _F), ("н", _N), ("нда", _B), ("нде", _F),
    ("нан", _B), ("нен", _F), ("мен", _N), ("ндағы", _B), ("ндегі", _F),
]
# After a first or second person singular possessive the dative is -а/-е (үйіме).
KK_DATIVE_AFTER_12 = [("а", _B), ("е", _F)]

# Which sounds may end a stem before an ending beginning with this letter (assimilation).
_ANY_CONSONANT = set("бвгғджзйклмнңпрстфхһцчшщ")
KK_AFTER = {
    "л": KK_VOWELS | {"р", "й", "у"},
    "д": KK_VOWELS | KK_SONORANT | KK_NASAL | KK_VOICED,
    "ғ": KK_VOWELS | KK_SONORANT | KK_NASAL | KK_VOICED,
    "г": KK_VOWELS | KK_SONORANT | KK_NASAL | KK_VOICED,
    "т": KK_VOICELESS, "қ": KK_VOICELESS, "к": KK_VOICELESS, "п": KK_VOICELESS,
    "н": KK_VOWELS | KK_NASAL,
    "м": KK_VOWELS | KK_SONORANT | KK_NASAL,
    "б": KK_NASAL | KK_VOICED,
    "ы": _ANY_CONSONANT, "і": _ANY_CONSONANT,
    "с": KK_VOWELS, "ң": KK_VOWELS,
}
KK_MIN_STEM = 2


def _kazakh_chains() -> dict[str, str]:
    """Every chain of endings a Kazakh noun may carry (plural, possessive, case, each optional, in that
    order, one vowel harmony), with its harmony ("b", "f" or "" when it has no harmonic vowel)."""
    chains: dict[str, str] = {}

    def add(parts: list[tuple[str, str]]) -> None:
        harmonies = {h for _, h in parts if h}
        if len(harmonies) > 1:
            return
        text = "".join(p for p, _ in parts)
        if text:
            chains.setdefault(text, next(iter(harmonies), ""))

    for plural in [None, *KK_PLURAL]:
        head = [plural] if plural else []
        for kind, possessives in [(None, [None]), *KK_POSSESSIVE.items()]:
            for possessive in possessives:
                middle = head + ([possessive] if possessive else [])
                cases = KK_CASE_AFTER_3 if kind == "3" else KK_CASE + (
                    KK_DATIVE_AFTER_12 if kind in ("1sg", "2sg") else [])
                add(middle)
                for case in cases:
                    add([*middle, case])
    return chains


KAZAKH_CHAINS = _kazakh_chains()
_KK_MAX_CHAIN = max(map(len, KAZAKH_CHAINS))


def _last_harmony(stem: str) -> str:
    for ch in reversed(stem):
        if ch in KK_BACK:
            return _B
        if ch in KK_FRONT:
            return _F
    return _N


def _devoice(stem: str) -> str:
    return stem[:-1] + KK_DEVOICE[stem[-1]] if stem and stem[-1] in KK_DEVOICE else stem


def kazakh_stems(word: str) -> list[str]:
    """Every stem a (normalised) Kazakh word may have: the word itself, and the word without each ending
    chain whose vowels agree with the stem's last vowel and whose first sound may follow the stem's
    last sound; a stem keeps at least two letters; stems end devoiced (мектеб → мектеп).

    >>> kazakh_stems("мектептерде")
    ['мектептерде', 'мектептерд', 'мектептер', 'мектеп']
    """
    stems = [_devoice(word)]
    for size in range(1, min(_KK_MAX_CHAIN, len(word) - KK_MIN_STEM) + 1):
        chain = word[-size:]
        harmony = KAZAKH_CHAINS.get(chain)
        if harmony is None:
            continue
        stem = word[:-size]
        if stem[-1] not in KK_AFTER.get(chain[0], _ANY_CONSONANT | KK_VOWELS):
            continue
        if harmony and _last_harmony(stem) not in (harmony, _N):
            continue
        stem = _devoice(stem)
        if stem not in stems:
            stems.append(stem)
    return stems


# --- Stems by language ----------------------------------------------------------------------------

_SNOWBALL = {"en": snowballstemmer.stemmer("english"), "ru": snowballstemmer.stemmer("russian")}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")


def analyser(word: str, site: str) -> str:
    """Which stemmer takes `word` on the site of language `site`: "num", "kk", "ru" or "en"."""
    if word[0].isdigit() and not _LATIN.search(word) and not _CYRILLIC.search(word):
        return "num"
    if any(ch in KAZAKH_LETTERS for ch in word):
        return "kk"
    if _CYRILLIC.search(word):
        return "kk" if site == "kk" else "ru"
    return "en"


def stems(word: str, site: str) -> list[str]:
    """The index terms of one normalised word on the site of language `site` (see the module doc)."""
    return list(_stems(word, site))


# --- Function words -------------------------------------------------------------------------------

# Words that only join or ask (prepositions, conjunctions, particles, pronouns, question words, auxiliaries),
# by the stemmer that reads them (`analyser`). They are not indexed: a reader's question ("guards at school",
# "how many schools have internet", "сколько школ без интернета", "мүгедектігі бар балалар") is found by its
# other words, as the engine counts a word that names no index term for no entry; and no such word names a
# term or stands in for one in a term's name (`synonym_rules`). No maintained list covers Kazakh, and the
# general lists hold words this site uses as terms or titles (год, раз, May, IT, all, About), hence these.
# Negations (without, без, жоқ) are here too: a page is found by what it is about, not by what it lacks.
FUNCTION_WORDS = {
    "en": frozenset([
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "without", "into", "onto", "as", "than", "then", "so", "if", "is", "are", "was", "were", "be",
        "been", "being", "am", "do", "does", "did", "have", "has", "had", "will", "would", "shall", "should",
        "can", "could", "must", "not", "no", "how", "what", "which", "who", "whom", "whose", "where", "when",
        "why", "many", "much", "there", "here", "this", "that", "these", "those", "they", "them", "their", "we",
        "our", "you", "your", "i", "me", "my", "he", "she", "his", "her", "s"
    ]),
    "ru": frozenset([
        "и", "а", "но", "или", "либо", "ли", "же", "бы", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об",
        "обо", "от", "до", "из", "за", "для", "без", "при", "про", "под", "над", "у", "после", "через", "между",
        "перед", "не", "ни", "нет", "что", "как", "где", "когда", "куда", "откуда", "сколько", "какой", "какая",
        "какое", "какие", "каких", "каком", "каким", "это", "этот", "эта", "эти", "его", "ее", "их", "он",
        "она", "оно", "они", "мы", "вы", "я", "ты", "там", "тут", "есть", "был", "была", "было", "были", "быть",
        "также", "тоже", "то", "так", "уже", "все", "весь", "вся"
    ]),
    "kk": frozenset([
        "және", "мен", "бен", "пен", "менен", "үшін", "бойынша", "туралы", "арқылы", "дейін", "кейін", "бері",
        "сияқты", "да", "де", "та", "те", "ма", "ме", "ба", "бе", "па", "пе", "ғой", "ғана", "бұл", "осы",
        "сол", "ол", "олар", "біз", "сіз", "сен", "қанша", "қандай", "қалай", "қай", "қайда", "қашан", "неше",
        "не", "неге", "кім", "бар", "жоқ", "емес"
    ]),
}


def is_function_word(word: str, site: str) -> bool:
    """Whether a normalised word is a function word (FUNCTION_WORDS) as the site of language `site` reads it:
    "without" on every site; "для" on the Russian and English sites (on the Kazakh site a Cyrillic word is
    read as Kazakh)."""
    kind = analyser(word, site)
    return kind != "num" and word in FUNCTION_WORDS[kind]


@functools.lru_cache(maxsize=200_000)  # a site's words repeat: each is stemmed once per build
def _stems(word: str, site: str) -> tuple[str, ...]:
    kind = analyser(word, site)
    if kind == "num":
        return (word,)
    if kind == "kk":
        return tuple(kazakh_stems(word))
    return (_SNOWBALL[kind].stemWord(word),)


# --- Russian fleeting vowels ----------------------------------------------------------------------

RU_VOWELS = "аеиоуыэюя"
RU_CONSONANTS = "бвгджзклмнпрстфхцчшщ"
# (vowel, what precedes it: "c" a consonant or "v" a vowel, what the stem has in its place): кнопок →
# кнопк, сестер → сестр, писем → письм, спален → спальн, копеек → копейк (ё is е once normalised).
RU_FLEETING = [("о", "c", ""), ("е", "c", ""), ("е", "c", "ь"), ("е", "v", "й")]
RU_FLEETING_MIN_STEM = 3


def russian_fleeting_stems(word: str) -> list[str]:
    """The stems a normalised Russian word with a zero ending may have if its last vowel is fleeting: the
    word ends in consonant, о or е, consonant (RU_FLEETING), and the stem keeps RU_FLEETING_MIN_STEM
    letters. Each is only a candidate: the engine takes the ones the index has (кнопок → кнопк, while
    "совет" → "совт" names no term).

    >>> russian_fleeting_stems("кнопок"), russian_fleeting_stems("копеек")
    (['кнопк'], ['копейк'])
    """
    if len(word) < 3 or word[-1] not in RU_CONSONANTS:
        return []
    head, vowel, last = word[:-2], word[-2], word[-1]
    before = "c" if head[-1] in RU_CONSONANTS else "v" if head[-1] in RU_VOWELS else ""
    out = []
    for fleeting, after, insert in RU_FLEETING:
        stem = head + insert + last
        if fleeting == vowel and after == before and len(stem) >= RU_FLEETING_MIN_STEM and stem not in out:
            out.append(stem)
    return out


# --- Text of the pages ----------------------------------------------------------------------------

SEPARATOR = " · "  # between table cells, list items and blocks in the stored text
_BLOCK = {"p", "div", "li", "td", "th", "tr", "table", "thead", "tbody", "caption", "ul", "ol", "dl", "dt",
          "dd", "figure", "figcaption", "blockquote", "pre", "section", "article", "aside", "header",
          "footer", "nav", "details", "summary", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "form",
          "label", "option", "fieldset", "legend", "main"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param",
         "track"}
# Left out: the page title (h1) is the title of the page's entry; scripts, styles, charts, controls.
_SKIP = {"h1", "script", "style", "svg", "template", "noscript", "select", "button"}
_SPACES = re.compile(r"\s+")


# Machine text and quotations: what a page shows but does not say in its own words. Code (row keys, field
# names, codes), quotations of the documents (<q>) and whatever carries MINOR_ATTRIBUTE are indexed as a
# field of their own that weighs MINOR_BOOST (a page is found by them, after the pages that say it).
MINOR_TAGS = {"code", "kbd", "samp", "q"}
MINOR_ATTRIBUTE = "data-search-minor"
_MINOR_START, _MINOR_END = "\x01", "\x02"  # around minor text while a section is read
_MINOR_MARKS = re.compile("[\x01\x02]")
_MARKED_SPACES = re.compile(r"[\s\x01\x02]+")
_LEADING_SPACE = re.compile("^(\x02*) ")
_TRAILING_SPACE = re.compile(" (\x01*)$")


def _squash(match: re.Match) -> str:
    """A run of spaces and marks as one space (if it has one) between the marks that end minor text and
    those that begin it (a minor element holding only spaces is dropped)."""
    marks = "".join(ch for ch in match.group() if ch in "\x01\x02")
    while "\x01\x02" in marks:
        marks = marks.replace("\x01\x02", "")
    ends = marks.count("\x02")
    return "\x02" * ends + (" " if _SPACES.search(match.group()) else "") + "\x01" * (len(marks) - ends)


@dataclass
class Section:
    """A part of a page: `anchor` ("" for the start of the page), `title`, `text` (plain text) and `minor`
    (where in `text` its minor text is, see MINOR_TAGS: [[start, end], …] in characters)."""

    anchor: str
    title: str
    parts: list[str] = field(default_factory=list)
    earlier: bool = False  # of an earlier period (EARLIER_CLASS on its heading or one above it)

    def _marked(self) -> str:
        """The text with the marks of minor text in it, spaced as `text` is without them."""
        pieces, pending = [], ""
        for piece in "".join(self.parts).split("\x00"):
            piece = _MARKED_SPACES.sub(_squash, piece).strip()
            piece = _LEADING_SPACE.sub(r"\1", _TRAILING_SPACE.sub(r"\1", piece))
            if not _MINOR_MARKS.sub("", piece):
                pending += piece  # its marks only: they open or close minor text of the next pieces
                continue
            pieces.append(pending + piece)
            pending = ""
        if pending and pieces:
            pieces[-1] += pending
        return SEPARATOR.join(pieces)

    @property
    def text(self) -> str:
        return _MINOR_MARKS.sub("", self._marked())

    @property
    def minor(self) -> list[list[int]]:
        spans: list[list[int]] = []
        depth, at = 0, 0
        for ch in self._marked():
            if ch == _MINOR_START:
                if depth == 0:
                    spans.append([at, at])
                depth += 1
            elif ch == _MINOR_END:
                depth = max(depth - 1, 0)
            else:
                at += 1
                if depth:
                    spans[-1][1] = at
        return [span for span in spans if span[1] > span[0]]


class _Extractor(HTMLParser):
    def __init__(self, title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", title)]
        self.stack: list[str] = []
        self.skip_depth: int | None = None  # depth of the element whose content is skipped
        self.heading: tuple[str, str, list[str], bool] | None = None  # tag, id, text, of an earlier period
        self.earlier_level: int | None = None  # the level of the heading that began an earlier period
        self.minor_depths: list[int] = []  # depths of the open elements of minor text (MINOR_TAGS)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCK and self.skip_depth is None:
                self._separate()
            return
        self.stack.append(tag)
        if self.skip_depth is not None:
            return
        names = {name for name, _ in attrs}
        if tag in _SKIP or "data-search-exclude" in names or "hidden" in names:
            self.skip_depth = len(self.stack)
            return
        if tag in {"h2", "h3", "h4", "h5", "h6"}:
            anchor = dict(attrs).get("id")
            if anchor:
                level = int(tag[1])
                if self.earlier_level is not None and level <= self.earlier_level:
                    self.earlier_level = None  # a heading as high as the earlier period's ends it
                if EARLIER_CLASS in (dict(attrs).get("class") or "").split() and self.earlier_level is None:
                    self.earlier_level = level
                self.heading = (tag, anchor, [], self.earlier_level is not None)
                return
        if tag in _BLOCK:
            self._separate()
        if tag in MINOR_TAGS or MINOR_ATTRIBUTE in names:
            self.minor_depths.append(len(self.stack))
            if self.heading is None:
                self.sections[-1].parts.append(_MINOR_START)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            if self.minor_depths and self.minor_depths[-1] == len(self.stack):
                self.minor_depths.pop()
                if self.heading is None:
                    self.sections[-1].parts.append(_MINOR_END)
            open_tag = self.stack.pop()
            if self.skip_depth is not None and len(self.stack) < self.skip_depth:
                self.skip_depth = None
                if open_tag == tag:
                    return
                continue
            if self.heading and open_tag == self.heading[0]:
                _, anchor, words, earlier = self.heading
                self.heading = None
                self.sections.append(Section(anchor, _SPACES.sub(" ", "".join(words)).strip(), earlier=earlier))
            elif open_tag in _BLOCK and self.skip_depth is None:
                self._separate()
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.skip_depth is not None:
            return
        if self.heading:
            self.heading[2].append(data)
        else:
            self.sections[-1].parts.append(data)

    def _separate(self) -> None:
        if self.heading is None:
            self.sections[-1].parts.append("\x00")


def extract_sections(content: str, title: str) -> list[Section]:
    """The sections of a page's rendered content (HTML): the page's start, then one per heading h2–h6
    with an id. Elements marked `data-search-exclude` or `hidden`, scripts, styles and SVG are left
    out; cells, items and blocks are separated (`SEPARATOR`), never glued ("%Школы100")."""
    parser = _Extractor(html.unescape(title))
    parser.feed(content)
    parser.close()
    return parser.sections


# --- Place names ----------------------------------------------------------------------------------

_TRANSLITERATORS = ("Kazakh-Latin/BGN", "Russian-Latin/BGN", "Cyrillic-Latin")
# Kazakh's own Latin alphabets, which ICU does not hold: that of 2018 (Decree No. 637 as amended by No. 569,
# "Qaraǵandy", "Atyraý", "Shymkent") and that of 2021 ("Qarağandy", "Taldyqorğan", "Şymkent"). The press and
# the Kazakh Latin signs write place names so; the index folds their marks (ǵ, ğ → g), as it does a query's.
_KAZAKH_LATIN_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "х": "h",
    "һ": "h", "қ": "q", "ы": "y", "ұ": "u", "ц": "ts", "э": "e", "ю": "iu", "я": "ia", "ъ": "", "ь": "",
}
KAZAKH_LATIN_ALPHABETS = {
    "2018": {**_KAZAKH_LATIN_COMMON, "ә": "á", "ғ": "ǵ", "і": "i", "и": "ı", "й": "ı", "ң": "ń", "ө": "ó",
             "у": "ý", "ү": "ú", "ш": "sh", "ч": "ch", "щ": "shch"},
    "2021": {**_KAZAKH_LATIN_COMMON, "ә": "ä", "ғ": "ğ", "і": "ı", "и": "i", "й": "i", "ң": "ñ", "ө": "ö",
             "у": "u", "ү": "ü", "ұ": "ū", "ш": "ş", "ч": "ç", "щ": "şş"},
}


@functools.cache
def _kazakh_latin(alphabet: str):
    """An ICU transliterator from Cyrillic to the Kazakh Latin alphabet `alphabet` (KAZAKH_LATIN_ALPHABETS)."""
    import icu

    rules = "::Lower; " + " ".join(f"{cyrillic} > '{latin}' ;" if latin else f"{cyrillic} > ;"
                                  for cyrillic, latin in KAZAKH_LATIN_ALPHABETS[alphabet].items())
    return icu.Transliterator.createFromRules(f"kk-Latn-{alphabet}", rules, icu.UTransDirection.FORWARD)


def _transliterations(name: str) -> list[str]:
    """Latin spellings of a Cyrillic name: BGN/PCGN for Kazakh and Russian, ISO 9 (whose marks are
    folded, giving the common spelling: Қарағанды → Karagandy) and Kazakh's own Latin alphabets of 2018
    and 2021 (KAZAKH_LATIN_ALPHABETS: Qaraǵandy, Qarağandy → qaragandy). Words of fewer than four letters
    (abbreviations such as ШҚО) are not spelt out: their Latin letters would name other places."""
    words = [w for w in re.split(r"\s+", name) if len(w) >= 4 and _CYRILLIC.search(w)]
    if not words:
        return []
    import icu  # only when building an index: the reference tables' names

    out = []
    for rule in (*_TRANSLITERATORS, *KAZAKH_LATIN_ALPHABETS):
        transliterator = (_kazakh_latin(rule) if rule in KAZAKH_LATIN_ALPHABETS
                          else icu.Transliterator.createInstance(rule))
        # BGN/PCGN writes a middle dot between letters that would otherwise read as one (Man·gistau).
        latin = " ".join(transliterator.transliterate(w).replace("\u00b7", "") for w in words)
        if not _CYRILLIC.search(latin):
            out.append(latin)
    return out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Places:
    """Names of the places of the reference tables: `names` maps a place to the names it is known by
    (every spelling, transliterations included); `prefixes` to the stems a Russian adjective of it
    begins with ("карагандинск" in any case)."""

    names: dict[str, set[str]]
    prefixes: dict[str, set[str]]


# A Russian adjective of a city's name ("шымкентские школы", "астанинских детских садах"): the name with
# -ск- after a consonant or -у/-й, -инск- in place of a final -а, -ы or -и; a name already ending in -ск is
# its own stem. Names outside the rule (Актобе: актюбинский) are "prefix" rows of name_aliases.csv.
_RU_ADJECTIVE_INSK = ("а", "ы", "и")
_RU_CONSONANTS_AND = set("бвгджзйклмнпрстфхцчшщу")


def russian_adjective_stem(name: str) -> str | None:
    """The stem a Russian adjective of a one-word city name begins with, by the rule above: "Шымкент" →
    "шымкентск", "Астана" → "астанинск", "Алматы" → "алматинск", "Уральск" → "уральск"; None for a name
    of several words or outside the rule (a final -е or -о, an adjective: Рудный)."""
    word = name.strip().lower()
    if not word or not re.fullmatch(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*", word):
        return None
    if word.endswith("ск"):
        return word
    if word.endswith(("ый", "ий", "ой")):
        return None  # a name that is an adjective itself (Рудный: рудненский)
    if word.endswith(_RU_ADJECTIVE_INSK):
        return word[:-1] + "инск"
    if word[-1] in _RU_CONSONANTS_AND:
        return word + "ск"
    return None


# The words of a Kazakh place name that say what kind of place it is, left out of its adjective.
_KK_PLACE_KINDS = {"облысы", "облыс", "қаласы", "қ", "ққ"}


def kazakh_adjective_stems(name: str) -> list[str]:
    """The Kazakh adjectives of a place name, -лық/-лік (of Almaty, from Almaty: "алматылық мектептер"),
    by the rules of the plural's first sound (л after a vowel, р, й, у; д after л, м, н, ң, з, ж; т after
    a voiceless sound) and vowel harmony, the name's words typed as one ("шығысқазақстандық"): both
    harmonies when its last vowel letter may be read either way (у, и: Жетісу). None for a name not in
    Cyrillic."""
    words = [w.strip(".") for w in name.lower().split() if w.strip(".") not in _KK_PLACE_KINDS]
    stem = "".join(words)
    if not stem or not re.fullmatch(r"[\u0400-\u04ff]+", stem):
        return []
    vowels = [ch for ch in stem if ch in KK_VOWELS]
    if not vowels:
        return []
    last = stem[-1]
    first = "л" if last in KK_VOWELS or last in "рй" else "д" if last in "лмнңзж" else "т"
    harmony = [vowels[-1] in KK_BACK] if vowels[-1] in KK_BACK | KK_FRONT else [True, False]
    return [stem + first + ("ық" if back else "ік") for back in harmony]


def read_places(reference: Path) -> Places:
    """Places from data/reference: each region (regions.csv names in kk, ru, en; its capital when the
    region bears the capital's name), each city of the large-city lists (large_cities.csv) and every
    alias (name_aliases.csv: "exact" names, "prefix" adjective stems), with Latin transliterations; and
    the Russian adjective stem of each city's name (`russian_adjective_stem`: a city of republican
    significance, a city of the lists) and the Kazakh adjectives of every region's and city's name
    (`kazakh_adjective_stems`).

    Raises FileNotFoundError or KeyError naming the table when a table or column is missing."""
    names: dict[str, set[str]] = defaultdict(set)
    prefixes: dict[str, set[str]] = defaultdict(set)
    groups: dict[str, list[str]] = {}
    for row in _csv_rows(reference / "regions.csv"):
        code = row["iso_3166_2"]
        names[code] |= {row["name_kk"], row["name_ru"], row["name_en"]}
        head = _head(row["name_kk"])
        if _head(row["capital_kk"]) == head:
            names[code] |= {row["capital_kk"], row["capital_ru"], row["capital_en"]}
        if row["kind"] == "city":  # a city of republican significance: its name is a city's
            stem = russian_adjective_stem(row["name_ru"])
            if stem:
                prefixes[code].add(stem)
        prefixes[code] |= set(kazakh_adjective_stems(row["name_kk"]))
    for row in _csv_rows(reference / "large_cities.csv"):
        cities = zip(row["cities"].split("|"), row["name_ru"].split("|"), row["name_en"].split("|"),
                     strict=True)
        codes = []
        for kk, ru, en in cities:
            code = "city:" + normalise(en)
            names[code] |= {kk, ru, en}
            stem = russian_adjective_stem(ru)
            if stem:
                prefixes[code].add(stem)
            prefixes[code] |= set(kazakh_adjective_stems(kk))
            codes.append(code)
        groups[row["city_group_as_written"]] = codes
    by_group = {normalise(k): v for k, v in groups.items()}
    aliases = _csv_rows(reference / "name_aliases.csv")
    # A city group's code (name_aliases.csv) stands for the cities of the group it names.
    group_codes = {row["code"]: by_group[normalise(row["alias"])] for row in aliases
                   if row["kind"] == "city_group" and normalise(row["alias"]) in by_group}
    for line, row in enumerate(aliases, start=2):
        if row["kind"] not in ("region", "city_group"):
            continue  # responsible bodies of the action plan: names, not places
        if row["kind"] == "region":
            codes = [row["code"]]
        elif row["code"] in group_codes:
            codes = group_codes[row["code"]]
        else:
            raise KeyError(f"{reference / 'name_aliases.csv'}, line {line}: city group {row['code']!r} "
                           f"names no group of large_cities.csv (expected a city_group_as_written)")
        if len(codes) > 1:
            continue  # "Қарағанды және Теміртау ққ." names two cities: each has its own names above
        (prefixes if row["match"] == "prefix" else names)[codes[0]].add(row["alias"])
    for code in list(names):
        for name in list(names[code]):
            names[code] |= set(_transliterations(name))
    return Places(dict(names), dict(prefixes))


def _head(name: str) -> str:
    return normalise(name.split()[0]) if name.strip() else ""


def _word_key(word: str) -> str:
    """One key per word whatever its form, to tell the words many places share (облысы, область,
    region, қ.) from names: the shortest Kazakh stem, the Russian or the English Snowball stem."""
    kind = analyser(word, "ru")
    return min(kazakh_stems(word), key=len) if kind == "kk" else stems(word, "ru")[0]


def _place_words(places: Places) -> tuple[dict[str, set[str]], frozenset[str]]:
    """The normalised words of each place's names (code → words, a hyphenated name also as one word), and
    the keys (`_word_key`) of the words that say what kind of place a place is: a word of the names of
    two places or more that names none alone (облысы, область, region, қаласы; Kazakhstan, which the
    names of West, North and East Kazakhstan share)."""
    place_words: dict[str, set[str]] = {}
    users: dict[str, set[str]] = defaultdict(set)
    alone: set[str] = set()  # keys of words that are a whole name by themselves (Алматы, Karaganda)
    for code, spellings in places.names.items():
        words: set[str] = set()
        for name in spellings:
            tokens = [t.forms[0] for t in tokenize(name, None)]
            words |= set(tokens)
            if len(tokens) == 1:
                alone.add(_word_key(tokens[0]))
            for part in re.findall(r"[^\W_]+(?:-[^\W_]+)+", name):
                # A hyphenated name typed as one word: Nursultan, Ustkamenogorsk, Алмаата.
                joined = "".join(t.forms[0] for t in tokenize(part, None))
                words.add(joined)
                alone.add(_word_key(joined))
        prefix_words = set()
        for prefix in places.prefixes.get(code, ()):
            tokens = [t.forms[0] for t in tokenize(prefix, None)]
            prefix_words |= set(tokens)
            if len(tokens) == 1:
                # An adjective's stem names its place alone, when the city and its region share it too
                # (карагандинск: the region's, declared, and the city's, by rule).
                alone.add(_word_key(tokens[0]))
        place_words[code] = words
        for word in words | prefix_words:
            users[_word_key(word)].add(code)
    # A word in the names of several places that never names one alone says what kind of place it is.
    generic = frozenset(key for key, codes in users.items() if len(codes) >= 2 and key not in alone)
    return place_words, generic


def place_groups(places: Places, site: str, vocabulary: Iterable[str]) -> tuple[list[list[str]], dict[str, int],
                                                                             list[tuple[str, int]]]:
    """For the site of language `site`: the groups of index terms that name one place (merged where
    two places share a name, e.g. the city and the region of Karaganda), the terms and normalised
    words that select a group, and the Russian adjective stems that select one by prefix.

    A word that names three or more places (облысы, область, region, қаласы) or has at most two
    letters (қ., г.) is not a name."""
    place_words, generic = _place_words(places)

    def is_name(word: str) -> bool:
        return len(word) > 2 and not word.isdigit() and _word_key(word) not in generic

    vocab = sorted(set(vocabulary))
    # Union of places sharing a distinctive word.
    parent = {code: code for code in place_words}

    def find(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    owner: dict[str, str] = {}
    for code in sorted(place_words):
        for word in sorted(place_words[code]):
            if is_name(word):
                if word in owner:
                    parent[find(code)] = find(owner[word])
                else:
                    owner[word] = code
    merged: dict[str, set[str]] = defaultdict(set)
    merged_prefixes: dict[str, set[str]] = defaultdict(set)
    for code, words in place_words.items():
        merged[find(code)] |= {w for w in words if is_name(w)}
        for prefix in places.prefixes.get(code, ()):
            for token in tokenize(prefix, None):
                if is_name(token.forms[0]):
                    merged_prefixes[find(code)].add(token.forms[0])
    groups: list[list[str]] = []
    keys: dict[str, int] = {}
    prefix_rules: list[tuple[str, int]] = []
    vocab_set = set(vocab)
    for root in sorted(merged):
        number = len(groups)
        terms: set[str] = set()
        for word in merged[root]:
            keys.setdefault(word, number)
            for term in stems(word, site):
                keys.setdefault(term, number)
                terms.add(term)
        for prefix in merged_prefixes[root]:
            prefix_rules.append((prefix, number))
            terms |= {t for t in _starting_with(vocab, prefix)}
        groups.append(sorted(t for t in terms if t in vocab_set))
    return groups, keys, sorted(prefix_rules)


def _starting_with(sorted_terms: list[str], prefix: str) -> list[str]:
    import bisect

    i = bisect.bisect_left(sorted_terms, prefix)
    out = []
    while i < len(sorted_terms) and sorted_terms[i].startswith(prefix):
        out.append(sorted_terms[i])
        i += 1
    return out


# --- Terms in other words -------------------------------------------------------------------------

# The site's languages, as pipelines.language.numbers.LANGS lists them (this module cannot import the
# project: MkDocs loads it by path; tests/site/test_search_units.py holds the two equal).
LANGS = ("kk", "ru", "en")
# Forms of a term that are not names of it (the quarter numerals: І, ІІ … name no quarter by themselves).
_NOT_NAMES = {"numerals"}


@dataclass(frozen=True)
class Term:
    """A term of the terminology table: `key`, its `names` in each language (every form the table gives:
    cases, numbers, short forms, abbreviations) and its `variants` (the table's `avoid` and `search`)."""

    key: str
    names: dict[str, list[str]]
    variants: dict[str, list[str]]


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for name, v in value.items() if name not in _NOT_NAMES for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []  # possessive: true


def read_terms(reference: Path) -> list[Term]:
    """The terms of reference/terminology.yml. Read here with PyYAML alone: MkDocs loads this module by
    path, without the project on sys.path (pipelines.language.terms, which checks the table's every entry
    when the package is built, cannot be imported). Raises ValueError naming the file and key of an entry
    without its three languages."""
    import yaml  # MkDocs' own dependency

    path = reference / "terminology.yml"
    table = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    out = []
    for key, entry in table.items():
        if not isinstance(entry, dict) or any(lang not in entry for lang in LANGS):
            raise ValueError(f"{path}: {key}: a term in each of {', '.join(LANGS)}")
        names = {lang: list(dict.fromkeys(_texts(entry[lang]))) for lang in LANGS}
        variants = {lang: list(dict.fromkeys([*(entry.get("avoid") or {}).get(lang, []),
                                              *(entry.get("search") or {}).get(lang, [])])) for lang in LANGS}
        out.append(Term(key, names, variants))
    return out


def with_named_variants(terms: list[Term]) -> list[Term]:
    """The terms, each variant that is another term's name standing for that term in every language.

    A variant says what readers look a term up by; when it is the whole name of another term in the same
    language ("полиция", a variant of the measure CCTV linked to police operational control centres, is the
    name of the term police), readers look the term up by the other term, in whichever language they type it:
    the other term's names in every language are variants too. "police" on the Russian or Kazakh site then
    finds the measure's page as "полиция" does, not only the pages that say "полиция" in passing (the region
    pages' statements). Only names are taken, not the other term's own variants: a variant of a variant is
    a guess."""
    names = {(lang, tuple(_phrase(name))): term for term in terms for lang in LANGS for name in term.names[lang]}
    out = []
    for term in terms:
        variants = {lang: list(term.variants[lang]) for lang in LANGS}
        for lang in LANGS:
            for text in term.variants[lang]:
                other = names.get((lang, tuple(_phrase(text))))
                if other is None or other.key == term.key:
                    continue
                for other_lang in LANGS:
                    variants[other_lang] += [n for n in other.names[other_lang] if n not in variants[other_lang]]
        out.append(Term(term.key, term.names, variants))
    return out


# A word of a name of several words that stands for the term alone (see `synonym_rules`) has this many
# letters at least: shorter ones are prepositions, conjunctions and abbreviations (в, of, және, МСЭ).
SYNONYM_WORD_MIN = 4
# A name of more words than this describes rather than names the term ("Средства в год для нужной скорости
# через спутник"): its words are form words and other terms' words, and none names the term alone.
SYNONYM_PART_WORDS = 3
# A key the engine may reach from a typed form of a Russian or English word of a name has this many letters
# at least (as a Kazakh stem: KK_MIN_STEM + 1).
SYNONYM_KEY_MIN = 3


def _reached(word: str, kind: str, endings: dict[str, list[str]]) -> list[str]:
    """What the engine's `forms` reaches from `word` by the Russian or English rules (`kind`), as it does
    from a typed word: the word, the word with each ending of `endings` replaced by its stem's ending,
    and for Russian the stems with a fleeting vowel left out. A typed form of a word and the table's form
    of it reach a key in common, whichever form Snowball stems differently ("охрана" → охра, "охраной"
    → охран: both reach охран)."""
    out = [word]
    for size in range(1, len(word)):
        for tail in endings.get(word[-size:], ()):
            out.append(word[:-size] + tail)
    if kind == "ru":
        out += russian_fleeting_stems(word)
    return [key for key in dict.fromkeys(out) if len(key) >= SYNONYM_KEY_MIN]


def _slots(word: str, lang: str, endings: dict[str, list[str]] | None = None) -> tuple[str, list[str]]:
    """A word of a term's name in `lang`: its slot (one key whatever its form: the Kazakh word devoiced,
    the Russian or English Snowball stem, by the word's script and `lang`) and every key the engine may
    reach from a typed form of it (the slot; for Kazakh also every stem of three letters or more, the
    engine stripping a typed word's endings to any of them: "турникет" is a form of "турникеттер"; for
    Russian and English, what `_reached` reaches from it by the index's `endings`)."""
    if word[0].isdigit():
        return word, [word]
    if _CYRILLIC.search(word) and (lang == "kk" or any(ch in KAZAKH_LETTERS for ch in word)):
        found = kazakh_stems(word)
        return found[0], [found[0], *(stem for stem in found[1:] if len(stem) >= KK_MIN_STEM + 1)]
    kind = "ru" if _CYRILLIC.search(word) else "en"
    slot = _SNOWBALL[kind].stemWord(word)
    # The word as written reaches its slot by its own ending (the index's endings hold the table's words):
    # not a key of its own.
    return slot, list(dict.fromkeys([slot, *(key for key in _reached(word, kind, endings or {}) if key != word)]))


def _phrase(text: str, lang: str | None = None) -> list[str]:
    """The words of a name; with `lang`, without its function words (`is_function_word`)."""
    words = [t.forms[0] for t in tokenize(text, None)]
    return [w for w in words if not is_function_word(w, lang)] if lang else words


def synonym_rules(terms: list[Term], site: str, vocabulary: Iterable[str],
                  endings: dict[str, list[str]] | None = None) -> dict:
    """What the engine needs to find a term by its other names on the site of language `site`:

    {"keys": {key: slot or [slot, …]} (keys that are not a slot themselves), "phrases": [[[slot, …],
    [term number, …]], …] (sorted), "words": [[slot, [term number, …]], …] (sorted), "terms": [[[index
    term, …], …], …]} — for each term that the site's text uses, its names in `site` as index terms (an
    entry holding every term of one of them uses it), and each name in another language and each variant
    as slots. A query holding a phrase's words in a row (each a form of its slot's word) also matches the
    term's entries. The site's own names are no phrase (they are found as written); a name of one word of
    one letter (г., ж.) is no phrase either. `endings`: the index's Snowball endings (`_endings`), by
    which a word of a name is reached from any of its forms (`_reached`).

    A word alone. One word of a name of several words (or of a variant) also names the term by itself
    ("охрана", "күзет" for licensed security), ranked below the whole name (the engine's PART_QUALITY),
    when it is the term's own: the name is a term of two or three words (SYNONYM_PART_WORDS; the words of
    a longer one, a description, are form words and other terms' words: через, арқылы, және), the word
    has SYNONYM_WORD_MIN letters or more and is no number, and no key it reaches is reached by a word of
    another term's names or variants in any language (a word several terms share, as школы, мектептер,
    security, государственные, names none of them alone)."""
    vocab = set(vocabulary)
    keys: dict[str, set[str]] = defaultdict(set)
    phrases: dict[tuple[str, ...], set[int]] = defaultdict(set)
    parts: dict[str, set[int]] = defaultdict(set)
    targets: list[list[list[str]]] = []
    users: dict[str, set[str]] = defaultdict(set)  # a key reached by a word of a term's names: the terms
    for term in terms:
        for lang in LANGS:
            for text in (*term.names[lang], *term.variants[lang]):
                for word in _phrase(text, lang):
                    for key in _slots(word, lang, endings)[1]:
                        users[key].add(term.key)
    for term in terms:
        own: list[list[str]] = []
        for name in term.names[site]:
            words = _phrase(name, site)
            terms_of = [next((t for t in stems(w, site) if t in vocab), None) for w in words]
            if words and None not in terms_of and terms_of not in own:
                own.append(terms_of)
        if not own:
            continue  # the site does not use the term
        number = len(targets)
        targets.append(own)
        own_names = {tuple(_phrase(name, site)) for name in term.names[site]}
        for lang in LANGS:
            texts = [*(n for n in term.names[lang] if lang != site), *term.variants[lang]]
            for text in texts:
                words = _phrase(text)
                content = _phrase(text, lang)
                if not content or (len(content) == 1 and len(content[0]) < 2) or tuple(content) in own_names:
                    continue  # one letter names nothing; the site's own name is found as written
                slots, content_slots = [], []
                for word in words:
                    slot, reached = _slots(word, lang, endings)
                    slots.append(slot)
                    if is_function_word(word, lang):
                        continue  # matched in the phrase as typed; names nothing, alone or left out
                    content_slots.append(slot)
                    for key in reached:
                        if key != slot:
                            keys[key].add(slot)
                    if 1 < len(words) <= SYNONYM_PART_WORDS and len(word) >= SYNONYM_WORD_MIN \
                            and not word[0].isdigit() \
                            and all(users[key] == {term.key} for key in reached):
                        parts[slot].add(number)
                # The phrase as written, and without its function words: a reader may leave them out
                # ("schools internet") or type them ("schools without internet").
                phrases[tuple(slots)].add(number)
                phrases[tuple(content_slots)].add(number)
    whole = {slots[0] for slots in phrases if len(slots) == 1}
    return {"keys": {key: next(iter(slots)) if len(slots) == 1 else sorted(slots)
                     for key, slots in sorted(keys.items())},
            "phrases": [[list(slots), sorted(numbers)] for slots, numbers in sorted(phrases.items())],
            "words": [[slot, sorted(numbers)] for slot, numbers in sorted(parts.items()) if slot not in whole],
            "terms": targets}


# --- The index ------------------------------------------------------------------------------------

TITLE_BOOST = 4.0  # a word in a section's title counts as much as this many in its text (BM25)
MINOR_BOOST = 0.25  # a word of its minor text (MINOR_TAGS: codes, row keys, quotations) as a quarter of one
# A word of the page's description (its front matter's `description`, the sentence that says what the page
# holds: "The Concept's 28 target indicators: targets …") counts, on the page's first entry, as this many in
# its text: a reader's word for what a page holds finds the page, not only the pages it leads to. Half a
# title word: as much as one, the general descriptions (the home page's "open data on the safety …") would
# come before the pages that name the word in a heading.
DESCRIPTION_BOOST = 2.0
# A heading that many pages repeat (its words, numbers aside: "Targets", "Actions under this indicator (8)",
# "Fields", "Flags") names the kind of section, not what the page is about: on TEMPLATE_MIN pages or more,
# its words count as much as a word of the section's text (TEMPLATE_TITLE_BOOST), so that the page whose own
# heading says them ("28 target indicators and their targets") comes before the 28 sections titled
# "Targets".
TEMPLATE_MIN = 5
TEMPLATE_TITLE_BOOST = 1.0
# KIND_OF_PLACE. In a title that names a place, a word that says what kind of place it is, not which (область,
# облысы, region; Kazakhstan in West, North and East Kazakhstan Region: the words of the names of several
# places that name none alone, see `_place_words`), counts as minor text (MINOR_BOOST), as a row key does:
# "области", "облыстар", "regions" find the list of the regions (the page about them all, titled by the
# kind alone) before the seventeen pages each titled "… область", and a bare "Kazakhstan" the pages about
# the country before the three regions whose names hold it. The place's own name ("Карагандинская")
# keeps its title's weight, and so does a title without one ("Regions").
NAV_BOOST = 1.5  # the pages of the navigation (overviews) before the pages they lead to, other things equal
# Figures of an earlier period come after the same figures of the latest, other things equal: a section
# whose heading has the class EARLIER_CLASS (and every section below it), or a page whose front matter
# says `search: {boost: EARLIER_BOOST}` (Material's own key), weighs this much.
EARLIER_CLASS = "bd-earlier"
EARLIER_BOOST = 0.5
# A resource's page of the downloads (its fields, first rows and files) says the facts' names as the pages that
# show the facts do ("Concept target indicators"): its front matter's `search.boost` (sitegen/pages/
# data_pages.py) makes it come after them, other things equal.
RESOURCE_BOOST = 0.5
BM25_K1 = 1.2
BM25_B = 0.75
WEIGHT_SCALE = 10  # weights are stored as integers: BM25 × this, rounded (at least 1)


@dataclass
class Doc:
    """One entry of the index: a page (`location` without "#") or a section of it; `minor`: where in
    `text` its minor text is ([[start, end], …], characters; see MINOR_TAGS); `description`: the page's
    description, on its first entry only (indexed, weighing DESCRIPTION_BOOST; not shown in results)."""

    location: str
    title: str
    text: str
    boost: float = 1.0
    minor: list[list[int]] = field(default_factory=list)
    description: str = ""


def page_docs(url: str, title: str, content: str, in_nav: bool = False, boost: float = 1.0,
              description: str = "", names_elsewhere: Sequence[str] = ()) -> list[Doc]:
    """The entries of one page: `url` relative to the language root, its title and rendered content;
    `in_nav`: the page is in the site's navigation (its entries weigh NAV_BOOST times more); `boost`:
    the page's own weight (its front matter's `search.boost`); `description`: its front matter's
    description (plain text), indexed with the page's first entry (DESCRIPTION_BOOST), and with it
    `names_elsewhere`, the page's titles in the site's other languages (its front matter's
    `search_names`: a reader types "water" on the Russian site, "интернет" on the English one) and the
    words it shows only in its tables (`search_terms`: the action plan's deadline years). A
    section of an earlier period (see EARLIER_CLASS) weighs EARLIER_BOOST times as much."""
    out = []
    described = SEPARATOR.join(html.unescape(text) for text in (description, *names_elsewhere) if text)
    for section in extract_sections(content, title):
        location = url + (f"#{section.anchor}" if section.anchor else "")
        weight = boost * (NAV_BOOST if in_nav else 1.0) * (EARLIER_BOOST if section.earlier else 1.0)
        out.append(Doc(location, section.title, section.text, weight, section.minor, "" if out else described))
    return out


# British spellings (the site's English) and the American ones readers also type: organisation, organization;
# analyse, analyze; centre, center; fibre, fiber; programme, program. Applied to the site's English words of
# AMERICAN_MIN letters or more, each gives an American form whose ending the engine reads as the British
# stem's (`american_forms`, `_endings`): "organizations" → organis, "center" → centr.
AMERICAN = [(re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
            (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
            (re.compile(r"([b-df-hj-np-tv-z])re(s|d)?$"), r"\1er\2"),
            (re.compile(r"mme(s)?$"), r"m\1")]
AMERICAN_MIN = 5


def american_forms(word: str) -> list[str]:
    """The American spellings of a normalised British English word (AMERICAN): "organisations" →
    ["organizations"], "centre" → ["center"], "programme" → ["program"]; none for most words."""
    if len(word) < AMERICAN_MIN or not word.isascii() or not word.isalpha():
        return []
    return [form for pattern, american in AMERICAN if (form := pattern.sub(american, word)) != word]


# The endings of Russian nouns and adjectives as Snowball's Russian stemmer removes them (its NOUN and
# ADJECTIVE endings, https://snowballstem.org/algorithms/russian/stemmer.html). A site's own text shows
# only the cases it happens to use, and the terminology table gives many Russian names in the nominative
# alone ("Лицензированная охрана", "Мониторинговые группы"): the English and Kazakh sites, whose text has
# few Russian words, lacked "ую" and "ю", so that "лицензированную охрану" named no term there. Each is an
# ending of every index (→ the stem without it): a Russian name is reached from any of its cases on every
# site (`_reached`), as its own words reach it from any of theirs.
RU_NOMINAL_ENDINGS = (
    # adjective
    "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему",
    "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
    # noun
    "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й",
    "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья",
    "я",
)


def _endings(forms: dict[str, set[str]]) -> dict[str, list[str]]:
    """Endings of the Snowball-stemmed words: for each word and its stem, the word's ending after their
    common beginning mapped to the stem's (police → polic: "e" → ""; policy → polici: "y" → "i"); and
    every Russian noun and adjective ending (RU_NOMINAL_ENDINGS) mapped to none."""
    out: dict[str, set[str]] = defaultdict(set)
    for ending in RU_NOMINAL_ENDINGS:
        out[ending].add("")
    for word, terms in forms.items():
        for term in terms:
            common = 0
            while common < min(len(word), len(term)) and word[common] == term[common]:
                common += 1
            if common == 0:
                continue
            out[word[common:]].add(term[common:])
    return {ending: sorted(tails) for ending, tails in sorted(out.items())}


def abbreviations(table: list[Term], site: str) -> dict[str, tuple[str, ...]]:
    """The abbreviations (a name of the terminology table that ends in a full stop: г., гг., ж.) of the terms of
    the site of language `site`, each with the index terms of the term's first name that is a word ("год",
    "жыл"). After a number an abbreviation is indexed under these too: the site prints "2025 г.", "2025 ж.";
    a reader types «в 2025 году», «2025 жылы»."""
    out: dict[str, tuple[str, ...]] = {}
    for term in table:
        names = term.names[site]
        short = [name for name in names if name.endswith(".") and len(_phrase(name)) == 1]
        whole = next((name for name in names if not name.endswith(".") and len(_phrase(name)) == 1), None)
        if short and whole:
            for name in short:
                out.setdefault(_phrase(name)[0], tuple(stems(_phrase(whole)[0], site)))
    return out


def _template_headings(docs: list[Doc]) -> set[int]:
    """The entries (numbers in `docs`) that are sections whose heading, numbers aside, the sections of
    TEMPLATE_MIN pages or more have."""
    pages: dict[tuple[str, ...], set[str]] = defaultdict(set)
    keys: dict[int, tuple[str, ...]] = {}
    for number, doc in enumerate(docs):
        if "#" not in doc.location:
            continue
        key = tuple(t.forms[0] for t in tokenize(doc.title, None) if not t.forms[0][0].isdigit())
        if key:
            keys[number] = key
            pages[key].add(doc.location.split("#")[0])
    return {number for number, key in keys.items() if len(pages[key]) >= TEMPLATE_MIN}


def build_index(docs: list[Doc], site: str, places: Places, table: list[Term] | None = None) -> dict:
    """The search index of one language (JSON-ready), see the module doc; `site` is "kk", "ru" or "en";
    `table`: the terms of the terminology table (`read_terms`), none when not given.

    Shape: {"v", "lang", "rules": {"fold", "groupSpaces", "kazakhLetters", "kazakhFold", "kazakhFoldMin",
    "chains", "minStem", "devoice", "endings", "fleeting", "ruVowels", "ruConsonants", "fleetingMinStem"}, "docs":
    [[location, title, text]], "terms": [sorted terms], "postings": [[doc, weight, doc − previous doc,
    weight, …]] (weights: BM25 × WEIGHT_SCALE), "places": {"groups": [[term]], "keys": {word or term:
    group}, "prefixes": [[stem, group]], "kinds": [term]}, "synonyms": see `synonym_rules`}. The Snowball endings are those
    of the site's text and of the terms' names and variants (a Russian name is typed in any case)."""
    table = with_named_variants(table or [])
    numbers = site
    place_words, kinds_of_place = _place_words(places)
    place_names = {w for words in place_words.values() for w in words if _word_key(w) not in kinds_of_place}
    spelt_out = abbreviations(table, site)
    # title, text, minor text, description
    fields = ((0, TITLE_BOOST), (1, 1.0), (2, MINOR_BOOST), (3, DESCRIPTION_BOOST))
    field_tf: dict[str, dict[int, list[float]]] = defaultdict(dict)
    lengths = [[0, 0, 0, 0] for _ in docs]
    snowball_forms: dict[str, set[str]] = defaultdict(set)
    for number, doc in enumerate(docs):
        for field_no, text in ((0, doc.title), (1, doc.text), (3, doc.description)):
            minor = iter(doc.minor if field_no == 1 else ())
            named_place = field_no == 0 and any(t.forms[0] in place_names for t in tokenize(text, numbers))
            span = next(minor, None)
            after_number = False
            for token in tokenize(text, numbers):
                follows, after_number = after_number, analyser(token.forms[0], site) == "num"
                while span is not None and span[1] <= token.start:
                    span = next(minor, None)
                counted = 2 if field_no == 1 and span is not None and span[0] <= token.start else field_no
                word = token.forms[0]
                if field_no == 0 and named_place and _word_key(word) in kinds_of_place:
                    counted = 2  # "область" of "Карагандинская область": a word of its minor text (KIND_OF_PLACE)
                # A title's numbers qualify it ("ages 2–6", a year): they do not make a match of its
                # words count less, as its words do (BM25's length of the field).
                if not (field_no == 0 and word[0].isdigit()):
                    lengths[number][counted] += 1
                if is_function_word(word, site):
                    continue
                terms = _stems(word, site)
                if follows and word in spelt_out:
                    terms = (*terms, *spelt_out[word])  # "2025 г." is also "2025 год"
                kind = analyser(word, site)
                if kind in ("ru", "en") and terms[0] != word:
                    snowball_forms[word].add(terms[0])
                if kind == "en":
                    for american in american_forms(word):
                        snowball_forms[american].add(terms[0])
                for term in terms:
                    counts = field_tf[term].setdefault(number, [0.0, 0.0, 0.0, 0.0])
                    counts[counted] += 1
    for entry in table:
        for lang in LANGS:
            for text in (*entry.names[lang], *entry.variants[lang]):
                for word in _phrase(text, lang):
                    slot = _slots(word, lang)[0]
                    if analyser(word, lang) in ("ru", "en") and slot != word and not word[0].isdigit():
                        snowball_forms[word].add(slot)
    template = _template_headings(docs)
    total = max(len(docs), 1)
    average = [max(sum(x[f] for x in lengths) / total, 1.0) for f in (0, 1, 2)]
    described = [x[3] for x in lengths if x[3]]  # a description is on a page's first entry only
    average.append(max(sum(described) / max(len(described), 1), 1.0))
    terms_sorted = sorted(field_tf)
    postings = []
    for term in terms_sorted:
        per_doc = field_tf[term]
        idf = math.log(1 + (total - len(per_doc) + 0.5) / (len(per_doc) + 0.5))
        row: list[int] = []
        previous = 0
        for number in sorted(per_doc):
            score = 0.0
            for field_no, boost in fields:
                if field_no == 0 and number in template:
                    boost = TEMPLATE_TITLE_BOOST
                tf = per_doc[number][field_no]
                if tf:
                    norm = 1 - BM25_B + BM25_B * lengths[number][field_no] / average[field_no]
                    score += boost * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
            weight = idf * score * docs[number].boost * WEIGHT_SCALE
            row += [number - previous, max(1, round(weight))]
            previous = number
        postings.append(row)
    groups, keys, prefixes = place_groups(places, site, terms_sorted)
    # The index terms of the words that say what kind of place a place is (KIND_OF_PLACE) and are by
    # themselves the name of a term of the terminology table (region, область, облыс; not Kazakhstan, a word
    # of three places' names and of the ministries' names): typed with a place's name, such a word says
    # which of the places sharing the name the reader means.
    named_terms = {_word_key(words[0]) for entry in table for lang in LANGS for name in entry.names[lang]
                   if len(words := _phrase(name, lang)) == 1}
    kinds = sorted({term for words in place_words.values() for word in words
                    if _word_key(word) in kinds_of_place & named_terms for term in _stems(word, site)}
                   & set(terms_sorted))
    endings = _endings(snowball_forms)
    return {
        "v": INDEX_VERSION,
        "lang": site,
        "rules": {
            "fold": FOLD,
            "groupSpaces": GROUP_SPACES,
            "kazakhLetters": KAZAKH_LETTERS,
            "chains": sorted(KAZAKH_CHAINS, key=lambda c: (len(c), c)),
            "minStem": KK_MIN_STEM,
            "kazakhFold": KAZAKH_FOLD,
            "kazakhFoldMin": KAZAKH_FOLD_MIN,
            "devoice": KK_DEVOICE,
            "endings": endings,
            "fleeting": [list(rule) for rule in RU_FLEETING],
            "ruVowels": RU_VOWELS,
            "ruConsonants": RU_CONSONANTS,
            "fleetingMinStem": RU_FLEETING_MIN_STEM,
        },
        "docs": [[d.location, d.title, d.text] for d in docs],
        "terms": terms_sorted,
        "postings": postings,
        "places": {"groups": groups, "keys": dict(sorted(keys.items())),
                   "prefixes": [list(p) for p in prefixes], "kinds": kinds},
        "synonyms": synonym_rules(table, site, terms_sorted, endings),
    }
