#!/usr/bin/env python3
"""PartiQL for DynamoDB through boto3: ExecuteStatement, BatchExecuteStatement and
ExecuteTransaction, and a DynamoDB Streams consumer that reads what the statements wrote.
Prints one PASS/FAIL line per check; exits 1 if any failed.

    python3 partiql_boto3.py http://localhost:8000 --access-key K --secret-key S
"""

import argparse
import sys
import traceback
import uuid

import boto3
from botocore.exceptions import ClientError

CHECKS = []


def check_fn(fn):
    CHECKS.append(fn)
    return fn


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response
    raise AssertionError("expected an error")


class Env:
    def __init__(self, endpoint, access_key, secret_key):
        session = boto3.session.Session(aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                                        region_name="us-east-1")
        self.ddb = session.client("dynamodb", endpoint_url=endpoint)
        self.streams = session.client("dynamodbstreams", endpoint_url=endpoint)
        self.table = "partiql-" + uuid.uuid4().hex[:8]
        self.ddb.create_table(
            TableName=self.table, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        self.ddb.get_waiter("table_exists").wait(TableName=self.table)

    def run(self, statement, params=None, **kw):
        args = {"Statement": statement, **kw}
        if params:
            args["Parameters"] = params
        return self.ddb.execute_statement(**args)


@check_fn
def insert_select_update_delete(env):
    t = env.table
    env.run(f'INSERT INTO "{t}" VALUE {{\'pk\': \'a\', \'sk\': 1, \'n\': 10, \'tags\': <<\'x\'>>}}')
    env.run(f'INSERT INTO "{t}" VALUE {{\'pk\': ?, \'sk\': ?, \'n\': ?}}',
            [{"S": "a"}, {"N": "2"}, {"N": "20"}])
    items = env.run(f'SELECT * FROM "{t}" WHERE pk = ?', [{"S": "a"}])["Items"]
    expect([i["sk"]["N"] for i in items] == ["1", "2"], f"query items {items}")
    env.run(f'UPDATE "{t}" SET n = n + 5 REMOVE tags WHERE pk = \'a\' AND sk = 1')
    item = env.run(f'SELECT n, tags FROM "{t}" WHERE pk = \'a\' AND sk = 1')["Items"][0]
    expect(item == {"n": {"N": "15"}}, f"after update {item}")
    env.run(f'DELETE FROM "{t}" WHERE pk = \'a\' AND sk = 2')
    expect(len(env.run(f'SELECT * FROM "{t}" WHERE pk = \'a\'')["Items"]) == 1, "after delete")


@check_fn
def duplicate_insert_and_failed_condition(env):
    t = env.table
    env.run(f'INSERT INTO "{t}" VALUE {{\'pk\': \'d\', \'sk\': 1}}')
    code, _ = error_code(lambda: env.run(f'INSERT INTO "{t}" VALUE {{\'pk\': \'d\', \'sk\': 1}}'))
    expect(code == "DuplicateItemException", code)
    # (this boto3 does not know ExecuteStatement's ReturnValuesOnConditionCheckFailure; PartiqlIT checks it)
    code, _ = error_code(lambda: env.run(f'UPDATE "{t}" SET n = 1 WHERE pk = \'d\' AND sk = 1 AND n = 7'))
    expect(code == "ConditionalCheckFailedException", code)
    code, _ = error_code(lambda: env.run(f'SELECT * FROM "{t}" WHERE ((('))
    expect(code == "ValidationException", code)


@check_fn
def pagination_with_next_token(env):
    t = env.table
    for i in range(7):
        env.run(f'INSERT INTO "{t}" VALUE {{\'pk\': \'page\', \'sk\': ?}}', [{"N": str(i)}])
    seen, token, pages = [], None, 0
    while True:
        kw = {"Limit": 2}
        if token:
            kw["NextToken"] = token
        out = env.run(f'SELECT sk FROM "{t}" WHERE pk = \'page\' AND sk >= 0', **kw)
        seen += [i["sk"]["N"] for i in out["Items"]]
        pages += 1
        token = out.get("NextToken")
        if not token:
            break
    expect(seen == [str(i) for i in range(7)], f"pages gave {seen}")
    expect(pages >= 4, f"{pages} pages")


@check_fn
def batch_and_transaction(env):
    t = env.table
    out = env.ddb.batch_execute_statement(Statements=[
        {"Statement": f'INSERT INTO "{t}" VALUE {{\'pk\': \'b\', \'sk\': 1}}'},
        {"Statement": f'INSERT INTO "{t}" VALUE {{\'pk\': \'b\', \'sk\': 1}}'},
    ])["Responses"]
    expect("Error" not in out[0], f"first {out[0]}")
    expect(out[1]["Error"]["Code"] == "DuplicateItem", f"second {out[1]}")
    env.ddb.execute_transaction(TransactStatements=[
        {"Statement": f'INSERT INTO "{t}" VALUE {{\'pk\': \'tx\', \'sk\': 1}}'},
        {"Statement": f'UPDATE "{t}" SET v = ? WHERE pk = \'b\' AND sk = 1', "Parameters": [{"S": "set"}]},
    ])
    code, resp = error_code(lambda: env.ddb.execute_transaction(TransactStatements=[
        {"Statement": f'INSERT INTO "{t}" VALUE {{\'pk\': \'tx2\', \'sk\': 1}}'},
        {"Statement": f'INSERT INTO "{t}" VALUE {{\'pk\': \'tx\', \'sk\': 1}}'},
    ]))
    expect(code == "TransactionCanceledException", code)
    reasons = [r["Code"] for r in resp["CancellationReasons"]]
    expect(reasons == ["None", "DuplicateItem"], f"reasons {reasons}")
    got = env.ddb.execute_transaction(TransactStatements=[
        {"Statement": f'SELECT * FROM "{t}" WHERE pk = \'b\' AND sk = 1'},
        {"Statement": f'SELECT * FROM "{t}" WHERE pk = \'tx2\' AND sk = 1'},
    ])["Responses"]
    expect(got[0]["Item"]["v"] == {"S": "set"} and "Item" not in got[1], f"transaction reads {got}")


@check_fn
def stream_consumer_sees_partiql_writes(env):
    t = env.table
    env.run(f'INSERT INTO "{t}" VALUE {{\'pk\': \'s\', \'sk\': 1, \'n\': 1}}')
    env.run(f'UPDATE "{t}" SET n = 2 WHERE pk = \'s\' AND sk = 1')
    env.run(f'DELETE FROM "{t}" WHERE pk = \'s\' AND sk = 1')
    arn = env.streams.list_streams(TableName=t)["Streams"][0]["StreamArn"]
    shard = env.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = env.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while it:
        page = env.streams.get_records(ShardIterator=it)
        records += page["Records"]
        if not page["Records"]:
            break
        it = page.get("NextShardIterator")
    mine = [r for r in records if r["dynamodb"]["Keys"]["pk"] == {"S": "s"}]
    expect([r["eventName"] for r in mine] == ["INSERT", "MODIFY", "REMOVE"], f"events {mine}")
    expect(mine[0]["dynamodb"]["NewImage"]["n"] == {"N": "1"} and "OldImage" not in mine[0]["dynamodb"], "insert")
    expect(mine[1]["dynamodb"]["OldImage"]["n"] == {"N": "1"} and mine[1]["dynamodb"]["NewImage"]["n"] == {"N": "2"},
           "modify")
    expect(mine[2]["dynamodb"]["OldImage"]["n"] == {"N": "2"} and "NewImage" not in mine[2]["dynamodb"], "remove")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--access-key", default="x")
    parser.add_argument("--secret-key", default="x")
    args = parser.parse_args()
    env = Env(args.endpoint, args.access_key, args.secret_key)
    failed = 0
    for fn in CHECKS:
        try:
            fn(env)
            print(f"PASS {fn.__name__}")
        except Exception:  # noqa: BLE001 - report every failure
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc(file=sys.stdout)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
