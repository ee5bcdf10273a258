"""Qt item models over what the services return (tables too large for QTableWidget)."""
