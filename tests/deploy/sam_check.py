"""Static checks of the SAM template: cfn-lint, the real SAM transform and the skill's own rules.

cfn-lint validates a SAM template against SAM's schemas only: a bad runtime, a dangling Ref, a
wrong event type or an unknown policy template pass it. So the template is also translated with
the real SAM transform (offline: no AWS account, credentials or network) and the resulting
CloudFormation is linted too. On top come rules an Alexa endpoint needs that no linter knows.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from cfnlint.api import lint
from cfnlint.decode.decode import decode_str
from cfnlint.match import Match
from samtranslator.model.exceptions import ExceptionWithMessage, InvalidDocumentException
from samtranslator.policy_template_processor.processor import PolicyTemplatesProcessor
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform

Template = dict[str, Any]

ALEXA_PRINCIPAL = "alexa-appkit.amazon.com"
# Alexa gives up on a request after about 8 seconds.
ALEXA_DEADLINE_SECONDS = 8
# The regions where Alexa can call a Lambda endpoint.
ALEXA_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1")
SKILL_ID_PATTERN = re.compile(r"amzn1\.ask\.skill\.[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
# The partition key attribute the store writes items under (skill/store/dynamo.py).
TABLE_KEY = "id"
REQUIRED_ENVIRONMENT = ("TABLE_NAME", "SKILL_ID")
PLACEHOLDER_CODE_URI = "s3://bucket/key"
LAMBDA_DEFAULT_TIMEOUT = 3

_SAM_RESOURCE_ID = re.compile(r"Resource with id \[([^\]]+)\]")


@dataclass(frozen=True)
class Finding:
    """One problem: the file (and line, if known), the resource, and what is wrong."""

    source: str
    resource: str
    problem: str
    check: str

    def __str__(self) -> str:
        return f"{self.source}: {self.resource}: {self.problem} [{self.check}]"


class OfflinePolicyLoader(ManagedPolicyLoader):
    """Resolves managed-policy names from a fixed map instead of asking IAM.

    The transform already carries AWS's managed policies; this map is only its fallback, so an
    unknown name stays unresolved and the linted output reports it.
    """

    def __init__(self, policies: Mapping[str, str] | None = None) -> None:
        self._policy_map = dict(policies or {})

    def load(self) -> dict[str, str]:
        return dict(self._policy_map or {})


def _resources(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return {}
    return {name: body for name, body in resources.items() if isinstance(body, dict)}


def _properties(resource: Mapping[str, Any]) -> dict[str, Any]:
    properties = resource.get("Properties")
    return properties if isinstance(properties, dict) else {}


def _of_type(template: Mapping[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {
        name: _properties(body)
        for name, body in _resources(template).items()
        if body.get("Type") == kind
    }


def _after_transform(source: str) -> str:
    return f"{source} (after SAM transform)"


def _lint_findings(matches: Iterable[Match], source: str, with_line: bool) -> list[Finding]:
    findings = []
    for match in matches:
        path = [str(part) for part in getattr(match, "path", None) or ()]
        resource, problem = "-", match.message
        if len(path) >= 2 and path[0] in ("Resources", "Outputs", "Parameters"):
            resource = path[1]
            path = path[2:]
        if path:
            problem = f"{'/'.join(path)}: {problem}"
        where = f"{source}:{match.linenumber}" if with_line else source
        findings.append(Finding(where, resource, problem, f"cfn-lint {match.rule.id}"))
    return findings


def load_template(path: Path) -> tuple[Template | None, list[Finding]]:
    """Parse a YAML or JSON template (short-form tags included) into plain Python data."""
    decoded, errors = decode_str(path.read_text(encoding="utf-8"))
    if errors or decoded is None:
        return None, _lint_findings(errors, str(path), with_line=True)
    return json.loads(json.dumps(decoded, default=str)), []


def lint_template(path: Path, regions: Sequence[str] = ALEXA_REGIONS) -> list[Finding]:
    """Run cfn-lint on the template as written."""
    matches = lint(path.read_text(encoding="utf-8"), regions=list(regions))
    return _lint_findings(matches, str(path), with_line=True)


def with_placeholder_code(template: Mapping[str, Any]) -> Template:
    """Return a copy whose local CodeUri values point at a dummy S3 object, as after packaging."""
    document = copy.deepcopy(dict(template))
    holders = [_properties(body) for body in _resources(document).values()]
    globals_ = document.get("Globals")
    if isinstance(globals_, dict) and isinstance(globals_.get("Function"), dict):
        holders.append(globals_["Function"])
    for holder in holders:
        code_uri = holder.get("CodeUri")
        if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
            holder["CodeUri"] = PLACEHOLDER_CODE_URI
    return document


def sam_transform(
    template: Mapping[str, Any], source: str, region: str = ALEXA_REGIONS[0]
) -> tuple[Template | None, list[Finding]]:
    """Translate the template with the SAM transform; return the output or what stopped it."""
    document = with_placeholder_code(template)
    label = _after_transform(source)
    try:
        with mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": region}):
            return transform(document, {}, OfflinePolicyLoader()), []
    except InvalidDocumentException as error:
        causes: Sequence[ExceptionWithMessage] = error.causes
    except ExceptionWithMessage as error:
        causes = [error]
    findings = []
    for cause in causes:
        named = _SAM_RESOURCE_ID.search(cause.message)
        resource = named.group(1) if named else "-"
        findings.append(Finding(label, resource, cause.message, "sam-transform"))
    return None, findings


def transform_template(
    path: Path, region: str = ALEXA_REGIONS[0]
) -> tuple[Template | None, list[Finding]]:
    """Load a template file and translate it with the SAM transform."""
    template, findings = load_template(path)
    if template is None:
        return None, findings
    return sam_transform(template, str(path), region)


def lint_transformed(
    transformed: Mapping[str, Any], source: str, regions: Sequence[str] = ALEXA_REGIONS
) -> list[Finding]:
    """Run cfn-lint on the CloudFormation the transform produced."""
    matches = lint(json.dumps(transformed), regions=list(regions))
    return _lint_findings(matches, _after_transform(source), with_line=False)


def check_policy_templates(template: Mapping[str, Any], source: str) -> list[Finding]:
    """Name every one-key policy entry of a SAM function that is no SAM policy template."""
    known = set(PolicyTemplatesProcessor.get_default_policy_templates_json()["Templates"])
    findings = []
    for name, properties in _of_type(template, "AWS::Serverless::Function").items():
        policies = properties.get("Policies")
        if not isinstance(policies, list):
            policies = [policies]
        for index, policy in enumerate(policies):
            if not (isinstance(policy, dict) and len(policy) == 1):
                continue
            (key,) = policy
            if key in ("Statement", "Ref") or key.startswith("Fn::") or key in known:
                continue
            findings.append(
                Finding(
                    source,
                    name,
                    f"Policies[{index}]: {key!r} is not a SAM policy template",
                    "policy-template",
                )
            )
    return findings


def _alexa_permissions(transformed: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: properties
        for name, properties in _of_type(transformed, "AWS::Lambda::Permission").items()
        if properties.get("Principal") == ALEXA_PRINCIPAL
    }


def _alexa_functions(transformed: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    functions = _of_type(transformed, "AWS::Lambda::Function")
    targets = {}
    for properties in _alexa_permissions(transformed).values():
        target = properties.get("FunctionName")
        if isinstance(target, dict) and target.get("Ref") in functions:
            targets[target["Ref"]] = functions[target["Ref"]]
    return targets


def check_alexa_permissions(transformed: Mapping[str, Any], source: str) -> list[Finding]:
    """Alexa may invoke the function, but only with this skill's ID as the event source token."""
    label = _after_transform(source)
    permissions = _alexa_permissions(transformed)
    if not permissions:
        return [
            Finding(
                label,
                "-",
                f"no AWS::Lambda::Permission for {ALEXA_PRINCIPAL}: Alexa cannot invoke the "
                "skill (add an AlexaSkill event to the function)",
                "alexa-permission",
            )
        ]
    findings = []
    for name, properties in permissions.items():
        token = properties.get("EventSourceToken")
        if token in (None, ""):
            problem = (
                f"permission for {ALEXA_PRINCIPAL} has no EventSourceToken, so any skill can "
                "invoke the function; set SkillId on the AlexaSkill event"
            )
        elif isinstance(token, str) and not SKILL_ID_PATTERN.fullmatch(token):
            problem = f"EventSourceToken {token!r} is not a skill ID (amzn1.ask.skill.<uuid>)"
        else:
            continue
        findings.append(Finding(label, name, problem, "alexa-permission"))
    return findings


def check_alexa_timeouts(transformed: Mapping[str, Any], source: str) -> list[Finding]:
    """Every function Alexa invokes must give up before Alexa does."""
    findings = []
    for name, properties in _alexa_functions(transformed).items():
        timeout = properties.get("Timeout", LAMBDA_DEFAULT_TIMEOUT)
        if isinstance(timeout, str) and timeout.isdigit():
            timeout = int(timeout)
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            problem = f"Timeout {timeout!r} is not a whole number of seconds"
        elif timeout > ALEXA_DEADLINE_SECONDS:
            problem = (
                f"Timeout {timeout} s is over the {ALEXA_DEADLINE_SECONDS} s Alexa waits for an "
                "answer; the user would hear an error before the function stops"
            )
        else:
            continue
        findings.append(Finding(_after_transform(source), name, problem, "alexa-timeout"))
    return findings


def check_skill_environment(transformed: Mapping[str, Any], source: str) -> list[Finding]:
    """The skill function gets its table and skill ID from the environment."""
    findings = []
    for name, properties in _alexa_functions(transformed).items():
        environment = properties.get("Environment")
        variables = environment.get("Variables") if isinstance(environment, dict) else None
        present = variables if isinstance(variables, dict) else {}
        for variable in REQUIRED_ENVIRONMENT:
            if variable not in present:
                findings.append(
                    Finding(
                        _after_transform(source),
                        name,
                        f"environment variable {variable} is not set",
                        "skill-environment",
                    )
                )
    return findings


def check_table_key(transformed: Mapping[str, Any], source: str) -> list[Finding]:
    """The table named by TABLE_NAME is keyed by a string attribute `id`."""
    label = _after_transform(source)
    resources = _resources(transformed)
    findings = []
    for name, properties in _of_type(transformed, "AWS::Lambda::Function").items():
        environment = properties.get("Environment")
        variables = environment.get("Variables") if isinstance(environment, dict) else None
        if not isinstance(variables, dict) or "TABLE_NAME" not in variables:
            continue
        reference = variables["TABLE_NAME"]
        table_name = reference.get("Ref") if isinstance(reference, dict) else None
        if table_name not in resources:
            # A dangling Ref is reported by cfn-lint on the transformed output.
            continue
        table = resources[table_name]
        if table.get("Type") != "AWS::DynamoDB::Table":
            findings.append(
                Finding(label, name, f"TABLE_NAME refers to {table_name}, not a table", "table")
            )
            continue
        table_properties = _properties(table)
        hash_keys = [
            key.get("AttributeName")
            for key in table_properties.get("KeySchema") or []
            if isinstance(key, dict) and key.get("KeyType") == "HASH"
        ]
        types = {
            attribute.get("AttributeName"): attribute.get("AttributeType")
            for attribute in table_properties.get("AttributeDefinitions") or []
            if isinstance(attribute, dict)
        }
        if hash_keys != [TABLE_KEY]:
            found = ", ".join(repr(key) for key in hash_keys) or "none"
            problem = f"partition key is {found}, but the store writes items under {TABLE_KEY!r}"
        elif types.get(TABLE_KEY) != "S":
            problem = f"partition key {TABLE_KEY!r} must have AttributeType S (string)"
        else:
            continue
        findings.append(Finding(label, table_name, problem, "table"))
    return findings


def check_skill_rules(transformed: Mapping[str, Any], source: str) -> list[Finding]:
    """All rules specific to an Alexa skill endpoint, on the transformed template."""
    return [
        *check_alexa_permissions(transformed, source),
        *check_alexa_timeouts(transformed, source),
        *check_skill_environment(transformed, source),
        *check_table_key(transformed, source),
    ]


def check_template(path: Path, regions: Sequence[str] = ALEXA_REGIONS) -> list[Finding]:
    """Run every check on a template file; an empty list means it passed."""
    findings = lint_template(path, regions)
    template, load_findings = load_template(path)
    if template is None:
        return findings or load_findings
    source = str(path)
    findings += check_policy_templates(template, source)
    transformed, transform_findings = sam_transform(template, source, regions[0])
    findings += transform_findings
    if transformed is not None:
        findings += lint_transformed(transformed, source, regions)
        findings += check_skill_rules(transformed, source)
    return findings
