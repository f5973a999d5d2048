'use strict';
const fs = require('fs');
const path = require('path');

function first(name) {
  try {
    fs.closeSync(fs.openSync(path.join(process.env.MARKERS, name), 'wx'));
    return true;
  } catch (e) {
    return false;
  }
}

exports.handler = async (event, context) => {
  const keys = event.Records.map((r) => r.dynamodb.Keys.orderId.S);
  fs.appendFileSync(process.env.OUT_FILE, JSON.stringify({
    kind: 'node', pid: process.pid, keys, requestId: context.awsRequestId,
    functionName: context.functionName, memory: context.memoryLimitInMB,
    arn: context.invokedFunctionArn, remaining: context.getRemainingTimeInMillis(),
    eventNames: event.Records.map((r) => r.eventName),
  }) + '\n');
  const batchItemFailures = [];
  for (const r of event.Records) {
    if (r.dynamodb.Keys.orderId.S === 'ORD-2' && first('node')) {
      batchItemFailures.push({ itemIdentifier: r.dynamodb.SequenceNumber });
    }
  }
  console.log(`handled ${event.Records.length} record(s)`);
  return { batchItemFailures };
};
