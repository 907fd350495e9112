"""Which engines read a document: chosen by the `format` of its metadata, never by its source id.

Each engine is a module of this package that knows one kind of text; what one document holds is in its
declaration (`pipelines/declarations.py`). A new document of a known format needs only its text, its
metadata and — unless its format's declaration reads it — its own declaration. A new kind of text is a
new engine and a new format here (and in the formats' description in `docs/architecture.md`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.sources import Document

STATEMENTS = "statements"  # national_figures.py: figures stated in prose, as the declaration says
SECURITY_LISTS = "security_lists"  # security_lists.py: a quarterly note's twelve lists
CONCEPT_PLAN = "concept_plan"  # concept_plan.py: the Concept's action plan, as the declaration says

# Format → the engines that read its documents, in the order formats are listed in messages.
READERS: dict[str, tuple[str, ...]] = {
    "security_note": (SECURITY_LISTS, STATEMENTS),
    "concept_plan": (CONCEPT_PLAN,),
    "briefing": (STATEMENTS,),
    "theses": (STATEMENTS,),
    "reply": (STATEMENTS,),
}


def documents_read_by(documents: dict[str, Document], engine: str) -> list[Document]:
    """The documents of `documents` whose format `engine` reads, in source-id order."""
    return [doc for _, doc in sorted(documents.items()) if engine in READERS.get(doc.meta.get("format"), ())]
