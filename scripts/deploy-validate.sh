#!/usr/bin/env bash
# Validates the deployment examples offline, against real schemas shipped in
# PyPI packages (installed into a private virtualenv, pinned):
#   deploy/kubernetes/*.yaml  kubernetes-validate --strict (the Kubernetes
#                             OpenAPI schemas; unknown fields are errors)
#   deploy/compose.yaml       check-jsonschema with the vendored compose-spec schema
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${NEWSCLIP_VALIDATE_VENV:-/var/tmp/newsclip-validate-venv}
if [ ! -x "$venv/bin/kubernetes-validate" ] || [ ! -x "$venv/bin/check-jsonschema" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        kubernetes-validate==1.37.0 check-jsonschema==0.39.0
fi
"$venv/bin/kubernetes-validate" --strict --kubernetes-version 1.33 deploy/kubernetes/*.yaml
"$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec deploy/compose.yaml
echo "[deploy-validate] OK: $(ls deploy/kubernetes/*.yaml | wc -l) Kubernetes manifests and deploy/compose.yaml are valid"
