"""The papers of a dossier: a scanned or typed file kept inside the database (so a backup holds the whole
dossier), for the whole batch or for one item; and opening one again with the program that shows it."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMessageBox, QPushButton, QWidget

from app.errors import UserError, ValidationError
from app.services.context import ServiceContext
from app.services.nominations import BatchInfo, NominationItem, attach, attachment_content
from database.enums import AttachmentKind
from ui import file_dialogs
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, line
from ui.widgets.open_file import open_document
from ui.widgets.pdf_output import safe_file_name
from ui.workspace import Area

FILE_FILTER = (
    "Văn bản, bản quét (*.pdf *.doc *.docx *.xls *.xlsx *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)"
)
WHOLE_BATCH = None


def item_caption(item: NominationItem) -> str:
    return f"{item.subject_name} – {item.award_name}"


@dataclass(frozen=True)
class Attached:
    """What the attach form kept: the file's name and the kind of paper it is."""

    attachment_id: int
    file_name: str
    kind: AttachmentKind


class AttachDialog(FormDialog):
    OK_TEXT = "Đính kèm"

    def __init__(
        self,
        workspace,
        batch: BatchInfo,
        items: Sequence[NominationItem],
        item_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace,
            "Đính kèm giấy tờ",
            f"Hồ sơ “{batch.title}”. Tệp được lưu trong cơ sở dữ liệu (tối đa 50 MB mỗi tệp).",
            parent,
        )
        self.batch = batch
        self.items = {i.id: i for i in items}
        file_row = QHBoxLayout()
        self.file_edit = line("Chưa chọn tệp")
        self.file_edit.setReadOnly(True)
        self.choose_button = QPushButton("Chọn tệp…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        self.form.addRow("Tệp:", file_row)
        self.scope_combo = QComboBox()
        self.scope_combo.addItem("Cả hồ sơ (dùng cho mọi đề nghị trong hồ sơ)", WHOLE_BATCH)
        for item in items:
            self.scope_combo.addItem(item_caption(item), item.id)
        self.scope_combo.setCurrentIndex(max(self.scope_combo.findData(item_id), 0) if item_id else 0)
        self.form.addRow("Đính kèm cho:", self.scope_combo)
        self.kind_combo = QComboBox()
        for kind in AttachmentKind:
            self.kind_combo.addItem(kind.label, kind)
        self.form.addRow("Loại giấy tờ:", self.kind_combo)
        self.scope_combo.currentIndexChanged.connect(self._suggest_kind)
        self._suggest_kind()
        self.path: Path | None = None
        self._sent: tuple[str, AttachmentKind] | None = None  # the file's name and kind, once OK was pressed
        self.finish_layout(600)
        self.choose_button.setFocus()

    def _suggest_kind(self) -> None:
        """The first paper the chosen item still lacks (for the whole batch: the tờ trình)."""
        item = self.items.get(self.scope_combo.currentData())
        missing = [e.kind for e in item.checklist if not e.present] if item else [AttachmentKind.SUBMISSION]
        if missing:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(missing[0]))

    def choose_file(self) -> None:
        chosen, _ = file_dialogs.open_file_name(self, "Chọn tệp đính kèm", str(Path.home()), FILE_FILTER)
        if chosen:
            self.set_path(Path(chosen))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_edit.setText(str(path))
        self.error.clear()

    def submit(self) -> WriteOp:
        if self.path is None:
            raise ValidationError("Hãy chọn tệp cần đính kèm.")
        try:
            content = self.path.read_bytes()
        except OSError as exc:
            raise UserError(
                f"Không đọc được tệp “{self.path.name}” ({exc.strerror or exc}). Hãy kiểm tra tệp còn ở "
                "đó và không bị chương trình khác khóa, rồi chọn lại."
            ) from exc
        self._sent = (self.path.name, self.kind_combo.currentData())
        return self.write(
            attach,
            self.batch.id,
            self._sent[1],
            self._sent[0],
            content,
            self.scope_combo.currentData(),
            areas={Area.NOMINATIONS},
        )

    @property
    def attached(self) -> Attached | None:
        """After OK: the paper kept (None before)."""
        if self.result_value is None or self._sent is None:
            return None
        return Attached(self.result_value, *self._sent)


def attachment_file(ctx: ServiceContext, attachment_id: int) -> Path:
    """Write a stored paper to a temporary folder of its own (the original name kept) and return its path."""
    name, content = attachment_content(ctx, attachment_id)
    folder = Path(tempfile.mkdtemp(prefix="tdkt-dinh-kem-"))
    path = folder / (safe_file_name(Path(name).stem) + Path(name).suffix)
    path.write_bytes(content)
    return path


def open_attachment(ctx: ServiceContext, attachment_id: int, parent: QWidget) -> Path | None:
    try:
        path = attachment_file(ctx, attachment_id)
    except UserError as exc:
        QMessageBox.warning(parent, "Không mở được tệp", str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(parent, "Không mở được tệp", f"Không ghi được tệp tạm để mở: {exc}")
        return None
    open_document(parent, path)  # a document opens; anything else is offered "Lưu ra thư mục…"
    return path
