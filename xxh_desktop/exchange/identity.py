"""Who sent a package: its key, registered once after a fingerprint check on paper (PRODUCT.md §8).

The office's key reaches a department machine in a registration file the
office makes for that unit (`export_registration`), checked against the
fingerprint the office prints on paper; after that only that key speaks as
县智慧办. At the office, a unit's key is registered on its first package, after
the clerk compares the fingerprint printed in the footer of that unit's
stamped 附件1/附件2. A package's side and unit are what its key is registered
as; the manifest's claims must agree, or the package is refused. Unit names
come from the office's register, compared after NFKC; invisible characters
are refused.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.fields import Side
from ..domain.text import shown
from ..errors import XxhError
from .limits import Refused
from .manifest import Manifest
from .signing import fingerprint, stored_fingerprint

if TYPE_CHECKING:
    from ..workspace import Workspace

KEY_KNOWN = "已登记"
KEY_FIRST = "首次收到：核对纸质指纹后登记"
KEY_CHANGED = "密钥已更换：核对纸质指纹后重新登记"
REGISTRATION = "登记"


@dataclass(frozen=True)
class Sender:
    side: Side
    unit: str            # the registered unit of a department key; '' for the office
    fingerprint: str
    public_key: str
    status: str          # KEY_KNOWN, KEY_FIRST or KEY_CHANGED
    replaces: str = ""   # the fingerprint a changed key replaces

    @property
    def name(self) -> str:
        return self.unit or self.side.value

    @property
    def needs_confirmation(self) -> bool:
        return self.status != KEY_KNOWN


def unit_name(text: str) -> str:
    """A unit's name as the register compares it: NFKC, trimmed; invisible characters refused."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn") or ch.isspace() and ch != " "
           for ch in text):
        raise Refused(f"单位名称「{shown(text, 40)}」含有不可见字符")
    name = unicodedata.normalize("NFKC", text).strip()
    if not name:
        raise Refused("单位名称为空")
    return name


def _registered_unit(ws: Workspace, claimed: str) -> str:
    """The office register's own spelling of `claimed` (NFKC-equal), or a refusal."""
    name = unit_name(claimed)
    for registered in ws.units.names():
        if unicodedata.normalize("NFKC", registered).strip() == name:
            return registered
    raise Refused(f"「{shown(claimed, 40)}」不在本机的单位名录中。请先在「单位登记」中登记该单位，"
                  "并把登记文件交给该单位导入")


def identify(ws: Workspace, manifest: Manifest, registration: dict[str, str] | None) -> Sender:
    """The package's sender as its key is registered here; `Refused` when the key may not speak."""
    side = ws.settings.side
    if side is None:
        raise Refused("本机尚未选择身份（县智慧办或项目建设单位），不能导入交换文件。请先完成首次启动设置，"
                      "或用命令 xxh init --side 选择")
    if fingerprint(manifest.public_key) == stored_fingerprint(ws):
        raise Refused("这是本机导出的文件，不能导入本机。请把它拷到对方的电脑上导入")
    try:
        claimed = Side(manifest.sender_role)
    except ValueError:
        raise Refused(f"发送方身份「{shown(manifest.sender_role, 20)}」无效") from None
    if claimed == Side.OFFICE and unit_name(manifest.sender_unit) != Side.OFFICE.value:
        raise Refused(f"文件声称来自县智慧办，但发送单位写作「{shown(manifest.sender_unit, 40)}」；"
                      f"县智慧办的文件只以「{Side.OFFICE.value}」署名")
    known = ws.keys.find(manifest.public_key)
    if known is not None:
        if known.revoked_at:
            raise Refused(f"发送方的密钥（指纹 {known.fingerprint}）已于 {known.revoked_at[:10]} 被更换，不再有效")
        if known.side != claimed or (claimed == Side.UNIT and unit_name(manifest.sender_unit) != known.unit):
            raise Refused(f"文件声称来自「{shown(manifest.sender_unit, 40)}」（{claimed}），但其密钥登记为"
                          f"「{known.unit or known.side.value}」")
        return Sender(known.side, known.unit, known.fingerprint, known.public_key, KEY_KNOWN)
    if side == Side.OFFICE:
        if claimed != Side.UNIT or registration is not None:
            raise Refused("县智慧办只接收项目建设单位的交换文件；此文件声称来自县智慧办，而本机就是县智慧办")
        unit = _registered_unit(ws, manifest.sender_unit)
        current = ws.keys.current(Side.UNIT, unit)
        return Sender(Side.UNIT, unit, manifest.fingerprint, manifest.public_key,
                      KEY_CHANGED if current else KEY_FIRST, current.fingerprint if current else "")
    # A department machine hears the office only, and the office's key arrives in a registration file.
    if claimed != Side.OFFICE:
        raise Refused("本机（项目建设单位）只接收县智慧办的交换文件；此文件来自另一个项目建设单位")
    if registration is None:
        raise Refused("此文件的发送方密钥不是本机登记的县智慧办密钥。请先导入县智慧办为本单位制作的登记文件"
                      "（核对县智慧办在纸上打印的密钥指纹）")
    current = ws.keys.current(Side.OFFICE)
    return Sender(Side.OFFICE, "", manifest.fingerprint, manifest.public_key,
                  KEY_CHANGED if current else KEY_FIRST, current.fingerprint if current else "")


def same_fingerprint(typed: str, fingerprint: str) -> bool:
    """What a clerk typed (dashes, spaces and case as they like) against a key's fingerprint."""
    def plain(text: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())

    return bool(typed) and plain(typed) == plain(fingerprint)


def confirm(sender: Sender, trusted_fingerprint: str | None) -> None:
    """A first or changed key is taken only with the fingerprint the clerk read off the paper."""
    if not sender.needs_confirmation:
        return
    if trusted_fingerprint is None:
        where = "该单位盖章的附件1或附件2页脚" if sender.side == Side.UNIT else "县智慧办盖章的单位登记单"
        raise XxhError(f"「{sender.name}」的密钥{'已更换' if sender.status == KEY_CHANGED else '是首次收到'}，"
                       f"指纹 {sender.fingerprint}。请与{where}上印的指纹逐位核对，一致后再确认导入"
                       "（命令行：加 --trust-key 和您核对过的指纹）。\n数据库未作任何改动。")
    if not same_fingerprint(trusted_fingerprint, sender.fingerprint):
        raise Refused(f"核对的指纹 {shown(trusted_fingerprint, 60)} 与文件的密钥指纹 {sender.fingerprint} 不一致。"
                      "请勿导入此文件，并与对方联系")
