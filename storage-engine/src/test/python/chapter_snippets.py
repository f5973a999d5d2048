#!/usr/bin/env python3
"""Runs the chapter's DynamoDB snippets with boto3 against a DynamoDB-compatible endpoint
and checks their results. Prints one PASS/FAIL line per snippet; exits 1 if any failed.

    python3 chapter_snippets.py http://localhost:8000 [--access-key K --secret-key S]

The snippets are the chapter's own code. Where the chapter's code cannot run unchanged against any
DynamoDB, the script says so and checks DynamoDB's actual behaviour:
  * boto3 refuses Python floats (``TypeError: Float types are not supported``), so the chapter's
    ``299.99`` and ``99.99`` are written as ``Decimal('299.99')``;
  * ``ProjectionExpression='productId, name, price'`` uses the reserved word ``name``, which
    DynamoDB rejects with a ValidationException; the check expects that error, then runs the
    same read with ``#name``.
Application Auto Scaling (``application-autoscaling``) is another service and is not checked.
"""

import argparse
import sys
import time
import traceback
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError

RESULTS = []


def snippet(name):
    def register(fn):
        RESULTS.append((name, fn))
        return fn
    return register


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def equal(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


class Env:
    def __init__(self, endpoint, access_key, secret_key):
        session = boto3.session.Session(
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name="us-east-1",
        )
        config = Config(retries={"max_attempts": 3, "mode": "standard"})
        self.dynamodb = session.resource("dynamodb", endpoint_url=endpoint, config=config)
        self.dynamodb_client = session.client("dynamodb", endpoint_url=endpoint, config=config)
        self.streams = session.client("dynamodbstreams", endpoint_url=endpoint, config=config)

    def wait_active(self, name, timeout=30.0):
        deadline = time.time() + timeout
        while True:
            status = self.dynamodb_client.describe_table(TableName=name)["Table"]["TableStatus"]
            if status == "ACTIVE":
                return
            check(time.time() < deadline, f"table {name} still {status} after {timeout}s")
            time.sleep(0.1)

    def wait_gone(self, name, timeout=30.0):
        deadline = time.time() + timeout
        while True:
            try:
                self.dynamodb_client.describe_table(TableName=name)
            except ClientError as e:
                if e.response["Error"]["Code"] == "ResourceNotFoundException":
                    return
                raise
            check(time.time() < deadline, f"table {name} not deleted after {timeout}s")
            time.sleep(0.1)

    def drop(self, name):
        try:
            self.dynamodb_client.delete_table(TableName=name)
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
        self.wait_gone(name)

    def fresh(self, name, **create_args):
        """Deletes the table if a previous run left it, creates it, waits until ACTIVE."""
        self.drop(name)
        self.dynamodb_client.create_table(TableName=name, **create_args)
        self.wait_active(name)
        return self.dynamodb.Table(name)


def eventually(fn, attempts=50, delay=0.1):
    """GSI reads are eventually consistent in DynamoDB; retry an assertion briefly."""
    for i in range(attempts):
        try:
            return fn()
        except AssertionError:
            if i == attempts - 1:
                raise
            time.sleep(delay)


def s(name):
    return {"AttributeName": name, "AttributeType": "S"}


def hash_key(name):
    return {"AttributeName": name, "KeyType": "HASH"}


def range_key(name):
    return {"AttributeName": name, "KeyType": "RANGE"}


ON_DEMAND = {"BillingMode": "PAY_PER_REQUEST"}


# ---- AWS DynamoDB: put / get / query / scan on Users ------------------------------------------

@snippet("users put_item/get_item/query/scan")
def users_basic(env):
    env.fresh("Users", KeySchema=[hash_key("userId")], AttributeDefinitions=[s("userId")], **ON_DEMAND)
    dynamodb = env.dynamodb
    table = dynamodb.Table('Users')

    # Put item
    table.put_item(Item={'userId': '123', 'name': 'Alice'})

    # Get item
    response = table.get_item(Key={'userId': '123'})
    equal(response["Item"], {"userId": "123", "name": "Alice"}, "get_item Item")

    # Query
    response = table.query(
        KeyConditionExpression=Key('userId').eq('123')
    )
    equal(response["Count"], 1, "query Count")
    equal(response["Items"][0]["name"], "Alice", "query item name")

    # Scan (the chapter's filter needs ages: give Alice one and add a minor)
    table.update_item(Key={"userId": "123"}, UpdateExpression="SET age = :a",
                      ExpressionAttributeValues={":a": 30})
    table.put_item(Item={"userId": "456", "name": "Bob", "age": 17})
    response = table.scan(
        FilterExpression=Attr('age').gt(18)
    )
    equal([i["name"] for i in response["Items"]], ["Alice"], "scan age > 18")
    equal(response["ScannedCount"], 2, "scan ScannedCount")
    equal(response["Items"][0]["age"], Decimal(30), "numbers come back as Decimal")


# ---- Orders: composite key, date range, GSI ---------------------------------------------------

def create_orders(env):
    return env.fresh(
        "Orders",
        KeySchema=[hash_key("customerId"), range_key("orderDate")],
        AttributeDefinitions=[s("customerId"), s("orderDate"), s("status")],
        GlobalSecondaryIndexes=[{
            "IndexName": "OrderStatusIndex",
            "KeySchema": [hash_key("status"), range_key("orderDate")],
            "Projection": {"ProjectionType": "ALL"},
        }],
        **ON_DEMAND,
    )


@snippet("orders composite key and date range")
def orders_composite(env):
    create_orders(env)
    table = env.dynamodb.Table('Orders')
    table.put_item(Item={
        'customerId': 'CUST-123',
        'orderDate': '2025-01-15T10:30:00Z',
        'orderId': 'ORD-456',
        'total': Decimal('299.99'),
        'items': [
            {'sku': 'PROD-A', 'quantity': 2, 'price': Decimal('99.99')},
            {'sku': 'PROD-B', 'quantity': 1, 'price': Decimal('100.01')}
        ]
    })
    table.put_item(Item={'customerId': 'CUST-123', 'orderDate': '2024-12-20T09:00:00Z', 'orderId': 'ORD-400'})
    table.put_item(Item={'customerId': 'CUST-123', 'orderDate': '2025-02-03T12:00:00Z', 'orderId': 'ORD-500'})
    table.put_item(Item={'customerId': 'CUST-999', 'orderDate': '2025-01-20T08:00:00Z', 'orderId': 'ORD-900'})

    # Query all orders for a customer
    response = table.query(
        KeyConditionExpression=Key('customerId').eq('CUST-123')
    )
    equal([i["orderId"] for i in response["Items"]], ["ORD-400", "ORD-456", "ORD-500"],
          "all orders of CUST-123 in sort-key order")

    # Query orders for a customer in date range
    response = table.query(
        KeyConditionExpression=Key('customerId').eq('CUST-123') &
                              Key('orderDate').between('2025-01-01', '2025-01-31')
    )
    equal(response["Count"], 1, "January orders")
    order = response["Items"][0]
    equal(order["total"], Decimal("299.99"), "total")
    equal(order["items"][0], {"sku": "PROD-A", "quantity": Decimal(2), "price": Decimal("99.99")}, "first line item")
    equal(len(order["items"]), 2, "line items")


@snippet("OrderStatusIndex GSI query")
def orders_gsi(env):
    table = env.dynamodb.Table('Orders')
    table.put_item(Item={'customerId': 'CUST-200', 'orderDate': '2024-12-31T23:00:00Z', 'status': 'PENDING'})
    table.put_item(Item={'customerId': 'CUST-201', 'orderDate': '2025-01-10T10:00:00Z', 'status': 'PENDING'})
    table.put_item(Item={'customerId': 'CUST-202', 'orderDate': '2025-01-12T10:00:00Z', 'status': 'SHIPPED'})

    def pending():
        # Query by status using GSI
        response = table.query(
            IndexName='OrderStatusIndex',
            KeyConditionExpression=Key('status').eq('PENDING')
        )
        equal([i["customerId"] for i in response["Items"]], ["CUST-200", "CUST-201"], "PENDING orders")

    def pending_since():
        # Query pending orders in date range
        response = table.query(
            IndexName='OrderStatusIndex',
            KeyConditionExpression=Key('status').eq('PENDING') &
                                  Key('orderDate').gt('2025-01-01')
        )
        equal([i["customerId"] for i in response["Items"]], ["CUST-201"], "PENDING orders after 2025-01-01")

    eventually(pending)
    eventually(pending_since)


# ---- Users with an LSI --------------------------------------------------------------------------

@snippet("EmailIndex LSI query")
def users_lsi(env):
    env.fresh(
        "Users",
        KeySchema=[hash_key("userId"), range_key("registrationDate")],
        AttributeDefinitions=[s("userId"), s("registrationDate"), s("email")],
        LocalSecondaryIndexes=[{
            "IndexName": "EmailIndex",
            "KeySchema": [hash_key("userId"), range_key("email")],
            "Projection": {"ProjectionType": "ALL"},
        }],
        **ON_DEMAND,
    )
    table = env.dynamodb.Table('Users')
    table.put_item(Item={'userId': 'USER-123', 'registrationDate': '2025-01-01', 'email': 'zed@example.com'})
    table.put_item(Item={'userId': 'USER-123', 'registrationDate': '2025-01-02', 'email': 'amy@example.com'})
    table.put_item(Item={'userId': 'USER-999', 'registrationDate': '2025-01-03', 'email': 'bob@example.com'})

    # Query using LSI
    response = table.query(
        IndexName='EmailIndex',
        KeyConditionExpression=Key('userId').eq('USER-123')
    )
    equal([i["email"] for i in response["Items"]], ["amy@example.com", "zed@example.com"],
          "USER-123 by email (the LSI's sort key)")


# ---- capacity modes -------------------------------------------------------------------------------

@snippet("on-demand create_table")
def on_demand(env):
    env.drop("Products")
    dynamodb_client = env.dynamodb_client

    dynamodb_client.create_table(
        TableName='Products',
        BillingMode='PAY_PER_REQUEST',
        KeySchema=[
            {'AttributeName': 'productId', 'KeyType': 'HASH'}
        ],
        AttributeDefinitions=[
            {'AttributeName': 'productId', 'AttributeType': 'S'}
        ]
    )
    env.wait_active("Products")
    table = dynamodb_client.describe_table(TableName="Products")["Table"]
    equal(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST", "BillingMode")
    equal(table["KeySchema"], [{"AttributeName": "productId", "KeyType": "HASH"}], "KeySchema")


@snippet("provisioned create_table")
def provisioned(env):
    env.drop("Products")
    dynamodb_client = env.dynamodb_client

    dynamodb_client.create_table(
        TableName='Products',
        BillingMode='PROVISIONED',
        ProvisionedThroughput={
            'ReadCapacityUnits': 5,
            'WriteCapacityUnits': 5
        },
        KeySchema=[
            {'AttributeName': 'productId', 'KeyType': 'HASH'}
        ],
        AttributeDefinitions=[
            {'AttributeName': 'productId', 'AttributeType': 'S'}
        ]
    )
    env.wait_active("Products")
    table = dynamodb_client.describe_table(TableName="Products")["Table"]
    equal(table["ProvisionedThroughput"]["ReadCapacityUnits"], 5, "ReadCapacityUnits")
    equal(table["ProvisionedThroughput"]["WriteCapacityUnits"], 5, "WriteCapacityUnits")
    equal(table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED"), "PROVISIONED", "BillingMode")


# ---- streams ------------------------------------------------------------------------------------

SENT = {"confirmations": [], "indexed": [], "notified": [], "archived": []}


def send_confirmation_email(image):
    SENT["confirmations"].append(image["customerId"]["S"])


def update_elasticsearch(image):
    SENT["indexed"].append(image["status"]["S"])


def notify_customer(image):
    SENT["notified"].append(image["status"]["S"])


def archive_to_s3(image):
    SENT["archived"].append(image["customerId"]["S"])


# Process stream events (the chapter's Lambda handler, unchanged)
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


@snippet("update_table enabling streams + process_order_stream over the Streams API")
def streams(env):
    dynamodb_client = env.dynamodb_client
    description = dynamodb_client.describe_table(TableName="Orders")["Table"]
    if description.get("StreamSpecification", {}).get("StreamEnabled"):
        dynamodb_client.update_table(TableName="Orders", StreamSpecification={"StreamEnabled": False})
        env.wait_active("Orders")

    # Enable streams on table
    response = dynamodb_client.update_table(
        TableName='Orders',
        StreamSpecification={
            'StreamEnabled': True,
            'StreamViewType': 'NEW_AND_OLD_IMAGES'  # Capture before and after
        }
    )
    spec = response["TableDescription"]["StreamSpecification"]
    equal(spec, {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}, "StreamSpecification")
    env.wait_active("Orders")
    arn = dynamodb_client.describe_table(TableName="Orders")["Table"]["LatestStreamArn"]
    check(arn.startswith("arn:aws:dynamodb:") and "/stream/" in arn, f"LatestStreamArn {arn!r}")

    listed = [st["StreamArn"] for st in env.streams.list_streams(TableName="Orders")["Streams"]]
    equal(listed, [arn], "list_streams(TableName='Orders')")
    stream = env.streams.describe_stream(StreamArn=arn)["StreamDescription"]
    equal(stream["StreamStatus"], "ENABLED", "StreamStatus")
    equal(stream["StreamViewType"], "NEW_AND_OLD_IMAGES", "StreamViewType")
    shard = stream["Shards"][0]["ShardId"]
    iterator = env.streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]

    table = env.dynamodb.Table("Orders")
    key = {"customerId": "CUST-777", "orderDate": "2025-01-15T12:00:00Z"}
    table.put_item(Item={**key, "status": "PENDING", "total": Decimal("10.50")})
    table.update_item(Key=key, UpdateExpression="SET #s = :s",
                      ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "SHIPPED"})
    table.update_item(Key=key, UpdateExpression="SET #t = :t",  # TOTAL is a reserved word
                      ExpressionAttributeNames={"#t": "total"}, ExpressionAttributeValues={":t": Decimal("11")})
    table.delete_item(Key=key)

    records = []
    for _ in range(20):
        page = env.streams.get_records(ShardIterator=iterator, Limit=100)
        records.extend(page["Records"])
        iterator = page.get("NextShardIterator")
        if len(records) >= 4 or iterator is None:
            break
        time.sleep(0.1)
    equal([r["eventName"] for r in records], ["INSERT", "MODIFY", "MODIFY", "REMOVE"], "stream events")
    equal(records[0]["dynamodb"]["Keys"], {"customerId": {"S": "CUST-777"}, "orderDate": {"S": key["orderDate"]}}, "Keys")
    check("ApproximateCreationDateTime" in records[0]["dynamodb"], "ApproximateCreationDateTime present")
    sequence_numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
    equal(sequence_numbers, sorted(sequence_numbers, key=int), "sequence numbers increase")

    for k in SENT:
        SENT[k].clear()
    process_order_stream({"Records": records}, None)
    equal(SENT, {"confirmations": ["CUST-777"], "indexed": ["SHIPPED"], "notified": ["SHIPPED"],
                 "archived": ["CUST-777"]}, "handler effects")


# ---- single-table design --------------------------------------------------------------------

@snippet("single-table design")
def single_table(env):
    table = env.fresh("AppData", KeySchema=[hash_key("PK"), range_key("SK")],
                      AttributeDefinitions=[s("PK"), s("SK")], **ON_DEMAND)

    # Store user
    table.put_item(Item={
        'PK': 'USER#123',
        'SK': 'PROFILE',
        'type': 'user',
        'name': 'Alice',
        'email': 'alice@example.com'
    })

    # Store user's order
    table.put_item(Item={
        'PK': 'USER#123',
        'SK': 'ORDER#456',
        'type': 'order',
        'total': Decimal('299.99'),
        'status': 'PENDING'
    })
    table.put_item(Item={'PK': 'PRODUCT#9', 'SK': 'METADATA', 'type': 'product'})

    # Query user and all their orders in one request
    response = table.query(
        KeyConditionExpression=Key('PK').eq('USER#123')
    )
    # Returns both PROFILE and all ORDERs
    equal([(i["SK"], i["type"]) for i in response["Items"]], [("ORDER#456", "order"), ("PROFILE", "user")],
          "items of USER#123")


# ---- conditional writes ---------------------------------------------------------------------

@snippet("optimistic locking with ConditionalCheckFailedException")
def optimistic_locking(env):
    table = env.fresh("Products", KeySchema=[hash_key("productId")],
                      AttributeDefinitions=[s("productId")], **ON_DEMAND)
    table.put_item(Item={"productId": "PROD-1", "price": Decimal("10.00"), "version": 1})

    # Optimistic locking with version number
    def update_product_price(product_id, new_price, expected_version):
        try:
            table.update_item(
                Key={'productId': product_id},
                UpdateExpression='SET price = :price, version = :new_version',
                ConditionExpression='version = :expected_version',
                ExpressionAttributeValues={
                    ':price': new_price,
                    ':new_version': expected_version + 1,
                    ':expected_version': expected_version
                }
            )
            return True
        except ClientError as e:
            if e.response['Error']['Code'] == 'ConditionalCheckFailedException':
                # Version mismatch - someone else updated it
                return False
            raise

    equal(update_product_price("PROD-1", Decimal("12.50"), 1), True, "update at version 1")
    equal(update_product_price("PROD-1", Decimal("99.00"), 1), False, "stale update at version 1")
    item = table.get_item(Key={"productId": "PROD-1"}, ConsistentRead=True)["Item"]
    equal((item["price"], item["version"]), (Decimal("12.5"), Decimal(2)), "price and version")


@snippet("idempotent create with attribute_not_exists")
def idempotent_create(env):
    table = env.fresh("IdempotentOrders", KeySchema=[hash_key("orderId")],
                      AttributeDefinitions=[s("orderId")], **ON_DEMAND)

    # Prevent duplicate writes
    def create_order_idempotent(order_id, order_data):
        try:
            table.put_item(
                Item={
                    'orderId': order_id,
                    **order_data
                },
                ConditionExpression='attribute_not_exists(orderId)'
            )
        except ClientError as e:
            if e.response['Error']['Code'] == 'ConditionalCheckFailedException':
                # Order already exists
                pass

    create_order_idempotent("ORD-1", {"total": Decimal("5"), "attempt": "first"})
    create_order_idempotent("ORD-1", {"total": Decimal("7"), "attempt": "second"})
    item = table.get_item(Key={"orderId": "ORD-1"}, ConsistentRead=True)["Item"]
    equal(item, {"orderId": "ORD-1", "total": Decimal(5), "attempt": "first"}, "first write wins")
    try:
        table.put_item(Item={"orderId": "ORD-1"}, ConditionExpression="attribute_not_exists(orderId)")
        raise AssertionError("a duplicate put must fail")
    except ClientError as e:
        equal(e.response["Error"]["Code"], "ConditionalCheckFailedException", "error code")
        equal(e.response["ResponseMetadata"]["HTTPStatusCode"], 400, "HTTP status")


# ---- batch_writer (Lambda best practices) ---------------------------------------------------

@snippet("batch_writer and ProjectionExpression")
def batch_writer(env):
    env.fresh("Products", KeySchema=[hash_key("productId")],
              AttributeDefinitions=[s("productId")], **ON_DEMAND)
    dynamodb = env.dynamodb
    table = dynamodb.Table('Products')

    def lambda_handler(event, context):
        # Use batch operations for efficiency
        with table.batch_writer() as batch:
            for item in event['items']:
                batch.put_item(Item=item)

        # Use ProjectionExpression to fetch only needed attributes
        response = table.get_item(
            Key={'productId': event['id']},
            ProjectionExpression='productId, name, price'
        )

        return response['Item']

    items = [{"productId": f"P-{i:02d}", "name": f"Product {i}", "price": Decimal(i), "stock": i * 10}
             for i in range(60)]  # more than one BatchWriteItem (25 items each)
    try:
        lambda_handler({"items": items, "id": "P-07"}, None)
        raise AssertionError("DynamoDB rejects the reserved word 'name' in ProjectionExpression")
    except ClientError as e:
        equal(e.response["Error"]["Code"], "ValidationException", "error code for reserved word")
        check("reserved keyword" in e.response["Error"]["Message"], e.response["Error"]["Message"])

    equal(table.scan(Select="COUNT")["Count"], 60, "items written by batch_writer")
    item = table.get_item(Key={"productId": "P-07"}, ProjectionExpression="productId, #n, price",
                          ExpressionAttributeNames={"#n": "name"})["Item"]
    equal(item, {"productId": "P-07", "name": "Product 7", "price": Decimal(7)}, "projected item")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoint_url", help="e.g. http://localhost:8000")
    parser.add_argument("--access-key", default="dummy")
    parser.add_argument("--secret-key", default="dummy")
    args = parser.parse_args()
    env = Env(args.endpoint_url, args.access_key, args.secret_key)
    failures = 0
    for name, fn in RESULTS:
        try:
            fn(env)
            print(f"PASS {name}", flush=True)
        except Exception as e:  # report every snippet, then fail at the end
            failures += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc(file=sys.stderr)
    print(f"{len(RESULTS) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
