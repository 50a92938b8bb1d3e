"""The compiled-template cache across processes: a partial shared by Slack and text templates renders right in both, in any order."""

from __future__ import annotations

import subprocess
import sys


def test_a_partial_compiled_for_slack_is_not_reused_for_text(tmp_path):
    # Two fresh processes on one data dir: the first compiles pair.txt inside a Slack template (with Slack
    # escaping built in) and caches it; the second renders the same partial for e-mail text from the cache.
    script = ("import sys; from bot.core import ask; from bot.render import render_answer; "
              "a = ask('can I bill 99457 with 99091'); print(len(render_answer(a, sys.argv[1]).text))")
    env = {"CODEBOT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for channel in ("slack", "email", "cli"):
        proc = subprocess.run([sys.executable, "-c", script, channel], env=env, capture_output=True, text=True,
                              timeout=120)
        assert 0 == proc.returncode, proc.stderr[-500:]
