"""The main navigation, as data: each module adds its entry here when it lands.

An entry whose `url_name` is empty is a planned module: it is shown, greyed, so users see what
is coming; it is not a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.autoreload import file_changed
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from danvan.core.models import User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str = ""
    visible: Callable[[User], bool] | None = None


@dataclass(frozen=True)
class NavSection:
    label: str | Promise
    entries: tuple[NavEntry, ...]


def _is_admin(user: User) -> bool:
    from danvan.core.permissions import is_administrator

    return is_administrator(user)


def _may_verify_audit(user: User) -> bool:
    from danvan.core.permissions import can_verify_audit_chain

    return can_verify_audit_chain(user)


NAVIGATION: tuple[NavSection, ...] = (
    NavSection(
        _("Tổng quan"),
        (
            NavEntry(_("Trang chủ"), "core:home"),
            NavEntry(_("Hạn xử lý"), "core:board"),
            NavEntry(_("Nhiệm vụ"), "core:tasks"),
            NavEntry(_("Nhiệm vụ định kỳ"), "core:task_series_list"),
            NavEntry(_("Chậm việc, sót việc theo đơn vị"), "core:task_scoreboard"),
        ),
    ),
    NavSection(
        _("Nghiệp vụ"),
        (
            NavEntry(_("Đơn thư"), "petitions:list"),
            NavEntry(_("Vào sổ đơn"), "petitions:intake"),
            NavEntry(_("Nhập sổ đơn từ Excel"), "petitions:import"),
            NavEntry(_("Hộp thư đến"), "petitions:inbox"),
            NavEntry(_("Thống kê đơn thư"), "petitions:statistics"),
            NavEntry(_("Cổng công dân"), "portal:home"),
            NavEntry(_("Tiếp công dân"), "reception:sessions"),
            NavEntry(_("Sổ tiếp công dân"), "reception:entries"),
            NavEntry(_("Đối thoại"), "dialogues:list"),
            NavEntry(_("Nắm tình hình nhân dân"), "monitoring:dashboard"),
            NavEntry(_("Vấn đề bức xúc"), "monitoring:reports"),
            NavEntry(_("Cảnh báo sớm"), "monitoring:alerts"),
            NavEntry(_("Nhóm đơn trùng nội dung"), "monitoring:clusters"),
            NavEntry(_("Tìm theo văn bản, địa danh"), "monitoring:entities"),
            NavEntry(_("Dân vận khéo"), "practices:list"),
            NavEntry(_("Văn bản chỉ đạo"), "coordination:documents"),
            NavEntry(_("Chương trình phối hợp"), "coordination:programmes"),
            NavEntry(_("Kế hoạch"), "coordination:plans"),
            NavEntry(_("Hội nghị"), "conferences:list"),
            NavEntry(_("Vận động, tuyên truyền"), "campaigns:list"),
            NavEntry(_("Tổng hợp vận động, tuyên truyền"), "campaigns:summary"),
            NavEntry(_("Giám sát, phản biện xã hội"), "oversight:supervisions"),
            NavEntry(_("Kiểm tra thực hiện văn bản"), "oversight:inspections"),
            NavEntry(_("Báo cáo định kỳ"), "reports:list"),
            NavEntry(_("Yêu cầu báo cáo, theo dõi nộp"), "reports:requests"),
            NavEntry(_("Góp ý dự thảo"), "consultations:list"),
            NavEntry(_("Công khai ở cơ sở"), "democracy:disclosures"),
            NavEntry(_("Nhân dân bàn và quyết định"), "democracy:decisions"),
            NavEntry(_("Ban thanh tra nhân dân, giám sát đầu tư"), "boards:list"),
            NavEntry(_("Hòa giải ở cơ sở"), "mediation:cases"),
            NavEntry(_("Nhà nước và nhân dân cùng làm"), "projects:list"),
        ),
    ),
    NavSection(
        _("Danh mục"),
        (
            NavEntry(_("Đơn vị hành chính"), "core:units"),
            NavEntry(_("Cơ quan, đơn vị"), "core:orgs"),
            NavEntry(_("Lịch làm việc, tính hạn"), "core:calendar"),
        ),
    ),
    NavSection(
        _("Quản trị"),
        (
            NavEntry(_("Người dùng, vai trò"), "core:users", visible=_is_admin),
            NavEntry(
                _("Kiểm tra toàn vẹn nhật ký"), "core:audit_integrity", visible=_may_verify_audit
            ),
            NavEntry(_("Tài liệu API"), "api:openapi-view"),
        ),
    ),
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    href: str
    active: bool
    # Where the entry sits in NAVIGATION (section, entry): with href and active, what the
    # rendered menu depends on besides the language.
    place: tuple[int, int] = (-1, -1)


_HREFS: dict[tuple[str, str, str], str] = {}


def _href(url_name: str) -> str:
    """The entry's address, reversed once per process (about 40 reverses a page otherwise)."""
    key = (url_name, get_script_prefix(), str(settings.ROOT_URLCONF))
    href = _HREFS.get(key)
    if href is None:
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            href = ""
        _HREFS[key] = href
    return href


def navigation_for(user: User, path: str) -> list[tuple[str | Promise, list[NavItem]]]:
    sections: list[tuple[str | Promise, list[NavItem]]] = []
    for s_index, section in enumerate(NAVIGATION):
        items: list[NavItem] = []
        for e_index, entry in enumerate(section.entries):
            if entry.visible is not None and not entry.visible(user):
                continue
            href = _href(entry.url_name) if entry.url_name else ""
            active = bool(href) and (path == href or (href != "/" and path.startswith(href)))
            items.append(NavItem(entry.label, href, active, (s_index, e_index)))
        if items:
            sections.append((section.label, items))
    return sections


NAV_TEMPLATE = "core/_nav.html"
NAV_HTML_MAX = 5_000
_NAV_HTML: dict[tuple[Any, ...], str] = {}


def _nav_html_clear(**_kwargs: Any) -> None:
    _NAV_HTML.clear()


setting_changed.connect(_nav_html_clear, dispatch_uid="danvan-nav-html-clear")
# The development server reloads templates and translations without restarting: so do these.
file_changed.connect(_nav_html_clear, dispatch_uid="danvan-nav-html-clear-file")


def navigation_html(sections: list[tuple[str | Promise, list[NavItem]]]) -> str:
    """The menu as `core/_nav.html` renders it, rendered once per process for each distinct
    menu (which entries, their addresses, the current one) and language: every signed-in page
    showed it, and rendering its ~40 entries cost about 1.3 ms a page."""
    key = (
        get_language(),
        tuple((item.place, item.href, item.active) for _label, items in sections for item in items),
    )
    html = _NAV_HTML.get(key)
    if html is None:
        html = render_to_string(NAV_TEMPLATE, {"shell_navigation": sections})
        if len(_NAV_HTML) >= NAV_HTML_MAX:
            _NAV_HTML.clear()
        _NAV_HTML[key] = html
    return html
