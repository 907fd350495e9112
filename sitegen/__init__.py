"""Bilim Data site generator: pages and charts from the data package, before `mkdocs build`."""
