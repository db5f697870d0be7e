#!/usr/bin/env bash
# The action's lint step. Inputs come in INPUT_PATHS, INPUT_FORMAT, INPUT_FAIL_ON_WARNINGS;
# outputs go to $GITHUB_OUTPUT: report-file (the report in the chosen format, for the upload
# step) and exit-code (customimage's status; the action fails on it after the upload, so that
# findings still reach code scanning).
set -uo pipefail

format="${INPUT_FORMAT:-sarif}"
args=(lint)
case "${INPUT_FAIL_ON_WARNINGS:-false}" in
  true | True | TRUE) args+=(--strict) ;;
  false | False | FALSE | "") ;;
  *) echo "::error title=customimage::fail-on-warnings must be true or false, not '${INPUT_FAIL_ON_WARNINGS}'"; exit 2 ;;
esac
# Paths are separated by spaces or newlines.
read -r -d '' -a paths <<< "${INPUT_PATHS:-.}" || true
if [ "${#paths[@]}" -eq 0 ]; then
  paths=(.)
fi

report=""
case "$format" in
  sarif | json | gitlab) report="${RUNNER_TEMP:-.}/customimage.$format.json" ;;
  junit) report="${RUNNER_TEMP:-.}/customimage.junit.xml" ;;
  github | human) ;;
  *) echo "::error title=customimage::unknown format '$format' (sarif, github, json, junit, gitlab, human)"; exit 2 ;;
esac

if [ -n "$report" ]; then
  customimage "${args[@]}" --format "$format" -- "${paths[@]}" > "$report"
  status=$?
  # The readable report for the job log (same findings, same status).
  customimage "${args[@]}" --format human --color always -- "${paths[@]}"
else
  customimage "${args[@]}" --format "$format" -- "${paths[@]}"
  status=$?
fi

{
  echo "report-file=$report"
  echo "exit-code=$status"
} >> "${GITHUB_OUTPUT:?}"
# The step itself succeeds so that the upload runs; the action's last step fails on exit-code.
exit 0
