"""Use cases, one module per area. Each takes a ServiceContext and returns plain dataclasses."""
