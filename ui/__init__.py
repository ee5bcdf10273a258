"""The Qt user interface. It only calls app.services and shows the dataclasses they return."""
