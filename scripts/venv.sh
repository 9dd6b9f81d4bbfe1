#!/usr/bin/env bash
# Creates .venv/ at the package root and installs nx-27017 (the dev/test MongoDB
# stand-in) plus any packages given, each only when missing.
# Usage: scripts/venv.sh [extra-package ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1 || ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    # No usable Python with venv support: take Debian's.
    "$root/scripts/install-deps.sh" python3 python3-venv
    python=python3
fi

if [ ! -x "$venv/bin/python" ]; then
    echo "venv: creating $venv"
    "$python" -m venv "$venv"
fi

missing=()
for package in nx-27017 "$@"; do
    if ! "$venv/bin/python" -m pip show -q "$package" >/dev/null 2>&1; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "venv: installing ${missing[*]}"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${missing[@]}"
fi

test -x "$venv/bin/nx-27017" || { echo "venv: $venv/bin/nx-27017 missing after install" >&2; exit 1; }
