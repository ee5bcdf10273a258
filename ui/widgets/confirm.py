"""A question before a step that cannot be undone, with buttons that say what they do, in Vietnamese.

if not confirm(self, "Ban hành quyết định", "Ban hành … số dự kiến 05/QĐ-SYT?", "Ban hành"):
    return
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    yes_text: str,
    no_text: str = "Quay lại",
    details: str = "",
    warning: bool = False,
) -> bool:
    """True when the clerk chose `yes_text`; Esc, closing the box or `no_text` is no. The safe answer is the
    default button."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question, title, text, parent=parent
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.button(QMessageBox.StandardButton.No).setText(no_text)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    if details:
        box.setInformativeText(details)
    return box.exec() == QMessageBox.StandardButton.Yes
