'use strict';
// Tributary's Lambda runtime client for Node.js (plain node, no packages).
// Runs `exports.handler = async (event, context) => ...` (or a callback-style handler) through the
// Lambda Runtime API: _HANDLER is file.export, LAMBDA_TASK_ROOT the code directory,
// AWS_LAMBDA_RUNTIME_API the endpoint.
const http = require('http');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');

const [HOST, PORT] = (() => {
  const a = process.env.AWS_LAMBDA_RUNTIME_API;
  const i = a.lastIndexOf(':');
  return [a.slice(0, i), Number(a.slice(i + 1))];
})();
const BASE = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, p, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port: PORT, method, path: BASE + p, agent, headers: headers || {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function post(p, payload, errorType) {
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  const res = await request('POST', p, payload, headers);
  if (res.status !== 202) {
    process.stderr.write(`Runtime API ${p} answered ${res.status}: ${res.body}\n`);
    if (res.status >= 500) process.exit(1);
  }
}

function errorBody(err, requestId) {
  const e = err instanceof Error ? err : new Error(String(err));
  const body = {
    errorType: err instanceof Error ? (e.name || 'Error') : 'string',
    errorMessage: e.message,
    trace: (e.stack || '').split('\n'),
  };
  if (requestId) body.requestId = requestId;
  return JSON.stringify(body);
}

class InitError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

async function load(handler) {
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new InitError('Runtime.MalformedHandlerName', `Bad handler ${handler}`);
  const moduleName = handler.slice(0, dot);
  const exportPath = handler.slice(dot + 1);
  const base = path.resolve(root, moduleName);
  let mod;
  try {
    const mjs = ['.mjs'].map((x) => base + x).find((f) => fs.existsSync(f));
    mod = mjs ? await import(pathToFileURL(mjs).href) : require(base);
  } catch (e) {
    if (e && e.code === 'ERR_REQUIRE_ESM') {
      mod = await import(pathToFileURL(require.resolve(base)).href);
    } else if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(base)) {
      throw new InitError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
    } else if (e instanceof SyntaxError) {
      throw new InitError('Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`);
    } else {
      throw e;
    }
  }
  const fn = exportPath.split('.').reduce((o, k) => (o == null ? undefined : o[k]), mod);
  if (typeof fn !== 'function') {
    throw new InitError('Runtime.HandlerNotFound', `${handler} is undefined or not exported`);
  }
  return fn;
}

function context(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const cc = headers['lambda-runtime-client-context'];
  const id = headers['lambda-runtime-cognito-identity'];
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: cc ? JSON.parse(cc) : undefined,
    identity: id ? JSON.parse(id) : undefined,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
}

function run(fn, event, ctx) {
  if (fn.length >= 3) {
    return new Promise((resolve, reject) => {
      const r = fn(event, ctx, (err, result) => (err ? reject(err) : resolve(result)));
      if (r && typeof r.then === 'function') r.then(resolve, reject);
    });
  }
  return Promise.resolve().then(() => fn(event, ctx));
}

async function main() {
  let fn;
  try {
    fn = await load(process.env._HANDLER || '');
  } catch (e) {
    const type = e instanceof InitError ? e.name : 'Runtime.Unknown';
    process.stderr.write(`[ERROR] ${type}: ${e.message}\n`);
    await post('/init/error', JSON.stringify({ errorType: type, errorMessage: e.message, trace: [] }), type);
    process.exit(1);
  }
  for (;;) {
    const next = await request('GET', '/invocation/next');
    if (next.status !== 200) {
      process.stderr.write(`Runtime API /invocation/next answered ${next.status}: ${next.body}\n`);
      process.exit(1);
    }
    const ctx = context(next.headers);
    const requestId = ctx.awsRequestId;
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    let result;
    try {
      const event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
      result = await run(fn, event, ctx);
    } catch (e) {
      process.stdout.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${errorBody(e)}\n`);
      await post(`/invocation/${requestId}/error`, errorBody(e, requestId), 'Unhandled');
      continue;
    }
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (e) {
      await post(`/invocation/${requestId}/error`, errorBody(e, requestId), 'Runtime.MarshalError');
      continue;
    }
    await post(`/invocation/${requestId}/response`, payload);
  }
}

main().catch((e) => {
  process.stderr.write(`[ERROR] runtime client: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
