"""The petition pages are the same with the field templates written in Python
(danvan/core/template_python.py) as with the template files themselves."""

from __future__ import annotations

import re
from typing import Any

from django.template import engines

from danvan.core.template_python import PythonTemplate
from danvan.petitions.services import petition_register
from tests.petitions.conftest import World, petition_input


def _without_tokens(html: bytes) -> str:
    # A CSRF token is masked afresh on every page (64 letters and digits).
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", html.decode())


def test_intake_case_and_register_pages_are_the_same_with_the_files(
    client: Any, settings: Any, world: World
) -> None:
    petition = petition_register(actor=world.officer_a, data=petition_input())
    petition_register(actor=world.officer_a, data=petition_input(summary="Đòi <bồi> & thường"))
    client.force_login(world.officer_a)
    paths = ["/don-thu/moi/", f"/don-thu/{petition.pk}/", "/don-thu/", "/don-thu/?q=b%E1%BB%93i"]
    assert isinstance(
        engines["django"].engine.get_template("petitions/_field.html"), PythonTemplate
    )
    fast = [client.get(path) for path in paths]

    plain = dict(settings.TEMPLATES[0])
    plain["OPTIONS"] = {**plain["OPTIONS"], "loaders": plain["OPTIONS"]["loaders"][0][2]}
    settings.TEMPLATES = [plain]
    assert not isinstance(
        engines["django"].engine.get_template("petitions/_field.html"), PythonTemplate
    )
    slow = [client.get(path) for path in paths]

    for path, a, b in zip(paths, fast, slow, strict=True):
        assert a.status_code == b.status_code == 200, path
        assert _without_tokens(a.content) == _without_tokens(b.content), path
    # The case page's forms went through the field template; the register lists both rows
    # with their boxes for assigning in bulk.
    assert 'class="field' in fast[1].content.decode()
    assert fast[2].content.decode().count('name="ids"') == 2
