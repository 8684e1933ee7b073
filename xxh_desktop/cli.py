"""The command line: ``python -m xxh_desktop [--db PATH] COMMAND …`` (also ``xxh``).

PRODUCT.md §13 is a contract that IT scripts rely on: commands, options and
output columns stay as written there. Every command is a thin caller of the
core; errors print a Chinese message on stderr and exit non-zero, with
nothing changed.

On a database with accounts every command signs in first (`cli_session.py`).
"""

from __future__ import annotations

import argparse
import ast
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .domain.fields import Side
from .domain.text import shown, terminal_safe, tsv_field
from .errors import UNREADABLE_ADVICE, UnreadableValue, XxhError, describe_exception
from .paths import roaming_fallback_notice
from .cli_session import OPENED, db_path, open_workspace, out, unlogged
from .hashing import self_test

if TYPE_CHECKING:
    from .authority import Actor
    from .workspace import Workspace

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors (exit 2, message on stderr)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(terminal_safe(f"参数错误：{usage_problem(message)}") + "\n")
        raise SystemExit(EXIT_USAGE)


_ARGUMENT = re.compile(r"argument (?P<name>.+?): (?P<detail>.*)", re.DOTALL)
_INVALID_VALUE = re.compile(r"invalid (?P<type>\w+) value: (?P<value>.*)", re.DOTALL)
_INVALID_CHOICE = re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.DOTALL)
_VALUE_KINDS = {"int": "整数", "float": "数字"}


def usage_problem(message: str) -> str:
    """argparse's English message in Chinese, naming the option, for the usual mistakes;
    any other message as argparse gave it."""
    if message.startswith("the following arguments are required: "):
        return f"缺少必需的参数：{message.partition(': ')[2].replace(', ', '、')}"
    if message.startswith("unrecognized arguments: "):
        return f"无法识别的参数：{message.partition(': ')[2]}"
    argument = _ARGUMENT.fullmatch(message)
    if argument is None:
        return message
    name, detail = argument["name"], argument["detail"]
    if detail == "expected one argument":
        return f"{name} 后面缺少一个值"
    if detail == "expected at least one argument":
        return f"{name} 后面至少要有一个值"
    if invalid := _INVALID_VALUE.fullmatch(detail):
        kind = _VALUE_KINDS.get(invalid["type"])
        value = _unquoted(invalid["value"])
        return f"{name} 的值“{value}”不是{kind}" if kind else f"{name} 的值“{value}”无效"
    if choice := _INVALID_CHOICE.fullmatch(detail):
        value, choices = _unquoted(choice["value"]), _unquoted_list(choice["choices"])
        if name == "COMMAND":
            return f"没有“{value}”这个命令。可用的命令：{choices}"
        return f"{name} 的值“{value}”不是可选的值。可选：{choices}"
    if re.search(r"[\u4e00-\u9fff]", detail):
        return f"{name}：{detail}"   # a type of ours (`parse_date`) already said it in Chinese
    return message


def _unquoted(text: str) -> str:
    """A value as argparse quoted it (its repr), as typed."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _unquoted_list(text: str) -> str:
    try:
        values = ast.literal_eval(f"[{text}]")
    except (ValueError, SyntaxError):
        return text
    return "、".join(str(v) for v in values)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def parse_date(text: str) -> date:
    """A date argument, exactly YYYY-MM-DD as the help says (not ISO's 20261202 or 2026-W49-3)."""
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if year == 0:
            why = "没有公元 0 年"
        elif not 1 <= month <= 12:
            why = f"月份应为 01 至 12，不能是 {match[2]}"
        else:
            why = f"{year}年{month}月没有{day}日"
        raise argparse.ArgumentTypeError(f"日期“{text}”不存在：{why}") from None


def err(line: str) -> None:
    sys.stderr.write(terminal_safe(line) + "\n")


def _notice_fallback(args: argparse.Namespace) -> None:
    """Say once where the default database went when the roaming folder is not on this machine."""
    notice = None if (args.db or args.data_dir) else roaming_fallback_notice()
    if notice:
        err(f"提示：{notice}")


# ---------------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    if args.unit and args.side != Side.UNIT:
        raise XxhError("--unit 只用于 --side 项目建设单位。")
    _notice_fallback(args)
    with open_workspace(args) as ws:
        if args.side:
            ws.settings.choose_side(args.side, args.unit or "")
            from .exchange.signing import ensure_key

            ensure_key(ws)  # this machine's .xxh signing key (docs/xxh-format.md §3)
        out(f"数据库已就绪：{ws.path}（结构版本 {ws.schema_version}）")
        if args.side:
            out(f"本机身份：{_side_text(ws)}")
    return EXIT_OK


def _side_text(ws: Workspace) -> str:
    side = ws.settings.side
    if side is None:
        return "未选择"
    return f"{side}（{ws.settings.unit}）" if side == Side.UNIT else side.value


def cmd_show_settings(args: argparse.Namespace) -> int:
    from .exchange.signing import stored_fingerprint

    _notice_fallback(args)
    with open_workspace(args, create=False) as ws:
        out(f"数据库：{ws.path}")
        out(f"本机身份：{_side_text(ws)}")
        out(f"本机单位：{ws.settings.unit or ('（县智慧办）' if ws.settings.side == Side.OFFICE else '')}")
        out(f"签名密钥指纹：{stored_fingerprint(ws) or '尚未生成'}")
        for key in ws.keys.all():
            state = f"已于 {key.revoked_at[:10]} 更换" if key.revoked_at else "有效"
            out(f"登记的交换密钥：{key.unit or key.side.value}\t{key.fingerprint}\t登记于 {key.registered_at[:10]}\t{state}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import load_demo
    from .demo_accounts import DEMO_ACCOUNTS, create_demo_accounts

    with open_workspace(args) as ws:
        result = load_demo(ws, extra_projects=max(0, (args.projects or 0)))
        out(f"已载入演示数据：{result.projects} 个项目，{result.procurements} 个采购申报"
            f"（本次新增 {result.added_projects} 个项目、{result.added_procurements} 个采购申报）。")
        if create_demo_accounts(ws):
            out("已建演示账户（密码仅供演示，正式使用前请删除数据库或修改密码）：")
            for account in DEMO_ACCOUNTS:
                out(f"  {account.name}\t{account.password}\t{account.role}（{account.full_name}）")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from .amounts import format_wan
    from .annual_plan import check_year
    from .domain.stages import Stage

    # A filter nothing could match is a mistake to name, not an empty list.
    stage = Stage.parse(args.stage) if args.stage else None
    if args.year is not None:
        check_year(args.year)
    with open_workspace(args, create=False) as ws:
        for row in ws.views.summaries(stage=stage, year=args.year, unit=args.unit):
            fields = (row.number or row.declaration_no, row.name, row.unit, row.stage,
                      format_wan(row.investment).replace(",", ""))
            out("\t".join(tsv_field(f) for f in fields))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from .report import describe

    with open_workspace(args, create=False) as ws:
        out(describe(ws, args.number))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .accounts import read_as_sign_in
    from .lifecycle import chronology_warnings

    with open_workspace(args, create=False) as ws:
        # Without accounts nobody signs in: what a sign-in and every write read is read here, and
        # a side, unit or account changed outside the program is named (UnreadableValue).
        read_as_sign_in(ws)
        problems = ws.check()
        # Records whose dates break the regulation's order are kept, and named (not an integrity fault).
        warnings = [] if problems else chronology_warnings(ws)
    if problems:
        for p in problems:
            err(p)
        return EXIT_ERROR
    out("检查通过：数据库完整，结构版本正确，附件摘要与审计日志无误。")
    if warnings:
        sys.stderr.write(f"日期顺序等警告 {len(warnings)} 条（记录已保留，请核对更正）：\n")
        for w in warnings:
            sys.stderr.write(f"警告：{w}\n")
    return EXIT_OK


def cmd_attach(args: argparse.Namespace) -> int:
    if not args.file:
        raise XxhError("没有给出要附加的文件：请写出文件的路径。")
    path = Path(args.file)
    with open_workspace(args, create=False) as ws:
        project = ws.projects.get(args.number)
        ws.materials.attach_file(project.id, args.kind, path)
        out(f"已为 {project.label} 添加材料「{args.kind}」：{path.name}")
    return EXIT_OK


def cmd_stage(args: argparse.Namespace) -> int:
    from .lifecycle import move_stage

    on = args.date or date.today()
    with open_workspace(args, create=False) as ws:
        project = ws.projects.get(args.number)
        result = move_stage(ws, project.id, args.to, on=on, reason=args.reason or "")
    if not result.ok:
        err(f"不能将 {project.label} 移至「{args.to}」：")
        for reason in result.refusals:
            err(f"  {reason}")
        return EXIT_ERROR
    out(f"{project.label}：{project.stage} → {args.to}（{on.isoformat()}，记录：{result.event}）")
    return EXIT_OK


def cmd_deadlines(args: argparse.Namespace) -> int:
    from .deadlines import deadline_lines

    with open_workspace(args, create=False) as ws:
        for line in deadline_lines(ws, args.date or date.today()):
            out(line)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from .storage.backup import backup_to

    with open_workspace(args, create=False) as ws:
        path = backup_to(ws, args.dest)
    out(f"已备份到：{shown(str(path))}（已完整校验）")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .cli_session import sign_in
    from .restore import check_backup, restore
    from .workspace import Workspace

    target = db_path(args)
    actor = _restorer(args, target)
    if not args.yes:
        checked = check_backup(target, Path(args.src), actor=actor)
        if not checked.sound:
            err(f"{checked.heading(args.src)}：")
            for problem in checked.problems:
                err(f"  {problem}")
            return EXIT_ERROR
        for line in checked.described(args.src):
            out(line)
        err(f"恢复将用它替换当前数据库 {target}（先自动做安全备份，备份之后的审计日志会保留）。确认请加 --yes。")
        return EXIT_ERROR

    def signed_in(backup_ws: Workspace) -> None:
        backup_ws.user = "命令行"
        sign_in(backup_ws, args)

    notices: list[str] = []
    safety = restore(target, Path(args.src), actor=actor, sign_in=signed_in, notify=notices.append)
    # Done: what the restored file holds is told without signing in again (its accounts are the backup's).
    with Workspace.open(target, create=False) as ws:
        summary = f"项目 {ws.projects.count()} 个，审计日志 {ws.audit_log.count()} 条"
    out(f"已从 {shown(args.src)} 恢复（{summary}）。")
    for notice in notices:
        out(notice)
    out(f"恢复前的数据库已备份到：{safety}" if safety else "恢复前没有数据库，未做安全备份。")
    return EXIT_OK


def _restorer(args: argparse.Namespace, target: Path) -> Actor | None:
    """Who asks for a restore, or for its dry run (probe-restore F9: it reads the whole backup with
    this machine's key): the person signed in to the current database. None where nobody can sign
    in to it — there is none, SQLite cannot read it, or its side, unit or accounts do not read: the
    restore then signs the person in to the backup's accounts, and the dry run asks nobody, as no
    account of this database can be asked for."""
    from .accounts import read_as_sign_in
    from .restore import damaged
    from .workspace import Workspace

    if not target.exists():
        return None
    try:
        with Workspace.open(target, create=False) as ws:
            read_as_sign_in(ws)   # before anyone is asked to sign in: nobody could
        with open_workspace(args, create=False) as ws:
            return ws.actor
    except (XxhError, sqlite3.DatabaseError) as exc:
        if not damaged(exc):
            raise
        unreadable = isinstance(exc, UnreadableValue)
        why = str(exc).removesuffix(UNREADABLE_ADVICE) if unreadable else str(exc)
        # Its bytes are kept aside as they are (or, where SQLite reads it, in a safety backup).
        err(f"提示：当前数据库{'无人能登录' if unreadable else '无法打开'}（{why}），须用备份中的系统管理账户登录；"
            "恢复时把它保存在 backups 文件夹中。")
        return None


def cmd_audit(args: argparse.Namespace) -> int:
    from . import audit

    with open_workspace(args, create=False) as ws:
        if args.action == "verify":
            report = ws.audit_log.report(args.anchor or ())
            if report.problems:
                for p in report.problems:
                    err(p)
                return EXIT_ERROR
            compared = "、".join(f"{ANCHOR_KINDS.get(k, k)} {n} 个" for k, n in report.anchors.items()) or "无"
            out(f"审计日志完整：{report.entries} 条记录，摘要链无断裂，密钥校验码无误，防篡改触发器在位。")
            out(f"已核对的链外锚点：{compared}。当前{report.head.printed or '审计链为空'}")
            return EXIT_OK
        if not args.file:
            raise XxhError("audit export 需要输出文件名，例如：audit export 审计日志.xlsx")
        path = audit.export_xlsx(ws, args.file)
        out(f"已导出审计日志：{path}")
    return EXIT_OK


ANCHOR_KINDS = {"commit": "锚点文件记录", "restore": "恢复记录", "backup": "备份附注", "printed": "打印的锚点"}


def cmd_pdf(args: argparse.Namespace) -> int:
    from .printing.registry import export_form

    with open_workspace(args, create=False) as ws:
        result = export_form(ws, args.form, args.number, args.out)
    for warning in result.warnings:
        err(f"警告：{warning}")
    out(f"已生成 {args.form}：{args.out}（{result.pages} 页）")
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from .plan_export import export_plan

    with open_workspace(args, create=False) as ws:
        result = export_plan(ws, args.year, args.out)
    for warning in result.warnings:
        err(f"警告：{warning}")
    out(f"已导出{args.year}年度建设计划：{result.path}（{result.summary}）")
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from .excel.ledger import export_ledger

    with open_workspace(args, create=False) as ws:
        path = export_ledger(ws, args.out)
    out(f"已导出项目台账：{path}")
    return EXIT_OK


def cmd_export_xxh(args: argparse.Namespace) -> int:
    from .exchange import export_package

    with open_workspace(args, create=False) as ws:
        result = export_package(ws, args.numbers, args.out)
    out(f"已导出 {result.path}：项目 {result.projects} 个，采购申报 {result.procurements} 个，"
        f"附件 {result.attachments} 个，共 {result.size} 字节，已读回校验。")
    out(f"文件 SM3：{result.file_sm3}")
    return EXIT_OK


def cmd_register_unit(args: argparse.Namespace) -> int:
    from .exchange import export_registration
    from .exchange.signing import stored_fingerprint

    with open_workspace(args, create=False) as ws:
        result = export_registration(ws, args.unit, args.out)
        fingerprint = stored_fingerprint(ws)
    out(f"已制作单位登记文件 {result.path}，已读回校验。")
    out(f"县智慧办密钥指纹：{fingerprint}（请打印或抄写在纸上，与登记文件一并交给该单位核对）")
    out(f"文件 SM3：{result.file_sm3}")
    return EXIT_OK


def cmd_import_xxh(args: argparse.Namespace) -> int:
    from .exchange import apply_import, preview_import
    from .exchange.report import preview_lines

    # Asked to import (--yes): the backup made first is copied and checked while the file is read.
    ahead = args.yes and not args.dry_run
    with open_workspace(args, create=False) as ws, \
            preview_import(ws, Path(args.file), backup_ahead=ahead) as preview:
        if preview.already_imported_at:
            out(f"此文件已于 {preview.already_imported_at} 导入，本次未作任何改动。")
            return EXIT_OK
        for line in preview_lines(preview):
            out(line)
        if args.dry_run:
            out("（预览：未写入任何内容）")
            return EXIT_OK
        if preview.conflicts and args.on_conflict == "ask":
            sys.stderr.write(f"未导入：有 {len(preview.conflicts)} 条记录与本机此前收到的不是同一版本（冲突）。"
                             "请加 --on-conflict keep（保留本机）或 --on-conflict theirs（采用对方）后重试，"
                             "或在窗口中逐条选择。\n")
            return EXIT_ERROR
        if not args.yes:
            sys.stderr.write("未导入：请核对以上预览，确认无误后加 --yes 再运行。\n")
            return EXIT_ERROR
        result = apply_import(ws, preview, on_conflict=args.on_conflict, trust_key=args.trust_key)
    out(result.message)
    return EXIT_OK


# ---------------------------------------------------------------------- parser


class _SelfTest(argparse.Action):
    """``xxh --self-test [RESULT.json]``: like --version, runs at once and exits (no COMMAND needed)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[override]
        from .selftest import run_cli_self_test

        parser.exit(run_cli_self_test(values or None))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="xxh", description="金寨县政务信息化项目管理（命令行）")
    parser.add_argument("--version", action="version", version=f"xxh-desktop {__version__}")
    parser.add_argument("--self-test", action=_SelfTest, nargs="?", const="", metavar="RESULT.json",
                        help="自检本机安装的程序（临时文件夹中进行，不动用户数据），结果写入 RESULT.json；"
                             "全部通过时退出代码为 0")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（覆盖 XXH_DATA_DIR）")
    parser.add_argument("--user", metavar="NAME", help="以该账户登录（密码取自环境变量 XXH_PASSWORD，或在终端中输入）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("init", cmd_init, "创建或升级数据库；--side 选择本机身份（县智慧办或项目建设单位）")
    p.add_argument("--side", choices=[s.value for s in Side], metavar="|".join(s.value for s in Side),
                   help="本机身份")
    p.add_argument("--unit", metavar="名称", help="本单位名称（--side 项目建设单位 时必填）")
    command("show-settings", cmd_show_settings, "显示本机身份、单位和签名密钥指纹")
    p = command("demo", cmd_demo, "载入演示数据")
    p.add_argument("--projects", type=int, metavar="N", help="项目总数超过演示集时补充合成项目（用于规模测试）")
    p = command("list", cmd_list, "列出项目：编号、名称、单位、阶段、投资额(万元)，制表符分隔"
                "（字段中的制表符、换行和反斜杠写作 \\t、\\n、\\\\）")
    p.add_argument("--stage", metavar="S")
    p.add_argument("--year", type=int, metavar="Y")
    p.add_argument("--unit", metavar="U")
    p = command("show", cmd_show, "显示一个项目或采购申报的全部信息")
    p.add_argument("number", metavar="NUMBER")
    command("check", cmd_check, "完整性与结构检查，无误时退出码为 0")
    from .printing.registry import FORMS

    p = command("pdf", cmd_pdf, "打印一份表单为 PDF（附件1：项目编号；附件2：采购申报编号）")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--form", required=True, choices=list(FORMS), metavar="|".join(FORMS))
    p.add_argument("--out", required=True, metavar="F.pdf")
    p = command("plan", cmd_plan, "导出年度政务信息化项目建设计划（第七条）为 .xlsx 或 .pdf")
    p.add_argument("--year", type=int, required=True, metavar="Y")
    p.add_argument("--out", required=True, metavar="F.xlsx|F.pdf")
    p = command("ledger", cmd_ledger, "导出项目台账（含采购申报审核）为 .xlsx")
    p.add_argument("--out", required=True, metavar="F.xlsx")
    p = command("backup", cmd_backup, "备份数据库到文件夹或文件（可以是U盘）")
    p.add_argument("dest", metavar="DEST")
    p = command("restore", cmd_restore, "从备份恢复数据库（先自动做安全备份）")
    p.add_argument("src", metavar="SRC")
    p.add_argument("--yes", action="store_true", help="确认替换当前数据库")
    p = command("audit", cmd_audit, "审计日志：verify 校验摘要链、密钥校验码、触发器和链外锚点；export F.xlsx 导出")
    p.add_argument("action", choices=("verify", "export"))
    p.add_argument("file", nargs="?", metavar="F.xlsx")
    p.add_argument("--anchor", action="append", metavar="锚点",
                   help="与打印在台账或年度计划页脚的锚点核对，如 \"1234:ABCDEF01-23456789\"（可重复）")
    from .cli_accounts import add_account_commands

    add_account_commands(command)
    p = command("attach", cmd_attach, "为项目添加一份材料（类别见 PRODUCT.md §3，如 试运行报告）")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--kind", required=True, metavar="KIND")
    p.add_argument("file", metavar="FILE")
    p = command("stage", cmd_stage, "移动项目阶段；移动记录其代表的事项（如移至试运行即记录当日初验合格），"
                "不符合办法时逐条列出理由及条款并以非零退出")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--to", required=True, metavar="STAGE")
    p.add_argument("--reason", metavar="R", help="理由（退回前一阶段时必填）")
    p.add_argument("--date", type=parse_date, metavar="D", help="事项日期 YYYY-MM-DD（默认今天）")
    p = command("deadlines", cmd_deadlines, "截至 D 已逾期和30天内到期的事项，每行制表符分隔："
                "到期日、项目编号、项目名称、事项、状态(逾期/临近)")
    p.add_argument("--date", type=parse_date, metavar="D", help="查看日期 YYYY-MM-DD（默认今天）")
    p = command("export-xxh", cmd_export_xxh, "把项目或采购申报（按编号）导出为 .xxh 交换文件（可直接写到U盘）")
    p.add_argument("numbers", nargs="+", metavar="NUMBER")
    p.add_argument("--out", required=True, metavar="F.xxh")
    p = command("import-xxh", cmd_import_xxh, "导入 .xxh 交换文件：先显示预览，确认后一次写入（导入前自动备份）")
    p.add_argument("file", metavar="F.xxh")
    p.add_argument("--dry-run", action="store_true", help="只显示预览，不写入")
    p.add_argument("--yes", action="store_true", help="确认导入（不再询问）")
    p.add_argument("--on-conflict", choices=("ask", "keep", "theirs"), default="ask",
                   help="双方都改过的记录：ask 不导入并提示（默认），keep 保留本机，theirs 采用对方")
    p.add_argument("--trust-key", metavar="FINGERPRINT",
                   help="首次收到或更换了的发送方密钥：与纸质材料上打印的指纹核对一致后，把该指纹写在这里")
    p = command("register-unit", cmd_register_unit, "县智慧办：为项目建设单位制作单位登记文件（含本机密钥，"
                "该单位导入一次后即认得县智慧办），并把该单位列入单位名录")
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("--out", required=True, metavar="F.xxh")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    OPENED.clear()
    try:
        self_test()
        code = args.handler(args)
        for line in unlogged():
            err(line)
        return code
    except (XxhError, OSError, sqlite3.Error) as exc:
        err(f"错误：{describe_exception(exc)}")
        return EXIT_ERROR
    except UnicodeEncodeError as exc:
        # An argument the system could not decode as text (bytes that are not UTF-8 in a name).
        err(f"错误：参数中含有无效的字符（{exc.object[exc.start:exc.end]}），请检查输入的编号或名称。")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except Exception as exc:  # noqa: BLE001 — nobody foresaw it: no traceback for the person, the details for IT
        from .internal_error import log_file, report
        from .storage.values import unreadable_values

        said = report(exc, log_file(db_path(args)))
        # A value changed outside the program (probe-restore F6) is named, not called a fault of the
        # program; the last resort never fails itself, whatever the file holds.
        try:
            said = unreadable_values(db_path(args)) or said
        except Exception:  # noqa: BLE001 — the report above stands
            pass
        err(f"错误：{said}")
        return EXIT_ERROR
