"""工具 → 本机身份设置 takes effect at once: title, the side's menus and docks, the lists."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from xxh_desktop.domain.fields import Side
from xxh_desktop.gui.dialogs.first_start import FirstStartDialog
from xxh_desktop.gui.main_window import MainWindow

UNIT = "县教育体育局"


def visible(window: MainWindow, menu: str) -> list[str]:
    return [a.text() for a in window.menus[menu].actions() if a.isVisible() and a.text()]


def choose_in_dialog(monkeypatch, side: Side, unit: str = "") -> list[str]:
    said: list[str] = []

    def exec_(dialog: FirstStartDialog) -> int:
        (dialog.ui.unitRadio if side == Side.UNIT else dialog.ui.officeRadio).setChecked(True)
        dialog.ui.unitCombo.setCurrentText(unit)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FirstStartDialog, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: said.append(text))
    return said


def test_changing_the_side_changes_the_window_without_a_restart(qtbot, ws, monkeypatch):
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    assert "审核清单" in visible(window, "审核") and "导出年度计划…" in visible(window, "工具")
    assert window.project_model.columnCount() == 7

    said = choose_in_dialog(monkeypatch, Side.UNIT, UNIT)
    window.window_actions.action_settings.trigger()

    assert said == [f"本机身份已更改为「项目建设单位（{UNIT}）」，窗口已按新身份更新，无需重新启动。"]
    assert not window.restart_requested
    assert window.windowTitle().endswith(f"项目建设单位（{UNIT}）")
    assert "审核清单" not in visible(window, "审核") and "书面审核意见…" in visible(window, "审核")
    assert "单位登记…" not in visible(window, "工具") and "导出台账…" not in visible(window, "工具")
    assert window.checklist_panel.isHidden() and not window.checklist_panel.toggleViewAction().isVisible()
    review = window.procurement_review
    assert window.tabs.tabText(window.tabs.indexOf(review)) == "采购申报"
    assert review.start_button.isHidden() and not review.hint.isHidden()
    assert not window.dashboard.new_project_button.isHidden()
    assert window.dashboard.edit_deadline_button.isHidden()
    assert window.project_model.columnCount() == 8   # the drafts column of a department

    # The department's own writes work at once and show in the views.
    pid = ws.projects.create("智慧校园一卡通", UNIT, 2027)
    assert window.project_model.row_of(pid) >= 0 and window.board.model.has(pid)
    cid = ws.procurements.create(UNIT)
    assert review.model.row_of(cid) >= 0   # a department sees its drafts

    editor = window.editor_windows.open_declaration(pid)
    editor.ui.contactEdit.insert("吴晓东")

    said = choose_in_dialog(monkeypatch, Side.OFFICE)
    window.window_actions.action_settings.trigger()
    assert said == ["本机身份已更改为「县智慧办」，窗口已按新身份更新，无需重新启动。"]
    # The editor closed before the change, its typing kept as the department's draft.
    assert window.editor_windows.open_editors == {}
    assert ws.drafts.latest("declaration", pid).form["contact"] == "吴晓东"
    assert window.windowTitle().endswith("— 县智慧办")
    assert "审核清单" in visible(window, "审核") and "单位登记…" in visible(window, "工具")
    assert not window.checklist_panel.isHidden()
    assert window.tabs.tabText(window.tabs.indexOf(review)) == "采购申报审核"
    assert review.model.row_of(cid) < 0   # the office sees submitted cases only
    assert window.project_model.columnCount() == 7


def test_a_department_machine_becomes_the_office_and_gets_the_checklist(qtbot, ws, monkeypatch):
    ws.settings.choose_side(Side.UNIT, UNIT)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    assert not hasattr(window, "checklist_panel")
    choose_in_dialog(monkeypatch, Side.OFFICE)
    window.window_actions.action_settings.trigger()
    assert window.is_office and not window.checklist_panel.isHidden()
    window.show_checklist()   # 审核 → 审核清单 works at once
    assert window.checklist_panel.isVisible()
