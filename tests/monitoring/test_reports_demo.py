"""The demo issue reports: the seed article's issues with their topics, every status, escalations
answered and pending, links to petitions of the same area and topic, sensitive and severity-4
issues; idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from danvan.core.models import Obligation
from danvan.monitoring.classifier import TopicSuggestion
from danvan.monitoring.demo import SEEDS, demo_monitoring_load
from danvan.monitoring.models import IssueLink, IssueReport, IssueUpdate
from danvan.monitoring.states import Status
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db
LOADED: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def demo(
    django_db_setup: Any,
    django_db_blocker: Any,
    vault_test_key: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    from danvan.core.services.demo import demo_data_load
    from danvan.core.services.reference import reference_data_load
    from danvan.dialogues.demo import demo_dialogues_load
    from danvan.petitions.demo import demo_petitions_load

    cheap = TopicSuggestion("khac", "Khác", 0.2)
    with (
        override_settings(
            DANVAN_VAULT_KEY=vault_test_key,
            DANVAN_VAULT_KEY_FILE="",
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        # The trained classifier has its own tests; the demo's topics are the seeds' own.
        mock.patch("danvan.monitoring.classifier.topic_suggest", lambda text: cheap),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reference_data_load()
        demo_data_load()
        demo_petitions_load(count=400, seed=11)
        demo_dialogues_load()
        LOADED["first"] = demo_monitoring_load()
        LOADED["reports"] = IssueReport.objects.count()
        LOADED["second"] = demo_monitoring_load()
        yield
        transaction.set_rollback(True)


def test_the_demo_loads_40_to_80_reports_once() -> None:
    first = LOADED["first"]
    assert 40 <= first["reports"] == LOADED["reports"] <= 80
    assert first.get("skipped", 0) == 0
    assert LOADED["second"]["skipped_existing"] == LOADED["reports"]
    assert IssueReport.objects.count() == LOADED["reports"]
    assert "alerts" in first


SEED_TOPICS = {
    "chợ Chí Công": "kinh_te_do_thi",
    "đồng muối Thông Thuận": "tai_nguyen",
    "Khai thác khoáng sản trái phép ven sông La Ngà": "tai_nguyen",
    "Khai thác cát trái phép tại xã Hàm Tân": "tai_nguyen",
    "nợ lương": "lao_dong",
    "Trạm Y tế xã Phan Sơn": "y_te",
    "thiếu nước sinh hoạt": "nuoc_sinh_hoat",
    "bãi rác Tân Bình": "moi_truong",
    "Hầm chui": "xay_dung_ha_tang",
    "48/2010/QĐ-TTg": "an_sinh",
    "Tranh chấp đất đai": "dat_dai",
}


@pytest.mark.parametrize(("words", "topic"), SEED_TOPICS.items())
def test_seed_001_issues_have_their_topics(words: str, topic: str) -> None:
    report = IssueReport.objects.filter(title__icontains=words).first()
    assert report is not None, words
    assert report.topic == topic
    assert report.area.parent is not None or report.area.level == "province"


def test_drinking_water_for_ethnic_minorities_is_flagged() -> None:
    report = IssueReport.objects.get(title__startswith="Đồng bào dân tộc thiểu số thiếu nước")
    assert (report.topic, report.secondary_topics, report.flag_ethnic) == (
        "nuoc_sinh_hoat",
        ["dan_toc"],
        True,
    )
    assert report.area.code == "23005"  # Bắc Bình: Phan Hòa and Phan Rí Thành merged into it


def test_every_status_sensitive_and_severity_4() -> None:
    statuses = set(IssueReport.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert IssueReport.objects.filter(severity=4).count() >= 3
    assert IssueReport.objects.filter(flag_ethnic=True).exists()
    assert IssueReport.objects.filter(flag_religious=True).exists()
    assert IssueReport.objects.filter(flag_security=True).exists()
    provinces = {
        r.area.code if r.area.parent is None else r.area.parent.code
        for r in IssueReport.objects.select_related("area__parent")
    }
    assert provinces == {"44", "68", "19", "52"}


def test_escalations_answered_pending_and_overdue() -> None:
    escalated = IssueReport.objects.filter(escalated_to__isnull=False)
    answered = escalated.filter(answered_on__isnull=False)
    assert answered.exists()
    for report in answered:
        assert report.escalated_to_id == report.organization.parent_id
        assert report.answered_on is not None and report.escalated_on is not None
        assert report.answered_on >= report.escalated_on
    today = timezone.localdate()
    overdue = Obligation.objects.filter(
        kind="monitoring.escalation_answer", status="open", due__lt=today
    )
    assert overdue.exists()
    assert Obligation.objects.filter(kind="monitoring.escalation_answer", status="done").exists()


def test_timelines_are_dated_in_order_and_in_the_past() -> None:
    today = timezone.localdate()
    assert IssueUpdate.objects.filter(status_to="").exists()  # periodic updates
    for report in IssueReport.objects.exclude(status="new"):
        days: list[dt.date] = list(report.updates.order_by("id").values_list("on", flat=True))
        assert days == sorted(days), report.title
        assert days[0] >= report.reported_on and days[-1] <= today
    assert Obligation.objects.filter(kind="monitoring.issue_update", status="open").exists()


def test_links_to_petitions_of_the_same_area_and_topic() -> None:
    links = IssueLink.objects.filter(target_type="petitions.petition").select_related("report")
    assert links.count() >= 10
    for link in links:
        petition = Petition.objects.select_related("area").get(pk=link.target_id)
        assert petition.topic == link.report.topic
    cluster = IssueReport.objects.filter(source="petitions")
    assert cluster.exists()
    assert all(r.links.filter(target_type="petitions.petition").exists() for r in cluster)
    assert IssueLink.objects.filter(target_type="dialogues.dialogue").exists()


def test_seeds_name_only_known_plans() -> None:
    plans = {s.plan for s in SEEDS}
    assert plans <= {
        "new",
        "verifying",
        "escalated",
        "escalated_late",
        "answered",
        "being_resolved",
        "resolved",
        "monitoring",
        "unfounded",
    }
