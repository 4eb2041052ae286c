"""HTTP endpoints of the training sandbox, one module per Clover API area."""
