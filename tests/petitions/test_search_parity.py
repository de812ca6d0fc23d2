"""Search gives the same results on SQLite (FTS5) and PostgreSQL (GIN, tsvector).

The suite runs on both databases in CI; each run compares the database's answers with the same
pure-Python reference (every query token is the prefix of a word of the petition's text), so
both databases agreeing with it proves they agree with each other.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest

from danvan.petitions.models import Petition
from danvan.petitions.search import matches, search_filter, search_text_for
from tests.core.test_accounts_support import fast_password_hashing
from tests.petitions.conftest import World

__all__ = ["fast_password_hashing"]


@pytest.fixture(autouse=True)
def _rules() -> None:
    """Search needs no deadline rules (overrides the package's autouse fixture)."""


class Row(NamedTuple):
    case_number: str
    summary: str
    names: tuple[str, ...]
    respondent: str
    content: str


ROWS: tuple[Row, ...] = (
    Row(
        "12/2026/44-UBND",
        "Chợ Chí Công xuống cấp",
        ("Nguyễn Văn An",),
        "",
        "Chợ Chí Công bị dột nát, tiểu thương đề nghị sửa chữa.",
    ),
    Row(
        "13/2026/44-UBND",
        "",
        ("Trần Thị Bình", "Lê Văn Cường"),
        "Công ty TNHH Muối Thông Thuận",
        "Đồng muối Thông Thuận bị ngập, diêm dân mất mùa.",
    ),
    Row(
        "1/2026/TCD",
        "KHAI THÁC KHOÁNG SẢN TRÁI PHÉP",
        ("ĐẶNG VĂN ĐỨC",),
        "",
        "Khai thác cát trái phép trên sông, gây sạt lở bờ.",
    ),
    Row(
        "2/2026/TCD",
        "",
        ("Phạm Thị Hoà",),
        "Doanh nghiệp may Đông Á",
        "Nợ lương công nhân 3 tháng, tổng số tiền 1.250.000.000 đồng.",
    ),
    Row(
        "3/2026/TCD", "Trạm y tế xuống cấp", (), "", "Trạm y tế xã Phước Dinh mái dột, thiếu thuốc."
    ),
    Row(
        "4/2026/TCD",
        "",
        ("Võ Thị Thuỷ",),
        "",
        "Thiếu nước sinh hoạt kéo dài ở thôn Đông, thôn Tây.",
    ),
    Row(
        "5/2026/TCD",
        "Bãi rác",
        ("Hồ Văn Lực",),
        "UBND xã Ninh Hải",
        "Bãi rác tự phát gây ô nhiễm, mùi hôi, ruồi nhặng.",
    ),
    Row("6/2026/TCD", "", ("Huỳnh Thị Ánh",), "", "Hầm chui cao tốc Bắc–Nam bị ngập sâu khi mưa."),
    Row(
        "7/2026/TCD",
        "Hỗ trợ ngư dân",
        ("Trương Văn Biển",),
        "",
        "Đề nghị hỗ trợ ngư dân bị thiệt hại do bão số 3 (YAGI).",
    ),
    Row(
        "8/2026/TCD",
        "",
        ("Ngô Thị Đào",),
        "Ông Nguyễn Văn Tư, cán bộ địa chính",
        "Tố cáo cán bộ địa chính nhận tiền để cấp GCNQSDĐ sai quy định.",
    ),
    Row(
        "9/2026/TCD",
        "Đất đai",
        ("Nguyễn Văn Anh",),
        "",
        "Khiếu nại Quyết định số 125/QĐ-UBND ngày 12/02/2026 về thu hồi đất.",
    ),
    Row("10/2026/TCD", "", ("Nguyen Van An",), "", "Don khong dau: duong lien thon bi hong nang."),
    Row("11/2026/TCD", "", ("ĐỖ THỊ HẠNH",), "", "ĐƯỜNG LIÊN THÔN BỊ HỎNG NẶNG!!!"),
    Row("PAKN-2026-000123", "Phản ánh qua PAKN", (), "", "Mã PAKN123: đèn đường không sáng."),
    Row("15/2026/44-UBND", "", ("Lý Thị Ðào",), "", "Thủy lợi nội đồng bị bồi lấp, thuỷ lợi phí."),
    Row("16/2026/44-UBND", "", ("Mai Văn Ất",), "", "Ô nhiễm tiếng ồn từ xưởng gỗ ban đêm."),
    Row("17/2026/44-UBND", "", (), "", "Ｕ Ｂ Ｎ Ｄ chậm trả lời đơn (ký tự toàn khổ) １２３."),
    Row("18/2026/44-UBND", "", ("Nguyễn Đăng Khoa",), "", "Đăng ký kết hôn bị từ chối vô lý."),
    Row(
        "19/2026/44-UBND",
        "",
        ("Tạ Thị Quyên",),
        "",
        "Quy hoạch treo 15 năm, dân không được xây nhà.",
    ),
    Row("20/2026/44-UBND", "", ("Châu Văn Ðức",), "", "Xe quá tải làm hỏng đường ĐT.741."),
    Row(
        "21/2026/44-UBND", "", ("Phan Thị Ngọc",), "", "Học phí tăng 30% so với năm học 2024-2025."
    ),
    Row("22/2026/44-UBND", "", ("Dương Văn Hải",), "", "Cấp đổi sổ đỏ (GCN) quá hạn 45 ngày."),
    Row("23/2026/44-UBND", "", ("Lâm Thị Mỹ",), "", "Chó thả rông cắn người ở khu phố 3."),
    Row("24/2026/44-UBND", "", ("Kiều Văn Sơn",), "", "or NOT and NEAR: chữ tiếng Anh trong đơn."),
    Row("25/2026/44-UBND", "", ("Ông Ích Khiêm",), "", "Tên có chữ Ích, Ông là họ."),
    Row("26/2026/44-UBND", "", ("Nguyễn Thị Mười Hai",), "", "Số nhà 12A, ngõ 12/3 đường 3/2."),
    Row("27/2026/44-UBND", "", (), "", "e-mail: an.nguyen@example.vn, web: http://xa.gov.vn/a_b"),
    Row("28/2026/44-UBND", "", ("Bùi Văn Thọ",), "", "Giá đền bù 3,5 triệu đồng/m² là quá thấp."),
    Row("29/2026/44-UBND", "", ("Cao Thị Yến",), "", "Đồng bào dân tộc Ê Đê ở buôn Ma Thuột."),
    Row("30/2026/44-UBND", "", ("Tô Văn Đồng",), "", "Đông người tụ tập trước trụ sở xã."),
    Row("31/2026/44-UBND", "", ("Hà Văn Động",), "", "Động đất nhẹ làm nứt nhà."),
    Row("32/2026/44-UBND", "", ("Lạc Thị Dung",), "", "dung tích hồ chứa nước giảm."),
    Row("33/2026/44-UBND", "", ("Mạc Văn Đúng",), "", "Đúng hạn nhưng chưa trả kết quả."),
    Row("34/2026/44-UBND", "", (), "", "Chỉ có số: 0123456789 00042 7."),
    Row("35/2026/44-UBND", "", ("Đinh Công Tráng",), "", "Tên đường Đinh Công Tráng viết sai."),
    Row("36/2026/44-UBND", "", ("Hứa Thị Xuân",), "", "Xuân Lộc, Đồng Nai: đường xuống cấp."),
    Row("37/2026/44-UBND", "", ("Vương Văn Út",), "", "Ưu tiên người có công; ưu đãi chưa nhận."),
    Row("38/2026/44-UBND", "", ("Ninh Thị Ơn",), "", "Ơn nghĩa, ân tình: nhà tình nghĩa dột."),
    Row("39/2026/44-UBND", "", (), "", "3e4x 1e5 0x1f 12abc abc12: mã lạ trong đơn."),
    Row("40/2026/44-UBND", "", ("Nguyễn Văn Anh Tuấn",), "", "Xin xác nhận hộ nghèo năm 2026."),
)

QUERIES: tuple[str, ...] = (
    "chợ Chí Công",
    "cho chi cong",
    "ĐỒNG MUỐI",
    "đồng",
    "dong",
    "đ",
    "12/2026/44-UBND",
    "12/2026",
    "44-ubnd",
    "ubnd",
    "Nguyễn Văn",
    "nguyen van an",
    "nguyen van anh",
    "TRẦN thị",
    "khoáng sản trái phép",
    "nợ lương",
    "1.250",
    "tram y te",
    "hầm chui",
    "ngư dân",
    "thuỷ lợi",
    "thủy lợi",
    "ｕｂｎｄ",
    "PAKN123",
    "pakn 000123",
    "duong lien thon",
    "o",
    "Ông Ích",
    "3e4x",
    "12a",
    "12 3",
    "or not and near",
    '"or" NOT*',
    "'; DROP TABLE petitions_petition; --",
    "Đắk Lắk",
    "ma thuot",
    "xuân lộc đồng nai",
    "ưu",
    "ơn",
    "example vn",
    "gov",
    "m²",
    "",
    "!!!",
)


@pytest.fixture
def petitions(world: World) -> dict[int, str]:
    """The fixed set, half in commune A and half in commune B; id -> stored search text."""
    stored: dict[int, str] = {}
    for i, row in enumerate(ROWS):
        org, area = (
            (world.commune_a_org, world.commune_a)
            if i % 2 == 0
            else (world.commune_b_org, world.commune_b)
        )
        text = search_text_for(
            content=row.content,
            summary=row.summary,
            case_number=row.case_number,
            names=row.names,
            respondent=row.respondent,
        )
        p = Petition.objects.create(
            organization=org,
            year=2026,
            seq=i + 1,
            case_number=row.case_number,
            tracking_code=f"PAR{i:06d}",
            kind="complaint",
            channel="post",
            received_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            summary=row.summary,
            respondent=row.respondent,
            content=row.content,
            area=area,
            search_text=text,
        )
        stored[p.pk] = text
    return stored


def expected(stored: dict[int, str], q: str) -> set[int]:
    return {pk for pk, text in stored.items() if matches(text, q)}


@pytest.mark.django_db
def test_database_search_equals_the_reference(petitions: dict[int, str]) -> None:
    got = {
        q: set(search_filter(Petition.objects.all(), q).values_list("id", flat=True))
        for q in QUERIES
    }

    assert got == {q: expected(petitions, q) for q in QUERIES}


@pytest.mark.django_db
def test_reference_answers_are_not_trivial(petitions: dict[int, str]) -> None:
    # Guards the parity test itself: the queries do select, and select different things.
    sizes = {q: len(expected(petitions, q)) for q in QUERIES}
    assert sizes[""] == sizes["!!!"] == len(ROWS)
    assert 1 <= sizes["chợ Chí Công"] < 3
    assert sizes["Đắk Lắk"] == 0
    assert sum(1 for n in sizes.values() if 0 < n < len(ROWS)) >= 30


@pytest.mark.django_db
def test_query_without_diacritics_finds_the_same_petitions(petitions: dict[int, str]) -> None:
    def ids(q: str) -> set[int]:
        return set(search_filter(Petition.objects.all(), q).values_list("id", flat=True))

    assert ids("cho chi cong") == ids("Chợ Chí Công") != set()
    assert ids("dong muoi") == ids("ĐỒNG MUỐI") != set()
    assert ids("tran thi binh") == ids("Trần Thị Bình") != set()
    assert ids("thuy loi") == ids("thuỷ lợi") == ids("thủy lợi") != set()


@pytest.mark.django_db
def test_petitioner_name_and_case_number_are_searchable(petitions: dict[int, str]) -> None:
    ids = set(
        search_filter(Petition.objects.all(), "12/2026/44-UBND").values_list(
            "case_number", flat=True
        )
    )
    assert "12/2026/44-UBND" in ids
    by_name = set(
        search_filter(Petition.objects.all(), "Lê Văn Cường").values_list("case_number", flat=True)
    )
    assert by_name == {"13/2026/44-UBND"}


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["nguyen van", "dong", "2026"])
def test_database_search_within_a_scope_equals_the_reference(
    world: World, petitions: dict[int, str], q: str
) -> None:
    in_a = set(
        Petition.objects.filter(organization=world.commune_a_org).values_list("id", flat=True)
    )
    got = set(
        search_filter(Petition.objects.filter(organization=world.commune_a_org), q)
        .order_by("-received_on")
        .values_list("id", flat=True)
    )

    assert got == expected(petitions, q) & in_a
