"""Each machine's Ed25519 key pair, package signatures and fingerprints.

Why Ed25519 and not SM2: `cryptography` offers SM3 and SM4 but no SM2, and the
one SM2 package on PyPI (gmssl) draws its signing nonce from Python's
non-cryptographic `random`, which leaks the private key. Hashes stay SM3.

The private key is made on first use and kept encrypted with a key from
outside the database (`keystore.py`). Who a public key speaks for is registered
once, after a fingerprint check on paper (`identity.py`).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..hashing import sm3_hex
from ..keystore import load_signing_key, store_signing_key
from ..storage.setting_domains import SIGNING_KEY

if TYPE_CHECKING:
    from ..workspace import Workspace

SETTING = SIGNING_KEY   # present once this machine has a key


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def ensure_key(ws: Workspace) -> Ed25519PrivateKey:
    """This machine's private key, created and stored on first use."""
    stored = load_signing_key(ws)
    if stored is not None:
        return stored
    key = Ed25519PrivateKey.generate()
    with ws.transaction():
        store_signing_key(ws, key)
        ws.audit_log.append("生成签名密钥", after={"fingerprint": fingerprint(public_key_b64(key))})
    return key


def stored_fingerprint(ws: Workspace) -> str | None:
    """This machine's key fingerprint, without making a key."""
    key = load_signing_key(ws)
    return fingerprint(public_key_b64(key)) if key is not None else None


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
