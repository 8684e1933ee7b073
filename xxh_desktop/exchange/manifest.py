"""manifest.json: what a package is, who sent it, and every member's size and SM3."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.text import shown
from . import strictjson
from .limits import Limits, Refused
from .schema_check import Validator
from .schema_errors import problem_detail

FORMAT_NAME = "xxh-exchange"
FORMAT_VERSION = (2, 0)
PURPOSES = ("申报", "审核反馈", "同步", "登记")

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA = "data.json"
SCHEMA = "schema.json"
ATTACHMENT_DIR = "attachments/"
HEX64 = "^[0-9a-f]{64}$"
# A time stamp as `clock.now_iso` writes it (ISO 8601, to the second, with its offset).
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$"
UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def version_text(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "format_version", "schema_version", "package_id", "app_version", "created_at",
                 "sender", "purpose", "last_received_package_id", "members"],
    "properties": {
        "format": {"const": FORMAT_NAME},
        "format_version": {"type": "string", "pattern": r"^\d{1,3}\.\d{1,3}$"},
        "schema_version": {"type": "integer", "minimum": 1, "maximum": 10000},
        "package_id": {"type": "string", "pattern": UUID},
        "app_version": {"type": "string", "pattern": r"^[0-9A-Za-z.+-]{1,32}$"},
        "created_at": {"type": "string", "pattern": TIMESTAMP},
        "sender": {
            "type": "object", "additionalProperties": False,
            "required": ["unit", "role", "public_key", "fingerprint"],
            "properties": {
                "unit": {"type": "string", "minLength": 1, "maxLength": 200},
                "role": {"enum": ["县智慧办", "项目建设单位"]},
                "public_key": {"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$"},
                "fingerprint": {"type": "string", "maxLength": 100},
            },
        },
        "purpose": {"enum": list(PURPOSES)},
        "last_received_package_id": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": UUID}]},
        "members": {
            "type": "array", "maxItems": 100000,
            "items": {
                "type": "object", "additionalProperties": False, "required": ["path", "size", "sm3"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "maxLength": 1000},
                    "size": {"type": "integer", "minimum": 0},
                    "sm3": {"type": "string", "pattern": HEX64},
                },
            },
        },
    },
}
_VALIDATOR = Validator(MANIFEST_SCHEMA)


def real_timestamp(text: str) -> bool:
    """A time stamp that names a real moment in the years the program can mean (2000–2100)."""
    try:
        return 2000 <= datetime.fromisoformat(text.replace("Z", "+00:00")).year <= 2100
    except ValueError:
        return False


@dataclass(frozen=True)
class Member:
    path: str
    size: int
    sm3: str


@dataclass(frozen=True)
class Manifest:
    package_id: str
    created_at: str
    app_version: str
    schema_version: int
    sender_unit: str
    sender_role: str
    public_key: str
    fingerprint: str
    purpose: str
    last_received_package_id: str | None
    members: tuple[Member, ...] = field(default_factory=tuple)
    format_version: str = version_text(FORMAT_VERSION)

    @property
    def claimed(self) -> str:
        """The sender as the manifest names it (not yet checked against the registered keys)."""
        return f"{shown(self.sender_unit, 60)}（{shown(self.sender_role, 20)}），密钥指纹 {shown(self.fingerprint, 60)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME, "format_version": self.format_version,
            "schema_version": self.schema_version, "package_id": self.package_id,
            "app_version": self.app_version, "created_at": self.created_at,
            "sender": {"unit": self.sender_unit, "role": self.sender_role,
                       "public_key": self.public_key, "fingerprint": self.fingerprint},
            "purpose": self.purpose, "last_received_package_id": self.last_received_package_id,
            "members": [{"path": m.path, "size": m.size, "sm3": m.sm3} for m in self.members],
        }

    def to_bytes(self) -> bytes:
        return strictjson.dumps(self.to_json())


def parse(raw: bytes, limits: Limits) -> Manifest:
    """The manifest, checked: format name and version first, then its whole shape."""
    value = strictjson.loads(raw, MANIFEST, limits, limits.max_manifest)
    if not isinstance(value, dict) or value.get("format") != FORMAT_NAME:
        raise Refused(f"{MANIFEST} 不是 .xxh 交换文件的清单（缺少 format = {FORMAT_NAME}）")
    version = value.get("format_version")
    match = re.fullmatch(r"(\d{1,3})\.(\d{1,3})", version, re.ASCII) if isinstance(version, str) else None
    if match is None:
        raise Refused(f"{MANIFEST} 的格式版本号 format_version 缺失或无法识别")
    theirs = (int(match[1]), int(match[2]))
    if theirs > FORMAT_VERSION:
        app = value.get("app_version")
        app = app if isinstance(app, str) and re.fullmatch(r"[0-9A-Za-z.+-]{1,32}", app) else version
        raise Refused(f"此文件的格式版本为 {version}，本程序只能读取 {version_text(FORMAT_VERSION)} 及以前的版本。"
                      f"请升级到 {app} 版（或更新）的 xxh-desktop 后再导入")
    if theirs[0] < FORMAT_VERSION[0]:
        app = value.get("app_version")
        app = app if isinstance(app, str) and re.fullmatch(r"[0-9A-Za-z.+-]{1,32}", app) else "旧"
        raise Refused(f"此文件是旧格式 {version}（由 xxh-desktop {app} 版导出），本程序读取格式 "
                      f"{version_text(FORMAT_VERSION)}：身份与密钥绑定、各方只改本方内容的规则只有新格式能保证。"
                      "请对方升级到本版本后重新导出")
    errors = sorted(_VALIDATOR.iter_errors(value),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        err = errors[0]
        where = "/".join(map(str, err.absolute_path)) or "（顶层）"
        raise Refused(f"{MANIFEST} 不符合格式：位置 {where}：{problem_detail(err)}")
    if not real_timestamp(value["created_at"]):
        raise Refused(f"{MANIFEST} 的导出时间 created_at 不是有效的时间（{value['created_at']}）")
    sender = value["sender"]
    return Manifest(
        package_id=value["package_id"], created_at=value["created_at"], app_version=value["app_version"],
        schema_version=value["schema_version"], sender_unit=sender["unit"], sender_role=sender["role"],
        public_key=sender["public_key"], fingerprint=sender["fingerprint"], purpose=value["purpose"],
        last_received_package_id=value["last_received_package_id"],
        members=tuple(Member(m["path"], m["size"], m["sm3"]) for m in value["members"]),
        format_version=version,
    )
