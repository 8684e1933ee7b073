"""The PySide6 layer. Only this package imports Qt."""
