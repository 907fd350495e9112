"""Kazakh endings by rule: vowel harmony and consonant assimilation.

A Kazakh case or possessive ending depends on the last syllable of the word it follows: back or front
vowel (harmony) and how the word ends (vowel; sonorant л р й у; nasal м н ң; voiced ж з; voiceless).
A number written in digits takes the ending its LAST SPOKEN WORD takes: 2 426 is read "екі мың төрт
жүз жиырма алты", so 2 426 takes the endings of "алты" (2 426-сы, 2 426-ның). No library covers this
(Babel and ICU format numbers but do not inflect them), hence our own code, kept to these rules.

Cases: nom (атау), gen (ілік), dat (барыс), acc (табыс), loc (жатыс), abl (шығыс), ins (көмектес).
"""

from __future__ import annotations

from decimal import Decimal

CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")

BACK_VOWELS = frozenset("аоұыяё")
FRONT_VOWELS = frozenset("әеөүіэ")
# и, у and ю are written for both back and front words: they do not decide harmony.
VOWELS = frozenset("аәеёиоөұүыіэюя")
SONORANTS = frozenset("лрйу")
NASALS = frozenset("мнң")
VOICED = frozenset("жз")

# Ending by case and by how the word ends: (after a back word, after a front word).
_ENDINGS: dict[str, dict[str, tuple[str, str]]] = {
    "gen": {"vowel": ("ның", "нің"), "nasal": ("ның", "нің"), "sonorant": ("дың", "дің"),
            "voiced": ("дың", "дің"), "voiceless": ("тың", "тің")},
    "acc": {"vowel": ("ны", "ні"), "nasal": ("ды", "ді"), "sonorant": ("ды", "ді"),
            "voiced": ("ды", "ді"), "voiceless": ("ты", "ті")},
    "dat": {"vowel": ("ға", "ге"), "nasal": ("ға", "ге"), "sonorant": ("ға", "ге"),
            "voiced": ("ға", "ге"), "voiceless": ("қа", "ке")},
    "loc": {"vowel": ("да", "де"), "nasal": ("да", "де"), "sonorant": ("да", "де"),
            "voiced": ("да", "де"), "voiceless": ("та", "те")},
    "abl": {"vowel": ("дан", "ден"), "nasal": ("нан", "нен"), "sonorant": ("дан", "ден"),
            "voiced": ("дан", "ден"), "voiceless": ("тан", "тен")},
    "ins": {"vowel": ("мен", "мен"), "nasal": ("мен", "мен"), "sonorant": ("мен", "мен"),
            "voiced": ("бен", "бен"), "voiceless": ("пен", "пен")},
    "plural": {"vowel": ("лар", "лер"), "nasal": ("дар", "дер"), "sonorant": ("лар", "лер"),
               "voiced": ("дар", "дер"), "voiceless": ("тар", "тер")},
}
# л ends like the nasals and voiced consonants before the plural ending (жыл → жылдар), like the other
# sonorants before every case ending (жылдың, жылға).
_PLURAL_AFTER_L = ("дар", "дер")
# The 3rd-person possessive: -сы/-сі after a vowel, -ы/-і after a consonant.
_POSSESSIVE = {"vowel": ("сы", "сі"), "consonant": ("ы", "і")}
# After a possessive ending the case endings take the pronominal n (оның үйі-нің, үйі-не, үйі-н …).
_AFTER_POSSESSIVE: dict[str, tuple[str, str]] = {
    "nom": ("", ""), "gen": ("ның", "нің"), "acc": ("н", "н"), "dat": ("на", "не"),
    "loc": ("нда", "нде"), "abl": ("нан", "нен"), "ins": ("мен", "мен"),
}
# A final voiceless stop is voiced before a vowel: мектеп → мектебі, тілек → тілегі, қырық → қырығы.
_VOICING = {"п": "б", "к": "г", "қ": "ғ"}

# Number words. Only the last spoken word of a number decides its ending.
ONES = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
HUNDRED = "жүз"
SCALES = ("мың", "миллион", "миллиард", "триллион")
PERCENT_WORD = "пайыз"


def _letters(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalpha())


def is_front(word: str) -> bool:
    """True when the word's last deciding vowel is front (ә е ө ү і э); back otherwise.

    A word whose last vowel is и, after it no other (министр, мониторинг, спутник, лимит, бит), is a
    loanword read with a front и: министрге, мониторингке, спутникке. In a Kazakh word и stands for ый
    or ій and a deciding vowel follows it (жиын, тиіс), or one before it decides (су, ту)."""
    letters = _letters(word)
    vowels = [ch for ch in letters if ch in VOWELS and ch not in "уюё"]
    if vowels and vowels[-1] == "и":
        return True
    for ch in reversed(letters):
        if ch in FRONT_VOWELS:
            return True
        if ch in BACK_VOWELS:
            return False
    return False


def ending_class(word: str) -> str:
    """How the word ends: 'vowel', 'sonorant', 'nasal', 'voiced' or 'voiceless'.

    ь and ъ (Russian loanwords) are skipped. A final у is the semivowel /w/ (елу → елуі, елудің).
    """
    letters = _letters(word).rstrip("ьъ")
    if not letters:
        raise ValueError(f"no letters to inflect in {word!r}")
    last = letters[-1]
    if last in SONORANTS:
        return "sonorant"
    if last in VOWELS:
        return "vowel"
    if last in NASALS:
        return "nasal"
    if last in VOICED:
        return "voiced"
    return "voiceless"


def kk_suffix(word: str, case: str = "nom", possessive: bool = False, *, after_possessive: bool = False) -> str:
    """The ending (no hyphen) that `word` takes in `case`, with the 3rd-person possessive first if asked.

    `after_possessive=True`: the word already ends in a possessive ending (министрлігі, орны), so the
    case ending takes the pronominal n (министрлігінің). Raises ValueError for an unknown case.
    """
    if case not in CASES:
        raise ValueError(f"unknown Kazakh case {case!r}; expected one of {CASES}")
    front = is_front(word)
    if possessive:
        kind = "vowel" if ending_class(word) == "vowel" else "consonant"
        poss = _POSSESSIVE[kind][front]
        return poss + _AFTER_POSSESSIVE[case][front]
    if after_possessive:
        return _AFTER_POSSESSIVE[case][front]
    if case == "nom":
        return ""
    return _ENDINGS[case][ending_class(word)][front]


def kk_plural_suffix(word: str) -> str:
    """-лар/-лер, -дар/-дер or -тар/-тер, by the word's last sound and harmony."""
    front = is_front(word)
    if _letters(word).rstrip("ьъ").endswith("л"):
        return _PLURAL_AFTER_L[front]
    return _ENDINGS["plural"][ending_class(word)][front]


# How a capital consonant is read at the end of an abbreviation read letter by letter (ОАМ "о-а-эм",
# ТжКБ "тэ-жэ-ка-бэ"): the ending follows the letter's name (ОАМ-ге, ІІМ-нің, ТжКБ-ге, ЖБО-ға).
LETTER_NAMES = {"Б": "бэ", "В": "вэ", "Г": "гэ", "Ғ": "ғы", "Д": "дэ", "Ж": "жэ", "З": "зэ", "Й": "ий", "К": "ка",
                "Қ": "қы", "Л": "эл", "М": "эм", "Н": "эн", "Ң": "ың", "П": "пэ", "Р": "эр", "С": "эс", "Т": "тэ",
                "Ф": "эф", "Х": "ха", "Һ": "һа", "Ц": "цэ", "Ч": "че", "Ш": "ша", "Щ": "ща",
                # A Latin abbreviation is read by the English names of its letters (CSV "си-эс-ви", PDF
                # "пи-ди-эф"): CSV-ге, CSV-сі, PDF-ке, PDF-і, XLSX-тің.
                "A": "эй", "B": "би", "C": "си", "D": "ди", "E": "и", "F": "эф", "G": "джи", "H": "эйч", "I": "ай",
                "J": "джей", "K": "кей", "L": "эл", "M": "эм", "N": "эн", "O": "оу", "P": "пи", "Q": "кью",
                "R": "ар", "S": "эс", "T": "ти", "U": "ю", "V": "ви", "W": "дабл-ю", "X": "экс", "Y": "уай",
                "Z": "зед"}


# A Latin word with a vowel (Data, Excel) is read as a word, not letter by letter.
LATIN_VOWELS = frozenset("aeiouy")


def is_abbreviation(word: str) -> bool:
    """An abbreviation or a unit's symbol, which takes its ending after a hyphen (ЖБО-ға, Мбит/с-тен): two
    capital letters or more, a slash, or no vowel letter at all."""
    letters = _letters(word)
    return (sum(ch.isupper() for ch in word) >= 2 or "/" in word
            or (bool(letters) and not any(ch in VOWELS or ch == "у" or ch in LATIN_VOWELS for ch in letters)))


def as_read(word: str) -> str:
    """The word as its ending hears it: an abbreviation ending in a capital consonant by that letter's
    name (ОАМ → ОАэм), anything else as written."""
    if is_abbreviation(word) and word[-1:] in LETTER_NAMES:
        return word[:-1] + LETTER_NAMES[word[-1]]
    return word


def kk_attach(word: str, case: str = "nom", possessive: bool = False, *, after_possessive: bool = False) -> str:
    """The word with its ending written on: ұйым + gen → ұйымның; мектеп + poss → мектебі.

    In a phrase only the last word takes the ending ("жоғары оқу орны" → "жоғары оқу орнының").
    """
    head, _, last = word.rpartition(" ")
    suffix = kk_suffix(as_read(last), case, possessive, after_possessive=after_possessive)
    stem = last
    if suffix and is_abbreviation(last):  # ЖБО-ға, ОАМ-ның, Мбит/с-тен: the ending after a hyphen
        return (head + " " if head else "") + stem + "-" + suffix
    if suffix[:1] in VOWELS and stem[-1:] in _VOICING:
        stem = stem[:-1] + _VOICING[stem[-1]]
    return (head + " " if head else "") + stem + suffix


def kk_plural(word: str, case: str = "nom") -> str:
    """The plural, then the case ending: ұйым → ұйымдар, ұйымдардың; мектеп → мектептер."""
    head, _, last = word.rpartition(" ")
    plural = last + kk_plural_suffix(last)
    return (head + " " if head else "") + kk_attach(plural, case)


# The ordinal ending (реттік сан есім): -ыншы/-інші after a consonant, -ншы/-нші after a vowel (бірінші,
# екінші, алтыншы, қырқыншы). After digits it is written short, the hyphen standing for the linking
# sounds: 1-ші, 6-шы, 40-шы (the form of `ORDINAL_SHORT`); the full forms are read as right too.
ORDINAL_SHORT = ("шы", "ші")
_ORDINAL_FULL = {"vowel": ("ншы", "нші"), "consonant": ("ыншы", "інші")}


def ordinal_suffixes(word: str) -> tuple[str, str]:
    """The ordinal endings (short, full) that a number ending in `word` takes: бір → ('ші', 'інші'),
    алты → ('шы', 'ншы'), қырық → ('шы', 'ыншы'), елу → ('ші', 'інші')."""
    front = is_front(word)
    kind = "vowel" if ending_class(word) == "vowel" else "consonant"
    return ORDINAL_SHORT[front], _ORDINAL_FULL[kind][front]


def integer_last_word(n: int) -> str:
    """The last word of a whole number read aloud: 2426 → алты, 40 → қырық, 300 → жүз, 2000 → мың."""
    n = abs(n)
    if n == 0:
        return ONES[0]
    if n % 10:
        return ONES[n % 10]
    if n // 10 % 10:
        return TENS[n // 10 % 10]
    if n // 100 % 10:
        return HUNDRED
    n //= 1000
    for scale in SCALES:
        if n % 1000:
            return scale
        n //= 1000
    raise ValueError("number too large to read")


def last_spoken_word(whole: int, fraction_digits: str = "", percent: bool = False) -> str:
    """The last word of a number as read aloud in Kazakh.

    A decimal is read "он екі бүтін оннан бес" (12,5): its last word is that of the fraction's digits
    as a whole number (59,9 → тоғыз; 0,25 → бес; 3,50 → елу). A percent ends in "пайыз".
    """
    if percent:
        return PERCENT_WORD
    if fraction_digits:
        return integer_last_word(int(fraction_digits))
    return integer_last_word(whole)


def split_decimal(value: Decimal) -> tuple[int, str]:
    """(whole part, fraction digits as written) of a rounded Decimal: 59.90 → (59, '90')."""
    _sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits))
    if not isinstance(exponent, int) or exponent >= 0:
        return int(value), ""
    text = text.rjust(-exponent + 1, "0")
    return int(text[:exponent]), text[exponent:]
