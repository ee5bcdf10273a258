"""The shared vocabulary of the core: plain data types and calculations that services, rules, documents
and exchange all use. Nothing here reads the database or imports a layer above it."""
