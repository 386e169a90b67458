"""template.yaml and infra/: the linters, and what the issue asks of the stack, read from the
template itself (routes, CORS, throttling, runtime, tables, queues, IAM, logs, alarms)."""

from __future__ import annotations

import inspect
import json
import re
import tomllib
from typing import Any

import pytest

from parallax.adapters.aws.dynamodb_feed_state import DynamoFeedStateStore
from parallax.adapters.aws.dynamodb_items import DynamoItemStore
from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings
from tests.cloud.template import default, properties, resource, resources_of, template
from tests.cloud.tooling import REGION, REPO, offline_env, require_sam, run, venv_tool

FUNCTIONS = (
    "ApiFunction",
    "IngestSchedulerFunction",
    "FeedWorkerFunction",
    "IndexPublisherFunction",
)


def _env(function: str) -> dict[str, Any]:
    merged = dict(template()["Globals"]["Function"]["Environment"]["Variables"])
    merged.update(properties(function).get("Environment", {}).get("Variables", {}))
    return merged


def _policy_text(function: str) -> str:
    return json.dumps(properties(function).get("Policies", []))


# --- linters ---------------------------------------------------------------------------------


def test_cfn_lint_passes() -> None:
    run([venv_tool("cfn-lint"), "--regions", REGION, "--", "template.yaml"], cwd=REPO,
        env=offline_env())  # fmt: skip


def test_sam_validate_lint_passes_offline() -> None:
    sam = require_sam()
    out = run([sam, "validate", "--lint", "--region", REGION], cwd=REPO, env=offline_env())
    assert "is a valid SAM Template" in out


def test_samconfig_has_dev_and_prod_and_sam_reads_it() -> None:
    config = tomllib.loads((REPO / "infra" / "samconfig.toml").read_text(encoding="utf-8"))
    for stage in ("dev", "prod"):
        deploy = config[stage]["deploy"]["parameters"]
        assert deploy["stack_name"] == f"parallax-{stage}"
        assert deploy["capabilities"] == "CAPABILITY_IAM"
        assert f"Stage={stage}" in deploy["parameter_overrides"]
        names = {o.split("=", 1)[0] for o in deploy["parameter_overrides"]}
        assert names <= set(template()["Parameters"]), names - set(template()["Parameters"])
    assert config["prod"]["deploy"]["parameters"]["confirm_changeset"] is True
    sam = require_sam()
    out = run(
        [sam, "validate", "--config-file", "infra/samconfig.toml", "--config-env", "dev", "--lint"],
        cwd=REPO, env=offline_env(),
    )  # fmt: skip
    assert "is a valid SAM Template" in out


def test_the_pinned_requirements_match_uv_lock() -> None:
    run([venv_tool("python"), "infra/export_requirements.py", "--check"], cwd=REPO)
    functions = (REPO / "functions" / "requirements.txt").read_text(encoding="utf-8")
    layer = (REPO / "infra" / "layers" / "llm" / "requirements.txt").read_text(encoding="utf-8")
    assert "anthropic" not in functions and "boto3==" in functions
    assert "lxml-html-clean==" in functions
    assert re.search(r"^anthropic==", layer, re.MULTILINE)


# --- API -------------------------------------------------------------------------------------


def test_http_api_routes_cors_and_throttling() -> None:
    api = properties("HttpApi")
    assert api["CorsConfiguration"]["AllowOrigins"] == {"Ref": "ExtensionOrigins"}
    # The panel names its Brief request so it can ask which step it is in (issue 17).
    assert api["CorsConfiguration"]["AllowHeaders"] == ["content-type", "x-parallax-request-id"]
    assert default("ExtensionOrigins") == DEFAULT_EXTENSION_ORIGIN
    assert template()["Parameters"]["ExtensionOrigins"]["Type"] == "CommaDelimitedList"
    assert api["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": {"Ref": "ApiBurstLimit"},
        "ThrottlingRateLimit": {"Ref": "ApiRateLimit"},
    }
    routes = {
        (e["Properties"]["Method"], e["Properties"]["Path"])
        for e in properties("ApiFunction")["Events"].values()
    }
    assert routes == {
        ("POST", "/v1/briefs"),
        ("GET", "/v1/briefs/progress/{request_id}"),
        ("POST", "/v1/corroborations"),
        ("GET", "/v1/health"),
    }
    assert _env("ApiFunction")["PARALLAX_CORS_ORIGINS"] == {
        "Fn::Join": [",", {"Ref": "ExtensionOrigins"}]
    }


def test_functions_run_python312_with_tracing_and_the_api_stays_under_30_s() -> None:
    globals_ = template()["Globals"]["Function"]
    assert globals_["Runtime"] == "python3.12"
    assert (
        globals_["Architectures"] == [{"Ref": "Architecture"}]
        and default("Architecture") == "arm64"
    )
    assert globals_["Tracing"] == "Active"
    timeout = template()["Parameters"]["ApiTimeout"]
    assert properties("ApiFunction")["Timeout"] == {"Ref": "ApiTimeout"}
    assert properties("ApiFunction")["MemorySize"] == {"Ref": "ApiMemorySize"}
    assert timeout["MaxValue"] < 30 and timeout["Default"] < 30
    env = globals_["Environment"]["Variables"]
    assert {
        "POWERTOOLS_SERVICE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "POWERTOOLS_LOG_LEVEL",
    } <= set(env)
    handlers = {f: properties(f)["Handler"] for f in FUNCTIONS}
    assert handlers == {
        "ApiFunction": "parallax.api.handler.lambda_handler",
        "IngestSchedulerFunction": "parallax.ingest.handlers.scheduler_handler",
        "FeedWorkerFunction": "parallax.ingest.handlers.feed_worker_handler",
        "IndexPublisherFunction": "parallax.ingest.handlers.index_publisher_handler",
    }


def test_the_brief_deadline_is_one_second_under_whatever_api_timeout_is_deployed() -> None:
    # Given the API function's timeout parameter (issue 15: the 24 s deadline was a fixed setting,
    # so a stack deployed with ApiTimeout=10 let Lambda kill a slow Brief: a bare gateway error
    # instead of a 504 upstream_timeout problem)
    timeout = template()["Parameters"]["ApiTimeout"]
    allowed = [int(v) for v in timeout["AllowedValues"]]
    # Then every timeout the parameter accepts is a whole second within its bounds
    assert allowed == list(range(timeout["MinValue"], timeout["MaxValue"] + 1))
    assert timeout["Default"] in allowed
    # And the function's deadline is looked up from the timeout it is deployed with
    lookup = _env("ApiFunction")["PARALLAX_BRIEF_DEADLINE_S"]
    assert lookup == {"Fn::FindInMap": ["BriefDeadline", {"Ref": "ApiTimeout"}, "Seconds"]}
    # And for each of them it is one second less, and a valid setting
    table = template()["Mappings"]["BriefDeadline"]
    assert set(table) == {str(t) for t in allowed}
    for seconds in allowed:
        deadline = table[str(seconds)]["Seconds"]
        assert deadline == seconds - 1
        assert Settings(brief_deadline_s=deadline).brief_deadline_s == deadline
    # And the default stack keeps the documented 24 s of the settings' default
    assert table[str(timeout["Default"])]["Seconds"] == Settings().brief_deadline_s


def test_every_parallax_variable_in_the_template_is_a_setting() -> None:
    for function in FUNCTIONS:
        for name in _env(function):
            if name.startswith("PARALLAX_"):
                field = name.removeprefix("PARALLAX_").lower()
                assert field in Settings.model_fields, f"{function}: {name} is not a setting"


def test_the_api_function_is_wired_to_dynamodb_and_the_s3_snapshot() -> None:
    env = _env("ApiFunction")
    assert env["PARALLAX_CACHE_BACKEND"] == "dynamodb"
    assert env["PARALLAX_CACHE_TABLE"] == {"Ref": "BriefCacheTable"}
    assert env["PARALLAX_INDEX_BACKEND"] == "s3"
    assert env["PARALLAX_INDEX_BUCKET"] == {"Ref": "IndexBucket"}
    # The key the publisher writes is the key the API reads: both from the Settings default.
    assert "PARALLAX_INDEX_KEY" not in env and "PARALLAX_INDEX_KEY" not in _env(
        "IndexPublisherFunction"
    )


def test_model_settings_are_parameters_and_the_key_is_only_referenced() -> None:
    params = template()["Parameters"]
    assert params["LlmProvider"]["AllowedValues"] == ["none", "anthropic", "bedrock"]
    assert params["LlmProvider"]["Default"] == "none"
    env = _env("ApiFunction")
    assert env["PARALLAX_LLM_PROVIDER"] == {"Ref": "LlmProvider"}
    assert env["PARALLAX_LLM_MODEL"] == {"Ref": "LlmModel"}
    assert env["PARALLAX_LLM_API_KEY_SECRET"] == {
        "Fn::If": ["UseAnthropic", {"Ref": "LlmApiKeySecretName"}, {"Ref": "AWS::NoValue"}]
    }
    text = (REPO / "template.yaml").read_text(encoding="utf-8")
    assert "sk-ant" not in text and "AWS::SecretsManager::Secret" not in text
    # The SDK layer, the secret and Bedrock are each granted only under their condition
    assert resource("LlmLayer")["Condition"] == "UseLlm"
    policies = properties("ApiFunction")["Policies"]
    conditional = {p["Fn::If"][0]: p["Fn::If"][1] for p in policies if "Fn::If" in p}
    assert set(conditional) == {"UseAnthropic", "UseBedrock"}
    assert "AWSSecretsManagerGetSecretValuePolicy" in conditional["UseAnthropic"]
    assert conditional["UseBedrock"]["Statement"][0]["Action"] == "bedrock:InvokeModel"
    unconditional = json.dumps([p for p in policies if "Fn::If" not in p])
    assert "bedrock" not in unconditional and "secretsmanager" not in unconditional.lower()


# --- least privilege ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "allowed", "forbidden"),
    [
        ("ApiFunction", {"BriefCacheTable", "IndexBucket"},
         {"FeedItemsTable", "FeedStateTable", "FeedQueue"}),
        ("IngestSchedulerFunction", {"FeedQueue"},
         {"BriefCacheTable", "FeedItemsTable", "FeedStateTable", "IndexBucket"}),
        ("FeedWorkerFunction", {"FeedItemsTable", "FeedStateTable"},
         {"BriefCacheTable", "IndexBucket"}),
        # The publisher reads the feed-state table for the index's state (feeds done, failing).
        ("IndexPublisherFunction", {"FeedItemsTable", "FeedStateTable", "IndexBucket"},
         {"BriefCacheTable", "FeedQueue"}),
    ],
)  # fmt: skip
def test_each_function_reaches_only_its_own_resources(
    function: str, allowed: set[str], forbidden: set[str]
) -> None:
    text = _policy_text(function)
    for name in allowed:
        assert name in text, f"{function} cannot reach {name}"
    for name in forbidden:
        assert name not in text, f"{function} may reach {name}"
    assert '"Action": "*"' not in text and '"dynamodb:*"' not in text and '"s3:*"' not in text
    assert "FullAccess" not in text and "CrudPolicy" not in text


def test_the_api_may_only_get_and_put_cache_items_and_the_publisher_only_put_snapshots() -> None:
    api = properties("ApiFunction")["Policies"][0]["Statement"][0]
    assert sorted(api["Action"]) == ["dynamodb:GetItem", "dynamodb:PutItem"]
    publisher = [p for p in properties("IndexPublisherFunction")["Policies"] if "Statement" in p]
    statement = publisher[0]["Statement"][0]
    assert sorted(statement["Action"]) == ["s3:AbortMultipartUpload", "s3:PutObject"]
    assert statement["Resource"] == {"Fn::Sub": "${IndexBucket.Arn}/index/*"}
    assert Settings.model_fields["index_key"].default.startswith("index/")


def test_the_feed_worker_may_make_only_the_calls_its_adapters_make() -> None:
    # It parses what any outlet's server sends; the SAM DynamoDB read and write policy
    # templates it had also granted Scan, Query, DeleteItem and BatchWriteItem on both tables.
    granted: dict[str, set[str]] = {}
    for policy in properties("FeedWorkerFunction")["Policies"]:
        assert set(policy) == {"Statement"}, policy
        for statement in policy["Statement"]:
            assert statement["Effect"] == "Allow"
            table = statement["Resource"]["Fn::GetAtt"][0]
            granted.setdefault(table, set()).update(statement["Action"])
    assert granted == {
        "FeedStateTable": {"dynamodb:BatchGetItem", "dynamodb:PutItem"},
        "FeedItemsTable": {"dynamodb:BatchGetItem", "dynamodb:UpdateItem"},
    }
    # and those are the calls the worker's adapters make
    calls = {
        "FeedStateTable": _client_calls(DynamoFeedStateStore, ("get_many", "put")),
        "FeedItemsTable": _client_calls(DynamoItemStore, ("upsert_items", "_stored", "_write")),
    }
    assert calls == granted


def _client_calls(adapter: type, methods: tuple[str, ...]) -> set[str]:
    """The DynamoDB operations ``adapter``'s ``methods`` call on their client, by their source."""
    found: set[str] = set()
    for name in methods:
        source = inspect.getsource(getattr(adapter, name))
        found.update(
            "dynamodb:" + "".join(part.title() for part in call.split("_"))
            for call in re.findall(r"self\._client\.([a-z_]+)\(", source)
        )
    return found


# --- ingest --------------------------------------------------------------------------------------


def test_schedule_queue_dead_letters_and_partial_batch_failures() -> None:
    schedule = properties("IngestSchedulerFunction")["Events"]["Every15Minutes"]
    assert schedule["Type"] == "Schedule" and default("IngestSchedule") == "cron(0/15 * * * ? *)"
    queue = properties("FeedQueue")
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["FeedDeadLetterQueue", "Arn"]},
        "maxReceiveCount": {"Ref": "DlqMaxReceiveCount"},
    }
    worker_timeout = template()["Parameters"]["FeedWorkerTimeout"]["MaxValue"]
    assert queue["VisibilityTimeout"] >= 6 * worker_timeout  # Lambda's advice for SQS sources
    source = properties("FeedWorkerFunction")["Events"]["FeedJobs"]
    assert source["Type"] == "SQS"
    assert source["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert source["Properties"]["BatchSize"] == {"Ref": "FeedWorkerBatchSize"}
    publish = properties("IndexPublisherFunction")["Events"]["Publish"]
    assert publish["Type"] == "Schedule"


def test_tables_are_on_demand_with_ttl_where_entries_expire() -> None:
    tables = resources_of("AWS::DynamoDB::Table")
    assert set(tables) == {"BriefCacheTable", "FeedStateTable", "FeedItemsTable"}
    for name, table in tables.items():
        assert table["Properties"]["BillingMode"] == "PAY_PER_REQUEST", name
    for name in ("BriefCacheTable", "FeedItemsTable"):
        assert tables[name]["Properties"]["TimeToLiveSpecification"]["Enabled"] is True
    assert tables["FeedItemsTable"]["Properties"]["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }


# --- observability -------------------------------------------------------------------------------


def test_every_function_logs_to_its_own_group_with_retention() -> None:
    for function in FUNCTIONS:
        group = properties(function)["LoggingConfig"]["LogGroup"]["Ref"]
        assert resource(group)["Type"] == "AWS::Logs::LogGroup"
        assert properties(group)["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_alarms_cover_errors_throttles_dead_letters_and_p95_latency() -> None:
    alarms = [a["Properties"] for a in resources_of("AWS::CloudWatch::Alarm").values()]
    metrics = {(a["Namespace"], a["MetricName"]) for a in alarms}
    assert ("AWS/Lambda", "Errors") in metrics and ("AWS/Lambda", "Throttles") in metrics
    assert ("AWS/SQS", "ApproximateNumberOfMessagesVisible") in metrics
    assert ("Parallax", "CacheReadThrottled") in metrics
    latency = [a for a in alarms if a["MetricName"] == "Latency"]
    assert latency and latency[0]["ExtendedStatistic"] == "p95"
    errors_of = {a["Dimensions"][0]["Value"]["Ref"] for a in alarms if a["MetricName"] == "Errors"}
    assert errors_of == set(FUNCTIONS)
    dlq = next(a for a in alarms if a["Namespace"] == "AWS/SQS")
    assert dlq["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["FeedDeadLetterQueue", "QueueName"]}


def test_the_publisher_only_reads_the_feed_state_table() -> None:
    policies = properties("IndexPublisherFunction")["Policies"]
    on_state = [p for p in policies if "FeedStateTable" in json.dumps(p)]
    assert on_state == [{"DynamoDBReadPolicy": {"TableName": {"Ref": "FeedStateTable"}}}]
