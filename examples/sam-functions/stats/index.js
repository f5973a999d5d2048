exports.handler = async (event) => {
  const state = event.state || {};
  for (const record of event.Records) {
    state[record.eventName] = (state[record.eventName] || 0) + 1;
  }
  if (event.isFinalInvokeForWindow) {
    console.log(`window ${event.window.start} to ${event.window.end} on ${event.shardId}: ${JSON.stringify(state)}`);
  }
  return { state };
};
