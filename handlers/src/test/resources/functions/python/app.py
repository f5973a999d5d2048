"""Test functions: each appends what it saw to OUT_FILE (JSON lines)."""
import json
import os
import sys
import time

ENV_NAMES = ["AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT", "AWS_LAMBDA_FUNCTION_NAME",
             "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_REGION", "AWS_DEFAULT_REGION",
             "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "TZ", "ORDERS_TABLE", "_X_AMZN_TRACE_ID",
             "AWS_EXECUTION_ENV"]


def _keys(event):
    return [r["dynamodb"]["Keys"]["orderId"]["S"] for r in event["Records"]]


def _log(kind, event, context, **extra):
    rec = {"kind": kind, "pid": os.getpid(), "time": time.time(), "requestId": context.aws_request_id,
           "keys": _keys(event)}
    rec.update(extra)
    with open(os.environ["OUT_FILE"], "a") as f:
        f.write(json.dumps(rec) + "\n")


def _first(name):
    """True the first time any process asks for this marker."""
    try:
        os.close(os.open(os.path.join(os.environ["MARKERS"], name), os.O_CREAT | os.O_EXCL))
        return True
    except FileExistsError:
        return False


def record(event, context):
    ctx = {"aws_request_id": context.aws_request_id, "function_name": context.function_name,
           "function_version": context.function_version, "invoked_function_arn": context.invoked_function_arn,
           "memory_limit_in_mb": context.memory_limit_in_mb, "log_group_name": context.log_group_name,
           "log_stream_name": context.log_stream_name, "remaining": context.get_remaining_time_in_millis()}
    _log("record", event, context, received=event, ctx=ctx, env={k: os.environ.get(k) for k in ENV_NAMES})
    print("handled %d record(s)" % len(event["Records"]))
    return None


def partial(event, context):
    _log("partial", event, context)
    for r in event["Records"]:
        if r["dynamodb"]["Keys"]["orderId"]["S"] == "ORD-2" and _first("partial"):
            return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]}]}
    return {"batchItemFailures": []}


def raises(event, context):
    _log("raises", event, context)
    if "ALWAYS" in _keys(event):
        raise ValueError("order ALWAYS cannot be processed")
    if _first("raises"):
        raise RuntimeError("the first attempt fails")
    return {}


def hangs(event, context):
    _log("start", event, context)
    if "HANG" in _keys(event) and _first("hang"):
        time.sleep(60)
    _log("done", event, context)


def crashes(event, context):
    _log("crashes", event, context)
    if "ALWAYS" in _keys(event):
        sys.exit(3)
    if _first("crash"):
        sys.exit(3)


def rejects_bad(event, context):
    _log("rejects_bad", event, context)
    if "BAD" in _keys(event):
        raise ValueError("order BAD is malformed")
