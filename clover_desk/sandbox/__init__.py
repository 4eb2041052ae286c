"""The training sandbox: a local Clover over HTTP, on SQLite, with a demo merchant.

It is an independent implementation of Clover's contract from the reference in
``shared/clover-api``; it imports nothing from ``api``, ``services`` or ``ui``.
"""

from .server import RunningSandbox, SandboxConfig, start_sandbox

__all__ = ["RunningSandbox", "SandboxConfig", "start_sandbox"]
