import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # report_samples.py, report_cdp.py


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test shows what Chromium wrote on stderr."""
    outcome = yield
    report = outcome.get_result()
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.failed and browser is not None:
        report.sections.append(("chromium stderr", browser.said()))
