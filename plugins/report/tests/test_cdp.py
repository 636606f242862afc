"""The DevTools client's own failures say what Chromium said (fake browsers, no Chromium)."""

import stat

import pytest
from report_cdp import Chromium


def fake_browser(tmp_path, body: str) -> str:
    path = tmp_path / "fake-chromium"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_browser_that_exits_at_start_is_reported_with_its_stderr(tmp_path):
    binary = fake_browser(tmp_path, "echo 'cannot open shared object libnss3.so' >&2\nexit 127")
    with pytest.raises(RuntimeError) as raised:
        Chromium(binary, tmp_path / "w", start_timeout=30)
    message = str(raised.value)
    assert "did not start" in message and "exited (code 127)" in message
    assert "cannot open shared object libnss3.so" in message


def test_a_browser_that_never_answers_is_reported_with_its_stderr(tmp_path):
    noise = "[1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus"
    body = f"echo '{noise}' >&2\necho 'still scanning fonts' >&2\nexec sleep 60"
    binary = fake_browser(tmp_path, body)
    with pytest.raises(RuntimeError) as raised:
        Chromium(binary, tmp_path / "w", start_timeout=1)
    message = str(raised.value)
    assert "did not answer Browser.getVersion" in message
    assert "still scanning fonts" in message
    assert noise not in message and "1 D-Bus lines left out" in message
