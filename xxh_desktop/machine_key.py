"""This machine's secret, kept outside the database: it keys the audit chain's HMAC-SM3
and encrypts the `.xxh` signing key.

The secret is 32 random bytes in ``machine.key`` in the data folder — the
folder that holds the database (by default the user's data folder,
``%APPDATA%\\xxh-desktop`` or ``~/.local/share/xxh-desktop``) — shared by the
databases in that folder. The automatic backups in its ``backups`` folder
(`paths.backups_dir`) belong to it too, and a backup restored into the
folder is verified with it.

How the file is protected, and what that does and does not stop:
- Windows: the secret is sealed with DPAPI (``CryptProtectData``, the current
  user's scope) through ``ctypes``. A copy of the file is useless on another
  computer or to another Windows account; it opens only for this user, who
  must log on to Windows to reach it.
- Linux / macOS: the file is created with mode 0600, so other accounts of the
  machine cannot read it; root and this user can.
- It stops: someone holding only the database file (a copied or stolen
  ``xxh.db``, a backup on a USB stick) from rewriting the audit log so that it
  still verifies, and from reading the signing key.
- It does not stop: someone logged on as this Windows/Linux user (or an
  administrator of the machine) who runs code as that user — they can use the
  key as the program does. Nor does it stop deleting or replacing the key
  file: that shows, because the existing audit entries no longer verify
  (`audit verify` says so), but it cannot be undone. Keep the computer's own
  accounts and passwords in order (等保: 身份鉴别 of the operating system).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import small_files
from .errors import XxhError
from .hashing import sm3_hex

KEY_FILE = "machine.key"
BACKUPS = "backups"   # paths.backups_dir
SECRET_BYTES = 32
# The file is ~130 bytes (a DPAPI blob adds a few hundred): anything near this bound is not ours.
KEY_FILE_MAX = 64 * 1024
FORMAT = "xxh-machine-key"


class Protector(Protocol):
    """Seals the secret for storage (DPAPI on Windows); `name` is written into the key file."""

    name: str

    def protect(self, data: bytes) -> bytes: ...

    def unprotect(self, data: bytes) -> bytes: ...


class FileMode:
    """No sealing: the file's mode (0600) is the protection."""

    name = "file-mode-0600"

    def protect(self, data: bytes) -> bytes:
        return data

    def unprotect(self, data: bytes) -> bytes:
        return data


class Dpapi:
    """Windows' Data Protection API, current-user scope, through ctypes (no extra package)."""

    name = "dpapi"
    ENTROPY = b"xxh-desktop machine key"
    UI_FORBIDDEN = 0x1

    def _call(self, data: bytes, protect: bool) -> bytes:
        import ctypes
        from ctypes import wintypes

        class Blob(ctypes.Structure):
            _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

        def blob(raw: bytes) -> tuple[Blob, object]:
            buffer = ctypes.create_string_buffer(raw, len(raw))
            return Blob(len(raw), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

        crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        function = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
        function.argtypes = [ctypes.POINTER(Blob), ctypes.c_void_p, ctypes.POINTER(Blob), ctypes.c_void_p,
                             ctypes.c_void_p, wintypes.DWORD, ctypes.POINTER(Blob)]
        function.restype = wintypes.BOOL
        kernel32.LocalFree.argtypes = [ctypes.c_void_p]
        source, _keep = blob(data)
        entropy, _keep_entropy = blob(self.ENTROPY)
        out = Blob()
        if not function(ctypes.byref(source), None, ctypes.byref(entropy), None, None, self.UI_FORBIDDEN,
                        ctypes.byref(out)):
            raise OSError(ctypes.get_last_error(), "DPAPI")
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            kernel32.LocalFree(out.pbData)

    def protect(self, data: bytes) -> bytes:
        return self._call(data, True)

    def unprotect(self, data: bytes) -> bytes:
        return self._call(data, False)


def data_folder(db_path: Path) -> Path:
    """The folder whose key serves `db_path`: its own, or for an automatic backup its data folder."""
    folder = Path(db_path).parent
    if folder.name == BACKUPS and (folder.parent / KEY_FILE).exists() and not (folder / KEY_FILE).exists():
        return folder.parent
    return folder


def default_protector() -> Protector:
    return Dpapi() if sys.platform == "win32" else FileMode()


@dataclass(frozen=True)
class MachineKey:
    path: Path
    secret: bytes = field(repr=False)

    def derive(self, purpose: str) -> bytes:
        """A key for one purpose (the audit chain, the signing key's encryption), never the secret itself."""
        return HKDF(hashes.SM3(), 32, None, f"xxh-desktop {purpose}".encode()).derive(self.secret)

    @property
    def key_id(self) -> str:
        """Names the key without revealing it (which key sealed a chain, a backup's anchor)."""
        return sm3_hex(self.derive("key id"))[:16]


def load(folder: Path, protector: Protector | None = None, *, create: bool = True) -> MachineKey:
    """The key in `folder`, created (mode 0600, sealed by `protector`) when there is none."""
    protector = protector or default_protector()
    path = Path(folder) / KEY_FILE
    if not path.exists():
        if not create:
            raise XxhError(f"本机密钥文件不存在：{path}")
        try:
            _create(path, protector)
        except FileExistsError:
            pass   # another process of ours made it a moment ago: read theirs
        except OSError as exc:
            raise XxhError(f"无法创建本机密钥文件 {path}：{exc.strerror or exc}") from exc
    return _read(path, protector)


def _create(path: Path, protector: Protector) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sealed = protector.protect(secrets.token_bytes(SECRET_BYTES))
    text = json.dumps({"format": FORMAT, "version": 1, "protection": protector.name,
                       "secret": base64.b64encode(sealed).decode("ascii")})
    # O_EXCL with mode 0600: the secret is never readable by others, not even for an instant.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        os.write(fd, text.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _read(path: Path, protector: Protector) -> MachineKey:
    def said(why: str = "") -> str:
        return (f"本机密钥文件 {path} 已损坏或不是本程序的密钥文件{why}。没有它无法校验审计日志、无法使用签名密钥；"
                "请从该文件的备份中恢复，或联系信息技术人员。")

    damaged = said()
    try:
        content = json.loads(small_files.read_small(path, KEY_FILE_MAX).decode("ascii"))
        if sys.platform != "win32" and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)   # widened by a copy or by hand: close it again (a regular file: read above)
        if content.get("format") != FORMAT:
            raise XxhError(damaged)
        sealed = base64.b64decode(content["secret"], validate=True)
    except small_files.UnfitFile as exc:   # a folder, a pipe, a device or a huge file: said what it is
        raise XxhError(said(f"（{exc}）")) from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:   # AttributeError: JSON, not an object
        raise XxhError(damaged) from exc
    protection = content.get("protection")
    if protection == FileMode.name:
        secret = sealed
    elif protection == protector.name:
        try:
            secret = protector.unprotect(sealed)
        except OSError as exc:
            raise XxhError(f"本机密钥文件 {path} 无法解开（它属于另一台电脑或另一个 Windows 用户）。") from exc
    else:
        raise XxhError(f"本机密钥文件 {path} 由另一台电脑（或另一个 Windows 用户）的系统保护，在这里无法打开。")
    if len(secret) != SECRET_BYTES:
        raise XxhError(damaged)
    return MachineKey(path, secret)
