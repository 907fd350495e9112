"""Benchmarks of Bilim Data: pipeline against its floor, scaling, site build, page weight, Lighthouse."""
