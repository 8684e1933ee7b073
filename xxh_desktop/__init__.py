"""xxh-desktop: the county's government IT project system (金寨县政务信息化项目管理)."""

__version__ = "0.2.0"
