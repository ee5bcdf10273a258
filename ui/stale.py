"""A form saved over a newer change (app.errors.StaleRecord): the one way every form answers it.

The clerk reads who saved the record meanwhile and when, and chooses: "Tải lại" shows the record as it now
is (what they typed is lost, and the box says so before they choose), "Hủy" keeps the form open with their
text, unsaved. A form takes part by overriding two hooks of ui.widgets.form_dialog.FormDialog:

    def fetch_record(self, ctx):        # on a worker thread: the record read again (the form's read model)
        return person_upkeep(ctx, self.upkeep.id)

    def show_record(self, upkeep):      # on the GUI thread: the fields and the version it will save over
        self.upkeep = upkeep
        self.fill(upkeep.data)
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import StaleRecord
from ui.operations import QueryOp, error_text

RELOAD = "Tải lại"
KEEP = "Hủy"
WHAT_RELOAD_DOES = (
    "“Tải lại”: biểu mẫu hiện bản ghi như hiện có trong cơ sở dữ liệu; những gì anh/chị vừa nhập trên "
    "biểu mẫu sẽ mất. “Hủy”: biểu mẫu vẫn mở với những gì anh/chị đã nhập, chưa được lưu."
)


def ask_reload(parent: QWidget, exc: StaleRecord) -> bool:
    """True when the clerk chose to reload the record (and lose what they typed)."""
    box = QMessageBox(QMessageBox.Icon.Warning, parent.windowTitle(), str(exc), parent=parent)
    box.setInformativeText(WHAT_RELOAD_DOES)
    reload = box.addButton(RELOAD, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    answer = box.exec()
    clicked = box.clickedButton()
    if clicked is None:  # answered without a click (a test's Yes/No)
        return answer == QMessageBox.StandardButton.Yes
    return clicked is reload


def offer_reload(form, exc: StaleRecord) -> None:
    """Ask, and on "Tải lại" read the record again in the background and show it in the form."""
    if not ask_reload(form, exc):
        return
    ctx = getattr(form.workspace, "ctx", form.workspace)
    form.ok_button.setEnabled(False)

    def shown(record) -> None:
        form.ok_button.setEnabled(True)
        form.show_record(record)
        form.error.setText("Đã tải lại bản ghi mới nhất; hãy sửa lại rồi lưu.")
        form.mark_unchanged()

    def failed(error: BaseException) -> None:
        form.ok_button.setEnabled(True)

        form.error.setText(error_text(error, "Chưa tải lại được"))

    QueryOp(form, "Đang tải lại…", form.fetch_record, ctx).success(shown).failure(failed).run()
