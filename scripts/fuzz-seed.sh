#!/usr/bin/env bash
# Seeds each fuzz target's corpus from fixtures/ (idempotent; the corpus is not checked in);
# set_parser's from sample `--set*` expressions, one file each (a line's first character picks
# the flag: s --set, S --set-string, j --set-json, l --set-literal, f --set-file).
set -euo pipefail
cd "$(dirname "$0")/.."
seed() { # target, files…
  local dir=fuzz/corpus/$1
  shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp -n "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
  return 0
}
shopt -s nullglob globstar
envs=(fixtures/**/*.env)
yamls=(fixtures/**/*.yaml fixtures/**/*.yml)
seed env_reader "${envs[@]}"
seed yaml_loader "${yamls[@]}"
seed lint_pipeline "${envs[@]}" "${yamls[@]}"
seed redaction "${envs[@]}"

# set_parser: the shapes of tests/values/helm_oracle.rs's random expressions, one seed each.
sets=(
  's' 'scustomImage.registryEndpoint=https://gcr.io'
  'sa=1,b=true,c=null,d=010,e=-3'
  'sa.b.c=x,a.d[2]=y'
  'slist={a,b,c}'
  'sa[0].b=1,a[1]=2'
  's a\,b=c\.d,e\=f=g'
  'sa=1,b[2'
  'sa=1,b.'
  'scustomImage=null'
  'scustomImage.registryPassword=p1,tail'
  'Sa=true,b=42'
  'Scustomimage.pushRepoPrefix={x,y}'
  'jcustomImage={"registryEndpoint":"docker.io","enabled":true}'
  'ja=[1,{"b":null}],c="s"'
  'j{"customImage":{"pushRepo":"r"}}'
  'ja='
  'lcustomImage.buildJob.image.tag=a,b\c=d'
  'la.b[0]=x=y'
  'fcustomImage.registryPassword=./pw'
  $'sa=1\nSb=2\njc={"d":3}\nle=f,g\nfh=i'
)
dir=fuzz/corpus/set_parser
mkdir -p "$dir"
for i in "${!sets[@]}"; do
  printf '%s' "${sets[$i]}" >"$dir/sample-$i"
done
