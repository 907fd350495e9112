"""Search rules (sitegen/search.py) and the engine of the search worker that applies them
(search-engine.js, run by Node).

The engine holds no rule of its own: these tests check that, given an index, it reads a text and a
query exactly as Python does, on small texts here and on every word of the built site.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.search import (
    EARLIER_BOOST,
    EARLIER_CLASS,
    KAZAKH_FOLD,
    RU_NOMINAL_ENDINGS,
    SEPARATOR,
    Doc,
    american_forms,
    build_index,
    extract_sections,
    fold_kazakh,
    kazakh_adjective_stems,
    kazakh_stems,
    page_docs,
    place_groups,
    read_places,
    read_terms,
    russian_adjective_stem,
    russian_fleeting_stems,
    stems,
    synonym_rules,
    tokenize,
    with_named_variants,
)
from tests.site.test_search import top

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "site" / "assets" / "javascripts" / "search-engine.js"
REFERENCE = ROOT / "data" / "reference"
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}


def words(text: str, numbers: str | None = "ru") -> list[str]:
    return [t.forms[0] for t in tokenize(text, numbers)]


# --- Text of the pages ----------------------------------------------------------------------------

def test_table_cells_and_list_items_are_separate_words():
    html = ('<p>Intro</p><table><thead><tr><th>Доля</th><th>Тип</th><th>Число</th></tr></thead>'
            '<tbody><tr><td>59,9\u00a0%</td><td>Школы</td><td>100</td></tr></tbody></table>'
            '<ul><li>Детские сады</li><li>Колледжи</li></ul><p>a<br>b</p>')
    [section] = extract_sections(html, "T")
    assert words(section.text) == ["intro", "доля", "тип", "число", "59.9", "школы", "100", "детские", "сады",
                                   "колледжи", "a", "b"]
    assert f"%{SEPARATOR}Школы{SEPARATOR}100" in section.text  # shown with the cells apart, not "%Школы100"


def test_sections_excluded_blocks_and_titles():
    html = ('<h1 id="t">Page</h1><p>start</p><h2 id="one">First <em>part</em></h2><p>alpha</p>'
            '<figure data-search-exclude><svg><text>chart</text></svg><figcaption>x</figcaption></figure>'
            '<form hidden><label>filter</label></form><div data-search-exclude><div><p>deep</p></div></div>'
            '<h3 id="two">Second</h3><p>beta &lt;b&gt;</p><!-- bd-deferred 0123 -->')
    sections = extract_sections(html, "Page &amp; title")
    assert [(s.anchor, s.title, s.text) for s in sections] == [
        ("", "Page & title", "start"), ("one", "First part", "alpha"), ("two", "Second", "beta <b>")]



def test_a_page_is_found_by_what_its_description_says_it_holds():
    """The page's description (front matter) is indexed with its first entry, not its sections, and not
    shown: a reader's word for what a page holds ("contradictions") finds the page whose table and lists
    never say it, ahead of a page that only mentions the word."""
    overview = page_docs("quality/", "Data quality", '<p>Kind</p><h2 id="kinds">Kinds</h2><p>Flag</p>',
                         in_nav=True, description="Contradictions, errors and corrections in the documents.")
    assert [d.description for d in overview] == ["Contradictions, errors and corrections in the documents.", ""]
    assert all("ontradiction" not in d.text for d in overview)
    docs = [*overview, Doc("", "Home", "Open data. Contradictions are flagged, never hidden, and so on and on."),
            Doc("about/", "About", "How the figures were checked.")]
    index = build_index(docs, "en", read_places(REFERENCE))
    assert all("ontradiction" not in text for _, _, text in index["docs"][:2])
    assert first_pages(index, ["contradictions", "contradiction"]) == {
        "contradictions": ["quality/", ""], "contradiction": ["quality/", ""]}

# --- Numbers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "numbers", "forms"), [
    ("5 985", "ru", [("5985",)]),
    ("5\u00a0985", "kk", [("5985",)]),
    ("5\u202f985", "ru", [("5985",)]),
    ("5,985", "en", [("5985",)]),
    ("1,234,567.50", "en", [("1234567.5",)]),
    ("12 345,0", "ru", [("12345",)]),
    ("59,9 %", "ru", [("59.9",)]),
    ("59.9%", "en", [("59.9",)]),
    ("5,985", "ru", [("5.985",)]),
    ("5,985", None, [("5.985", "5985")]),  # typed in a query: either
    ("5 985", None, [("5985",)]),
    ("59,9", None, [("59.9",)]),
    ("2023 2029", "ru", [("2023",), ("2029",)]),  # a four-digit number is not a first group
    ("1 911 из 2 621", "ru", [("1911",), ("из",), ("2621",)]),
    ("2023-Q1", "en", [("2023",), ("q1",)]),
    ("22.11.2026", "ru", [("22.11",), ("2026",)]),
])
def test_numbers_are_one_token_whatever_their_separators(text, numbers, forms):
    assert [t.forms for t in tokenize(text, numbers)] == forms


def test_words_are_folded_and_kazakh_endings_after_a_hyphen_dropped():
    assert words("Qaraǵandy Ustʹ-Kamenogorsk Ёлка ҚАРАҒАНДЫ") == ["qaragandy", "ust", "kamenogorsk", "елка",
                                                                 "қарағанды"]
    assert words("Бейнебақылау ЖБО-ға қосылған, 134-ның 105-і") == ["бейнебақылау", "жбо", "қосылған", "134",
                                                                   "105"]
    assert words("Северо-Казахстанская") == ["северо", "казахстанская"]  # not an ending: a word


# --- Kazakh -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("form", "stem"), [
    ("мектептерде", "мектеп"),         # plural + locative, front vowels, т after п
    ("мектептердің", "мектеп"),        # plural + genitive
    ("мектебі", "мектеп"),             # possessive; п voiced to б before a vowel
    ("мектебінде", "мектеп"),          # possessive + locative after it (-нде)
    ("балабақшалардың", "балабақша"),  # plural after a vowel (-лар) + genitive
    ("балабақшаға", "балабақша"),      # dative after a vowel
    ("Қарағандыда", "қарағанды"),      # locative, back vowels
    ("Шымкентте", "шымкент"),          # locative after т (-те)
    ("Алматыдан", "алматы"),           # ablative
    ("облысы", "облыс"),               # possessive after a consonant (-ы) ...
    ("сапасы", "сапа"),                # ... and after a vowel (-сы)
    ("облысында", "облыс"),
    ("облыстағы", "облыс"),            # attributive locative
    ("түймелері", "түйме"),            # plural + possessive
    ("колледждер", "колледж"),         # a loanword: plural after ж (-дер)
    ("турникеттерінің", "турникет"),
    ("жылғы", "жыл"),                  # attributive of time
    ("балаларымыздың", "бала"),        # plural + first person plural + genitive
    ("үйлер", "үй"),                   # after й: -лер
    ("қаламен", "қала"),               # instrumental
])
def test_kazakh_endings_are_stripped(form, stem):
    assert stem in kazakh_stems(form.lower())


@pytest.mark.parametrize(("form", "wrong"), [
    ("мектептар", "мектеп"),  # back-vowel ending on a front-vowel stem
    ("мектепдер", "мектеп"),  # д after a voiceless п
    ("қаладе", "қала"),       # front ending on a back stem
    ("ел", "е"),              # a stem keeps at least two letters
])
def test_kazakh_endings_that_break_harmony_or_assimilation_stay(form, wrong):
    assert wrong not in kazakh_stems(form)


def test_a_word_keeps_its_own_form_and_stems_follow_the_script():
    assert kazakh_stems("облыс")[0] == "облыс"
    assert stems("школам", "ru") == ["школ"]
    assert stems("школам", "en") == ["школ"]  # Cyrillic on the English site: Russian
    assert stems("kindergartens", "kk") == ["kindergarten"]  # Latin anywhere: English
    assert "мектеп" in stems("мектептерінде", "ru")  # a Kazakh letter (і): Kazakh rules on any site


# --- Kazakh typed on a Russian keyboard, Russian fleeting vowels ---------------------------------------

def test_kazakh_letters_fold_to_what_a_russian_keyboard_types():
    assert fold_kazakh("қауіпсіздік") == "кауипсиздик"
    assert fold_kazakh("өңірлер") == fold_kazakh("онiрлер") == "онирлер"  # і typed as Latin i
    assert fold_kazakh("әғқңөұүһі") == "агкноуухи"
    assert set(KAZAKH_FOLD) >= set("әғқңөұүһі")
    assert fold_kazakh("cctv") == "cctv" and fold_kazakh("istanbul") == "istanbul"  # Latin words stay


@pytest.mark.parametrize(("other_form", "fleeting_form"), [
    ("кнопка", "кнопок"), ("проверки", "проверок"), ("ошибка", "ошибок"), ("девушка", "девушек"),
    ("ложка", "ложек"), ("копейка", "копеек"), ("письмо", "писем"), ("сестра", "сестер"), ("окно", "окон"),
    ("спальня", "спален"), ("куска", "кусок"),
])
def test_a_fleeting_vowel_leads_to_the_stem_of_the_other_forms(other_form, fleeting_form):
    """The stem Snowball gives a form with an ending is among the stems of the form without one."""
    assert stems(other_form, "ru")[0] in russian_fleeting_stems(fleeting_form)


def test_a_word_without_a_fleeting_vowel_has_no_such_stem():
    assert russian_fleeting_stems("школа") == []  # a vowel at the end
    assert russian_fleeting_stems("мост") == []   # two consonants at the end
    assert russian_fleeting_stems("сон") == []    # the stem would keep two letters


# --- Place names --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def places():
    return read_places(REFERENCE)


def group_of(groups: tuple, word: str) -> int:
    return groups[1][word]


def test_every_name_of_a_place_selects_its_group(places):
    groups = place_groups(places, "ru", ["караганд", "карагандинск", "алмат", "алматинск", "темирта"])
    karaganda = group_of(groups, "караганда")
    for name in ["карагандинская", "қарағанды", "karaganda", "qaraghandy", "karagandy"]:
        assert group_of(groups, name) == karaganda, name
    assert {"караганд", "карагандинск"} <= set(groups[0][karaganda])
    assert ["карагандинск", karaganda] in [list(p) for p in groups[2]]  # the adjective, in any case
    # The city and the region of Almaty share the name; Temirtau is a city of its own.
    assert group_of(groups, "almaty") == group_of(groups, "алматинская") == group_of(groups, "алматы")
    assert group_of(groups, "temirtau") != karaganda
    # Abbreviations of the alias table.
    assert group_of(groups, "вко") == group_of(groups, "восточно") == group_of(groups, "шқо")


@pytest.mark.parametrize(("spelling", "name"), [
    ("qaragandy", "караганда"),  # 2021: Qarağandy (marks folded)
    ("taldyqorgan", "талдыкорган"),  # 2021: Taldyqorğan
    ("atyray", "атырау"),  # 2018: Atyraý
    ("mangystay", "маңғыстау"),  # 2018: Manǵystaý
    ("jezqazgan", "жезказган"),  # Jezqazǵan
])
def test_kazakh_latin_alphabets_select_their_place(places, spelling, name):
    """Place names in Kazakh's own Latin alphabets (2018, 2021), as the press and signs print them."""
    groups = place_groups(places, "en", [])
    assert group_of(groups, spelling) == group_of(groups, name)

def test_press_spellings_and_former_names_select_their_place(places):
    groups = place_groups(places, "ru", [])
    # Жетысу: the press's spelling of Жетісу, and its Latin spelling.
    assert group_of(groups, "жетысу") == group_of(groups, "zhetysu") == group_of(groups, "жетісу")
    # Нур-Султан: the name of Astana from 2019 to 2022 (document 002 prints it), in each language.
    astana = group_of(groups, "астана")
    assert {group_of(groups, w) for w in ["нур", "султан", "нұр", "сұлтан", "nur", "sultan"]} == {astana}
    # Капшагай: the name of Қонаев until 2022.
    assert group_of(groups, "капшагай") == group_of(groups, "қапшағай") == group_of(groups, "konaev")
    assert ["жетысуск", group_of(groups, "жетысу")] in [list(p) for p in groups[2]]  # Жетысуская, any case


def test_a_hyphenated_name_typed_as_one_word_selects_its_place(places):
    groups = place_groups(places, "en", [])
    assert group_of(groups, "nursultan") == group_of(groups, "нурсултан") == group_of(groups, "astana")
    assert group_of(groups, "ustkamenogorsk") == group_of(groups, "устькаменогорск") == group_of(groups, "oskemen")
    assert group_of(groups, "алмаата") == group_of(groups, "almaty")


@pytest.mark.parametrize(("name", "stem"), [
    ("Шымкент", "шымкентск"), ("Астана", "астанинск"), ("Алматы", "алматинск"), ("Караганда", "карагандинск"),
    ("Уральск", "уральск"), ("Семей", "семейск"), ("Актау", "актауск"), ("Сатпаев", "сатпаевск"),
    ("Актобе", None), ("Рудный", None), ("Нур-Султан", "нур-султанск"), ("Усть Каменогорск", None),
])
def test_a_city_s_russian_adjective_stem_follows_the_rule(name, stem):
    assert russian_adjective_stem(name) == stem


@pytest.mark.parametrize(("name", "stems"), [
    ("Алматы облысы", ["алматылық"]), ("Астана", ["астаналық"]), ("Ақтөбе облысы", ["ақтөбелік"]),
    ("Шымкент", ["шымкенттік"]), ("Тараз", ["тараздық"]), ("Орал", ["оралдық"]), ("Семей", ["семейлік"]),
    ("Павлодар", ["павлодарлық"]), ("Шығыс Қазақстан облысы", ["шығысқазақстандық"]),
    ("Жетісу облысы", ["жетісулық", "жетісулік"]), ("Almaty", []),
])
def test_a_place_s_kazakh_adjective_follows_harmony_and_assimilation(name, stems):
    assert kazakh_adjective_stems(name) == stems


def test_a_russian_adjective_of_a_city_selects_its_place(places):
    # "шымкентские школы": a prefix rule of the city's place, as the regions' declared stems are; the
    # stem the city and its region share (карагандинск) names their group.
    groups, _, prefixes = place_groups(places, "ru", [])
    by_prefix = dict(prefixes)
    for stem, name in (("шымкентск", "шымкент"), ("астанинск", "астана"), ("карагандинск", "караганда"),
                       ("уральск", "уральск")):
        assert by_prefix.get(stem) == group_of((groups, _, prefixes), name), stem


def test_words_for_the_kind_of_place_name_no_place(places):
    keys = place_groups(places, "kk", [])[1]
    for word in ["облысы", "облыс", "область", "region", "қ", "ққ", "г", "және", "kazakhstan", "қазақстан"]:
        assert word not in keys, word


def test_a_city_group_alias_without_its_group_is_refused(tmp_path):
    for name in ("regions.csv", "large_cities.csv", "name_aliases.csv"):
        shutil.copy(REFERENCE / name, tmp_path / name)
    with (tmp_path / "name_aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("Нет такого,city_group,nowhere,exact,ru,\n")
    with pytest.raises(KeyError, match=r"name_aliases.csv, line \d+: city group .nowhere. names no group"):
        read_places(tmp_path)


# --- Terms in other words ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def table():
    return read_terms(REFERENCE)


def test_a_term_is_found_by_its_names_in_other_languages_and_its_variants(table):
    rules = synonym_rules(table, "en", ["cctv", "licens", "secur", "turnstil"])
    named = {tuple(slots): numbers for slots, numbers in rules["phrases"]}
    cctv = rules["terms"].index([["cctv"]])
    guards = rules["terms"].index([["licens", "secur"]])
    assert cctv in named[("видеонаблюден",)]        # the Russian name (Snowball stem)
    assert cctv in named[("бейнебақылау",)]          # the Kazakh name
    assert cctv in named[("video", "surveil")]       # variants readers search for
    assert guards in named[("guard",)]
    assert ("cctv",) not in named                    # the site's own name is found as written
    assert [["school"]] not in rules["terms"]        # a term the site does not use: no entry holds it


# --- The worker reads as Python does ------------------------------------------------------------------

NODE_PROGRAM = r"""
const {Engine} = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const [name, job] of Object.entries(input)) {
  const index = job.index || JSON.parse(require("fs").readFileSync(job.path, "utf8"));
  const engine = new Engine(index);
  const rules = engine.rules;
  out[name] = {
    tokens: (job.texts || []).map(t => rules.tokenize(t, job.numbers === undefined ? index.lang : job.numbers)
      .map(x => x.forms)),
    forms: (job.words || []).map(w => {
      const found = [];
      rules.forms(w, index.lang, false, t => engine.termIds.has(t), t => found.push(t));
      return found;
    }),
    folds: (job.folds || []).map(w => rules.foldKazakh(w)),
    fleeting: (job.folds || []).map(w => rules.fleetingStems(w)),
    results: (job.queries || []).map(q => engine.search(q).items.map(g => g.map(i => i.location))),
    texts: (job.queries || []).map(q => engine.search(q).items.map(g => g[0].title + " " + g[0].text)),
    scores: (job.queries || []).map(q => engine.search(q).items.map(g => Math.max(...g.map(i => i.score)))),
  };
}
process.stdout.write(JSON.stringify(out));
"""


def run_worker(jobs: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make test installs it)")
    done = subprocess.run([node, "-e", NODE_PROGRAM, str(ENGINE)], input=json.dumps(jobs), capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


DOCS = [
    Doc("", "Басты бет", "Мектептерде бейнебақылау: 5\u00a0985 · 59,9 %"),
    Doc("regions/kz-35/", "Қарағанды облысы", "Балабақшалар · мектебі · ЖБО-ға қосылған"),
    Doc("regions/kz-35/#city", "Ірі қала", "Қарағанды және Теміртау ққ."),
    Doc("regions/kz-75/", "Алматы", "Алматы қ. · колледждер"),
]
TEXTS = ["5 985 из 9 986", "59,9 %", "ЖБО-ға қосылған", "Qaraǵandy Ustʹ-Kamenogorsk Ёлка", "1,911 of 2,621",
         "%·Школы·100", "2023-Q1", "Қарағандыда", "e\u0301cole", "5,985"]


def test_worker_tokenizes_as_python_does():
    jobs = {f"{lang}-{numbers}": {"index": build_index(DOCS, lang, read_places(REFERENCE)), "texts": TEXTS,
                                  "numbers": numbers}
            for lang in ("kk", "en") for numbers in (lang, None)}
    out = run_worker(jobs)
    for name, job in jobs.items():
        expected = [[list(t.forms) for t in tokenize(text, job["numbers"])] for text in TEXTS]
        assert out[name]["tokens"] == expected, name


def test_worker_finds_kazakh_forms_places_and_figures_in_a_small_index():
    index = build_index(DOCS, "kk", read_places(REFERENCE))
    queries = ["мектептердің", "балабақшада", "Karagandy", "Карагандинской", "5985", "59,9", "Алматыда", "ЖБО",
               "мектеп", "Қараған"]
    out = run_worker({"kk": {"index": index, "queries": queries}})["kk"]["results"]
    first = {q: [group[0] for group in found] for q, found in zip(queries, out, strict=True)}
    assert first["мектептердің"][0] == ""
    assert first["балабақшада"] == ["regions/kz-35/"]
    assert first["Karagandy"][0] == "regions/kz-35/"
    assert first["Карагандинской"][0] == "regions/kz-35/"
    assert first["5985"] == [""] and first["59,9"] == [""]
    assert first["Алматыда"][0] == "regions/kz-75/"
    assert first["ЖБО"] == ["regions/kz-35/"]
    assert "regions/kz-35/" in first["мектеп"]  # мектебі
    assert first["Қараған"][0] == "regions/kz-35/"  # the beginning, while typing


def first_pages(index: dict, queries: list[str]) -> dict[str, list[str]]:
    out = run_worker({"job": {"index": index, "queries": queries}})["job"]["results"]
    return {q: [group[0] for group in found] for q, found in zip(queries, out, strict=True)}


KK_DOCS = [
    Doc("coverage/", "Қамту", "Бейнебақылау · Лицензияланған күзет · Турникеттер · Дабыл түймелері"),
    Doc("coverage/#safety", "Қауіпсіздік", "Балабақшалардың қауіпсіздігі"),
    Doc("regions/", "Өңірлер", "Облыстар мен қалалар"),
    Doc("regions/kz-61/", "Түркістан облысы", "Түркістан қ."),
    Doc("regions/kz-47/", "Маңғыстау облысы", "Ақтау және Жаңаөзен ққ."),
    Doc("regions/kz-55/", "Павлодар облысы", "Павлодар және Екібастұз ққ."),
    Doc("regions/kz-63/", "Шығыс Қазақстан облысы", "Өскемен қ."),
    Doc("regions/kz-33/", "Жетісу облысы", "Талдықорған қ."),
    Doc("regions/kz-71/", "Астана", "Астана қ."),
    Doc("regions/kz-19/", "Алматы облысы", "Қонаев қ."),
]


def test_kazakh_typed_on_a_russian_keyboard_finds_what_its_kazakh_letters_find(places, table):
    for site in ("kk", "ru", "en"):  # a Kazakh word may be on any language's site
        index = build_index(KK_DOCS, site, places, table)
        typed = {"бейнебакылау": "coverage/", "кузет": "coverage/", "балабакша": "coverage/#safety",
                 "балабакшалардын": "coverage/#safety", "кауипсиздик": "coverage/#safety",
                 "кауiпсiздiгi": "coverage/#safety", "онирлер": "regions/", "онiрлер": "regions/",
                 "Туркістан": "regions/kz-61/", "Мангыстау": "regions/kz-47/", "Оскемен": "regions/kz-63/",
                 "Екибастуз": "regions/kz-55/", "Оскеменде": "regions/kz-63/",
                 "балабак": "coverage/#safety", "кауипсиз": "coverage/#safety"}  # the last two while typed
        first = first_pages(index, list(typed))
        for query, page in typed.items():
            assert first[query][:1] == [page], (site, query, first[query])


def test_a_kazakh_ending_typed_without_its_kazakh_letter_finds_a_stem_that_has_none(places, table):
    """«Мектептері», «колледждері» typed on a Russian keyboard ("мектептери", "колледждерi" with a Latin i):
    the stem has no Kazakh letter, its ending has one; the word finds what «мектептері» finds, the pages
    saying «мектеп», «мектептер»."""
    docs = [Doc("", "Басты бет", "Ашық деректер · мектептері"),
            Doc("schools/", "Мектеп", "Мектептер · мектеп · мектептерде"),
            Doc("colleges/", "Колледж", "Колледждер · колледж")]
    index = build_index(docs, "kk", places, table)
    typed = {"мектептері": "schools/", "мектептери": "schools/", "мектептерi": "schools/",
             "колледждері": "colleges/", "колледждери": "colleges/", "колледждерi": "colleges/"}
    first = first_pages(index, list(typed))
    assert {q: first[q][:1] for q in typed} == {q: [page] for q, page in typed.items()}


def test_a_word_is_matched_as_written_before_it_is_matched_folded(places, table):
    docs = [Doc("a/", "Қара", "Қара жол"), Doc("b/", "Кара", "Кара за нарушения"),
            Doc("c/", "Тұр", "Бала тұр"), Doc("d/", "Тур", "Второй тур конкурса")]
    for site in ("kk", "ru", "en"):
        index = build_index(docs, site, places, table)
        first = first_pages(index, ["кара", "қара", "нарушения", "тур"])
        # The Russian word first; the Kazakh word it may be, typed on a Russian keyboard, after it.
        assert first["кара"] == ["b/", "a/"], site
        # A word with its Kazakh letters, and a Russian word no Kazakh word folds to, as written only.
        assert first["қара"] == ["a/"] and first["нарушения"] == ["b/"], site
        # A word of three letters (an abbreviation such as ШҚО) names too many words folded: as written only.
        assert first["тур"] == ["d/"], site


def test_russian_plurals_with_a_fleeting_vowel_find_the_other_forms(places, table):
    docs = [Doc("buttons/", "Тревожные кнопки", "Школы с тревожными кнопками"),
            Doc("checks/", "Проверки", "Итоги проверки · ошибки в списках · девушки"),
            Doc("other/", "Совет", "Советы школам")]
    for site in ("ru", "en"):
        index = build_index(docs, site, places, table)
        first = first_pages(index, ["кнопок", "проверок", "ошибок", "тревожных кнопок", "девушек"])
        assert first == {"кнопок": ["buttons/"], "проверок": ["checks/"], "ошибок": ["checks/"],
                         "тревожных кнопок": ["buttons/"], "девушек": ["checks/"]}, site


TERM_DOCS = {
    "en": [Doc("coverage/", "Coverage", "CCTV · Licensed security · Turnstiles · Alarm buttons"),
           Doc("quality/", "Quality", "Schools and kindergartens checked")],
    "ru": [Doc("coverage/", "Охват", "Видеонаблюдение · Лицензированная охрана · Турникеты · Тревожные кнопки"),
           Doc("quality/", "Качество", "Школы и детские сады")],
    "kk": [Doc("coverage/", "Қамту", "Бейнебақылау · Лицензияланған күзет · Турникеттер · Дабыл түймелері"),
           Doc("quality/", "Сапа", "Мектептер мен балабақшалар")],
}


@pytest.mark.parametrize(("site", "query"), [
    ("en", "guard"), ("en", "guards"), ("en", "security guards"), ("en", "video surveillance"), ("en", "cameras"),
    ("en", "видеонаблюдение"), ("en", "видеонаблюдения"), ("en", "бейнебақылау"), ("en", "бейнебакылау"),
    ("en", "турникетов"), ("en", "лицензияланған күзет"), ("en", "лицензияланган кузет"),
    ("ru", "CCTV"), ("ru", "turnstiles"), ("ru", "guards"), ("ru", "бейнебақылау"), ("ru", "licensed security"),
    ("ru", "охранники"),
    ("kk", "видеонаблюдение"), ("kk", "видеонаблюдения"), ("kk", "CCTV"), ("kk", "turnstiles"),
    ("kk", "лицензированная охрана"), ("kk", "тревожных кнопок"), ("kk", "guards"),
])
def test_a_term_named_in_another_language_or_a_variant_finds_the_pages_using_it(places, table, site, query):
    index = build_index(TERM_DOCS[site], site, places, table)
    out = run_worker({site: {"index": index, "queries": [query]}})[site]
    assert [group[0] for group in out["results"][0]] == ["coverage/"]
    assert "<mark>" in out["texts"][0][0]  # the page's own words are marked, in its language


PART_DOCS = {
    "en": [*TERM_DOCS["en"], Doc("monitoring/", "Monitoring", "Monitoring groups checked the schools")],
    "ru": [*TERM_DOCS["ru"], Doc("monitoring/", "Мониторинг", "Мониторинговые группы проверили школы")],
    "kk": [*TERM_DOCS["kk"], Doc("monitoring/", "Мониторинг", "Мониторинг топтары мектептерді тексерді")],
}


def first_pages_and_scores(index: dict, queries: list[str]) -> dict[str, list[tuple[str, float]]]:
    out = run_worker({"job": {"index": index, "queries": queries}})["job"]
    return {q: [(group[0], score) for group, score in zip(found, scores, strict=True)]
            for q, found, scores in zip(queries, out["results"], out["scores"], strict=True)}


@pytest.mark.parametrize(("site", "word", "name"), [
    ("en", "охрана", "лицензированная охрана"), ("en", "күзет", "лицензияланған күзет"),
    ("en", "кнопки", "тревожные кнопки"), ("en", "түймелері", "дабыл түймелері"),
    ("en", "дабыл", "дабыл түймелері"), ("en", "мониторинговые", "мониторинговые группы"),
    ("ru", "күзет", "лицензияланған күзет"), ("ru", "alarm", "alarm buttons"), ("ru", "дабыл", "дабыл түймелері"),
    ("ru", "licensed", "licensed security"), ("ru", "panic", "panic buttons"),
    ("kk", "охрана", "лицензированная охрана"), ("kk", "кнопками", "тревожными кнопками"),
    ("kk", "alarm", "alarm buttons"), ("kk", "buttons", "alarm buttons"), ("kk", "licensed", "licensed security"),
    ("kk", "мониторинговых", "мониторинговых групп"),
])
def test_one_word_of_a_term_in_another_language_finds_its_pages_below_its_whole_name(places, table, site, word,
                                                                                      name):
    index = build_index(PART_DOCS[site], site, places, table)
    found = first_pages_and_scores(index, [word, name])
    page = "monitoring/" if "монитор" in name else "coverage/"
    assert [p for p, _ in found[word]] == [page], found[word]
    assert [p for p, _ in found[name]] == [page], found[name]
    # Each word of the whole name weighs more than the one word alone.
    assert found[name][0][1] / len(name.split()) > found[word][0][1], (found[word], found[name])


# Pages using terms whose names in other languages are descriptions or share words with other terms.
DESCRIBED = {
    "en": [Doc("internet/", "Internet", "Yearly funding for the required speed by satellite · "
                                        "State schools, total · State schools that held drills · "
                                        "Schools where a faster connection is technically possible")],
    "ru": [Doc("internet/", "Интернет", "Средства в год для нужной скорости через спутник · "
                                        "Организации образования, всего · Государственные школы, всего · "
                                        "Министерство цифрового развития · Школы без интернета")],
    "kk": [Doc("internet/", "Интернет", "Спутник арқылы қажетті жылдамдыққа жеткізуге қажет жылдық қаражат · "
                                        "Мемлекеттік мектептер, барлығы · Білім беру ұйымдары, барлығы · "
                                        "Қашықтан оқытуға бөлінген қаражат · Интернеті жоқ мектептер")],
}


@pytest.mark.parametrize(("site", "query"), [
    # Words of a description (a name of more than SYNONYM_PART_WORDS words) and words several terms share.
    ("en", "через"), ("en", "где"), ("en", "всего"), ("en", "государственные"), ("en", "учения"),
    ("en", "спутник"), ("en", "технически"),
    ("ru", "satellite"), ("ru", "total"), ("ru", "security"), ("ru", "арқылы"), ("ru", "және"), ("ru", "барлығы"),
    ("kk", "через"), ("kk", "total"), ("kk", "security"), ("kk", "state"), ("kk", "distance"), ("kk", "средства"),
    # Function words (FUNCTION_WORDS) of a name: "Schools without internet", «Школы без интернета».
    ("ru", "without"), ("kk", "without"), ("kk", "без"), ("en", "без"), ("en", "жоқ"),
])
def test_a_word_of_a_description_or_of_several_terms_names_no_term_alone(places, table, site, query):
    index = build_index(PART_DOCS[site] + DESCRIBED[site], site, places, table)
    assert first_pages(index, [query])[query] == []


# Several cases of several Russian terms, each typed as a reader types it; Snowball stems some of them
# otherwise than the table's forms (охрана → охра, охраной → охран).
RUSSIAN_CASES = {
    "coverage/": ["лицензированной охраны", "лицензированной охране", "лицензированную охрану",
                  "лицензированной охраной", "охраной", "охраны", "охране",
                  "тревожных кнопок", "тревожным кнопкам", "тревожными кнопками", "тревожных кнопках",
                  "видеонаблюдения", "видеонаблюдению", "видеонаблюдением", "видеонаблюдении",
                  "турникетов", "турникетам", "турникетами", "турникетах"],
    "monitoring/": ["мониторинговых групп", "мониторинговым группам", "мониторинговыми группами",
                    "мониторинговых группах", "мониторинговой группой"],
}


@pytest.mark.parametrize("site", ["kk", "en"])
def test_a_russian_term_in_any_case_finds_its_pages(places, table, site):
    index = build_index(PART_DOCS[site], site, places, table)
    queries = [q for qs in RUSSIAN_CASES.values() for q in qs]
    first = first_pages(index, queries)
    missed = {q: first[q] for page, qs in RUSSIAN_CASES.items() for q in qs if first[q][:1] != [page]}
    assert missed == {}


def test_every_index_reads_every_case_of_a_russian_name_given_in_the_nominative(places, table):
    """The English site's text has few Russian words: a name the table gives in the nominative alone
    ("Лицензированная охрана") is found in the accusative through the term, before a page that quotes the
    words in that case."""
    quote = '<q lang="ru">в школах обеспечить лицензированную охрану</q>'
    docs = {"en": [*page_docs("coverage/", "Security measures", "<p>CCTV · Licensed security · Turnstiles</p>"),
                   *page_docs("regions/kz-61/", "Turkistan Region", f"<p>Document 004, p. 5: {quote}</p>")],
            "kk": [*page_docs("coverage/", "Қауіпсіздік шаралары", "<p>Бейнебақылау · Лицензияланған күзет</p>"),
                   *page_docs("regions/kz-61/", "Түркістан облысы", f"<p>004 құжат, 5-бет: {quote}</p>")]}
    for site in ("en", "kk"):
        index = build_index(docs[site], site, places, table)
        assert {ending for ending, tails in index["rules"]["endings"].items() if "" in tails} >= set(RU_NOMINAL_ENDINGS)
        first = first_pages(index, ["лицензированную охрану", "антитеррористическую защиту"])
        assert first["лицензированную охрану"][:1] == ["coverage/"], site


STATEMENTS = {  # a region's other statements of the documents, one of which names the police in passing
    "ru": "Документ 004, с. 5: «в 12 из 40 колледжей области видеокамеры выведены в дежурную часть полиции» · "
          "Документ 001, с. 2: «охват видеонаблюдением составил 93 %» · Документ 004, с. 7: «в 2023 году "
          "установлены турникеты в 118 школах» · Строки: документ 004, с. 5",
    "kk": "004 құжат, 5-бет: «облыстың 40 колледжінің 12-сінде бейнекамералар полицияның кезекші бөліміне "
          "шығарылған» · 001 құжат, 2-бет: «бейнебақылаумен қамту 93 % болды» · 004 құжат, 7-бет: «2023 жылы 118 "
          "мектепте турникеттер орнатылды»",
}


def test_a_variant_that_is_another_term_s_name_stands_for_that_term_in_every_language(places, table):
    """"полиция" is a variant of CCTV linked to police control centres and the name of the term police: the
    term's other names ("police") find the measure's page too, before the pages that say "полиция" in passing."""
    variants = {term.key: term.variants for term in with_named_variants(table)}
    assert "police" in variants["measure.cctv_police_link"]["en"]
    assert "полицией" in variants["measure.cctv_police_link"]["ru"]
    assert variants["security"] == next(term.variants for term in table if term.key == "security")
    docs = {"ru": [Doc("coverage/", "Меры безопасности", "Видеонаблюдение, подключённое к ЦОУ: 1 200 из 2 600"),
                   Doc("regions/kz-27/#statements", "Другие утверждения документов", STATEMENTS["ru"])],
            "kk": [Doc("coverage/", "Қауіпсіздік шаралары", "ЖБО-ға қосылған бейнебақылау: 1 200 / 2 600"),
                   Doc("regions/kz-27/#statements", "Құжаттардың басқа мәлімдемелері", STATEMENTS["kk"])]}
    for site, pages in docs.items():
        index = build_index(pages, site, places, table)
        first = first_pages(index, ["police", "полиция"])
        assert {q: found[:1] for q, found in first.items()} == {"police": ["coverage/"], "полиция": ["coverage/"]}, site


REGIONS = {  # code: (Russian, Kazakh, English name, administrative centre)
    "kz-35": ("Карагандинская область", "Қарағанды облысы", "Karaganda Region", "Караганда"),
    "kz-27": ("Западно-Казахстанская область", "Батыс Қазақстан облысы", "West Kazakhstan Region", "Уральск"),
    "kz-59": ("Северо-Казахстанская область", "Солтүстік Қазақстан облысы", "North Kazakhstan Region", "Петропавловск"),
    "kz-55": ("Павлодарская область", "Павлодар облысы", "Pavlodar Region", "Павлодар"),
    "kz-61": ("Туркестанская область", "Түркістан облысы", "Turkistan Region", "Туркестан"),
}
KIND_WORDS = {"ru": ("Главная", "Открытые данные о безопасности школ Казахстана", "Регионы", "область",
                     "Регион · Код · Тип · Административный центр", "Код {code} · {kind} · административный центр"),
              "kk": ("Басты бет", "Қазақстан мектептерінің қауіпсіздігі туралы ашық деректер", "Өңірлер", "облыс",
                     "Өңір · Код · Түрі · Әкімшілік орталығы", "Код {code} · {kind} · әкімшілік орталығы"),
              "en": ("Home", "Open data on the safety of Kazakhstan's schools", "Regions", "region",
                     "Region · Code · Kind · Administrative centre", "Code {code} · {kind} · administrative centre")}


def kind_docs(site: str) -> list[Doc]:
    """A home page, the list of the regions and a page per region, as the site writes them."""
    home, about, regions, kind, header, line = KIND_WORDS[site]
    name = {"ru": 0, "kk": 1, "en": 2}[site]
    rows = " · ".join(f"{names[name]} · {code.upper()} · {kind} · {names[3]}" for code, names in REGIONS.items())
    return [Doc("", home, about), Doc("regions/", regions, f"{len(REGIONS)} · {header} · {rows}"),
            *(Doc(f"regions/{code}/", names[name], line.format(code=code.upper(), kind=kind) + f": {names[3]}")
              for code, names in REGIONS.items())]


KIND_QUERIES = {"ru": (["области", "областей", "областях"], "Казахстан", "Карагандинская область"),
                "kk": (["облыстар", "облыстардың"], "Қазақстан", "Қарағанды облысы"),
                "en": (["regions", "oblasts"], "Kazakhstan", "Karaganda Region")}


@pytest.mark.parametrize("site", ["kk", "ru", "en"])
def test_a_word_for_the_kind_of_place_finds_the_list_before_the_places(places, table, site):
    """In a title that names a place, the word for its kind (область, облысы, region; Kazakhstan in West
    Kazakhstan Region) weighs as minor text: the plural finds the list of the regions, the bare country
    name no region first; the place's name with its kind still finds the place."""
    kinds, country, place = KIND_QUERIES[site]
    first = first_pages(build_index(kind_docs(site), site, places, table), [*kinds, country, place])
    assert {q: first[q][:1] for q in kinds} == {q: ["regions/"] for q in kinds}
    assert not first[country][0].startswith("regions/kz-"), first[country]
    assert first[place][:1] == ["regions/kz-35/"]


SHARED_NAME = {  # a region named after a city that is not in it: (region's title, city's title, city's kind)
    "ru": ("Алматинская область", "Алматы", "город республиканского значения", "Конаев"),
    "kk": ("Алматы облысы", "Алматы", "республикалық маңызы бар қала", "Қонаев"),
    "en": ("Almaty Region", "Almaty", "city of republican significance", "Konaev"),
}
SHARED_QUERIES = {"ru": {"Алматы": "kz-75", "в Алматы": "kz-75", "Алматинская область": "kz-19",
                         "Алматинской области": "kz-19"},
                  "kk": {"Алматы": "kz-75", "Алматыда": "kz-75", "Алматы облысы": "kz-19",
                         "Алматы облысында": "kz-19"},
                  "en": {"Almaty": "kz-75", "in Almaty": "kz-75", "Almaty Region": "kz-19", "Almaty oblast": "kz-19",
                         "Almaty province": "kz-19", "almaty region": "kz-19"}}


@pytest.mark.parametrize("site", ["kk", "ru", "en"])
def test_a_name_a_city_and_a_region_share_finds_the_one_the_reader_names(places, table, site):
    """Almaty is a city and the name of a region around it (Алматинская область, Almaty Region): the name
    alone finds the city first, the name with the word for its kind (область, облысы, Region, oblast,
    province) the region first, though that word is in most entries (the region page's own line, the list
    of the regions) and the city's page names Almaty more often."""
    region, city, city_kind, centre = SHARED_NAME[site]
    line = KIND_WORDS[site][5]
    kind = KIND_WORDS[site][3]
    docs = [*kind_docs(site),
            Doc("regions/kz-19/", region, line.format(code="KZ-19", kind=kind) + f": {centre}"),
            Doc("regions/kz-75/", city, line.format(code="KZ-75", kind=city_kind) + f": {city}")]
    first = first_pages(build_index(docs, site, places, table), list(SHARED_QUERIES[site]))
    assert {q: pages[:1] for q, pages in first.items()} == {
        q: [f"regions/{code}/"] for q, code in SHARED_QUERIES[site].items()}


def test_machine_text_and_quotations_weigh_less_than_prose(places, table):
    """A page that quotes a measure's words or holds them in a row key comes after the page that says them."""
    quoting = ('<p>The statement gives 0 of 61. Quoted: <q lang="ru">под лицензированной охраной не находится ни '
               'одна школа</q>.</p><p>Key: <code>licensed_security|city|school|KZ-61|2023-Q1</code> · '
               '<span data-search-minor>«Лицензированная охрана (turnstiles)»</span></p>')
    saying = ('<p>Lists of the large cities, each with its count of organisations and the share of them with '
              'the measure, for the first quarter of 2023, by type of organisation: licensed security '
              'under a contract, turnstiles at the entrance, alarm buttons linked to a console. '
              'Лицензированная охрана: 1 911 of 2 621.</p>')
    docs = [*page_docs("quality/", "Quality", quoting), *page_docs("coverage/", "Coverage", saying)]
    [quality] = [d for d in docs if d.location == "quality/"]
    assert [quality.text[a:b] for a, b in quality.minor] == [
        "под лицензированной охраной не находится ни одна школа", "licensed_security|city|school|KZ-61|2023-Q1",
        "«Лицензированная охрана (turnstiles)»"]
    for site in ("en", "ru"):
        index = build_index(docs, site, places, table)
        first = first_pages(index, ["охрана", "licensed", "turnstiles", "лицензированная охрана"])
        assert {q: pages[:1] for q, pages in first.items()} == {q: ["coverage/"] for q in first}, site


def test_the_worker_folds_and_finds_fleeting_vowels_as_python_does(places):
    words = ["қауіпсіздік", "онiрлер", "cctv", "кнопок", "копеек", "писем", "сон", "школа", "мост", "ҮҢҒІ"]
    words = [w.lower() for w in words]
    out = run_worker({"kk": {"index": build_index(DOCS, "kk", places), "folds": words}})["kk"]
    assert out["folds"] == [fold_kazakh(w) for w in words]
    assert out["fleeting"] == [russian_fleeting_stems(w) for w in words]


# --- The built site -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_worker_maps_every_word_of_the_site_to_its_terms(site_dir):
    """Every word of every page, as the worker reads it, reaches the index terms Python gave it."""
    jobs, expected = {}, {}
    for lang, prefix in PREFIX.items():
        path = site_dir / prefix / "search" / "index.json"
        index = json.loads(path.read_text(encoding="utf-8"))
        texts = [text for doc in index["docs"] for text in doc[1:]]
        vocabulary = set(index["terms"])
        found = sorted({form for text in texts for t in tokenize(text, lang) for form in t.forms})
        jobs[lang] = {"path": str(path), "texts": texts, "words": found}
        expected[lang] = (texts, found, [set(stems(w, lang)) & vocabulary for w in found])
    out = run_worker(jobs)
    for lang, (texts, found, terms) in expected.items():
        assert out[lang]["tokens"] == [[list(t.forms) for t in tokenize(x, lang)] for x in texts], lang
        missed = [(w, sorted(t - set(js))) for w, t, js in zip(found, terms, out[lang]["forms"], strict=True)
                  if not t <= set(js)]
        assert missed == [], f"{lang}: {len(missed)} words, e.g. {missed[:10]}"


@pytest.mark.slow
def test_every_query_finds_its_page_in_the_built_index(site_dir):
    """search_queries.csv against the built indexes, without a browser (test_search.py types them)."""
    rows = list(csv.DictReader((Path(__file__).parent / "search_queries.csv").open(encoding="utf-8")))
    jobs = {lang: {"path": str(site_dir / prefix / "search" / "index.json"),
                   "queries": [r["query"] for r in rows if r["lang"] == lang]} for lang, prefix in PREFIX.items()}
    out = run_worker(jobs)
    misses = []
    for lang in PREFIX:
        mine = [r for r in rows if r["lang"] == lang]
        for row, groups in zip(mine, out[lang]["results"], strict=True):
            pages = [next((loc for loc in g if "#" not in loc), g[0]) or "./" for g in groups][:3]
            if row["expected"] not in pages[:top(row)]:
                misses.append(f"{lang} {row['query']!r}: expected {row['expected']}, got {pages}")
    assert len(rows) >= 60 and all(sum(r["lang"] == lang for r in rows) >= 20 for lang in PREFIX)
    assert misses == [], "\n".join(misses)


@pytest.mark.slow
def test_a_bare_country_name_finds_no_region_first_in_the_built_index(site_dir):
    """"Kazakhstan" alone: the home page, the list of the regions or a national document, not one of the three
    regions whose names hold it (search_queries.csv can only say which page comes among the first)."""
    queries = {"kk": ["Қазақстан", "Қазақстанда", "Казакстан"], "ru": ["Казахстан", "Казахстане"],
               "en": ["Kazakhstan", "kazakhstan "]}
    jobs = {lang: {"path": str(site_dir / prefix / "search" / "index.json"), "queries": queries[lang]}
            for lang, prefix in PREFIX.items()}
    out = run_worker(jobs)
    firsts = {(lang, q): [next((loc for loc in g if "#" not in loc), g[0]) for g in groups][:1]
              for lang in PREFIX for q, groups in zip(queries[lang], out[lang]["results"], strict=True)}
    assert {key: first for key, first in firsts.items() if not first or first[0].startswith("regions/kz-")} == {}


def test_a_heading_many_pages_repeat_weighs_as_text(places):
    """Twenty-eight indicator pages each have a section titled "Targets"; the overview whose own, longer heading
    says the word comes first (TEMPLATE_MIN, TEMPLATE_TITLE_BOOST)."""
    docs = [Doc("concept/", "Concept", "The Concept 2023–2029."),
            Doc("concept/#indicators", "28 target indicators and their targets",
                " · ".join(f"Indicator {n} · 100 · 2029" for n in range(1, 29)))]
    for n in range(1, 29):
        docs += [Doc(f"concept/ci{n:02}/", f"Indicator {n}", "Name · Unit · %"),
                 Doc(f"concept/ci{n:02}/#targets", "Targets", "Period · Target · 2029 · 100")]
    first = first_pages(build_index(docs, "en", places), ["targets"])["targets"]
    assert first[:1] == ["concept/#indicators"], first[:3]


@pytest.mark.parametrize(("british", "american"), [
    ("organisations", "organizations"), ("organised", "organized"), ("centre", "center"), ("centres", "centers"),
    ("fibre", "fiber"), ("programme", "program"), ("analyse", "analyze"),
])
def test_an_american_spelling_finds_the_british_word(places, british, american):
    assert american in american_forms(british)
    docs = [Doc("page/", "Page", f"Of the {british}, as the site spells it"), Doc("other/", "Other", "Schools")]
    assert first_pages(build_index(docs, "en", places), [american])[american] == ["page/"]


@pytest.mark.parametrize("word", ["four", "more", "are", "figure", "colour", "licence", "cause"])
def test_words_without_an_american_spelling_keep_theirs(word):
    assert american_forms(word) == []


@pytest.mark.parametrize(("site", "text", "query"), [
    ("ru", "Целевые значения · 2024 г. · 85 · 2025 г. · 100", "в 2025 году"),
    ("ru", "Концепция на 2023–2029 гг.", "2029 годы"),
    ("kk", "Нысаналы мәндер · 2024 ж. · 85 · 2025 ж. · 100", "2025 жылы"),
])
def test_a_year_written_out_finds_its_abbreviation_after_a_number(places, table, site, text, query):
    """The site prints "2025 г.", "2025 ж." (the terminology table's abbreviations); a reader types the word."""
    docs = [Doc("targets/", "Targets", text), Doc("other/", "Other", "Учебный год · оқу жылы · годы"),
            *(Doc(f"filler/{n}/", "Filler", "Школы · мектептер") for n in range(6))]
    assert first_pages(build_index(docs, site, places, table), [query])[query] == ["targets/"]


def test_sections_of_an_earlier_period_weigh_less_until_a_heading_as_high():
    content = ('<h2 id="cctv">Latest</h2><p>x</p>'
               f'<h2 id="earlier" class="{EARLIER_CLASS}">Earlier</h2>'
               '<h3 id="period-2023-q1">Q1 2023</h3><p>x</p><h4 id="period-2023-q1-city">City: Q1 2023</h4><p>x</p>'
               '<h2 id="flags">Flags</h2><p>x</p>')
    weights = {doc.location: doc.boost for doc in page_docs("regions/kz-61/", "Page", content)}
    assert weights == {"regions/kz-61/": 1.0, "regions/kz-61/#cctv": 1.0, "regions/kz-61/#earlier": EARLIER_BOOST,
                       "regions/kz-61/#period-2023-q1": EARLIER_BOOST,
                       "regions/kz-61/#period-2023-q1-city": EARLIER_BOOST, "regions/kz-61/#flags": 1.0}
    # A page of an earlier period says so in its front matter (search.boost), which MkDocs' hook passes on.
    assert {doc.boost for doc in page_docs("coverage/2023-q1/", "Q1", content, boost=EARLIER_BOOST)} \
        == {EARLIER_BOOST, EARLIER_BOOST ** 2}


def test_search_lists_the_languages_the_language_module_does():
    from pipelines.language.numbers import LANGS
    from sitegen import search

    assert search.LANGS == LANGS


@pytest.mark.slow
def test_a_word_that_begins_with_a_folded_abbreviation_is_not_that_place(site_dir):
    """"школа" begins as ШҚО (East Kazakhstan) folded to Russian letters would ("шко"): an abbreviation of
    three letters is matched only as written (KAZAKH_FOLD_MIN), so no region page comes first."""
    queries = ["школа", "школ", "школы"]
    jobs = {lang: {"path": str(site_dir / prefix / "search" / "index.json"), "queries": queries}
            for lang, prefix in PREFIX.items()}
    out = run_worker(jobs)
    firsts = {(lang, query): next((loc for loc in groups[0] if "#" not in loc), groups[0][0]) if groups else None
              for lang in PREFIX for query, groups in zip(queries, out[lang]["results"], strict=True)}
    assert not [key for key, first in firsts.items() if first and first.startswith("regions/kz-")], firsts
