"""The scheduled fixity audit: the deployment `guji verify --serve-schedule` serves, and the
one prefect.yaml declares, both run the verify-archive flow on their cron schedule."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from guji.cli import cli
from guji.flows.verify import DEPLOYMENT, scheduled_deployment, verify_archive

REPO = Path(__file__).resolve().parents[2]


def test_the_served_deployment_runs_verify_archive_on_the_schedule() -> None:
    deployment = scheduled_deployment("0 3 * * 0", {"store": "s3://b/p", "sample": 0.1})
    assert deployment.name == DEPLOYMENT
    assert deployment.flow_name == "verify-archive"
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 3 * * 0"
    assert deployment.parameters == {"store": "s3://b/p", "sample": 0.1}


def test_prefect_yaml_declares_the_same_deployment() -> None:
    from prefect.flows import load_flow_from_entrypoint

    project = yaml.safe_load((REPO / "prefect.yaml").read_text())
    (deployment,) = [d for d in project["deployments"] if d["name"] == DEPLOYMENT]
    path, name = deployment["entrypoint"].split(":")
    flow = load_flow_from_entrypoint(f"{REPO / path}:{name}")
    assert flow.name == verify_archive.name == "verify-archive"
    assert set(deployment["parameters"]) <= set(flow.parameters.properties)
    (schedule,) = deployment["schedules"]
    assert schedule["cron"].split() == ["0", "3", "*", "*", "0"]


def test_sample_must_be_a_fraction() -> None:
    result = CliRunner().invoke(cli, ["verify", "--sample", "0"])
    assert result.exit_code != 0
    assert "--sample 0.0: give a fraction above 0 and at most 1" in str(result.exception)
