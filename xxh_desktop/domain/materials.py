"""Kinds of material a project carries, each from the article that asks for it."""

from __future__ import annotations

from ..errors import XxhError

# 第八条: what a declaration must bring.
DECLARATION_KINDS = (
    "项目建设依据",
    "项目建设方案",
    "项目概算",
    "项目可行性研究报告",
    "信息资源目录",
)
# 第八条第二款: for already-built systems (已建成需新增功能/升级/采购成熟系统).
EXISTING_SYSTEM_KIND = "现有软硬件资源情况"
# 第十七条: the seven 终验 materials, then the 终验报告 itself.
FINAL_ACCEPTANCE_KINDS = (
    "项目建设总结",
    "试运行报告",
    "初验及问题整改报告",
    "信息资源共享落实情况",
    "第三方测评报告",
    "安全风险评估报告",
    "密码应用安全性评估报告",
)
FINAL_REPORT_KIND = "终验报告"
# 第十八条
SELF_EVALUATION_KIND = "绩效自评价报告"

ALL_KINDS = (
    *DECLARATION_KINDS,
    EXISTING_SYSTEM_KIND,
    *FINAL_ACCEPTANCE_KINDS,
    FINAL_REPORT_KIND,
    SELF_EVALUATION_KIND,
)


def check_kind(kind: str) -> None:
    if kind not in ALL_KINDS:
        raise XxhError(f"未知的材料类别「{kind}」。可用的类别：{'、'.join(ALL_KINDS)}")


def declaration_kinds(is_existing_system: bool) -> tuple[str, ...]:
    """The materials 第八条 asks of a declaration."""
    return DECLARATION_KINDS + ((EXISTING_SYSTEM_KIND,) if is_existing_system else ())
