"""Every file dialog of the program goes through here, so that none of them can break the database's locks.

    chosen, _ = file_dialogs.open_file_name(self, "Chọn tệp", start, "Tệp Excel (*.xlsx)")
    chosen, _ = file_dialogs.save_file_name(self, "Lưu thành", start, "Tệp PDF (*.pdf)")
    folder = file_dialogs.existing_directory(self, "Chọn thư mục", start)

Why: on Linux SQLite holds POSIX locks on the database file and its -wal/-shm companions, and POSIX drops
*all* of a process's locks on a file as soon as the process closes *any* descriptor of it. Qt's file
dialog reads the files it lists to guess their type (content sniffing for names without a known
extension, such as "-wal" and "-shm"); once it closes them, another process may think the database is
unused and remove its -wal file under the running program. Two defences:

- no dialog opens in the folder that holds the open database (`protect_database`): it starts in the
  Documents folder, the home folder or above instead;
- every dialog lists files with `NoReadIconProvider`, which names and draws a file from its name only, so
  a clerk who walks into that folder still reads nothing there.

On Windows the system's own dialogs are used (they speak the system's language); elsewhere Qt's own
(`use_qt_dialogs`), so that the program's Vietnamese translation of Qt shows.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeDatabase, QObject, QStandardPaths, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider

_protected: Path | None = None
_provider: NoReadIconProvider | None = None


def protect_database(path: Path | str | None) -> None:
    """The open database's file (None for a server database): its folder is never a dialog's start."""
    global _protected
    _protected = Path(path).resolve().parent if path else None


def protected_folder() -> Path | None:
    return _protected


def use_qt_dialogs(app: QApplication) -> None:
    if sys.platform not in ("win32", "darwin"):
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def safe_start(start: str | Path | None) -> str:
    """`start` (a folder, or a file name in a folder), moved out of the database's folder if it is there."""
    path = Path(str(start)) if start else Path.home()
    folder, name = (path, "") if path.is_dir() or not path.suffix else (path.parent, path.name)
    if _protected is None or not _same_folder(folder, _protected):
        return str(path)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    candidates = [Path(documents)] if documents else []
    candidates += [Path.home(), *Path.home().parents]
    for candidate in candidates:
        if candidate.is_dir() and not _same_folder(candidate, _protected):
            return str(candidate / name) if name else str(candidate)
    return str(Path(_protected.anchor) / name) if name else _protected.anchor


class NoReadIconProvider(QFileIconProvider):
    """Icons and "Loại" from a file's name alone: Qt's own provider opens files to sniff their type."""

    def __init__(self):
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)
        self._mime = QMimeDatabase()

    def icon(self, what):  # noqa: D401 - Qt's signature: an IconType or a QFileInfo
        if isinstance(what, QFileIconProvider.IconType) or not what.isFile():
            return super().icon(what)
        fallback = super().icon(QFileIconProvider.IconType.File)
        mime = self._mime.mimeTypeForFile(what.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return QIcon.fromTheme(mime.iconName(), QIcon.fromTheme(mime.genericIconName(), fallback))

    def type(self, info) -> str:
        if info.isDir():
            return "Thư mục"
        suffix = info.suffix()
        return f"Tệp {suffix.upper()}" if suffix else "Tệp"


def icon_provider() -> NoReadIconProvider:
    global _provider
    if _provider is None:
        _provider = NoReadIconProvider()
    return _provider


class _GiveProvider(QObject):
    """While a dialog runs: every QFileDialog gets the provider before it is shown, and before the clerk can
    walk anywhere (its first folder, listed at construction, is never the database's)."""

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Polish and isinstance(obj, QFileDialog):
            provider = icon_provider()
            if obj.iconProvider() is not provider:
                obj.setIconProvider(provider)
        return False


@contextmanager
def _guarded():
    app = QApplication.instance()
    guard = _GiveProvider()
    app.installEventFilter(guard)
    try:
        yield
    finally:
        app.removeEventFilter(guard)


def open_file_name(parent, caption: str, start, file_filter: str) -> tuple[str, str]:
    with _guarded():
        return QFileDialog.getOpenFileName(parent, caption, safe_start(start), file_filter)


def save_file_name(parent, caption: str, start, file_filter: str) -> tuple[str, str]:
    with _guarded():
        return QFileDialog.getSaveFileName(parent, caption, safe_start(start), file_filter)


def existing_directory(parent, caption: str, start) -> str:
    with _guarded():
        return QFileDialog.getExistingDirectory(parent, caption, safe_start(start))
