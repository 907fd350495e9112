"""LinkChecker plugin module for the site tests: each page parsed once, and its anchors collected once.

LinkChecker treats every distinct `page#fragment` as its own URL. For each one it downloads the page,
parses it again into a new soup and lists its anchors again: with about 1 700 links to line anchors and
headings, most of the run was spent parsing the same 234 pages over and over. And for every element of
every page it took the element's whole text (of <html>: the page's), though only an <a href>'s text is
used, as the link's name. This module changes nothing in what is checked or reported:

- every URL is still fetched, and its status checked;
- a page's soup is made by LinkChecker's own code (`UrlBase.get_soup`), once per page URL (without the
  fragment), and shared by the URLs that point into the page;
- a page's anchors are collected by AnchorCheck's own code (`linkparse.find_links` with `AnchorTags`),
  once per page, and every fragment is judged by AnchorCheck's own `check_anchor`;
- `linkparse.find_links` passes each element to LinkChecker's own `LinkFinder`, with the element's text
  only where `LinkFinder.get_link_name` reads it (an <a>).

LinkChecker loads plugin modules from $XDG_DATA_HOME/linkchecker/plugins/; the test sets XDG_DATA_HOME. It
defines no plugin class of its own (`__all__` is empty); AnchorCheck stays the plugin that is enabled.
"""

import threading

from linkcheck.checker import urlbase
from linkcheck.htmlutil import linkparse
from linkcheck.plugins import anchorcheck

__all__: list = []

_anchors: dict = {}
_soups: dict = {}
_lock = threading.Lock()
_make_soup = urlbase.UrlBase.get_soup


def _page(url_data) -> str:
    return (url_data.url or "").partition("#")[0]


def _get_soup(self):
    if self.soup is None:
        with _lock:
            self.soup = _soups.get(_page(self))
        if self.soup is None:
            soup = _make_soup(self)
            with _lock:
                _soups.setdefault(_page(self), soup)
    return self.soup


def _find_links(soup, callback, tags):
    finder = linkparse.LinkFinder(callback, tags)
    for element in soup.find_all(True):
        finder.html_element(
            element.name,
            element.attrs,
            element.text.strip() if element.name == "a" else "",
            element.sourceline,
            None if element.sourcepos is None else element.sourcepos + 1,
        )


def _page_anchors(url_data):
    page = _page(url_data)
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


urlbase.UrlBase.get_soup = _get_soup
linkparse.find_links = _find_links
anchorcheck.AnchorCheck.check = _check
