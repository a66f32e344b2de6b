"""The deployment files: docker-compose.yml as Compose reads it, and the Dockerfile's stages."""

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "docker-compose.yml"


def _compose_config() -> dict[str, Any]:
    """docker-compose.yml after Compose has validated, merged and interpolated it."""
    if shutil.which("docker-compose") is None:
        pytest.fail(
            "docker-compose is not installed, so docker-compose.yml cannot be checked: run "
            "`make test`, which installs it (apt-get install -y docker-compose)."
        )
    env = {k: v for k, v in os.environ.items() if k != "TORCH_INDEX_URL"}  # the file's defaults
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"docker-compose config rejected the file:\n{result.stderr}"
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


def _published_ports(service: dict[str, Any]) -> set[tuple[int, int]]:
    """(host, container) port pairs, whichever form this Compose version prints them in."""
    pairs = set()
    for port in service.get("ports", []):
        if isinstance(port, dict):
            pairs.add((int(port["published"]), int(port["target"])))
        else:  # "[host_ip:]published:target[/protocol]"
            *_, published, target = str(port).split("/")[0].split(":")
            pairs.add((int(published), int(target)))
    return pairs


def _mounts(service: dict[str, Any]) -> dict[str, str]:
    """Container path -> named volume or host path."""
    mounts = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            mounts[volume["target"]] = volume["source"]
        else:  # "source:target[:mode]"
            source, target = str(volume).split(":")[:2]
            mounts[target] = source
    return mounts


def test_compose_file_defines_the_service_its_data_volume_port_and_gpu() -> None:
    config = _compose_config()
    service = config["services"]["torchcanvas"]

    assert service["build"]["context"] == str(REPO)
    assert (8000, 8000) in _published_ports(service)
    assert _mounts(service).get("/data") == "torchcanvas-data"
    assert "torchcanvas-data" in config["volumes"], "the /data volume should be a named volume"
    assert service["restart"] == "unless-stopped"

    devices = service["deploy"]["resources"]["reservations"]["devices"]
    assert {"driver": "nvidia", "count": "all", "capabilities": ["gpu"]} in devices


def _stages(dockerfile: str) -> list[tuple[str, str | None]]:
    """(base image, stage name) of each FROM line, in order."""
    pattern = re.compile(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?\s*$", re.IGNORECASE | re.MULTILINE)
    return [(base, name) for base, name in pattern.findall(dockerfile)]


def _instructions(dockerfile: str) -> str:
    """The Dockerfile without its comments, continuation lines joined."""
    lines = [line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).replace("\\\n", " ")


def test_dockerfile_builds_the_frontend_with_node_then_serves_it_from_python() -> None:
    text = DOCKERFILE.read_text()
    stages = _stages(text)
    bases = [base for base, _ in stages]
    names = {name: base for base, name in stages if name}

    assert any(base.startswith("node:20") for base, name in stages if name), stages
    assert any(base.startswith("python:3.11-slim") for base in bases), stages
    final_base = bases[-1]
    assert final_base.startswith("python:3.11") or names.get(final_base, "").startswith(
        "python:3.11"
    ), f"the final stage should run on python:3.11-slim, not {final_base}"

    code = _instructions(text)
    assert "npm ci" in code
    assert re.search(r"npm run gen:api && npm run build", code)
    assert "python -m torchcanvas.api.openapi" in code, "gen:api needs build/openapi.json"
    assert re.search(r"pip install .*torch==2\.13\.0", code), "keep the tested torch pin"
    assert 'pip install "./backend[ray]"' in code, "one image for the API and Ray nodes"
    assert re.search(r"COPY --from=\S+ \S*frontend/dist", code)


def test_dockerfile_runs_the_server_on_all_interfaces_with_data_in_a_volume() -> None:
    code = _instructions(DOCKERFILE.read_text())

    for setting in ("TORCHCANVAS_DATA=/data", "TORCHCANVAS_FRONTEND=", "HOST=0.0.0.0", "PORT=8000"):
        assert setting in code, f"the image should set {setting}"
    assert re.search(r"^EXPOSE 8000$", code, re.MULTILINE)
    assert re.search(r"^VOLUME /data$", code, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK .*CMD .*/api/health", code, re.MULTILINE)
    assert re.search(r'^CMD \["python", "-m", "torchcanvas"\]$', code, re.MULTILINE)


def test_dockerignore_keeps_local_environments_and_data_out_of_the_image() -> None:
    ignored = set((REPO / ".dockerignore").read_text().split())
    for path in (".git", ".venv", "frontend/node_modules", "frontend/dist", "data", "build"):
        assert path in ignored, f".dockerignore should exclude {path}"


def _cluster_config() -> dict[str, Any]:
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "--profile", "cluster", "config"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"docker-compose config rejected the cluster:\n{result.stderr}"
    parsed: dict[str, Any] = yaml.safe_load(result.stdout)
    return parsed


def test_the_cluster_profile_is_an_api_a_ray_head_and_gpu_workers() -> None:
    services = _cluster_config()["services"]
    assert {"api", "ray-head", "ray-worker"} <= set(services)
    for name in ("api", "ray-head", "ray-worker"):
        assert services[name]["profiles"] == ["cluster"], name
        assert services[name]["environment"]["RAY_AUTH_MODE"] == "token", name
    api = services["api"]
    assert api["environment"]["TORCHCANVAS_EXECUTOR"] == "ray"
    assert api["environment"]["RAY_ADDRESS"] == "ray-head:6379"
    assert _mounts(api).get("/data") == "torchcanvas-data"  # the one place data lives
    assert "ray start --head" in services["ray-head"]["command"]
    assert "--address=ray-head:6379" in services["ray-worker"]["command"]
    assert not _mounts(services["ray-worker"]), "workers share no disk with the server"
    for name in ("ray-head", "ray-worker"):
        assert "ports" not in services[name], f"{name} publishes Ray's ports"
    devices = services["ray-worker"]["deploy"]["resources"]["reservations"]["devices"]
    assert {"driver": "nvidia", "count": 1, "capabilities": ["gpu"]} in devices


def test_the_default_is_still_one_service() -> None:
    services = _compose_config()["services"]
    unprofiled = [name for name, service in services.items() if "profiles" not in service]
    assert unprofiled == ["torchcanvas"]
