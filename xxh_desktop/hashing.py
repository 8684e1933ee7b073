"""SM3 (GB/T 32905) digests, the national hash used for every integrity check."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


class Sm3Stream:
    """Incremental SM3 for content read in chunks."""

    def __init__(self) -> None:
        self._h = hashes.Hash(hashes.SM3())

    def update(self, chunk: bytes) -> None:
        self._h.update(chunk)

    def hexdigest(self) -> str:
        return self._h.finalize().hex()
