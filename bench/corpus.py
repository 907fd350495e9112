"""Synthetic corpora in the formats of the real documents, for the scaling benchmark.

A corpus at scale k holds about k times the bytes of the five real documents:

* the three one-off documents (000 briefing, 001 theses, 002 reply) once, as they are: their
  parsers read fixed statements, so there is nothing to repeat in them;
* the real quarterly note 004 and n - 1 invented successors (005, 006, ...), one per quarter after
  2023-Q1, each rewritten from 004 line by line: the same lines and entries ("Name (T-ден C) – P%"),
  counts moving towards their totals quarter after quarter, percentages and the prose totals
  recomputed from them, so every note is as consistent as a real one;
* the action plan 003 lengthened: every action is preceded by copies of itself (without the
  indicator that may follow it in its last cell) and all actions are renumbered, so the 7 chapters
  and 28 indicators the parser requires stay as they are while the table grows; the corpus' own
  data/translations/ gives every copy the Kazakh and English text of the action it copies (the
  pipeline needs a translation of every action; the scaling worker reads these).

n and the plan's growth are the same factor g, chosen so that the corpus is k times the real one:
g = (k × real bytes − one-off bytes) / (note bytes + plan bytes). The figures are invented; corpora
are written under bench/corpus/ (git-ignored) and never published.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.extract.plan_table import ACTION_NUMBER, plan_bounds
from pipelines.extract.plan_text import CELL_BREAK, TARGETS_OPEN, fold
from pipelines.extract.plan_translations import LANGUAGE_NAMES, action_file
from pipelines.paths import CORRECTIONS, REFERENCE, SOURCES, TRANSLATIONS
from pipelines.sources import Document, decode_document
from pipelines.yaml_files import read_yaml

BENCH = Path(__file__).resolve().parent
CORPUS_DIR = BENCH / "corpus"

NOTE_ID = "004_08b2a54d8bb8e082"
PLAN_ID = "003_c2990e6476669ab7"
ONE_OFF_IDS = ("000_79fb72e18d9edfdc", "001_89a1cac1b016df0e", "002_7d4a5a6f4a884ed0")
# Bump when the generator's output changes, so cached corpora are rebuilt.
GENERATOR_VERSION = 2

# An entry of a list line: "Қарағанды (105-тен 134) – 78%", "Семей қ. (14-тен 10) - 71%", "(3- тен 2-і)".
ENTRY = re.compile(r"(?P<name>[^;()]+?)\s*\((?P<inner>[^()]*)\)(?P<dash>\s*[–-]\s*)(?P<percent>\d+)(?P<tail>\s*%)")
NUMBER = re.compile(r"\d+")
LIST_LENGTH = 20
QUARTER = re.compile(r"(\d{4}) жылғы (\d) тоқсандағы")
# The all-organisations count that the first measure's share is taken of ("9 986 білім беру ұйымдары").
ALL_ORGS = re.compile(r"республикада (\d[\d ]*) білім беру ұйымдары")
LARGE_CITY_ORGS = re.compile(r"25 ірі қалада (\d[\d ]*) білім беру ұйымы")
CCTV_TOTALS = re.compile(r"(\d[\d ]*) білім беру ұйымдарында \((\d[\d ]*) балабақша, (\d[\d ]*) мектеп, "
                         r"(\d[\d ]*) колледж\) бейнебақылау жүйелері ЖБО-ға қосылған \(жалпы санының (\d+)%\)")
MEASURE_TOTALS = re.compile(r"(\d+)% немесе (\d[\d ]*) нысан (.*?)\((\d[\d ]*) балабақша, (\d[\d ]*) мектеп, "
                            r"(\d[\d ]*) колледж\)")


@dataclass(frozen=True)
class CorpusInfo:
    scale: int
    root: Path  # a repository-like folder: data/sources, data/reference, data/corrections.yml
    notes: int
    plan_actions: int
    text_bytes: int  # bytes of the *.txt documents

    def as_dict(self) -> dict:
        return {"scale": self.scale, "notes": self.notes, "plan_actions": self.plan_actions,
                "text_bytes": self.text_bytes}


def grouped(value: int) -> str:
    """9986 → "9 986", as the notes print counts."""
    return f"{value:,}".replace(",", " ")


# ---------------------------------------------------------------------------------------------
# Quarterly notes


def _quarter(index: int) -> tuple[int, int]:
    """Year and quarter of the note `index` quarters after 2023-Q1."""
    return 2023 + index // 4, index % 4 + 1


def _moved(count: int, total: int, index: int, salt: int) -> int:
    """A count `index` quarters later: closing a share of the gap to its total every quarter, the
    share varying by entry (salt) so that lists do not move in lockstep."""
    rate = 0.04 + 0.08 * ((salt * 2654435761) % 97) / 96
    return min(total, count + round((total - count) * (1 - (1 - rate) ** index)))


def _rewrite_entry(match: re.Match[str], index: int, salt: int) -> tuple[str, int, int]:
    """The entry `index` quarters later, its count and its total. Totals (organisations) stay; an
    entry printed the wrong way round ("105-тен 134") is written total first, as a fixed note would."""
    inner = match.group("inner")
    numbers = [int(n) for n in NUMBER.findall(inner)]
    if len(numbers) == 1:  # "(96 балабақша)", "(193)": all of them, already at 100 %
        count = total = numbers[0]
        new_inner = inner
    else:
        total, count = numbers[0], numbers[1]
        if count > total:
            total, count = count, total
            count = _moved(count, total, index, salt)
            new_inner = f"{total}-ден {count}"
        else:
            count = _moved(count, total, index, salt)
            # Replace the second number only: the first keeps its Kazakh case ending ("122-ден").
            second = list(NUMBER.finditer(inner))[1]
            new_inner = inner[:second.start()] + str(count) + inner[second.end():]
    percent = round(100 * count / total) if total else 0
    text = (f"{match.group('name')} ({new_inner}){match.group('dash')}{percent}{match.group('tail')}")
    return text, count, total


def make_note(template: str, index: int) -> str:
    """Note 004 rewritten `index` quarters later (index ≥ 1): lists, prose totals and the quarter."""
    lines = template.split("\n")
    list_counts: list[list[int]] = []  # counts of each list line, in order
    for number, line in enumerate(lines):
        entries = list(ENTRY.finditer(line))
        if len(entries) < LIST_LENGTH:
            continue
        out, last, counts = [], 0, []
        for position, match in enumerate(entries):
            text, count, _ = _rewrite_entry(match, index, salt=number * 31 + position)
            out.append(line[last:match.start()] + text)
            last = match.end()
            counts.append(count)
        lines[number] = "".join(out) + line[last:]
        list_counts.append(counts)
    if len(list_counts) != 12:
        raise ValueError(f"note template: expected 12 lists, found {len(list_counts)}")
    sums = [sum(counts) for counts in list_counts]
    year, quarter = _quarter(index)
    text = "\n".join(lines)
    all_orgs = int(ALL_ORGS.search(text).group(1).replace(" ", ""))  # type: ignore[union-attr]
    city_orgs = int(LARGE_CITY_ORGS.search(text).group(1).replace(" ", ""))  # type: ignore[union-attr]

    def cctv(match: re.Match[str]) -> str:
        kg, school, college = sums[0:3]
        total = kg + school + college
        return (f"{grouped(total)} білім беру ұйымдарында ({grouped(kg)} балабақша, {grouped(school)} мектеп, "
                f"{grouped(college)} колледж) бейнебақылау жүйелері ЖБО-ға қосылған "
                f"(жалпы санының {round(100 * total / all_orgs)}%)")

    measure = iter(range(1, 4))

    def city_measure(match: re.Match[str]) -> str:
        m = next(measure)
        kg, school, college = sums[3 * m:3 * m + 3]
        total = kg + school + college
        return (f"{round(100 * total / city_orgs)}% немесе {grouped(total)} нысан {match.group(3)}({grouped(kg)} "
                f"балабақша, {grouped(school)} мектеп, {grouped(college)} колледж)")

    text, found = CCTV_TOTALS.subn(cctv, text)
    text, found_cities = MEASURE_TOTALS.subn(city_measure, text)
    if (found, found_cities) != (1, 3):
        raise ValueError(f"note template: expected 1 + 3 prose totals, found {found} + {found_cities}")
    text, found = QUARTER.subn(f"{year} жылғы {quarter} тоқсандағы", text)
    if not found:
        raise ValueError("note template: no reporting quarter")
    return text


def note_metadata(index: int) -> str:
    year, quarter = _quarter(index)
    return (
        'title: "Ақпарат"\n'
        'title_en: "Synthetic quarterly note for the benchmark (invented figures)"\n'
        'description_en: "Invented figures in the format of note 004, generated by bench/corpus.py; never published."\n'
        'issuer: "Benchmark generator"\n'
        f'date: "{year}"\n'
        "language: kk\n"
        f'periods: ["{year}-Q{quarter}"]\n'
        "format: security_note\n"
        'title_ru: "Информация"\n'
        'description_kk: "004 ақпаратының пішініндегі ойдан шығарылған сандар, bench/corpus.py жасаған; жарияланбайды."\n'
        'description_ru: "Вымышленные числа в формате информации 004, созданные bench/corpus.py; не публикуются."\n'
        'issuer_kk: "Бенчмарк генераторы"\n'
        'issuer_ru: "Генератор бенчмарка"\n'
    )


def note_id(index: int) -> str:
    """Ids 005_…, 006_…: figure ids use the first three characters, so they must stay unique."""
    number = 4 + index
    if number > 999:
        raise ValueError("at most 996 synthetic notes (figure ids are keyed by a 3-digit prefix)")
    return f"{number:03d}_{hashlib.sha256(f'bench-note-{index}'.encode()).hexdigest()[:16]}"


# ---------------------------------------------------------------------------------------------
# Action plan


def _raw_cells(lines: list[str]) -> list[list[str]]:
    """Lines grouped into cells, each with its closing TAB line (the last may have none)."""
    cells: list[list[str]] = [[]]
    for line in lines:
        cells[-1].append(line)
        if line == CELL_BREAK:
            cells.append([])
    return cells if cells[-1] else cells[:-1]


def _first_text(cell: list[str]) -> str:
    return next((line for line in cell if line.strip() and line != CELL_BREAK), "")


def _without_indicator(cell: list[str]) -> list[str]:
    """A responsible-bodies cell without the unheaded indicator that may close it, closed by a TAB
    line (the plan's very last cell has none, and a copy is always followed by another cell)."""
    for index, line in enumerate(cell):
        if line != CELL_BREAK and TARGETS_OPEN.search(fold(line)):
            return [*cell[:index], CELL_BREAK]
    return cell if cell[-1] == CELL_BREAK else [*cell, CELL_BREAK]


def _renumbered(cell: list[str], number: int) -> list[str]:
    out = list(cell)
    index = next(i for i, line in enumerate(out) if line.strip())
    out[index] = NUMBER.sub(str(number), out[index], count=1)
    return out


def lengthen_plan(text: str, factor: float) -> tuple[str, int, dict[int, int]]:
    """The plan document with its action table about `factor` times as long; (text, actions, the number
    of the action each action of the new table copies)."""
    lines = text.split("\n")
    doc = Document(PLAN_ID, f"{PLAN_ID}.txt", decode_document(text.encode("utf-8"), PLAN_ID), "")
    first, last = plan_bounds(doc)
    head, table, tail = lines[:first - 1], lines[first - 1:last], lines[last:]
    cells = _raw_cells(table)
    actions = {i for i, cell in enumerate(cells) if ACTION_NUMBER.match(fold(_first_text(cell)))}
    # Bytes one extra copy of every action adds; the multiplier then gives factor × the document.
    copy_bytes = sum(len("\n".join([*[line for c in cells[i:i + 4] for line in c],
                                      *_without_indicator(cells[i + 4])]).encode()) + 1 for i in actions)
    size = len(text.encode())
    multiplier = 1.0 + max(0.0, (factor - 1.0) * size / copy_bytes)
    out: list[str] = []
    origins: dict[int, int] = {}
    number = 0
    index = 0
    order = 0
    while index < len(cells):
        if index not in actions:
            out.extend(cells[index])
            index += 1
            continue
        group = cells[index:index + 5]
        original = int(NUMBER.search(_first_text(group[0])).group())
        copies = math.floor(multiplier * (order + 1)) - math.floor(multiplier * order)
        for _ in range(copies - 1):
            number += 1
            origins[number] = original
            out += _renumbered(group[0], number)
            for cell in group[1:4]:
                out += cell
            out += _without_indicator(group[4])
        number += 1
        origins[number] = original
        out += _renumbered(group[0], number)
        for cell in group[1:]:
            out += cell
        index += 5
        order += 1
    return "\n".join(head + out + tail), number, origins


def write_translations(target: Path, origins: dict[int, int]) -> None:
    """data/translations/ for a lengthened plan: the repository's, with each action's translations
    those of the action it copies (`origins`, from `lengthen_plan`)."""
    shutil.copytree(TRANSLATIONS, target)
    for lang in LANGUAGE_NAMES:
        path = target / action_file(lang)
        table = read_yaml(path)
        actions = table["actions"]
        table["actions"] = {number: actions[original] for number, original in origins.items()}
        path.write_text(yaml.safe_dump(table, allow_unicode=True, sort_keys=False, width=1 << 16),
                        encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Corpora


def _sizes() -> tuple[int, int, int, int]:
    """Bytes of: all five documents, the one-off documents, the note, the plan."""
    size = {p.stem: p.stat().st_size for p in SOURCES.glob("*.txt")}
    return sum(size.values()), sum(size[i] for i in ONE_OFF_IDS), size[NOTE_ID], size[PLAN_ID]


def growth(scale: int) -> float:
    total, one_off, note, plan = _sizes()
    return (scale * total - one_off) / (note + plan)


def _fingerprint(scale: int) -> str:
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{scale}".encode())
    for path in (sorted(SOURCES.glob("*")) + sorted(REFERENCE.glob("*")) + sorted(TRANSLATIONS.glob("*"))
                 + [CORRECTIONS, Path(__file__)]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_corpus(scale: int, base: Path = CORPUS_DIR) -> CorpusInfo:
    """Write (or reuse, when sources and generator are unchanged) the corpus at `scale` × real size."""
    root = base / f"{scale}x"
    stamp = root / "corpus.json"
    fingerprint = _fingerprint(scale)
    if stamp.exists():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("fingerprint") == fingerprint:
            return CorpusInfo(scale, root, saved["notes"], saved["plan_actions"], saved["text_bytes"])
    shutil.rmtree(root, ignore_errors=True)
    sources = root / "data" / "sources"
    sources.mkdir(parents=True)
    shutil.copytree(REFERENCE, root / "data" / "reference")
    shutil.copy(CORRECTIONS, root / "data" / "corrections.yml")
    for source_id in (*ONE_OFF_IDS, NOTE_ID):
        for suffix in (".txt", ".yml", ".spec.yml"):
            if (SOURCES / f"{source_id}{suffix}").exists():
                shutil.copy(SOURCES / f"{source_id}{suffix}", sources / f"{source_id}{suffix}")
    for declaration in SOURCES.glob("*.spec.yml"):  # the declarations of formats (the quarterly notes')
        if not (SOURCES / declaration.name.replace(".spec.yml", ".txt")).exists():
            shutil.copy(declaration, sources / declaration.name)
    factor = growth(scale)
    notes = max(1, round(factor))
    template = (SOURCES / f"{NOTE_ID}.txt").read_text(encoding="utf-8")
    for index in range(1, notes):
        (sources / f"{note_id(index)}.txt").write_text(make_note(template, index), encoding="utf-8")
        (sources / f"{note_id(index)}.yml").write_text(note_metadata(index), encoding="utf-8")
    plan_text = (SOURCES / f"{PLAN_ID}.txt").read_text(encoding="utf-8")
    plan, actions, origins = lengthen_plan(plan_text, factor)  # at 1× the document as it is, byte for byte
    (sources / f"{PLAN_ID}.txt").write_text(plan, encoding="utf-8")
    write_translations(root / "data" / "translations", origins)
    shutil.copy(SOURCES / f"{PLAN_ID}.yml", sources / f"{PLAN_ID}.yml")
    shutil.copy(SOURCES / f"{PLAN_ID}.spec.yml", sources / f"{PLAN_ID}.spec.yml")
    text_bytes = sum(p.stat().st_size for p in sources.glob("*.txt"))
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "notes": notes, "plan_actions": actions,
                                 "text_bytes": text_bytes}, indent=1) + "\n", encoding="utf-8")
    return CorpusInfo(scale, root, notes, actions, text_bytes)
