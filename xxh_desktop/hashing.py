"""SM3 (GB/T 32905) digests and HMAC-SM3, the national hash used for every integrity check.

`self_test` is the known-answer test run at start-up (the window and the CLI):
a library that computes SM3 wrongly must not seal a single audit entry.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import constant_time, hashes, hmac

from .errors import XxhError

# GB/T 32905-2016 附录A: example 1 ("abc") and example 2 ("abcd" × 16).
KNOWN_ANSWERS = (
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
)


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def same(a: str | bytes, b: str | bytes) -> bool:
    """Constant-time comparison of two digests or MACs."""
    a = a.encode("ascii", "replace") if isinstance(a, str) else a
    b = b.encode("ascii", "replace") if isinstance(b, str) else b
    return constant_time.bytes_eq(a, b)


def self_test() -> None:
    """SM3 known-answer test; raises XxhError when the library's SM3 is wrong."""
    for message, expected in KNOWN_ANSWERS:
        if sm3_hex(message) != expected:
            raise XxhError("SM3 自检失败：密码库计算的 SM3 摘要与国家标准 GB/T 32905 的示例不符，"
                           "程序不能保证数据完整性校验和审计日志正确，已停止。请重新安装本程序或联系信息技术人员。")


class Sm3Stream:
    """Incremental SM3 for content read in chunks."""

    def __init__(self) -> None:
        self._h = hashes.Hash(hashes.SM3())

    def update(self, chunk: bytes) -> None:
        self._h.update(chunk)

    def hexdigest(self) -> str:
        return self._h.finalize().hex()
