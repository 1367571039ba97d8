"""docker-compose.yml is consistent with the settings (there is no Docker engine here to run it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from core.config import _SECTIONS

ROOT = Path(__file__).resolve().parents[1]


def _setting_names() -> set[str]:
    return {
        f"{prefix}{field.upper()}"
        for cls, prefix in _SECTIONS.values()
        for field in cls.model_fields
    }


def test_compose_has_the_stack_and_only_real_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "kafka", "app"}
    assert set(services["app"]["environment"]) <= _setting_names()
    assert services["app"]["build"] == "."
    redis = " ".join(services["redis"]["command"])
    assert "--appendonly yes" in redis
    assert "--maxmemory-policy allkeys-lru" in redis
    kafka = services["kafka"]["environment"]
    assert "broker,controller" in kafka["KAFKA_PROCESS_ROLES"]  # KRaft
    assert not any("ZOOKEEPER" in key for key in kafka)
    assert "zookeeper" not in services
    assert (ROOT / "Dockerfile").is_file()


def test_the_image_installs_every_package() -> None:
    """The Dockerfile installs the project before copying it in, from a stub per package: a
    package without its stub is not mapped by the editable install, and the image cannot
    import it (`lunchbot run` failed so: `lunchbot` had none)."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    dockerfile = (ROOT / "Dockerfile").read_text()
    stubbed = re.search(r'^ENV PACKAGES="([^"]+)"', dockerfile, re.MULTILINE)
    assert stubbed, "the Dockerfile names its packages in ENV PACKAGES"
    assert set(stubbed.group(1).split()) == packages
