"""The JSON Schema validator of the manifest and of data.json (docs/xxh-format.md §5).

Draft 2020-12, with its `pattern` keyword read as JSON Schema defines it — an ECMA-262
regular expression — and not as Python's `re` reads the same text: there `$` also matches
before a final line break (``"1.0\\n"`` would pass ``^[0-9A-Za-z.+-]{1,32}$``) and `\\d` any
Unicode digit (``"２０２６"``). The schema shipped in every package stays portable; this is
how the receiver holds a file to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators


@functools.cache
def _ecma(pattern: str) -> re.Pattern[str]:
    """`pattern` as ECMA-262 reads it, for the patterns of these schemas: a `$` that ends it is
    the end of the text, and classes are ASCII."""
    if pattern.endswith("$") and not pattern.endswith(r"\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})
