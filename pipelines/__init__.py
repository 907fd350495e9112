"""Bilim Data pipeline: sources → extract → normalise → check → publish."""
