#!/usr/bin/env python3
"""Prints requests signed by botocore (boto3 and the AWS CLI use it) at a fixed time; their
headers are the botocore vectors in SigV4VerifierTest.shouldAcceptRequestsSignedByBotocore."""
import datetime, json
from unittest import mock
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

fixed = datetime.datetime(2025, 1, 15, 10, 30, 0)
creds = Credentials("AKIDTRIBUTARY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
def sign(method, url, body, headers, service="dynamodb", region="us-east-1"):
    req = AWSRequest(method=method, url=url, data=body, headers=headers)
    with mock.patch("botocore.auth.get_current_datetime", return_value=fixed):
        botocore.auth.SigV4Auth(creds, service, region).add_auth(req)
    p = req.prepare()
    return {"method": p.method, "url": p.url, "headers": dict(p.headers.items()), "body": body}
print(json.dumps(sign("POST", "http://localhost:8000/", '{"TableName":"Users","Key":{"userId":{"S":"123"}}}',
    {"X-Amz-Target": "DynamoDB_20120810.GetItem", "Content-Type": "application/x-amz-json-1.0", "User-Agent": "Boto3/1.43"}), indent=1))
print(json.dumps(sign("GET", "http://localhost:8000/a%20b/c?zeta=1&alpha=x%20y&alpha=a&empty=", "",
    {"X-Spaced": "  lots   of   space  "}, service="streams.dynamodb", region="eu-central-1"), indent=1))
