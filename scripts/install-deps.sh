#!/usr/bin/env bash
# Installs the Debian packages the build needs, only those missing.
# Usage: scripts/install-deps.sh [package ...]
set -euo pipefail

if [ "$#" -gt 0 ]; then
    packages=("$@")
else
    packages=(libmongoc-dev libbson-dev libssl-dev zlib1g-dev pkg-config curl openssl)
fi

missing=()
for package in "${packages[@]}"; do
    # dpkg -s also lists removed-but-configured packages, so check the status line.
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all present (${packages[*]})"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
