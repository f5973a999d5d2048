import json, os


def handler(event, context):
    with open(os.environ["OUT_FILE"], "a") as f:
        for r in event["Records"]:
            f.write(json.dumps({"function": context.function_name, "eventName": r["eventName"],
                                "orderId": r["dynamodb"]["Keys"]["orderId"]["S"], "stage": os.environ.get("STAGE"), "greeting": os.environ.get("GREETING")}) + "\n")
