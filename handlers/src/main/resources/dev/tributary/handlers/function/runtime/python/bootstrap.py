"""Tributary's Lambda runtime client for Python (standard library only).

Runs a handler `module.function(event, context)` through the Lambda Runtime API, as AWS's
Python runtime does: _HANDLER names it, LAMBDA_TASK_ROOT is where the module lives,
AWS_LAMBDA_RUNTIME_API is the endpoint. Init errors go to /init/error, a handler's exception
to /invocation/{id}/error, its return value (as JSON) to /invocation/{id}/response.
"""
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
BASE = "/2018-06-01/runtime"


class _Api:
    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self._host, self._port = host, int(port)
        self._conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self._host, self._port)
            try:
                self._conn.request(method, BASE + path, body=body, headers=headers or {})
                resp = self._conn.getresponse()
                return resp.status, resp.headers, resp.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self._conn.close()
                self._conn = None
                if attempt == 2:
                    raise

    def next(self):
        status, headers, body = self.request("GET", "/invocation/next")
        if status != 200:
            sys.stderr.write("Runtime API /invocation/next answered %d: %s\n" % (status, body.decode("utf-8", "replace")))
            sys.exit(1)
        return headers, body

    def post(self, path, payload, error_type=None):
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        status, _, body = self.request("POST", path, payload, headers)
        if status != 202:
            sys.stderr.write("Runtime API %s answered %d: %s\n" % (path, status, body.decode("utf-8", "replace")))
            if status >= 500:
                sys.exit(1)


class LambdaContext:
    """The context object of AWS's Python runtime."""

    def __init__(self, request_id, deadline_ms, function_arn, client_context, identity):
        self.aws_request_id = request_id
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = function_arn
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = client_context
        self.identity = identity
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)

    def __repr__(self):
        return ("LambdaContext([aws_request_id=%s,function_name=%s,function_version=%s,invoked_function_arn=%s,"
                "memory_limit_in_mb=%s,log_group_name=%s,log_stream_name=%s])") % (
            self.aws_request_id, self.function_name, self.function_version, self.invoked_function_arn,
            self.memory_limit_in_mb, self.log_group_name, self.log_stream_name)


class _InitError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def _error_body(error_type, message, tb=None, request_id=None):
    body = {"errorMessage": message, "errorType": error_type, "stackTrace": []}
    if tb is not None:
        body["stackTrace"] = traceback.format_list(traceback.extract_tb(tb))
    if request_id:
        body["requestId"] = request_id
    return json.dumps(body).encode("utf-8")


def _load(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise _InitError("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise _InitError("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        raise _InitError("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e))
    except Exception as e:
        raise _InitError("Runtime.Unknown", "Unable to import module '%s': %s: %s" % (module_name, type(e).__name__, e))
    function = getattr(module, function_name, None)
    if function is None:
        raise _InitError("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return function


class _RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = _RequestIdFilter.request_id
        return True


def _setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
                                  "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    api = _Api(API)
    _setup_logging()
    try:
        function = _load(os.environ.get("_HANDLER", ""))
    except _InitError as e:
        sys.stderr.write("[ERROR] %s: %s\n" % (e.error_type, e))
        api.post("/init/error", _error_body(e.error_type, str(e)), e.error_type)
        sys.exit(1)
    while True:
        headers, body = api.next()
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        _RequestIdFilter.request_id = request_id
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        context = LambdaContext(request_id, int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
                                headers.get("Lambda-Runtime-Invoked-Function-Arn"),
                                json.loads(client_context) if client_context else None,
                                json.loads(identity) if identity else None)
        try:
            event = json.loads(body) if body else None
            result = function(event, context)
        except Exception as e:
            sys.stdout.write("[ERROR] %s: %s\n" % (type(e).__name__, e))
            api.post("/invocation/%s/error" % request_id,
                     _error_body(type(e).__name__, str(e), e.__traceback__, request_id), "Unhandled")
            continue
        try:
            payload = json.dumps(result).encode("utf-8")
        except Exception as e:
            api.post("/invocation/%s/error" % request_id,
                     _error_body("Runtime.MarshalError", "Unable to marshal response: %s" % e, None, request_id),
                     "Runtime.MarshalError")
            continue
        api.post("/invocation/%s/response" % request_id, payload)


if __name__ == "__main__":
    main()
