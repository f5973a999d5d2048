"""The order-stream handler of the serverless-databases chapter, unchanged, run by a Tributary
worker as a Lambda function (type: function, runtime python3). Its four helpers are written here
against local servers: SMTP (smtplib), OpenSearch (its REST API with urllib) and S3 (boto3 with an
endpoint_url), configured by the environment the worker's YAML sets.
"""
import json
import os
import smtplib
import urllib.parse
import urllib.request
from decimal import Decimal
from email.message import EmailMessage

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config

SMTP_HOST = os.environ.get("SMTP_HOST", "127.0.0.1")
SMTP_PORT = int(os.environ.get("SMTP_PORT", "3025"))
MAIL_FROM = os.environ.get("MAIL_FROM", "orders@shop.example")
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9200").rstrip("/")
ORDERS_INDEX = os.environ.get("ORDERS_INDEX", "orders")
ARCHIVE_BUCKET = os.environ.get("ARCHIVE_BUCKET", "orders-archive")

# Created once per process (Lambda's init phase), reused by every invocation. Checksums only when
# an operation requires them: local S3 servers (S3Proxy) refuse the newer SDKs' default
# x-amz-checksum headers.
s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT"),
                  config=Config(s3={"addressing_style": "path"},
                                request_checksum_calculation="when_required",
                                response_checksum_validation="when_required"))
_deserializer = TypeDeserializer()


def _plain(image):
    """A DynamoDB image ({'S': ...}, {'N': ...}, ...) as plain JSON-ready values."""
    def convert(v):
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        if isinstance(v, dict):
            return {k: convert(x) for k, x in v.items()}
        if isinstance(v, (list, set, tuple)):
            return [convert(x) for x in v]
        return v
    return {k: convert(_deserializer.deserialize(v)) for k, v in image.items()}


def _mail(to, subject, body):
    msg = EmailMessage()
    msg["From"] = MAIL_FROM
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=10) as smtp:
        smtp.send_message(msg)


def send_confirmation_email(new_image):
    order = _plain(new_image)
    lines = "".join("- %s x%s at %s\n" % (i["sku"], i["quantity"], i["price"]) for i in order.get("items", []))
    _mail(order["email"], "Order %s confirmed" % order["orderId"],
          "Hello %s,\n\nthank you for your order %s of %s:\n%sTotal: %s\n"
          % (order["customerId"], order["orderId"], order["orderDate"], lines, order["total"]))


def update_elasticsearch(new_image):
    order = _plain(new_image)
    doc_id = urllib.parse.quote("%s|%s" % (order["customerId"], order["orderDate"]), safe="")
    req = urllib.request.Request("%s/%s/_doc/%s" % (OPENSEARCH_URL, ORDERS_INDEX, doc_id),
                                 data=json.dumps(order).encode("utf-8"), method="PUT",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        resp.read()


def notify_customer(new_image):
    order = _plain(new_image)
    _mail(order["email"], "Order %s is now %s" % (order["orderId"], order["status"]),
          "Hello %s,\n\nyour order %s is now %s.\n" % (order["customerId"], order["orderId"], order["status"]))


def archive_to_s3(old_image):
    order = _plain(old_image)
    s3.put_object(Bucket=ARCHIVE_BUCKET, Key="orders/%s.json" % order["orderId"],
                  Body=json.dumps(order).encode("utf-8"), ContentType="application/json")


# Process stream events
def process_order_stream(event, context):
    for record in event['Records']:
        event_name = record['eventName']  # INSERT, MODIFY, REMOVE

        if event_name == 'INSERT':
            new_image = record['dynamodb']['NewImage']
            # Send order confirmation
            send_confirmation_email(new_image)

        elif event_name == 'MODIFY':
            old_image = record['dynamodb']['OldImage']
            new_image = record['dynamodb']['NewImage']

            # Check if status changed
            if old_image['status']['S'] != new_image['status']['S']:
                # Update search index
                update_elasticsearch(new_image)
                # Send status update notification
                notify_customer(new_image)

        elif event_name == 'REMOVE':
            old_image = record['dynamodb']['OldImage']
            # Archive deleted order
            archive_to_s3(old_image)
