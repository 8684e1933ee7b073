"""Where this machine's `.xxh` signing key is kept: encrypted, never in the clear.

The Ed25519 private key is stored in the settings table as PKCS#8 PEM,
encrypted (`cryptography`'s BestAvailableEncryption) with a password derived
from the machine key outside the database (`machine_key.py`). The database
file alone — a copy, a backup on a USB stick — does not give the key away.
A key stored in the clear by an earlier version is encrypted on first use.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption, Encoding, PrivateFormat, load_pem_private_key,
)

from .errors import XxhError
from .storage.setting_domains import SIGNING_KEY, SIGNING_KEY_CLEAR

if TYPE_CHECKING:
    from .workspace import Workspace

def _password(ws: Workspace) -> bytes:
    return ws.machine_key.derive("signing key").hex().encode("ascii")


def load_signing_key(ws: Workspace) -> Ed25519PrivateKey | None:
    """This machine's signing key, or None before one is made."""
    pem = ws.settings.get(SIGNING_KEY)   # ASCII PEM, or refused as unreadable (re-probe N10: `{"x": 1}` is JSON too)
    if pem:
        try:
            key = load_pem_private_key(pem.encode("ascii"), password=_password(ws))
        except (ValueError, TypeError) as exc:
            raise XxhError("本机签名密钥无法解开：本机密钥文件与创建签名密钥时的不同（数据库来自另一台电脑或另一个用户，"
                           "或密钥文件被更换）。请找回原密钥文件，或联系信息技术人员。") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise XxhError("本机签名密钥不是 Ed25519 密钥，数据库可能被改动。")
        return key
    clear = ws.settings.get(SIGNING_KEY_CLEAR)   # base64 of 32 bytes, or refused as unreadable
    if clear:
        key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(clear, validate=True))
        store_signing_key(ws, key)
        return key
    return None


def store_signing_key(ws: Workspace, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(_password(ws)))
    with ws.transaction():
        ws.settings.put_internal(SIGNING_KEY, pem.decode("ascii"))
        ws.settings.remove_internal(SIGNING_KEY_CLEAR)
