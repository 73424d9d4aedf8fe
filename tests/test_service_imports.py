"""Services are free of the web layer: each red.services module, imported on its own, pulls
in no blueprint, no template helper and none of our request-handling modules (the web layer
imports the services, never the reverse)."""

from __future__ import annotations

import json
import subprocess
import sys

WEB_LAYER = (
    "red.blueprints",
    "red.templating",
    "red.errors",
    "red.query",
    "red.navigation",
    "red.forms",
    "red.security",
    "red.cli",
)

# In a fresh interpreter: load what every service shares (Flask, SQLAlchemy, the models),
# check none of that is web layer, then import each service module in a child process of
# its own (os.fork: a clean copy of that state) and list the web-layer modules it added.
PROBE = """
import importlib, json, os, pkgutil, sys
WEB = tuple(sys.argv[1:])
import red.extensions, red.models, red.services
def web():
    return sorted(m for m in sys.modules if m.startswith(WEB))
found = {"(shared)": web()}
for info in pkgutil.walk_packages(red.services.__path__, "red.services."):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            importlib.import_module(info.name)
            answer = web()
        except Exception as error:
            answer = ["import failed: " + repr(error)]
        os.write(write, json.dumps(answer).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        found[info.name] = json.loads(pipe.read() or '["no answer"]')
    os.waitpid(child, 0)
print(json.dumps(found))
"""


def test_no_service_module_imports_the_web_layer():
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *WEB_LAYER], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(found) > 40, sorted(found)  # every services module was probed
    offenders = {name: modules for name, modules in found.items() if modules}
    assert offenders == {}
