#!/usr/bin/env bash
# Installs and starts every real service the tests need (CI calls this from .ci/run; a developer
# may run it once on a fresh machine). Each service has one script beside this one, named for
# the service (valgrind.sh, chromium.sh, slurm.sh, …); each must be idempotent: it installs the
# Debian packages it lacks through need_packages and starts what must be running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

apt_updated=0
# need_packages PKG…: apt-get install the packages that are not installed yet (one update per run).
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
export -f need_packages 2>/dev/null || true

for script in "$here"/*.sh; do
  [ "$(basename "$script")" = "setup.sh" ] && continue
  echo "services: $(basename "$script" .sh)"
  # shellcheck source=/dev/null
  source "$script"
done
