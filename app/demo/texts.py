"""Wording for the demo: initiative titles, campaigns, achievements, decision subjects."""

from __future__ import annotations

import random

from app.demo.structure import PROVINCE

_CLINICAL_PROCESSES = (
    "tiếp đón và phân luồng người bệnh",
    "cấp phát thuốc nội trú",
    "chăm sóc người bệnh sau phẫu thuật",
    "kiểm soát nhiễm khuẩn vết mổ",
    "bàn giao người bệnh giữa các ca trực",
    "lấy mẫu xét nghiệm máu",
    "theo dõi người bệnh thở máy",
    "phòng ngừa loét tì đè",
    "tư vấn dinh dưỡng cho người bệnh",
    "phòng ngừa té ngã cho người bệnh cao tuổi",
    "chuẩn bị người bệnh trước phẫu thuật",
    "vận chuyển người bệnh nặng",
    "giáo dục sức khỏe cho người bệnh ra viện",
    "quản lý đau sau mổ",
)
_DISEASES = (
    "tăng huyết áp",
    "đái tháo đường típ 2",
    "viêm phổi ở trẻ em",
    "suy tim mạn",
    "đột quỵ não",
    "bệnh phổi tắc nghẽn mạn tính",
    "sốt xuất huyết Dengue",
    "tiền sản giật",
    "gãy xương chi dưới",
    "viêm ruột thừa cấp",
    "nhồi máu cơ tim cấp",
    "xơ gan",
    "hen phế quản",
    "sỏi tiết niệu",
    "lao phổi",
)
_METHODS = (
    "bảng kiểm",
    "phần mềm quản lý",
    "mã QR",
    "tin nhắn nhắc lịch tái khám",
    "mô hình 5S",
    "thang điểm cảnh báo sớm NEWS",
    "kỹ thuật gây tê vùng dưới hướng dẫn siêu âm",
    "quy trình chuẩn (SOP)",
    "sổ tay điện tử",
    "nhóm Zalo chăm sóc sau ra viện",
    "bệnh án điện tử",
)
_ADMIN_TOPICS = (
    "quản lý văn bản đi, đến",
    "thanh toán chi phí khám bệnh, chữa bệnh bảo hiểm y tế",
    "quản lý tài sản, trang thiết bị y tế",
    "quản lý hồ sơ cán bộ",
    "lập kế hoạch mua sắm vật tư",
    "chấm công và tính lương",
    "tiếp nhận phản ánh của người dân",
    "quản lý kho thuốc",
    "báo cáo thống kê y tế",
    "thu phí không dùng tiền mặt",
)
_PUBLIC_HEALTH = (
    "giám sát bệnh truyền nhiễm tại cộng đồng",
    "tiêm chủng mở rộng",
    "quản lý người bệnh HIV/AIDS",
    "phòng chống sốt xuất huyết",
    "quản lý bệnh không lây nhiễm tại trạm y tế",
    "truyền thông giáo dục sức khỏe",
    "kiểm tra an toàn thực phẩm bếp ăn tập thể",
    "chăm sóc sức khỏe người cao tuổi",
)


def initiative_title(rng: random.Random, where: str, clinical: bool, public_health: bool) -> str:
    """A plausible sáng kiến title for a unit."""
    if public_health:
        return rng.choice(
            (
                f"Giải pháp nâng cao hiệu quả {rng.choice(_PUBLIC_HEALTH)} trên địa bàn tỉnh {PROVINCE}",
                f"Ứng dụng {rng.choice(_METHODS)} trong {rng.choice(_PUBLIC_HEALTH)}",
                f"Cải tiến công tác {rng.choice(_PUBLIC_HEALTH)} tại {where}",
            )
        )
    if clinical:
        return rng.choice(
            (
                f"Ứng dụng {rng.choice(_METHODS)} trong {rng.choice(_CLINICAL_PROCESSES)} tại {where}",
                f"Nâng cao hiệu quả điều trị người bệnh {rng.choice(_DISEASES)} tại {where}",
                f"Cải tiến quy trình {rng.choice(_CLINICAL_PROCESSES)} tại {where}",
                f"Giải pháp giảm thời gian chờ trong {rng.choice(_CLINICAL_PROCESSES)}",
                f"Áp dụng {rng.choice(_METHODS)} trong chăm sóc người bệnh {rng.choice(_DISEASES)}",
            )
        )
    return rng.choice(
        (
            f"Giải pháp số hóa công tác {rng.choice(_ADMIN_TOPICS)} tại {where}",
            f"Ứng dụng {rng.choice(_METHODS)} trong {rng.choice(_ADMIN_TOPICS)}",
            f"Cải tiến quy trình {rng.choice(_ADMIN_TOPICS)} tại {where}",
        )
    )


def research_title(rng: random.Random, clinical: bool) -> str:
    if clinical:
        return (
            f"Đề tài: Đánh giá kết quả điều trị người bệnh {rng.choice(_DISEASES)} bằng "
            f"{rng.choice(_METHODS)} tại tỉnh {PROVINCE}"
        )
    return (
        f"Đề tài: Thực trạng và giải pháp nâng cao hiệu quả {rng.choice(_PUBLIC_HEALTH)} tại tỉnh {PROVINCE}"
    )


SUDDEN_ACHIEVEMENTS = (
    "Đã có thành tích xuất sắc đột xuất trong cấp cứu thành công người bệnh nguy kịch",
    "Đã có hành động dũng cảm, kịp thời cứu người bị nạn",
    "Đã có thành tích xuất sắc trong công tác phòng, chống thiên tai, bão lũ",
    "Đã trả lại tài sản có giá trị cho người bệnh đánh rơi",
    "Đã có thành tích xuất sắc trong cứu chữa nạn nhân vụ tai nạn giao thông đặc biệt nghiêm trọng",
    "Đã có thành tích xuất sắc trong xử lý ổ dịch tại cộng đồng",
)
COVID_ACHIEVEMENT = "Đã có thành tích xuất sắc đột xuất trong công tác phòng, chống dịch COVID-19"

REGULAR_THEMES = (
    "Đoàn kết, kỷ cương, đổi mới, nâng cao chất lượng khám bệnh, chữa bệnh",
    "Thầy thuốc như mẹ hiền; đổi mới phong cách, thái độ phục vụ hướng tới sự hài lòng của người bệnh",
    "Chuyển đổi số y tế, vì sức khỏe nhân dân",
)
REGULAR_CONTENT = (
    "Thi đua thực hiện thắng lợi các chỉ tiêu, nhiệm vụ chuyên môn được giao trong năm",
    "Thi đua đổi mới phong cách, thái độ phục vụ của cán bộ y tế hướng tới sự hài lòng của người bệnh",
    "Thi đua đẩy mạnh cải cách hành chính, chuyển đổi số trong ngành y tế",
    "Thi đua thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực",
    "Thi đua xây dựng cơ quan, đơn vị xanh - sạch - đẹp, văn minh, an toàn",
    "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến, sáng kiến, cải tiến kỹ thuật",
)
COVID_CONTENT = (
    "Thi đua thực hiện nghiêm các biện pháp phòng, chống dịch theo chỉ đạo của cấp trên",
    "Thi đua tổ chức tốt công tác thu dung, điều trị người bệnh COVID-19",
    "Thi đua triển khai tiêm vắc xin phòng COVID-19 an toàn, đúng tiến độ",
    "Biểu dương, khen thưởng kịp thời tập thể, cá nhân có thành tích xuất sắc",
)
POVERTY_CONTENT = (
    "Khám bệnh, chữa bệnh, cấp thuốc miễn phí cho người nghèo, đồng bào dân tộc thiểu số vùng khó khăn",
    "Vận động cán bộ, viên chức ủng hộ Quỹ “Vì người nghèo”, giúp đỡ hộ nghèo thoát nghèo bền vững",
    "Bảo đảm người nghèo, cận nghèo được cấp thẻ bảo hiểm y tế và tiếp cận dịch vụ y tế cơ bản",
)
UNION_CONTENT = (
    "Thi đua lao động giỏi, hoàn thành xuất sắc nhiệm vụ chuyên môn",
    "Thi đua lao động sáng tạo: đăng ký và thực hiện sáng kiến, giải pháp cải tiến kỹ thuật",
    "Xây dựng cơ quan, đơn vị văn hóa; chăm lo đời sống, việc làm cho đoàn viên, người lao động",
)
# The opening context of a demo campaign. Its Căn cứ (laws, decrees) are not written here: a plan takes
# the lines in force on its date from the catalogue (app.services.legal_bases).
LEGAL_BASIS = (
    "Thực hiện Chỉ thị của Bộ trưởng Bộ Y tế và Kế hoạch của Ủy ban nhân dân tỉnh về công tác thi đua, "
    "khen thưởng trong ngành Y tế"
)
OLD_LEGAL_BASIS = (
    "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về công tác thi đua, khen thưởng trong ngành Y tế"
)
