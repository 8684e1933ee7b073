"""The import preview as plain text lines (the CLI prints them; tests read them).

Everything a file says is shown through `shown()`: no control or direction
character of a hostile file reaches the clerk's terminal or window."""

from __future__ import annotations

from ..domain.text import shown
from .preview import Preview
from .merge import CONFLICT, NEW, UNCHANGED


def preview_lines(preview: Preview) -> list[str]:
    s = preview.sender
    lines = [
        f"文件：{shown(preview.path.name, 120)}（SM3 {preview.file_sm3}）",
        f"发送方：{shown(s.name, 60)}（{s.side.value}），用途：{preview.purpose}，导出于 {shown(preview.created_at, 40)}，"
        f"程序版本 {shown(preview.app_version, 20)}，格式 {preview.format_version}",
        f"签名密钥指纹：{s.fingerprint}（{s.status}）",
    ]
    if s.replaces:
        lines.append(f"注意：此前登记的密钥指纹为 {s.replaces}，此文件换了新密钥。")
    lines.append(f"包编号：{preview.package_id}；附件 {preview.attachments} 个")
    if preview.registration:
        lines.append(f"单位登记：县智慧办为「{shown(preview.registration['unit'], 60)}」制作，"
                     f"县智慧办密钥指纹 {preview.registration['office_fingerprint']}")
    if preview.already_imported_at:
        lines.append(f"此文件已于 {preview.already_imported_at} 导入。")
    lines += [f"注意：{w}" for w in preview.warnings]
    if not preview.registration:
        lines.append(f"共 {len(preview.records)} 条记录：{preview.summary()}")
    for rec in preview.records:
        lines.append(f"[{rec.status}] {rec.kind_label} {shown(rec.number, 40)}「{shown(rec.title, 60)}」"
                     f"（{shown(rec.unit, 40)}）")
        if rec.status == UNCHANGED and not rec.moves and not rec.notes:
            continue
        for note in rec.notes:
            lines.append(f"    ※ {note}")
        for diff in rec.fields:
            if rec.status == NEW:
                lines.append(f"    {diff.label}：{shown(diff.theirs, 200)}")
            else:
                mark = "≠" if rec.status == CONFLICT else "→"
                lines.append(f"    {diff.label}：本机 {shown(diff.mine, 200)} {mark} 对方 {shown(diff.theirs, 200)}")
    return lines
