"""Nothing is drawn over anything else: the overview chart's legend wraps instead of running under the table
beside it, the draft editor's hint stays under the text box, and the certificate preview shrinks instead
of running under the sentence below it."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from app.services.overview import AwardYear
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")
from tests.ui.test_certificate_dialog import ctx, files, print_dialog  # noqa: F401
from tests.ui.test_decisions_page import make_page  # noqa: F401
from tests.ui.test_documents_page import make_page as documents_page  # noqa: F401
from ui.widgets.bar_chart import LEGEND, AwardsChart, legend_places


def _right_edges(fm: QFontMetrics, width: int) -> list[int]:
    return [
        x + 15 + fm.horizontalAdvance(text)
        for (x, _row), (_c, text) in zip(legend_places(fm, width), LEGEND, strict=True)
    ]


def test_the_chart_legend_wraps_rather_than_being_cut(qtbot, qt_app):
    fm = QFontMetrics(QFont(qt_app.font()))
    wide = legend_places(fm, 800)
    assert [row for _x, row in wide] == [0, 0]  # room for both: one line
    for width in (240, 260, 286):  # the chart squeezed beside its table on a 1280-pixel screen
        places = legend_places(fm, width)
        assert all(edge <= width for edge in _right_edges(fm, width)), width
        assert [row for _x, row in places] == [0, 1]
    chart = AwardsChart()
    qtbot.addWidget(chart)
    chart.set_years([AwardYear(2024, 3, 1), AwardYear(2025, 0, 0)])
    chart.resize(240, 220)
    assert not chart.grab().isNull()  # paints with the legend on two lines


def no_overlap(a, b) -> bool:
    return not a.geometry().intersects(b.geometry())


def test_the_draft_editors_hint_stays_under_the_text_box(qtbot, documents_page):  # noqa: F811
    page = documents_page()
    dialog = page.open_new()
    qtbot.waitExposed(dialog)
    for size in (dialog.minimumSizeHint(), dialog.minimumSizeHint().grownBy(dialog.contentsMargins())):
        dialog.resize(size.expandedTo(dialog.minimumSize()))
        qtbot.wait(50)  # the layout settles on the event loop
        hint, body = dialog.body_hint, dialog.body_edit
        assert hint.isVisible() and body.isVisible()
        assert hint.geometry().top() > body.geometry().bottom()
        assert hint.height() >= hint.sizeHint().height()  # every line of it shown, none run over
    dialog.reject()


def test_the_certificate_preview_shrinks_above_its_sentence(qtbot, print_dialog, files):  # noqa: F811
    dialog = print_dialog
    assert dialog.count_label.text().startswith("Sẽ in 3 giấy khen")
    for width, height in ((1240, 680), (700, 560), (660, 480)):
        dialog.resize(width, height)
        qtbot.wait(50)
        preview, sentence = dialog.preview, dialog.count_label
        assert no_overlap(preview, sentence), (width, height)
        assert sentence.height() >= sentence.heightForWidth(sentence.width())
        shown = preview.pixmap()
        assert shown.width() <= preview.width() and shown.height() <= preview.height()
    assert dialog.preview.image().width() > 500  # the full preview, scaled only on screen
