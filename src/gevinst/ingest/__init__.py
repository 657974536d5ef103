"""Reading controllers' spreadsheets: a safety layer first, then shapes, validation and the write.

`limits`, `container` and `sandbox` form the safety layer: nothing a user uploads reaches a
native reader before `container.scan_file` has checked the package, and the native reader
itself only ever runs inside `sandbox.run_isolated`, so a hostile file can at worst reject itself.
"""
