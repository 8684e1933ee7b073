"""The ``.xxh`` exchange file (PRODUCT.md §8; the format is specified in docs/xxh-format.md).

One module per job: `limits` (the numbers an untrusted file must respect),
`safety` (zip member names and streamed, counted reading), `strictjson`,
`manifest`, `signing` (this machine's Ed25519 key), `identity` (who a key is:
registered once, after a fingerprint check on paper), `records` (what a
project or procurement record carries), `schema` (the JSON Schema of
data.json), `validate` (every value held to the forms' rules), `reader` (a
whole package verified), `parts` (each side's part of a record), `versions`
(each part's versions: update, replay, fork, stale), `merge` (the sender's
part taken in), `store` (writing a record through the owners), `export`,
`importer` (preview and apply), `preview` (what an import would do, as data),
`report` (the preview as text).
"""

from __future__ import annotations

from .export import ExportResult, export_package, export_registration
from .importer import apply_import, preview_import
from .merge import CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, UPDATE
from .preview import ImportResult, Preview, RecordPreview

__all__ = [
    "CONFLICT", "MINE", "NEW", "OLDER", "THEIRS", "UNCHANGED", "UPDATE", "ExportResult", "ImportResult",
    "Preview", "RecordPreview", "apply_import", "export_package", "export_registration", "preview_import",
]
