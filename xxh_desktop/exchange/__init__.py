"""The ``.xxh`` exchange file (PRODUCT.md §8; the format is specified in docs/xxh-format.md).

One module per job: `limits` (the numbers an untrusted file must respect),
`safety` (zip member names and streamed, counted reading), `strictjson`,
`manifest`, `signing` (Ed25519 keys and pinning), `records` (what a project or
procurement record carries), `schema` (the JSON Schema of data.json),
`revisions` (revisions that count every change; snapshots), `reader` (a whole
package verified), `merge` (new / updated / unchanged / conflict / older),
`store` (writing a record), `export`, `importer` (preview and apply), `report`
(the preview as text).
"""

from __future__ import annotations

from .export import ExportResult, export_package
from .importer import ImportResult, KeyChanged, Preview, RecordPreview, apply_import, preview_import
from .merge import CONFLICT, MINE, NEW, OLDER, THEIRS, UNCHANGED, UPDATE

__all__ = [
    "CONFLICT", "MINE", "NEW", "OLDER", "THEIRS", "UNCHANGED", "UPDATE", "ExportResult", "ImportResult",
    "KeyChanged", "Preview", "RecordPreview", "apply_import", "export_package", "preview_import",
]
