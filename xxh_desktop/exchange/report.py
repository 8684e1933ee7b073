"""The import preview as plain text lines (the CLI prints them; tests read them)."""

from __future__ import annotations

from .importer import Preview
from .merge import CONFLICT, UNCHANGED


def preview_lines(preview: Preview) -> list[str]:
    lines = [
        f"文件：{preview.path.name}（SM3 {preview.file_sm3}）",
        f"发送方：{preview.sender_unit}（{preview.sender_role}），用途：{preview.purpose}，"
        f"导出于 {preview.created_at}，程序版本 {preview.app_version}，格式 {preview.format_version}",
        f"签名密钥指纹：{preview.fingerprint}（{preview.key_status}）",
        f"包编号：{preview.package_id}；附件 {preview.attachments} 个",
    ]
    if preview.already_imported_at:
        lines.append(f"此文件已于 {preview.already_imported_at} 导入。")
    lines += [f"注意：{w}" for w in preview.warnings]
    lines.append(f"共 {len(preview.records)} 条记录：{preview.summary()}")
    for rec in preview.records:
        local = "本机无" if rec.local_revision is None else f"本机版本 {rec.local_revision}"
        lines.append(f"[{rec.status}] {rec.kind_label} {rec.number or rec.record_id}「{rec.title}」"
                     f"（{rec.unit}；对方版本 {rec.revision}，{local}）")
        if rec.status == UNCHANGED:
            continue
        for note in rec.notes:
            lines.append(f"    ※ {note}")
        for diff in rec.fields:
            if rec.local_revision is None:
                lines.append(f"    {diff.label}：{diff.theirs}")
            else:
                mark = "≠" if rec.status == CONFLICT else "→"
                lines.append(f"    {diff.label}：本机 {diff.mine} {mark} 对方 {diff.theirs}")
    return lines
