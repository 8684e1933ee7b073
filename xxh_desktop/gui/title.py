"""The program's name in every title bar and message box (a module of its own: the start-up
says it before the main window is imported)."""

APP_TITLE = "金寨县政务信息化项目管理系统"
