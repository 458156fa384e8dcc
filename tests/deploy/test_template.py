"""The SAM template passes cfn-lint, the real SAM transform and the skill's own rules; broken
copies of it fail with a message that names the file, the resource and the problem."""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.deploy import sam_check
from tests.deploy.sam_check import Finding, Template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
SAMPLE_SKILL_ID = "amzn1.ask.skill.0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"


@pytest.fixture(scope="module")
def template() -> Template:
    loaded, findings = sam_check.load_template(TEMPLATE)
    assert loaded is not None, findings
    return loaded


@pytest.fixture(scope="module")
def transformed(template: Template) -> Template:
    output, findings = sam_check.sam_transform(template, str(TEMPLATE))
    assert output is not None, "\n".join(map(str, findings))
    return output


def _report(findings: list[Finding]) -> str:
    return "\n".join(str(finding) for finding in findings) or "no findings"


def test_template_passes_cfn_lint() -> None:
    findings = sam_check.lint_template(TEMPLATE)
    assert not findings, _report(findings)


def test_template_passes_policy_template_names(template: Template) -> None:
    findings = sam_check.check_policy_templates(template, str(TEMPLATE))
    assert not findings, _report(findings)


def test_transformed_template_passes_cfn_lint(transformed: Template) -> None:
    findings = sam_check.lint_transformed(transformed, str(TEMPLATE))
    assert not findings, _report(findings)


def test_alexa_permission_carries_the_skill_id(transformed: Template) -> None:
    assert not sam_check.check_alexa_permissions(transformed, str(TEMPLATE))
    permissions = [
        resource["Properties"]
        for resource in transformed["Resources"].values()
        if resource["Type"] == "AWS::Lambda::Permission"
    ]
    assert [p["EventSourceToken"] for p in permissions] == [{"Ref": "SkillId"}]
    assert [p["Principal"] for p in permissions] == [sam_check.ALEXA_PRINCIPAL]


def test_transformed_template_passes_skill_rules(transformed: Template) -> None:
    findings = sam_check.check_skill_rules(transformed, str(TEMPLATE))
    assert not findings, _report(findings)


def test_function_is_wired_to_its_table_and_log_group(transformed: Template) -> None:
    resources = transformed["Resources"]
    function = resources["SkillFunction"]["Properties"]
    assert function["Handler"] == "skill.alexa.lambda_function.handler"
    assert function["Runtime"] == "python3.12"
    assert function["Environment"]["Variables"] == {
        "TABLE_NAME": {"Ref": "SkillTable"},
        "SKILL_ID": {"Ref": "SkillId"},
    }
    assert function["LoggingConfig"] == {"LogGroup": {"Ref": "SkillLogGroup"}}
    log_group = resources["SkillLogGroup"]["Properties"]
    assert log_group["LogGroupName"] == {"Fn::Sub": "/aws/lambda/${AWS::StackName}-skill"}
    assert function["FunctionName"] == {"Fn::Sub": "${AWS::StackName}-skill"}
    assert log_group["RetentionInDays"] == 30
    assert resources["SkillTable"]["Properties"]["BillingMode"] == "PAY_PER_REQUEST"


def test_role_grants_only_item_access_to_the_table(transformed: Template) -> None:
    role = transformed["Resources"]["SkillFunctionRole"]["Properties"]
    statements = [
        statement
        for policy in role["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    assert statements == [
        {
            "Sid": "SkillStateItems",
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            "Resource": {"Fn::GetAtt": ["SkillTable", "Arn"]},
        }
    ]
    assert role["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    ]


def test_outputs_give_the_endpoint_arn_and_table(template: Template) -> None:
    outputs = template["Outputs"]
    assert outputs["SkillFunctionArn"]["Value"] == {"Fn::GetAtt": ["SkillFunction", "Arn"]}
    assert outputs["SkillTableName"]["Value"] == {"Ref": "SkillTable"}


def test_skill_id_parameter_accepts_only_skill_ids(template: Template) -> None:
    parameter = template["Parameters"]["SkillId"]
    assert "Default" not in parameter
    pattern = re.compile(parameter["AllowedPattern"])
    assert pattern.fullmatch(SAMPLE_SKILL_ID)
    for wrong in (
        "",
        "amzn1.ask.skill.",
        "amzn1.echo-sdk-ams.app.0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        SAMPLE_SKILL_ID + "x",
        SAMPLE_SKILL_ID.upper(),
    ):
        assert not pattern.fullmatch(wrong), wrong


def test_requirements_txt_matches_pyproject_dependencies() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert sorted(listed) == sorted(declared)


def test_handler_named_in_template_exists(template: Template) -> None:
    handler = template["Resources"]["SkillFunction"]["Properties"]["Handler"]
    module_name, _, attribute = handler.rpartition(".")
    module_file = ROOT / Path(*module_name.split(".")).with_suffix(".py")
    if not module_file.exists():
        pytest.skip(f"{module_file.relative_to(ROOT)} does not exist yet")
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute, None)), f"{handler} is not callable"


# Broken copies of the template ----------------------------------------------------------------


def _function(template: Template) -> dict[str, Any]:
    return template["Resources"]["SkillFunction"]["Properties"]


def _drop_skill_id(template: Template) -> None:
    del _function(template)["Events"]["AlexaSkill"]["Properties"]["SkillId"]


def _bad_runtime(template: Template) -> None:
    _function(template)["Runtime"] = "python2.9"


def _dangling_ref(template: Template) -> None:
    _function(template)["Environment"]["Variables"]["TABLE_NAME"] = {"Ref": "MissingTable"}


def _wrong_event_type(template: Template) -> None:
    _function(template)["Events"]["AlexaSkill"]["Type"] = "AlexaSkills"


def _wrong_policy_template(template: Template) -> None:
    _function(template)["Policies"] = [
        {"DynamoDBCrudPolicies": {"TableName": {"Ref": "SkillTable"}}}
    ]


def _slow_timeout(template: Template) -> None:
    _function(template)["Timeout"] = 10


def _table_keyed_by_user_id(template: Template) -> None:
    table = template["Resources"]["SkillTable"]["Properties"]
    table["AttributeDefinitions"] = [{"AttributeName": "userId", "AttributeType": "S"}]
    table["KeySchema"] = [{"AttributeName": "userId", "KeyType": "HASH"}]


def _table_key_is_a_number(template: Template) -> None:
    table = template["Resources"]["SkillTable"]["Properties"]
    table["AttributeDefinitions"] = [{"AttributeName": "id", "AttributeType": "N"}]


def _odd_log_retention(template: Template) -> None:
    template["Resources"]["SkillLogGroup"]["Properties"]["RetentionInDays"] = 31


def _no_alexa_event(template: Template) -> None:
    del _function(template)["Events"]


BROKEN: dict[str, tuple[Callable[[Template], None], str, str, tuple[str, ...]]] = {
    # case: (mutation, check that reports it, resource named, words in the problem)
    "missing SkillId": (
        _drop_skill_id,
        "alexa-permission",
        "SkillFunctionAlexaSkillPermission",
        ("no EventSourceToken", "SkillId"),
    ),
    "bad runtime": (
        _bad_runtime,
        "cfn-lint E3030",
        "SkillFunction",
        ("Properties/Runtime", "'python2.9'"),
    ),
    "dangling Ref": (
        _dangling_ref,
        "cfn-lint E1020",
        "SkillFunction",
        ("TABLE_NAME/Ref", "'MissingTable'"),
    ),
    "wrong event type": (
        _wrong_event_type,
        "sam-transform",
        "SkillFunction",
        ("Event with id [AlexaSkill]", "AlexaSkills"),
    ),
    "wrong policy template": (
        _wrong_policy_template,
        "policy-template",
        "SkillFunction",
        ("'DynamoDBCrudPolicies'", "not a SAM policy template"),
    ),
    "timeout over 8 s": (_slow_timeout, "alexa-timeout", "SkillFunction", ("Timeout 10 s",)),
    "table key not id": (
        _table_keyed_by_user_id,
        "table",
        "SkillTable",
        ("'userId'", "'id'"),
    ),
    "table key not a string": (
        _table_key_is_a_number,
        "table",
        "SkillTable",
        ("AttributeType S",),
    ),
    "log retention CloudWatch does not offer": (
        _odd_log_retention,
        "cfn-lint E3030",
        "SkillLogGroup",
        ("Properties/RetentionInDays", "31"),
    ),
    "no AlexaSkill event": (_no_alexa_event, "alexa-permission", "-", ("Alexa cannot invoke",)),
}


def _write_copy(template: Template, directory: Path, mutate: Callable[[Template], None]) -> Path:
    broken = json.loads(json.dumps(template))
    mutate(broken)
    path = directory / "template.json"
    path.write_text(json.dumps(broken, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", BROKEN)
def test_broken_copy_fails_with_a_named_problem(
    case: str, template: Template, tmp_path: Path
) -> None:
    mutate, check, resource, words = BROKEN[case]
    path = _write_copy(template, tmp_path, mutate)
    findings = sam_check.check_template(path, regions=sam_check.ALEXA_REGIONS[:1])
    matching = [
        finding
        for finding in findings
        if finding.check == check
        and finding.resource == resource
        and all(word in finding.problem for word in words)
    ]
    assert matching, f"{case}: expected a {check} finding on {resource}; got\n{_report(findings)}"
    assert all(str(path) in finding.source for finding in findings)


def test_source_findings_point_at_the_line(template: Template, tmp_path: Path) -> None:
    path = _write_copy(template, tmp_path, _odd_log_retention)
    findings = sam_check.lint_template(path, regions=sam_check.ALEXA_REGIONS[:1])
    assert [finding.resource for finding in findings] == ["SkillLogGroup"], _report(findings)
    assert re.fullmatch(re.escape(str(path)) + r":\d+", findings[0].source)


def test_wrong_policy_template_also_stops_the_transform(template: Template, tmp_path: Path) -> None:
    path = _write_copy(template, tmp_path, _wrong_policy_template)
    output, findings = sam_check.transform_template(path)
    assert output is None
    assert any("Policies" in finding.problem for finding in findings), _report(findings)


def test_a_literal_skill_id_must_look_like_one(transformed: Template) -> None:
    broken = json.loads(json.dumps(transformed))
    permission = broken["Resources"]["SkillFunctionAlexaSkillPermission"]["Properties"]
    permission["EventSourceToken"] = "my-skill"
    findings = sam_check.check_alexa_permissions(broken, "template.yaml")
    assert [finding.resource for finding in findings] == ["SkillFunctionAlexaSkillPermission"]
    assert "'my-skill' is not a skill ID" in findings[0].problem
