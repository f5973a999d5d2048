'use strict';
const fs = require('fs');

exports.handler = async (event, context) => {
  for (const r of event.Records) {
    fs.appendFileSync(process.env.OUT_FILE, JSON.stringify({
      function: context.functionName, eventName: r.eventName, orderId: r.dynamodb.Keys.orderId.S, stage: process.env.STAGE,
    }) + '\n');
  }
  return { batchItemFailures: [] };
};
