"""The Kubernetes manifests are valid offline and say what running hwerr safely needs."""

import subprocess

import pytest
import yaml

from tests.deploy.paths import KUBERNETES, tool

MANIFESTS = sorted(KUBERNETES.glob("*.yaml"))


def load(name: str) -> dict:
    return yaml.safe_load((KUBERNETES / name).read_text())


def validate(*paths) -> subprocess.CompletedProcess:
    binary = tool("kubernetes-validate")
    if binary is None:
        pytest.fail("kubernetes-validate is missing: pip install -e '.[test]' installs it")
    command = [binary, "--strict", "--quiet", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_every_kind_is_there():
    kinds = {load(path.name)["kind"] for path in MANIFESTS}
    assert kinds == {"Deployment", "PersistentVolumeClaim", "Secret", "ConfigMap", "Service"}


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.name)
def test_manifest_passes_kubernetes_validate(path):
    result = validate(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_validate_rejects_a_broken_deployment(tmp_path):
    """The validation above can fail: a misspelt field and a wrong type are refused."""
    deployment = load("deployment.yaml")
    deployment["spec"]["replicas"] = "one"
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePolicy"] = "Always"
    broken = tmp_path / "deployment.yaml"
    broken.write_text(yaml.safe_dump(deployment))
    assert validate(broken).returncode != 0


def test_one_replica_recreated_with_the_reason_beside_it():
    text = (KUBERNETES / "deployment.yaml").read_text()
    spec = load("deployment.yaml")["spec"]
    assert spec["replicas"] == 1 and spec["strategy"]["type"] == "Recreate"
    assert "scheduler" in text and "SQLite writer" in text


def container() -> dict:
    return load("deployment.yaml")["spec"]["template"]["spec"]["containers"][0]


def test_probes_ask_healthz_on_the_served_port():
    port_names = {port["name"] for port in container()["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        get = container()[probe]["httpGet"]
        assert get["path"] == "/healthz" and get["port"] in port_names


def test_resources_have_requests_and_limits():
    resources = container()["resources"]
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def test_runs_as_non_root_without_privileges():
    pod = load("deployment.yaml")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert container()["securityContext"]["allowPrivilegeEscalation"] is False


def test_the_pieces_refer_to_each_other_by_the_right_names():
    pod = load("deployment.yaml")["spec"]["template"]["spec"]
    sources = container()["envFrom"]
    assert {s["configMapRef"]["name"] for s in sources if "configMapRef" in s} == {
        load("configmap.yaml")["metadata"]["name"]
    }
    assert {s["secretRef"]["name"] for s in sources if "secretRef" in s} == {
        load("secret.yaml")["metadata"]["name"]
    }
    claims = {
        v["persistentVolumeClaim"]["claimName"]
        for v in pod["volumes"]
        if "persistentVolumeClaim" in v
    }
    assert claims == {load("persistentvolumeclaim.yaml")["metadata"]["name"]}
    mounted = {m["mountPath"] for m in container()["volumeMounts"]}
    assert "/data" in mounted and load("configmap.yaml")["data"]["HWERR_DB"].startswith("/data/")
    labels = load("deployment.yaml")["spec"]["template"]["metadata"]["labels"]
    service = load("service.yaml")["spec"]
    assert service["selector"].items() <= labels.items()
    assert service["ports"][0]["targetPort"] in {p["name"] for p in container()["ports"]}
