"""SM3 (GB/T 32905) digests and HMAC-SM3, the national hash used for every integrity check.

`self_test` is the known-answer test run at start-up (the window and the CLI):
a library that computes SM3 wrongly must not seal a single audit entry.
"""

from __future__ import annotations

import hashlib
import hmac
import queue
import threading
from typing import Protocol

from .errors import XxhError

# GB/T 32905-2016 附录A: example 1 ("abc") and example 2 ("abcd" × 16).
KNOWN_ANSWERS = (
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
)


class _Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


class _CryptographySm3:
    """`cryptography`'s SM3 behind hashlib's interface, where Python's OpenSSL has none."""

    def __init__(self, data: bytes = b"") -> None:
        from cryptography.hazmat.primitives import hashes

        self._h = hashes.Hash(hashes.SM3())
        self._h.update(data)

    def update(self, data: bytes, /) -> None:
        self._h.update(data)

    def hexdigest(self) -> str:
        return self._h.finalize().hex()


def _openssl_has_sm3() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


# hashlib's (OpenSSL) SM3 lets other threads run while it hashes a large buffer, which
# `cryptography`'s does not: an import reads and hashes its file while its backup is checked.
_OPENSSL_SM3 = _openssl_has_sm3()


def _new_sm3(data: bytes = b"") -> _Hash:
    return hashlib.new("sm3", data) if _OPENSSL_SM3 else _CryptographySm3(data)


def sm3_hex(data: bytes) -> str:
    return _new_sm3(data).hexdigest()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, "sm3").digest() if _OPENSSL_SM3 else _hmac_cryptography(key, data)


def _hmac_cryptography(key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as crypto_hmac

    mac = crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def same(a: str | bytes, b: str | bytes) -> bool:
    """Constant-time comparison of two digests or MACs."""
    a = a.encode("ascii", "replace") if isinstance(a, str) else a
    b = b.encode("ascii", "replace") if isinstance(b, str) else b
    return hmac.compare_digest(a, b)


def self_test() -> None:
    """SM3 known-answer test; raises XxhError when the library's SM3 is wrong."""
    for message, expected in KNOWN_ANSWERS:
        if sm3_hex(message) != expected:
            raise XxhError("SM3 自检失败：密码库计算的 SM3 摘要与国家标准 GB/T 32905 的示例不符，"
                           "程序不能保证数据完整性校验和审计日志正确，已停止。请重新安装本程序或联系信息技术人员。")


class Sm3Stream:
    """Incremental SM3 for content read in chunks."""

    def __init__(self) -> None:
        self._h: _Hash = _new_sm3()

    def update(self, chunk: bytes) -> None:
        self._h.update(chunk)

    def hexdigest(self) -> str:
        return self._h.hexdigest()


class Sm3Beside:
    """Incremental SM3 computed on a thread of its own, over chunks handed to it in order:
    with OpenSSL's SM3 the caller goes on meanwhile. `hexdigest` waits for it (and must be
    called, whatever happens: it ends the thread)."""

    def __init__(self) -> None:
        self._h: _Hash = _new_sm3()
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=32)   # a few chunks ahead at most
        self._digest: str | None = None
        self._thread = threading.Thread(target=self._run, name="sm3", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            self._h.update(chunk)

    def update(self, chunk: bytes) -> None:
        self._chunks.put(chunk)

    def hexdigest(self) -> str:
        if self._digest is None:
            self._chunks.put(None)
            self._thread.join()
            self._digest = self._h.hexdigest()
        return self._digest
