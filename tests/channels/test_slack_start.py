"""Starting `codebot slack`: a wrong token or no connection is one clear line, and a good start warns nothing."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys

import pytest

from bot.channels.slack.app import build_app
from bot.config import Settings


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(api_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "CODEBOT_HOME": os.environ["CODEBOT_HOME"], "SLACK_API_URL": api_url,
           "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-1-test", "SLACK_SIGNING_SECRET": "s3cret"}
    return subprocess.run([sys.executable, "-m", "bot", "slack", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_the_bot_token_in_the_environment_gives_no_client_warning(slack_api, kb, state_db, monkeypatch, caplog):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack_api.url})
    with caplog.at_level(logging.DEBUG, logger="slack_bolt"):
        app = build_app(settings, kb, state_db)
    assert [] == [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert (slack_api.url, "xoxb-test") == (app.client.base_url, app.client.token)
    assert True is app.client.auth_test()["ok"]
    assert 1 == len(slack_api.calls("auth.test"))


@pytest.mark.parametrize("args", [(), ("--http", "--port", "0")])
def test_a_wrong_bot_token_is_one_line(slack_api, args):
    slack_api.fail("auth.test", "invalid_auth")
    proc = _start(slack_api.url, *args)
    assert (1, "") == (proc.returncode, proc.stdout)
    assert ("Error: Slack refused SLACK_BOT_TOKEN (invalid_auth); copy the Bot User OAuth Token (xoxb-...) "
            "from the app's OAuth & Permissions page.\n") == proc.stderr


def test_a_wrong_app_token_is_one_line(slack_api):
    slack_api.fail("apps.connections.open", "invalid_auth")
    proc = _start(slack_api.url)
    assert (1, "") == (proc.returncode, proc.stdout)
    assert ("Error: Slack refused SLACK_APP_TOKEN (invalid_auth); create an app-level token (xapp-...) with the "
            "connections:write scope under Basic Information.\n") == proc.stderr


def test_no_connection_to_slack_is_one_line():
    url = f"http://127.0.0.1:{_closed_port()}/api/"
    proc = _start(url)
    assert (1, "") == (proc.returncode, proc.stdout)
    assert (f"Error: cannot reach the Slack Web API at {url} (Connection refused); check the network "
            "(or SLACK_API_URL).\n") == proc.stderr


def test_a_socket_mode_host_that_does_not_answer_is_one_line(slack_api):
    port = _closed_port()
    slack_api.ws_url = f"ws://127.0.0.1:{port}/link/?ticket=secret-ticket"
    proc = _start(slack_api.url)
    assert (1, "") == (proc.returncode, proc.stdout)
    assert (f"Error: cannot open the Socket Mode connection to 127.0.0.1:{port} (Connection refused); check the "
            "network or a proxy.\n") == proc.stderr


def test_a_good_start_says_connected_and_nothing_else(slack_api):
    import threading

    from websockets.sync.server import serve

    def hello(ws) -> None:
        ws.send('{"type": "hello", "num_connections": 1}')
        try:
            for _frame in ws:
                pass
        except Exception:  # the client closing the socket ends the loop
            pass

    with serve(hello, "127.0.0.1", 0) as ws_server:
        threading.Thread(target=ws_server.serve_forever, daemon=True).start()
        slack_api.ws_url = f"ws://127.0.0.1:{ws_server.socket.getsockname()[1]}/link"
        env = {"PATH": os.environ["PATH"], "CODEBOT_HOME": os.environ["CODEBOT_HOME"], "SLACK_API_URL": slack_api.url,
               "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-1-test"}
        proc = subprocess.Popen([sys.executable, "-m", "bot", "slack"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env)
        try:
            first = proc.stderr.readline()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            ws_server.shutdown()
    assert "WARNING bot.channels.slack.transport: codebot connected to Slack over Socket Mode\n" == first
    calls = [c.method for c in slack_api.calls()]
    assert ["auth.test", "apps.connections.open"] == calls[:2]
    assert set(calls[2:]) <= {"auth.test"}  # each answering process checks the token it answers with
