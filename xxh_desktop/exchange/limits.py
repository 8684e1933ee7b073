"""The limits an untrusted ``.xxh`` file must respect, and the refusal they raise.

The numbers are generous for a declaration with its PDFs and small enough that
a hostile file cannot fill the disk or the memory of the office workstation.
Tests pass smaller limits to craft files that exceed them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import XxhError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file: int = 2048 * MiB          # the .xxh file itself
    max_members: int = 2000             # zip entries
    max_member: int = 512 * MiB         # one member, decompressed
    max_total: int = 2048 * MiB         # all members, decompressed
    max_ratio: int = 100                # decompressed / compressed, per member ...
    ratio_grace: int = 1 * MiB          # ... once a member has produced this much
    max_manifest: int = 1 * MiB
    max_json: int = 16 * MiB            # data.json (~2 KB a project), schema.json; parsed in memory
    max_depth: int = 32                 # JSON nesting
    max_int_digits: int = 16            # money in 分 fits with room; 2**53 has 16 digits
    max_name: int = 200                 # a member's path, characters
    max_signature: int = 512

    @property
    def max_attachments(self) -> int:
        """What the attachments of one file may add up to: the whole, less the most data.json,
        schema.json, the manifest and its signature may take."""
        return min(self.max_total, self.max_file) - 2 * self.max_json - self.max_manifest - self.max_signature


DEFAULT_LIMITS = Limits()


class Refused(XxhError):
    """A package refused for a named reason; the reader adds the file name and its SM3, and
    `claimed`, the sender as the manifest names it, once the manifest has been read."""

    claimed: str = ""
