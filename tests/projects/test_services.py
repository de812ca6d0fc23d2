"""Services: registering, the lifecycle (409 on a stale version), the contributions ledger
(kinds, pledged then received, void), expenditures never above the balance, progress, and the
account's totals and residents' share."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from danvan.core.errors import Conflict, PermissionDenied, ValidationFailed
from danvan.core.files import UploadedFileInput
from danvan.core.models import AuditEvent
from danvan.projects import selectors, services
from danvan.projects.inputs import (
    ContributionInput,
    ExpenditureInput,
    ProgressInput,
    TransitionInput,
)
from danvan.projects.models import Contribution, ProgressReport, Project
from tests.projects.conftest import World, days, money, project_input

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0"
    b"\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_officer_registers_a_road_of_their_commune(world: World) -> None:
    project = services.project_create(actor=world.officer_a, data=project_input(world))
    assert project.status == "planned"
    assert project.area_id == world.commune_a.pk
    assert project.length_km == Decimal("1.200")
    assert AuditEvent.objects.filter(verb="project.create", target_id=str(project.pk)).exists()


def test_road_needs_a_length(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.project_create(actor=world.officer_a, data=project_input(world, length_km=""))
    assert "length_km" in err.value.fields


def test_officer_cannot_register_for_another_commune(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.project_create(
            actor=world.officer_b,
            data=project_input(world, organization_id=world.commune_a_org.pk),
        )
    assert "organization" in err.value.fields


def test_province_body_cannot_own_a_project(world: World) -> None:
    with pytest.raises(ValidationFailed) as err:
        services.project_create(
            actor=world.leader, data=project_input(world, organization_id=world.ubnd.pk)
        )
    assert "organization" in err.value.fields


def test_front_cannot_register(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=world.front_a, data=project_input(world, organization_id=None)
        )


def test_lifecycle_and_stale_version(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    stale = project.version
    services.project_transition(
        actor=world.officer_a,
        project=project,
        data=TransitionInput(to="in_progress", expected_version=stale, on=days(-5)),
    )
    assert project.started_on == days(-5)
    with pytest.raises(Conflict):
        services.project_transition(
            actor=world.officer_a,
            project=Project.objects.get(pk=project.pk),
            data=TransitionInput(to="completed", expected_version=stale),
        )
    with pytest.raises(ValidationFailed) as err:
        services.project_transition(
            actor=world.officer_a,
            project=project,
            data=TransitionInput(to="handed_over", expected_version=project.version),
        )
    assert err.value.code == "illegal_transition"
    with pytest.raises(ValidationFailed) as err:
        services.project_transition(
            actor=world.officer_a,
            project=project,
            data=TransitionInput(to="suspended", expected_version=project.version, reason=""),
        )
    assert "reason" in err.value.fields
    services.project_transition(
        actor=world.officer_a,
        project=project,
        data=TransitionInput(to="completed", expected_version=project.version),
    )
    project.refresh_from_db()
    assert project.status == "completed" and project.progress == 100
    assert ProgressReport.objects.filter(project=project, percent=100).count() == 1


def test_state_budget_gives_no_land(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    with pytest.raises(ValidationFailed) as err:
        services.contribution_record(
            actor=world.officer_a,
            project=project,
            data=ContributionInput(source="province", kind="land", amount=100),
        )
    assert "kind" in err.value.fields


def test_materials_need_unit_and_value(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    with pytest.raises(ValidationFailed) as err:
        services.contribution_record(
            actor=world.officer_a,
            project=project,
            data=ContributionInput(
                source="enterprise", kind="materials", amount=20, contributor="Công ty A"
            ),
        )
    assert "unit" in err.value.fields
    row = services.contribution_record(
        actor=world.officer_a,
        project=project,
        data=ContributionInput(
            source="enterprise",
            kind="materials",
            amount="20",
            contributor="Công ty A",
            unit="tấn xi măng",
            value="36.000.000",
        ),
    )
    assert row.value == 36_000_000 and row.unit == "tấn xi măng"


def test_money_in_whole_dong(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    with pytest.raises(ValidationFailed) as err:
        money(project, world.officer_a, "1000,5")  # type: ignore[arg-type]
    assert "amount" in err.value.fields
    row = money(project, world.officer_a, "1.234.567")  # type: ignore[arg-type]
    assert row.value == 1_234_567 and row.contributor == "Ngân sách trung ương"


def test_residents_need_a_name_and_state_is_never_listed(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    with pytest.raises(ValidationFailed) as err:
        money(project, world.officer_a, 1000, source="residents")
    assert "contributor" in err.value.fields
    row = money(project, world.officer_a, 1000, listed=True)
    assert row.listed is False


def test_pledge_then_receive(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project()
    pledge = money(project, world.officer_a, 500_000_000, source="province", received=False)
    assert pledge.state == "pledged" and pledge.received_on is None
    account = selectors.project_account(project=project)
    assert account.money_received == 0 and account.value_pledged == 500_000_000
    with pytest.raises(ValidationFailed):
        services.contribution_receive(actor=world.officer_a, contribution=pledge, on=days(-400))
    services.contribution_receive(
        actor=world.officer_a, contribution=pledge, on=days(0), receipt="GBC 01"
    )
    pledge.refresh_from_db()
    assert pledge.state == "received" and pledge.receipt == "GBC 01"
    with pytest.raises(ValidationFailed):
        services.contribution_receive(actor=world.officer_a, contribution=pledge)
    account = selectors.project_account(project=project)
    assert account.money_received == 500_000_000 and account.value_pledged == 0


def test_expenditure_never_exceeds_the_balance(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project(status="in_progress")
    money(project, world.officer_a, 300_000_000)
    money(project, world.officer_a, 50_000_000, source="residents", contributor="Các hộ thôn")
    before = Project.objects.get(pk=project.pk).version
    services.expenditure_record(
        actor=world.officer_a,
        project=project,
        data=ExpenditureInput(date=days(-1), item="Tạm ứng", amount=200_000_000, voucher="PC 1"),
    )
    assert Project.objects.get(pk=project.pk).version == before + 1
    with pytest.raises(ValidationFailed) as err:
        services.expenditure_record(
            actor=world.officer_a,
            project=project,
            data=ExpenditureInput(
                date=days(-1), item="Thanh toán", amount=150_000_001, voucher="PC 2"
            ),
        )
    assert err.value.code == "over_balance"
    assert "150.000.000" in err.value.message
    account = selectors.project_account(project=project)
    assert account.spent == 200_000_000
    assert account.balance == 300_000_000 + 50_000_000 - 200_000_000


def test_voiding_money_already_spent_is_refused(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project(status="in_progress")
    first = money(project, world.officer_a, 100)
    money(project, world.officer_a, 50, source="commune")
    services.expenditure_record(
        actor=world.officer_a,
        project=project,
        data=ExpenditureInput(date=days(0), item="Mua đá", amount=120, voucher="PC 1"),
    )
    with pytest.raises(ValidationFailed):
        services.contribution_void(actor=world.officer_a, contribution=first, reason="Ghi nhầm")
    assert Contribution.objects.get(pk=first.pk).voided is False
    expense = project.expenditures.get()
    services.expenditure_void(actor=world.officer_a, expenditure=expense, reason="Ghi nhầm số")
    services.contribution_void(actor=world.officer_a, contribution=first, reason="Ghi nhầm")
    account = selectors.project_account(project=project)
    assert account.money_received == 50 and account.spent == 0 and account.balance == 50


def test_account_totals_and_residents_share(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    officer = world.officer_a
    money(project, officer, 600)
    money(project, officer, 100, source="commune")
    money(project, officer, 150, source="residents", contributor="Các hộ thôn Khe Ngài")
    services.contribution_record(
        actor=officer,
        project=project,
        data=ContributionInput(
            source="residents", kind="labour", amount=10, contributor="Các hộ", value=100
        ),
    )
    services.contribution_record(
        actor=officer,
        project=project,
        data=ContributionInput(
            source="residents", kind="land", amount="320,5", contributor="Hộ ông A", listed=True
        ),
    )
    services.contribution_record(
        actor=officer,
        project=project,
        data=ContributionInput(
            source="enterprise",
            kind="materials",
            amount=2,
            unit="tấn",
            value=50,
            contributor="Công ty B",
        ),
    )
    money(project, officer, 999, source="donor", contributor="Nhà hảo tâm", received=False)
    account = selectors.project_account(project=project)
    # received value: 600 + 100 + 150 + 100 (labour) + 0 (land, no value) + 50 = 1000
    assert account.value_received == 1000
    assert account.state_value == 700
    assert account.residents_value == 250
    assert account.residents_share == Decimal("25.0")
    assert account.labour_days == Decimal(10) and account.land_m2 == Decimal("320.5")
    assert account.money_received == 850 and account.value_pledged == 999
    by_source = {s.source: s for s in account.sources}
    assert by_source["enterprise"].materials_value == 50
    assert by_source["donor"].pledged_value == 999 and by_source["donor"].value == 0


def test_progress_only_in_progress_and_keeps_latest(
    world: World, make_project: Callable[..., Project]
) -> None:
    planned = make_project()
    with pytest.raises(ValidationFailed):
        services.progress_report(
            actor=world.officer_a,
            project=planned,
            data=ProgressInput(date=days(0), percent=10),
        )
    project = make_project(status="in_progress", name="Nhà văn hóa thôn Vực Leng")
    services.progress_report(
        actor=world.officer_a,
        project=project,
        data=ProgressInput(
            date=days(-2),
            percent=60,
            note="Xong phần thô.",
            photo=UploadedFileInput(name="anh.png", data=PNG),
        ),
    )
    services.progress_report(
        actor=world.officer_a, project=project, data=ProgressInput(date=days(-10), percent=30)
    )
    project.refresh_from_db()
    assert project.progress == 60  # the latest by date, not the last written
    report = ProgressReport.objects.get(project=project, percent=60)
    assert report.content_type == "image/png" and report.file
    with pytest.raises(ValidationFailed) as err:
        services.progress_report(
            actor=world.officer_a,
            project=project,
            data=ProgressInput(
                date=days(0), percent=70, photo=UploadedFileInput(name="x.png", data=b"not png")
            ),
        )
    assert "photo" in err.value.fields
    with pytest.raises(ValidationFailed):
        services.progress_report(
            actor=world.officer_a, project=project, data=ProgressInput(date=days(0), percent=101)
        )


def test_ledgers_close_when_handed_over(world: World, make_project: Callable[..., Project]) -> None:
    project = make_project(status="completed")
    services.project_transition(
        actor=world.officer_a,
        project=project,
        data=TransitionInput(to="handed_over", expected_version=project.version),
    )
    with pytest.raises(ValidationFailed):
        money(project, world.officer_a, 100)


def test_update_with_stale_version_conflicts(
    world: World, make_project: Callable[..., Project]
) -> None:
    project = make_project()
    services.project_update(
        actor=world.officer_a,
        project=project,
        data=project_input(world, name="Đường thôn Khe Ngài (điều chỉnh)"),
        expected_version=project.version,
    )
    with pytest.raises(Conflict):
        services.project_update(
            actor=world.officer_a,
            project=Project.objects.get(pk=project.pk),
            data=project_input(world, name="Tên khác"),
            expected_version=1,
        )
