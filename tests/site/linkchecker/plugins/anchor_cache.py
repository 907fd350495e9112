"""LinkChecker plugin module for the site tests: AnchorCheck with each page's anchors collected once.

LinkChecker's AnchorCheck treats every distinct `page#fragment` as its own URL, and for each one
downloads and parses the whole page again to list its anchors: with about 2 500 links to line anchors
and headings, most of the run is spent parsing the same 230 pages over and over. This module changes
nothing in what is checked: the anchors of a page are collected by AnchorCheck's own code
(`linkparse.find_links` with `AnchorTags`) and every fragment is judged by its own `check_anchor`;
they are only remembered per page URL (without the fragment) for the rest of the run.

LinkChecker loads plugin modules from $XDG_DATA_HOME/linkchecker/plugins/; the test sets XDG_DATA_HOME. It defines no plugin class of its own (`__all__` is
empty); AnchorCheck stays the plugin that is enabled.
"""

import threading

from linkcheck.htmlutil import linkparse
from linkcheck.plugins import anchorcheck

__all__: list = []

_anchors: dict = {}
_lock = threading.Lock()


def _page_anchors(url_data):
    page = url_data.url.partition("#")[0]
    with _lock:
        found = _anchors.get(page)
    if found is None:
        collector = anchorcheck.UrlAnchorCheck()
        linkparse.find_links(url_data.get_soup(), collector.add_anchor, linkparse.AnchorTags)
        found = collector.anchors
        with _lock:
            _anchors[page] = found
    return found


def _check(self, url_data):
    checker = anchorcheck.UrlAnchorCheck()
    checker.anchors = _page_anchors(url_data)
    checker.check_anchor(url_data)


anchorcheck.AnchorCheck.check = _check
