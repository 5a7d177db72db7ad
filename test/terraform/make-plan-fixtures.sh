#!/bin/sh
# Regenerates the Terraform plan JSON fixtures with a real `terraform plan` (no AWS access: dummy credentials,
# no refresh). Needs terraform and the AWS provider in a local plugin dir (default /opt/tf-plugins).
# Usage: sh test/terraform/make-plan-fixtures.sh   (from the repo root)
set -eu
PLUGINS=${TF_PLUGIN_DIR:-/opt/tf-plugins}
ROOT=$(pwd)
plan() { # $1 = case dir holding the .tf files; writes plan.json there (minified, as terraform prints it)
  work=$(mktemp -d)
  cp -r "$1"/. "$work"/
  rm -f "$work"/expected.json "$work"/plan.json
  (cd "$work" && AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy terraform init -plugin-dir="$PLUGINS" -input=false >/dev/null &&
    AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy terraform plan -refresh=false -input=false -out=plan.out >/dev/null &&
    terraform show -json plan.out >"$ROOT/$1/plan.json")
  rm -rf "$work"
}
for c in fixtures/S3L001/fail/terraform-plan-with-config fixtures/S3L002/fail/terraform-plan-with-config; do plan "$c"; done
# Plan without its configuration: pretty-printed (as `terraform show -json | jq .` gives it) so lines mean something.
for c in fixtures/S3L005/fail/terraform-plan-only fixtures/S3L002/fail/terraform-plan-only; do
  python3 -m json.tool fixtures/S3L002/fail/terraform-plan-with-config/plan.json >"$c/plan.json"
done
