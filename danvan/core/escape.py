"""`conditional_escape` for the HTML written in Python, without Django's lazy-argument wrapper.

`django.utils.html.escape` is wrapped by `keep_lazy`, which inspects every argument for a lazy
translation before each call. The register, the board and the forms written in Python
(`core/template_python.py`, `core/forms/renderer.py`) escape about a thousand values a page, and
that wrapper cost more than the escaping. `escape_html` gives the same text as
`str(conditional_escape(value))`: a safe string as it is (its `__html__()`), anything else
through `html.escape` of its text, a lazy translation after it is translated
(tests/core/test_escape.py compares both on any input).
"""

from __future__ import annotations

import html
from typing import Any

from django.utils.functional import Promise


def escape_html(value: Any) -> str:
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))
