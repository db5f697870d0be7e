#!/usr/bin/env python3
"""Writes N copies of the chart's values.yaml, each with a different valid `customImage` block
(Docker Hub, GCR, ECR, a private registry, a plain-HTTP one; pushRepo or pushRepoPrefix;
varied builder resources), for bench/lint.sh. Standard library only.

usage: generate.py CHART_VALUES OUT_DIR COUNT
"""

import json
import pathlib
import sys

BLOCK_START = "customImage:\n"


def block(i: int) -> str:
    kind = i % 5
    cpu = f"{500 + (i % 7) * 250}m"
    memory = f"{1 + i % 4}Gi"
    if kind == 0:  # Docker Hub
        ns = f"team{i}"
        settings = {
            "registryEndpoint": "docker.io",
            "registryUsername": ns,
            "registryPassword": f"dckr_pat_{i:08d}abcdef",
            "pushRepoPrefix": f"docker.io/{ns}",
        }
    elif kind == 1:  # GCR with a service-account key
        project = f"ml-project-{i}"
        key = {
            "type": "service_account",
            "project_id": project,
            "private_key_id": f"{i:040x}",
            "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
            + f"{i:08d}\n-----END PRIVATE KEY-----\n",
            "client_email": f"builder@{project}.iam.gserviceaccount.com",
        }
        settings = {
            "registryEndpoint": "https://gcr.io",
            "registryUsername": "_json_key",
            "registryPassword": json.dumps(key),
            "pushRepoPrefix": f"gcr.io/{project}",
        }
    elif kind == 2:  # ECR with the refreshed aws-registry secret
        host = f"{100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com"
        settings = {
            "registryEndpoint": f"https://{host}",
            "pushRepo": f"{host}/custom-image",
            "pushSecretName": "aws-registry",
        }
    elif kind == 3:  # a private registry
        host = f"harbor{i}.example.com"
        settings = {
            "registryEndpoint": f"https://{host}",
            "registryUsername": "robot$builder",
            "registryPassword": f"s3cret-{i}",
            "pushRepo": f"{host}/ml/custom-image",
        }
    else:  # plain HTTP inside the cluster
        settings = {
            "registryEndpoint": f"http://registry.local:{5000 + i % 100}",
            "registryUsername": "admin",
            "registryPassword": f"pw{i}",
            "pushRepoPrefix": f"registry.local:{5000 + i % 100}/images",
            "insecureSkipVerify": True,
        }
    lines = [BLOCK_START.rstrip("\n"), "  enabled: true"]
    for key, value in settings.items():
        lines.append(f"  {key}: {json.dumps(value)}")
    lines += [
        "  buildJob:",
        "    image:",
        "      repository: infuseai/buildah",
        "      tag: v1.39.3",
        "    resources:",
        "      limits:",
        f"        cpu: {cpu}",
        f"        memory: {memory}",
        "      requests:",
        "        cpu: 250m",
        "        memory: 100Mi",
        f"    ephemeralStorage: {20 + i % 30}Gi",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    chart_path, out_dir, count = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
    # The chart has one duplicate key (keycloak.extraVolumeMounts), which Helm accepts and
    # check-jsonschema's YAML reader refuses; without it, both tools read every file whole.
    chart = pathlib.Path(chart_path).read_text().replace('  extraVolumeMounts: ""\n', "", 1)
    start = chart.index(BLOCK_START)
    # The chart's block ends at the first blank line followed by an unindented line.
    end = chart.index("\n# Group Volume", start) + 1
    out_dir.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = chart[:start] + block(i) + "\n" + chart[end:]
        (out_dir / f"values-{i:04d}.yaml").write_text(text)


if __name__ == "__main__":
    main()
