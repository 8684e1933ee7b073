"""Each machine's Ed25519 key pair, package signatures and fingerprints.

Why Ed25519 and not SM2: `cryptography` offers SM3 and SM4 but no SM2, and the
one SM2 package on PyPI (gmssl) draws its signing nonce from Python's
non-cryptographic `random`, which leaks the private key. Hashes stay SM3.

The private key lives in the settings table (key `signing_key`, base64 of the
32 raw bytes), made on first use. Who a public key speaks for is registered
once, after a fingerprint check on paper (`identity.py`).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from ..hashing import sm3_hex

if TYPE_CHECKING:
    from ..workspace import Workspace

SETTING = "signing_key"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def ensure_key(ws: Workspace) -> Ed25519PrivateKey:
    """This machine's private key, created and stored on first use."""
    stored = ws.settings.get(SETTING)
    if stored:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    with ws.transaction():
        ws.settings.put_internal(SETTING, _b64(raw))
        ws.audit_log.append("生成签名密钥", after={"fingerprint": fingerprint(public_key_b64(key))})
    return key


def stored_fingerprint(ws: Workspace) -> str | None:
    """This machine's key fingerprint, without making a key."""
    stored = ws.settings.get(SETTING)
    if not stored:
        return None
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
    return fingerprint(public_key_b64(key))


def public_key_b64(key: Ed25519PrivateKey) -> str:
    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def own_public_key(ws: Workspace) -> str:
    return public_key_b64(ensure_key(ws))


def fingerprint(public_b64: str) -> str:
    """What a clerk reads aloud on the phone: SM3 of the raw key, 8 groups of 4 hex digits."""
    digest = sm3_hex(base64.b64decode(public_b64)).upper()[:32]
    return "-".join(digest[i:i + 4] for i in range(0, 32, 4))


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return _b64(key.sign(data)).encode("ascii")


def verify(public_b64: str, data: bytes, signature: bytes) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        public.verify(base64.b64decode(signature.strip(), validate=True), data)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
