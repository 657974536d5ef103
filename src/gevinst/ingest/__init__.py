"""Reading controllers' spreadsheets: a safety layer first, then shapes, validation and the write.

`limits`, `container` and `sandbox` form the safety layer: nothing a user uploads reaches a
native reader before `container.scan_file` has checked the package, and the native reader
itself only ever runs inside `sandbox.start_isolated`'s child, so a hostile file can at worst
reject itself.
"""
