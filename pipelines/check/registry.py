"""Every kind of quality issue, by code: the one home of the codes, their labels and meanings on the site,
their descriptions in quality_issues, and how each is found.

A new kind is one `IssueKind` declaration (pipelines/check/kind.py) in the module of its topic, listed in
that module's KINDS; tests/test_issue_kinds.py then asks for its texts in every language and for a small
example that makes it fire.
"""

from __future__ import annotations

from pipelines.check import agreement, arithmetic, comparability, concept, corrected
from pipelines.check.kind import IssueKind

KINDS: dict[str, IssueKind] = {
    kind.code: kind for kind in (*arithmetic.KINDS, *agreement.KINDS, *comparability.KINDS, *concept.KINDS,
                                 *corrected.KINDS)}
# The kinds that question a count within its own document: a progress row built on the count carries
# them too. (A disagreement with another document stays on the figure: a comparison across documents is
# what progress itself shows.)
INHERITED_KINDS = tuple(code for code, kind in KINDS.items() if kind.inherited)


def kinds_flagging(resource: str) -> tuple[str, ...]:
    """The kinds whose queries flag rows of `resource`."""
    return tuple(code for code, kind in KINDS.items() if any(query.flags == resource for query in kind.queries))


def issue_kind(code: str) -> IssueKind:
    """The kind of a flag code; KeyError naming the code when no module declares it."""
    try:
        return KINDS[code]
    except KeyError:
        raise KeyError(f"no quality issue kind {code!r} is declared (pipelines/check/registry.py)") from None


def describe(code: str, params: dict) -> dict[str, str]:
    """One finding's description in every language (see IssueKind.describe)."""
    return issue_kind(code).describe(params)
