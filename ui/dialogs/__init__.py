"""Dialogs: forms that open over the main window."""
