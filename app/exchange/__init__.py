"""Exchange with the outside world: reading the Excel files that units send (staff lists ...).

Nothing here imports Qt; the window only shows what these modules return.
"""
