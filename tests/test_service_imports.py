"""Services and jobs are free of the web layer: each red.services and red.jobs module,
imported on its own, pulls in no blueprint, no template helper and none of our
request-handling modules (the web layer imports them, never the reverse); nor does any of
them name one in an import inside a function, which importing alone would not reveal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

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
import red.extensions, red.models, red.services, red.jobs
def web():
    return sorted(m for m in sys.modules if m.startswith(WEB))
found = {"(shared)": web()}
infos = [*pkgutil.walk_packages(red.services.__path__, "red.services."),
         *pkgutil.walk_packages(red.jobs.__path__, "red.jobs.")]
for info in infos:
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


def test_no_service_or_job_names_the_web_layer_in_any_import():
    root = Path(__file__).resolve().parents[1] / "red"
    names = "|".join(re.escape(name) for name in WEB_LAYER)
    pattern = re.compile(rf"^\s*(from|import)\s+({names})\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(root))
        for folder in ("services", "jobs")
        for path in sorted((root / folder).rglob("*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
