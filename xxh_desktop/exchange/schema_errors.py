"""JSON Schema errors in Chinese, for the manifest and data.json alike."""

from __future__ import annotations

import jsonschema

WHY = {
    "type": "类型不对", "required": "缺少必填字段", "additionalProperties": "有本格式没有的字段",
    "enum": "取值不在允许的范围内", "const": "取值不对", "pattern": "格式不对", "maxLength": "过长",
    "minLength": "不能为空", "minimum": "数值过小", "maximum": "数值过大", "maxItems": "条目过多",
    "propertyNames": "名称不被允许", "maxProperties": "条目过多",
}


def problem_detail(err: jsonschema.ValidationError) -> str:
    """The specifics of a schema error in Chinese: which fields, or which value."""
    if err.validator == "required" and isinstance(err.instance, dict):
        return "缺少 " + "、".join(str(k) for k in err.validator_value if k not in err.instance)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = err.schema.get("properties", {})
        return "多出 " + "、".join(str(k)[:40] for k in err.instance if k not in known)
    return f"值 {str(err.instance)[:60]!r}"
