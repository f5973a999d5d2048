'use strict';
// The order-stream handler in Node.js, as a Lambda function for DynamoDB Streams: the same
// decisions as the chapter's Python process_order_stream (a mail per INSERT, an index update and
// a notification per status change, an archive per REMOVE). Its helpers use nothing but Node.js
// itself, so the example runs without npm: SMTP over a socket, OpenSearch's REST API with http,
// and S3 with a signed PUT (on AWS you would use @aws-sdk/client-s3 and nodemailer instead).
const crypto = require('crypto');
const http = require('http');
const net = require('net');

const SMTP_HOST = process.env.SMTP_HOST || '127.0.0.1';
const SMTP_PORT = Number(process.env.SMTP_PORT || 3025);
const MAIL_FROM = process.env.MAIL_FROM || 'orders@shop.example';
const OPENSEARCH_URL = (process.env.OPENSEARCH_URL || 'http://127.0.0.1:9200').replace(/\/$/, '');
const ORDERS_INDEX = process.env.ORDERS_INDEX || 'orders';
const S3_ENDPOINT = (process.env.S3_ENDPOINT || 'http://127.0.0.1:8081').replace(/\/$/, '');
const ARCHIVE_BUCKET = process.env.ARCHIVE_BUCKET || 'orders-archive';

exports.processOrderStream = async (event, context) => {
  for (const record of event.Records) {
    const eventName = record.eventName; // INSERT, MODIFY, REMOVE

    if (eventName === 'INSERT') {
      // Send order confirmation
      await sendConfirmationEmail(record.dynamodb.NewImage);
    } else if (eventName === 'MODIFY') {
      const oldImage = record.dynamodb.OldImage;
      const newImage = record.dynamodb.NewImage;
      // Check if status changed
      if (oldImage.status.S !== newImage.status.S) {
        await updateSearchIndex(newImage);
        await notifyCustomer(newImage);
      }
    } else if (eventName === 'REMOVE') {
      // Archive deleted order
      await archiveToS3(record.dynamodb.OldImage);
    }
  }
};

/** A DynamoDB image ({S: ...}, {N: ...}, ...) as plain values. */
function plain(image) {
  const value = (v) => {
    if ('S' in v) return v.S;
    if ('N' in v) return Number(v.N);
    if ('BOOL' in v) return v.BOOL;
    if ('NULL' in v) return null;
    if ('M' in v) return plain(v.M);
    if ('L' in v) return v.L.map(value);
    if ('SS' in v) return v.SS;
    if ('NS' in v) return v.NS.map(Number);
    return v;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, value(v)]));
}

async function sendConfirmationEmail(newImage) {
  const o = plain(newImage);
  const lines = (o.items || []).map((i) => `- ${i.sku} x${i.quantity} at ${i.price}\n`).join('');
  await mail(o.email, `Order ${o.orderId} confirmed`,
    `Hello ${o.customerId},\n\nthank you for your order ${o.orderId} of ${o.orderDate}:\n${lines}Total: ${o.total}\n`);
}

async function updateSearchIndex(newImage) {
  const o = plain(newImage);
  const id = encodeURIComponent(`${o.customerId}|${o.orderDate}`);
  await request('PUT', `${OPENSEARCH_URL}/${ORDERS_INDEX}/_doc/${id}`, JSON.stringify(o),
    { 'Content-Type': 'application/json' });
}

async function notifyCustomer(newImage) {
  const o = plain(newImage);
  await mail(o.email, `Order ${o.orderId} is now ${o.status}`,
    `Hello ${o.customerId},\n\nyour order ${o.orderId} is now ${o.status}.\n`);
}

async function archiveToS3(oldImage) {
  const o = plain(oldImage);
  const resource = `/${ARCHIVE_BUCKET}/orders/${encodeURIComponent(o.orderId)}.json`;
  const date = new Date().toUTCString();
  const type = 'application/json';
  // AWS signature version 2 (accepted by S3-compatible servers such as S3Proxy).
  const signature = crypto.createHmac('sha1', process.env.AWS_SECRET_ACCESS_KEY || '')
    .update(`PUT\n\n${type}\n${date}\n${resource}`).digest('base64');
  await request('PUT', S3_ENDPOINT + resource, JSON.stringify(o), {
    'Content-Type': type, Date: date, Authorization: `AWS ${process.env.AWS_ACCESS_KEY_ID}:${signature}`,
  });
}

function request(method, url, body, headers) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(body, 'utf8');
    const req = http.request(url, { method, headers: { ...headers, 'Content-Length': data.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode < 300 ? resolve()
        : reject(new Error(`${method} ${url}: ${res.statusCode} ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** One message over SMTP: EHLO, MAIL FROM, RCPT TO, DATA, QUIT. */
function mail(to, subject, body) {
  const message = [`From: ${MAIL_FROM}`, `To: ${to}`, `Subject: ${subject}`, 'Content-Type: text/plain; charset=utf-8', '',
    body.replace(/\n/g, '\r\n').replace(/^\./gm, '..')].join('\r\n');
  const commands = ['EHLO localhost', `MAIL FROM:<${MAIL_FROM}>`, `RCPT TO:<${to}>`, 'DATA', `${message}\r\n.`, 'QUIT'];
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(SMTP_PORT, SMTP_HOST);
    let buffered = '';
    let step = 0;
    socket.setEncoding('utf8');
    socket.setTimeout(10000, () => socket.destroy(new Error('SMTP timed out')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffered += chunk;
      let m;
      while ((m = buffered.match(/^(\d{3})([ -])(.*)\r\n/))) {
        buffered = buffered.slice(m[0].length);
        if (m[2] === '-') continue; // a continuation line of a multi-line reply
        if (Number(m[1]) >= 400) {
          socket.destroy();
          reject(new Error(`SMTP ${m[1]} ${m[3]}`));
          return;
        }
        if (step < commands.length) {
          socket.write(`${commands[step++]}\r\n`);
        } else {
          socket.end();
          resolve();
        }
      }
    });
  });
}
