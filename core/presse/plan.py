"""Deprecated: :class:`DistributedPlan` and :func:`run_in_process` now live in
:mod:`presse.stage` (import them from ``presse``). This alias goes in presse 0.3."""

from __future__ import annotations

import warnings

from presse.stage import DistributedPlan, run_in_process

warnings.warn(
    "presse.plan is deprecated: import DistributedPlan and run_in_process from presse",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["DistributedPlan", "run_in_process"]
