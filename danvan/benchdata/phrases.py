"""The phrase book of the other modules' synthetic records (written by us, like
`danvan.petitions.demo_text`): issue reports, tasks of coordination programmes, "Dân vận khéo"
models, dialogues and the reception register's notes.

Templates use `str.format` fields filled by the builders: `{xa}` the commune ("xã Tân Hà"),
`{thon}` a village of it, `{tinh}` the province's name, `{tinh_day_du}` with its word ("tỉnh
Lâm Đồng"), `{nam}` a year, `{quy}` a quarter, `{so}` a document number, `{ngay}` a date.
Every sentence is plain Vietnamese an officer would write; no text is copied from a real record.
"""

# ruff: noqa: E501  (a phrase book: one sentence per line reads better than wrapped ones)
from __future__ import annotations

# --- Issue reports (vấn đề bức xúc) -------------------------------------------------------------

# (source code, weight, detail templates)
ISSUE_SOURCES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "commune",
        34,
        (
            "Báo cáo nhanh của Ủy ban nhân dân {xa}",
            "Báo cáo tình hình tư tưởng Nhân dân tháng {thang} của {xa}",
            "Ban công tác Mặt trận {thon} báo cáo",
        ),
    ),
    (
        "agency",
        10,
        (
            "Công an {xa} thông báo",
            "Phòng Kinh tế {xa} báo cáo",
            "Văn bản của Sở Nông nghiệp và Môi trường {tinh_day_du}",
        ),
    ),
    (
        "front",
        16,
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam {xa} tổng hợp ý kiến cử tri",
            "Hội Nông dân {xa} phản ánh",
            "Hội Liên hiệp Phụ nữ {xa} phản ánh qua sinh hoạt chi hội",
            "Hội Cựu chiến binh {xa} phản ánh",
        ),
    ),
    (
        "press",
        10,
        (
            "Báo {tinh} điện tử, bài ngày {ngay}",
            "Đài Phát thanh và Truyền hình {tinh}, bản tin thời sự ngày {ngay}",
            "Báo Nhân Dân điện tử, bài ngày {ngay}",
        ),
    ),
    (
        "social",
        15,
        (
            "Nhóm Facebook “Cộng đồng {xa}”",
            "Bài đăng trên mạng xã hội được chia sẻ nhiều ngày {ngay}",
            "Nhóm Zalo của người dân {thon}",
        ),
    ),
    (
        "reception",
        10,
        (
            "Qua tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân {xa}",
            "Qua hội nghị đối thoại với Nhân dân {xa}",
        ),
    ),
    ("other", 5, ("Tổ công tác của Đảng ủy {xa} nắm tình hình", "Qua tiếp xúc cử tri")),
)

ISSUE_INTROS: tuple[str, ...] = (
    "Qua nắm tình hình tại {thon}, {xa}:",
    "Thời gian gần đây, người dân {thon} có nhiều ý kiến bức xúc.",
    "Tình hình tại {thon}, {xa} như sau:",
    "Theo phản ánh của người dân {thon}:",
)

# By severity 1-4: how people feel and how far it may go.
ISSUE_MOODS: dict[int, tuple[str, ...]] = {
    1: (
        "Người dân có ý kiến trao đổi, chưa có biểu hiện bức xúc.",
        "Một số hộ có ý kiến, tâm trạng chung ổn định.",
    ),
    2: (
        "Nhiều hộ dân bức xúc, đề nghị chính quyền sớm có câu trả lời.",
        "Dư luận trong thôn bàn tán nhiều, có ý kiến cho rằng chính quyền chậm xử lý.",
    ),
    3: (
        "Người dân rất bức xúc, đã tập trung tại nhà văn hóa thôn để bàn việc kéo lên xã.",
        "Có khoảng {so_nguoi} người ký đơn tập thể; một số người kích động không chấp hành.",
    ),
    4: (
        "Khoảng {so_nguoi} người dân tập trung căng băng rôn, chặn đường, có nguy cơ xảy ra xô xát.",
        "Có đối tượng lợi dụng kích động người dân khiếu kiện đông người, vượt cấp lên tỉnh.",
    ),
}

# What the local authority does next (added to the description).
ISSUE_ACTIONS: tuple[str, ...] = (
    "Ủy ban nhân dân xã đã giao công chức chuyên môn kiểm tra thực tế, báo cáo trong tuần.",
    "Đảng ủy xã đã chỉ đạo Mặt trận và các đoàn thể nắm tình hình, vận động Nhân dân bình tĩnh chờ cơ quan chức năng giải quyết.",
    "Đề nghị các ngành chức năng phối hợp kiểm tra, xử lý dứt điểm, thông tin công khai kết quả cho người dân.",
    "Tổ công tác đã làm việc với các hộ liên quan, ghi nhận ý kiến và hẹn trả lời bằng văn bản.",
)

ISSUE_RECOMMENDATIONS: tuple[str, ...] = (
    "Kiến nghị cấp trên chỉ đạo các sở, ngành liên quan kiểm tra, hướng dẫn giải quyết dứt điểm vụ việc.",
    "Đề nghị cấp trên hỗ trợ kinh phí và cử cán bộ chuyên môn phối hợp xử lý.",
    "Kiến nghị tổ chức đối thoại với người dân, công khai phương án giải quyết.",
)

ISSUE_ANSWERS: tuple[str, ...] = (
    "Đã giao Sở chuyên ngành chủ trì kiểm tra, hướng dẫn địa phương giải quyết theo quy định; báo cáo kết quả trước ngày {ngay}.",
    "Thống nhất với đề xuất của địa phương; đề nghị xã chủ động đối thoại, công khai phương án với Nhân dân.",
    "Đã bố trí kinh phí hỗ trợ; yêu cầu xã tổ chức thực hiện, không để phát sinh điểm nóng.",
)

ISSUE_RESULTS: tuple[str, ...] = (
    "Đã kiểm tra thực tế, yêu cầu đơn vị vi phạm khắc phục; người dân đồng tình với kết quả.",
    "Đã tổ chức đối thoại, giải thích chính sách; các hộ thống nhất với phương án giải quyết.",
    "Cơ quan chức năng đã xử phạt vi phạm hành chính và buộc khắc phục hậu quả; tình hình ổn định.",
    "Đã bố trí kinh phí sửa chữa, công trình hoàn thành; người dân phấn khởi.",
)

ISSUE_UNFOUNDED: tuple[str, ...] = (
    "Qua xác minh, thông tin phản ánh trên mạng xã hội không đúng sự thật; đã thông tin lại cho Nhân dân.",
    "Kiểm tra thực tế không phát hiện vi phạm như phản ánh; đã trả lời người dân.",
)

ISSUE_UPDATES: tuple[str, ...] = (
    "Tình hình ổn định, chưa phát sinh thêm ý kiến mới.",
    "Các hộ vẫn chờ kết quả giải quyết; tổ công tác tiếp tục nắm tình hình.",
    "Đã làm việc lần hai với các hộ dân, ghi nhận thêm kiến nghị về tiến độ.",
)

# --- Tasks of coordination programmes and plans -------------------------------------------------

# (title, description): what a People's Committee is given under a coordination programme, a
# plan or a directive on mass mobilisation work.
TASKS: tuple[tuple[str, str], ...] = (
    (
        "Báo cáo sơ kết 6 tháng thực hiện Chương trình phối hợp số {so}/CTr-UBND-MTTQ năm {nam}",
        "Tổng hợp kết quả phối hợp giữa Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam {xa}; nêu tồn tại, hạn chế và đề xuất nhiệm vụ 6 tháng cuối năm.",
    ),
    (
        "Tổ chức hội nghị tổng kết năm {nam} thực hiện Quy chế công tác dân vận của hệ thống chính trị",
        "Chuẩn bị báo cáo, mời đại diện các thôn, tổ dân phố; biểu dương tập thể, cá nhân tiêu biểu.",
    ),
    (
        "Báo cáo kết quả thực hiện dân chủ ở cơ sở quý {quy} năm {nam}",
        "Báo cáo theo đề cương hướng dẫn; số liệu về công khai, bàn và quyết định, tham gia ý kiến, kiểm tra, giám sát của Nhân dân.",
    ),
    (
        "Xây dựng kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm {nam}",
        "Đăng ký mô hình của các thôn, tổ dân phố, chi bộ; phân công cán bộ theo dõi, hướng dẫn.",
    ),
    (
        "Tuyên truyền, vận động Nhân dân {thon} hiến đất mở rộng đường giao thông nông thôn",
        "Phối hợp Ban công tác Mặt trận thôn họp dân, công khai phương án; vận động các hộ ký cam kết.",
    ),
    (
        "Rà soát, giải quyết dứt điểm các vụ việc khiếu nại, tố cáo tồn đọng, kéo dài",
        "Lập danh sách vụ việc, phân công lãnh đạo phụ trách từng vụ; báo cáo tiến độ hằng tháng.",
    ),
    (
        "Tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân năm {nam}",
        "Thu thập trước ý kiến của Nhân dân qua các thôn; chuẩn bị nội dung trả lời; công khai kết quả đối thoại.",
    ),
    (
        "Phối hợp giám sát việc thực hiện chính sách hỗ trợ hộ nghèo, hộ cận nghèo năm {nam}",
        "Phối hợp Ủy ban Mặt trận Tổ quốc xã kiểm tra đối tượng, mức hỗ trợ; báo cáo kết quả giám sát.",
    ),
    (
        "Nắm tình hình tư tưởng Nhân dân về công tác bồi thường, giải phóng mặt bằng dự án trên địa bàn",
        "Báo cáo nhanh các ý kiến, kiến nghị của Nhân dân; đề xuất biện pháp vận động các hộ còn vướng mắc.",
    ),
    (
        "Triển khai thực hiện Kết luận số {so}-KL/TU của Ban Thường vụ Tỉnh ủy về tăng cường công tác dân vận",
        "Quán triệt đến cán bộ, đảng viên; xây dựng kế hoạch thực hiện; báo cáo kết quả 6 tháng.",
    ),
    (
        "Vận động Nhân dân tham gia xây dựng nông thôn mới, đô thị văn minh năm {nam}",
        "Phát động phong trào ra quân vệ sinh môi trường, chỉnh trang hàng rào, trồng cây xanh tại các thôn.",
    ),
    (
        "Kiểm tra việc thực hiện công khai thủ tục hành chính tại bộ phận một cửa",
        "Kiểm tra niêm yết thủ tục, thời hạn giải quyết hồ sơ; lấy ý kiến người dân về thái độ phục vụ.",
    ),
    (
        "Hướng dẫn các thôn, tổ dân phố tổ chức hội nghị nhân dân giữa năm {nam}",
        "Ban hành hướng dẫn nội dung hội nghị; cử cán bộ dự và tổng hợp ý kiến, kiến nghị của Nhân dân.",
    ),
    (
        "Phối hợp vận động đồng bào dân tộc thiểu số xóa bỏ hủ tục, xây dựng nếp sống văn hóa",
        "Phát huy vai trò người có uy tín; tổ chức sinh hoạt cộng đồng tại các thôn đồng bào.",
    ),
    (
        "Cung cấp thông tin cho báo cáo chuyên đề về công tác dân vận chính quyền năm {nam}",
        "Số liệu tiếp công dân, giải quyết đơn thư, đối thoại; kết quả cải cách hành chính gắn với dân vận.",
    ),
)

# A supporting unit's part (phần việc phối hợp).
SUPPORT_DUTIES: tuple[str, ...] = (
    "Cung cấp số liệu thuộc lĩnh vực phụ trách",
    "Cử cán bộ tham gia tổ công tác",
    "Phối hợp tuyên truyền, vận động Nhân dân",
    "Tham gia giám sát, góp ý kết quả thực hiện",
)

COMPLETION_NOTES: tuple[str, ...] = (
    "Đã hoàn thành, báo cáo gửi đúng hạn.",
    "Hoàn thành; kèm báo cáo và biên bản hội nghị.",
)

# --- "Dân vận khéo" models --------------------------------------------------------------------

# By field: (name, what it does, measurable results, beneficiaries); names use {thon}, {xa}.
PRACTICE_MODELS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "economy": (
        (
            "Nhà nước và Nhân dân cùng làm đường giao thông nông thôn tại {thon}",
            "Họp dân bàn phương án, công khai kinh phí; Nhân dân hiến đất, góp công, Nhà nước hỗ trợ xi măng và máy móc.",
            "Hoàn thành {so_km} km đường bê tông; {so_ho} hộ tự nguyện hiến đất; không có khiếu nại.",
            "Nhân dân {thon}",
        ),
        (
            "Tổ hợp tác sản xuất nông nghiệp an toàn {thon}",
            "Liên kết các hộ sản xuất theo quy trình an toàn, ký hợp đồng bao tiêu với doanh nghiệp; cán bộ khuyến nông hướng dẫn kỹ thuật.",
            "{so_ho} hộ tham gia; thu nhập bình quân tăng 15%; sản phẩm được chứng nhận VietGAP.",
            "Hộ nông dân {thon}",
        ),
        (
            "Phụ nữ tiết kiệm tạo vốn giúp nhau phát triển kinh tế",
            "Chi hội phụ nữ góp tiết kiệm hằng tháng, luân phiên cho hội viên khó khăn vay không lãi để chăn nuôi, buôn bán nhỏ.",
            "Huy động {so_tien}; {so_ho} hội viên được vay vốn; {so_thoat_ngheo} hộ thoát nghèo.",
            "Hội viên phụ nữ nghèo, cận nghèo",
        ),
        (
            "Dân vận khéo trong vận động bàn giao mặt bằng dự án trên địa bàn {xa}",
            "Tổ công tác đến từng hộ giải thích chính sách bồi thường, hỗ trợ; đối thoại với các hộ còn vướng mắc; công khai phương án.",
            "100% hộ bàn giao mặt bằng đúng tiến độ; không có khiếu kiện đông người.",
            "Các hộ có đất trong dự án",
        ),
        (
            "Chi hội nông dân giúp nhau thoát nghèo bền vững",
            "Hội viên khá giả hỗ trợ giống, kỹ thuật và ngày công cho hộ nghèo; theo dõi, giúp đỡ đến khi thoát nghèo.",
            "{so_thoat_ngheo} hộ thoát nghèo; không có hộ tái nghèo sau hai năm.",
            "Hộ nghèo, cận nghèo {thon}",
        ),
    ),
    "culture_society": (
        (
            "Khu dân cư văn minh, sạch đẹp, không rác thải nhựa {thon}",
            "Phân loại rác tại nguồn; mỗi tháng hai lần ra quân vệ sinh; vận động dùng giỏ, túi thân thiện môi trường.",
            "100% hộ phân loại rác; {so_km} km đường hoa; thôn được công nhận khu dân cư kiểu mẫu.",
            "Nhân dân {thon}",
        ),
        (
            "Tuyến đường hoa phụ nữ xanh, sạch, đẹp",
            "Mỗi chi hội nhận chăm sóc một đoạn đường; trồng hoa, cây xanh; vệ sinh định kỳ.",
            "{so_km} km đường hoa được duy trì; {so_ho} hội viên tham gia thường xuyên.",
            "Nhân dân {xa}",
        ),
        (
            "Ngôi nhà Đại đoàn kết cho hộ nghèo",
            "Mặt trận vận động doanh nghiệp, nhà hảo tâm đóng góp; đoàn thể góp ngày công xây nhà cho hộ nghèo khó khăn về nhà ở.",
            "Xây mới {so_nha} nhà, sửa chữa {so_nha_sua} nhà với tổng kinh phí {so_tien}.",
            "Hộ nghèo khó khăn về nhà ở",
        ),
        (
            "Nâng bước em đến trường",
            "Nhận đỡ đầu học sinh có hoàn cảnh khó khăn; hỗ trợ học bổng, sách vở hằng năm.",
            "{so_hoc_sinh} học sinh được nhận đỡ đầu; không có học sinh bỏ học.",
            "Học sinh có hoàn cảnh khó khăn",
        ),
        (
            "Cán bộ y tế “3 thân thiện” với người bệnh",
            "Nhân viên trạm y tế niềm nở, hướng dẫn tận tình; khám tại nhà cho người cao tuổi, người khuyết tật.",
            "Tỷ lệ người dân hài lòng trên 95%; {so_luot} lượt khám tại nhà mỗi năm.",
            "Người bệnh và người cao tuổi {xa}",
        ),
    ),
    "defence_security": (
        (
            "Tổ tự quản về an ninh trật tự {thon}",
            "Tổ tự quản tuần tra ban đêm, nắm tình hình, kịp thời thông báo cho công an xã; hòa giải mâu thuẫn từ cơ sở.",
            "Giảm {ty_le}% vụ việc trộm cắp; không phát sinh điểm nóng về an ninh trật tự.",
            "Nhân dân {thon}",
        ),
        (
            "Camera an ninh kết nối cộng đồng",
            "Vận động các hộ, doanh nghiệp lắp camera tại các tuyến đường, kết nối với công an xã.",
            "Lắp đặt {so_camera} camera; hỗ trợ điều tra, làm rõ nhiều vụ việc.",
            "Nhân dân {xa}",
        ),
        (
            "Công an lắng nghe Nhân dân nói",
            "Công an xã tổ chức gặp gỡ định kỳ tại nhà văn hóa thôn, tiếp nhận ý kiến, tin báo của người dân.",
            "Tiếp nhận và xử lý {so_luot} tin báo; 100% ý kiến được trả lời.",
            "Nhân dân {xa}",
        ),
        (
            "Dòng họ tự quản, không có người vi phạm pháp luật",
            "Các dòng họ ký cam kết, nhắc nhở con cháu chấp hành pháp luật; biểu dương gia đình tiêu biểu.",
            "{so_ho} dòng họ tham gia; không có thành viên vi phạm pháp luật.",
            "Các dòng họ {thon}",
        ),
    ),
    "political_system": (
        (
            "Chi bộ gắn với dân, hiểu dân, vì dân",
            "Mỗi đảng viên phụ trách một nhóm hộ, nắm tâm tư, nguyện vọng; chi bộ sinh hoạt chuyên đề về ý kiến của Nhân dân.",
            "100% đảng viên phụ trách hộ; {so_y_kien} ý kiến của Nhân dân được giải quyết kịp thời.",
            "Nhân dân {thon}",
        ),
        (
            "Một cửa thân thiện, người dân không phải đi lại nhiều lần",
            "Công chức bộ phận một cửa hướng dẫn một lần đầy đủ; hỗ trợ nộp hồ sơ trực tuyến; trả kết quả tại nhà cho người già yếu.",
            "100% hồ sơ giải quyết đúng hạn; tỷ lệ hồ sơ trực tuyến đạt {ty_le}%.",
            "Người dân, doanh nghiệp giao dịch thủ tục hành chính",
        ),
        (
            "Tiếp công dân bằng cả tấm lòng",
            "Lãnh đạo xã tiếp công dân đúng lịch, lắng nghe, đối thoại trực tiếp; giải quyết dứt điểm vụ việc ngay từ cơ sở.",
            "Không phát sinh đoàn đông người vượt cấp; {ty_le}% vụ việc giải quyết dứt điểm.",
            "Công dân đến kiến nghị, khiếu nại, tố cáo",
        ),
        (
            "Thanh niên hỗ trợ người dân sử dụng dịch vụ công trực tuyến",
            "Đoàn viên trực tại bộ phận một cửa và đến từng thôn hướng dẫn cài đặt, sử dụng ứng dụng dịch vụ công.",
            "Hỗ trợ {so_luot} lượt người dân; {ty_le}% hộ có tài khoản định danh điện tử mức 2.",
            "Người dân {xa}",
        ),
        (
            "Mặt trận lắng nghe ý kiến Nhân dân",
            "Ban công tác Mặt trận tổ chức hộp thư góp ý, sinh hoạt định kỳ; tổng hợp ý kiến gửi cấp ủy, chính quyền.",
            "Tổng hợp {so_y_kien} ý kiến; 100% ý kiến được trả lời công khai.",
            "Nhân dân {xa}",
        ),
    ),
}

PRACTICE_RATIONALES: tuple[str, ...] = (
    "Thực hiện phong trào thi đua “Dân vận khéo” giai đoạn {giai_doan}; xuất phát từ những khó khăn, vướng mắc thực tế tại địa phương.",
    "Cụ thể hóa nghị quyết của Đảng ủy {xa} về công tác dân vận năm {nam}.",
)

PRACTICE_CRITERIA: tuple[str, ...] = (
    "Có kết quả đo đếm được; được Nhân dân đồng tình; có khả năng nhân rộng.",
    "Hoàn thành chỉ tiêu đề ra; không phát sinh khiếu kiện; Nhân dân tham gia tích cực.",
)

PRACTICE_LEADS: tuple[str, ...] = (
    "Chi bộ, Ban công tác Mặt trận thôn",
    "Ủy ban nhân dân xã, Mặt trận và các đoàn thể",
    "Hội Liên hiệp Phụ nữ, Đoàn Thanh niên",
    "Công an xã, Ban chỉ huy quân sự xã",
)

PRACTICE_PARTNERS: tuple[str, ...] = (
    "Các doanh nghiệp trên địa bàn, nhà hảo tâm",
    "Trường học, trạm y tế xã",
    "Các hộ gia đình, dòng họ",
)

PRACTICE_RESOURCES: tuple[str, ...] = (
    "Nhân dân đóng góp ngày công; ngân sách xã hỗ trợ một phần.",
    "Xã hội hóa từ doanh nghiệp, nhà hảo tâm.",
    "Không sử dụng ngân sách; dựa vào sức dân.",
)

PRACTICE_STOPS: tuple[str, ...] = (
    "Dừng thực hiện do sáp nhập thôn, lực lượng nòng cốt thay đổi.",
    "Dừng do không còn phù hợp với tình hình địa phương sau sắp xếp đơn vị hành chính.",
)

# --- Dialogues --------------------------------------------------------------------------------

# By audience: what a leader–citizen dialogue is about.
DIALOGUE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "residents": (
        "công tác bồi thường, hỗ trợ, tái định cư các dự án trên địa bàn",
        "xây dựng nông thôn mới, đô thị văn minh",
        "thủ tục cấp giấy chứng nhận quyền sử dụng đất",
        "vệ sinh môi trường và thu gom rác thải",
    ),
    "businesses": (
        "tháo gỡ khó khăn cho doanh nghiệp, hợp tác xã",
        "thủ tục đầu tư và thuê đất của doanh nghiệp",
    ),
    "youth": ("khởi nghiệp, việc làm cho thanh niên", "chuyển đổi số và dịch vụ công trực tuyến"),
    "farmers": (
        "tiêu thụ nông sản và liên kết sản xuất",
        "thủy lợi nội đồng và phòng chống thiên tai",
    ),
    "women": ("bình đẳng giới và phòng chống bạo lực gia đình", "vay vốn phát triển kinh tế hộ"),
    "veterans": ("chính sách đối với người có công", "giữ gìn an ninh trật tự ở khu dân cư"),
    "ethnic": (
        "chính sách hỗ trợ đồng bào dân tộc thiểu số",
        "đất sản xuất và nước sinh hoạt vùng đồng bào",
    ),
    "religious": ("hoạt động tôn giáo theo quy định của pháp luật", "đất cơ sở tôn giáo"),
    "workers": ("tiền lương, bảo hiểm xã hội của người lao động", "nhà ở cho công nhân"),
    "officials": ("tinh gọn bộ máy sau sắp xếp", "trách nhiệm nêu gương của cán bộ, đảng viên"),
}

DIALOGUE_PLACES: tuple[str, ...] = (
    "Hội trường Ủy ban nhân dân {xa}",
    "Nhà văn hóa {thon}",
    "Hội trường Đảng ủy {xa}",
)

DIALOGUE_OUTCOMES: tuple[str, ...] = (
    "Có {so_phat_bieu} ý kiến phát biểu; Chủ tịch Ủy ban nhân dân trả lời trực tiếp, giao các bộ phận chuyên môn xử lý các kiến nghị còn lại trong 30 ngày.",
    "Người dân đồng tình với phương án; các kiến nghị được ghi nhận, giao cơ quan chuyên môn giải quyết và thông báo kết quả.",
    "Đối thoại diễn ra dân chủ, thẳng thắn; thống nhất lộ trình giải quyết từng nội dung.",
)

# What is promised at a dialogue (each becomes a core task).
COMMITMENTS: tuple[str, ...] = (
    "Sửa chữa tuyến đường {thon} trước mùa mưa",
    "Trả lời bằng văn bản các kiến nghị về đất đai của người dân",
    "Kiểm tra, xử lý cơ sở gây ô nhiễm môi trường tại {thon}",
    "Công khai danh sách hộ được hỗ trợ tại nhà văn hóa thôn",
    "Bố trí điểm thu gom rác tại {thon}",
    "Hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất cho các hộ đủ điều kiện",
)

DIALOGUE_POSTPONE_REASONS: tuple[str, ...] = (
    "Hoãn do trùng lịch họp đột xuất của Đảng ủy.",
    "Hoãn do mưa lớn, ảnh hưởng của áp thấp nhiệt đới.",
)
DIALOGUE_CANCEL_REASONS: tuple[str, ...] = (
    "Hủy do nội dung đã được giải quyết trước ngày đối thoại.",
    "Hủy theo đề nghị của người khiếu nại (đã rút đơn).",
)

# --- The reception register -------------------------------------------------------------------

RECEPTION_OUTCOME_NOTES: dict[str, tuple[str, ...]] = {
    "received": (
        "Tiếp nhận đơn, chuyển bộ phận chuyên môn tham mưu giải quyết theo thẩm quyền.",
        "Tiếp nhận đơn và tài liệu kèm theo; hẹn trả lời bằng văn bản.",
    ),
    "guided": (
        "Hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền giải quyết.",
        "Giải thích quy định pháp luật, hướng dẫn công dân thực hiện thủ tục tại bộ phận một cửa.",
    ),
    "answered": (
        "Trả lời trực tiếp tại buổi tiếp; công dân thống nhất.",
        "Giải thích, trả lời trực tiếp; công dân đồng tình, không có ý kiến khác.",
    ),
    "transferred": ("Chuyển đơn đến cơ quan có thẩm quyền, thông báo cho công dân biết.",),
    "refused": ("Từ chối tiếp theo quy định; thông báo cho công dân bằng văn bản.",),
}

RECEPTION_TRANSFERRED_TO: tuple[str, ...] = (
    "Sở Nông nghiệp và Môi trường {tinh_day_du}",
    "Thanh tra {tinh_day_du}",
    "Chi nhánh Văn phòng đăng ký đất đai",
    "Công an {tinh_day_du}",
    "Bảo hiểm xã hội {tinh_day_du}",
)

RECEPTION_PRIOR: tuple[str, ...] = (
    "Đã gửi đơn đến Ủy ban nhân dân {xa} nhưng chưa được trả lời.",
    "Đã được thôn hòa giải nhưng không thành.",
    "Lần đầu trình bày.",
)

RECEPTION_CONCLUSIONS: tuple[str, ...] = (
    "Giao công chức địa chính – xây dựng xác minh, báo cáo trong 10 ngày làm việc.",
    "Giao Văn phòng Ủy ban nhân dân theo dõi, đôn đốc việc trả lời công dân.",
    "Giao trưởng thôn phối hợp nắm tình hình, vận động công dân.",
)

REPLY_NOTES: tuple[str, ...] = (
    "Đã thông báo kết quả xử lý đơn cho công dân.",
    "Đã trả lời trực tiếp tại trụ sở; công dân nhận văn bản trả lời.",
)

SESSION_REASONS: tuple[str, ...] = (
    "Tiếp đột xuất theo đề nghị của Nhân dân {thon} về vụ việc phức tạp, đông người.",
    "Tiếp đột xuất để kịp thời giải quyết vụ việc có nguy cơ phát sinh điểm nóng.",
)
SESSION_CANCEL_REASONS: tuple[str, ...] = (
    "Hủy do Chủ tịch Ủy ban nhân dân đi công tác đột xuất, đã bố trí ngày tiếp khác.",
    "Hủy do thời tiết xấu, mưa bão.",
)
SESSION_POSTPONE_REASONS: tuple[str, ...] = (
    "Hoãn do trùng lịch hội nghị của tỉnh.",
    "Hoãn do ảnh hưởng của mưa lũ.",
)
SESSION_SUMMARIES: tuple[str, ...] = (
    "Tiếp {n} lượt công dân; chủ yếu kiến nghị về đất đai và chính sách xã hội.",
    "Tiếp {n} lượt công dân; các vụ việc được hướng dẫn, trả lời hoặc tiếp nhận đơn theo quy định.",
    "Không có công dân đến trình bày.",
)

# --- Alerts -----------------------------------------------------------------------------------

ALERT_CLOSE_NOTES: tuple[str, ...] = (
    "Đã chỉ đạo địa phương đối thoại, giải quyết; tình hình ổn định.",
    "Đã kiểm tra, xác minh; số đơn tăng do một vụ việc, đã giải quyết dứt điểm.",
    "Đã phối hợp công an và chính quyền xã vận động, giải tán; không phát sinh vụ việc phức tạp.",
)
