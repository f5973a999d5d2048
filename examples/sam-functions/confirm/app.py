import os


def handler(event, context):
    failures = []
    for record in event["Records"]:
        image = record["dynamodb"]["NewImage"]
        order_id = image["orderId"]["S"]
        if not image.get("items", {}).get("L"):
            print(f"order {order_id} has no items")
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
            continue
        print(f"confirmed order {order_id} ({os.environ['STAGE']}, request {context.aws_request_id})")
    return {"batchItemFailures": failures}
