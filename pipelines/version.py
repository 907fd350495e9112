"""Version of the data package (semantic versioning; see CHANGELOG.md) and its release date.

The release date is what `created` in datapackage.json says unless SOURCE_DATE_EPOCH is set, so that
the same sources always give byte-identical outputs.
"""

VERSION = "0.2.0"
RELEASED = "2026-11-30"
