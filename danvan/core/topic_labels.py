"""The topic labels of `danvan/data/topics.json`, marked for translation.

makemessages cannot read the JSON file: these literals put the labels in the catalogue;
`tests/core/test_topics.py` checks they match the data file.
"""

from django.utils.translation import gettext_noop

TOPIC_LABELS: dict[str, str] = {
    "dat_dai": gettext_noop("Đất đai, bồi thường, giải phóng mặt bằng"),
    "moi_truong": gettext_noop("Môi trường"),
    "tai_nguyen": gettext_noop("Tài nguyên, khoáng sản"),
    "xay_dung_ha_tang": gettext_noop("Xây dựng, giao thông, hạ tầng"),
    "nuoc_sinh_hoat": gettext_noop("Nước sạch, điện, dịch vụ thiết yếu"),
    "lao_dong": gettext_noop("Lao động, việc làm, tiền lương"),
    "an_sinh": gettext_noop("Chính sách xã hội, an sinh"),
    "y_te": gettext_noop("Y tế"),
    "giao_duc": gettext_noop("Giáo dục"),
    "dan_toc": gettext_noop("Dân tộc"),
    "ton_giao": gettext_noop("Tôn giáo"),
    "an_ninh_trat_tu": gettext_noop("An ninh, trật tự xã hội"),
    "can_bo": gettext_noop("Cán bộ, tham nhũng, tiêu cực"),
    "thu_tuc_hanh_chinh": gettext_noop("Thủ tục hành chính"),
    "kinh_te_do_thi": gettext_noop("Kinh tế, chợ, quy hoạch đô thị"),
    "khac": gettext_noop("Khác"),
}
