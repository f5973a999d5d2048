// Tributary console: fills the server-rendered pages from the JSON routes and event streams.
// No framework, no build step. Live data arrives by Server-Sent Events, read with fetch.
"use strict";

const $ = (sel, root) => (root || document).querySelector(sel);
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.substring(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
};
const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
};

// The token, typed once, is kept for this tab only and sent in a header with each request: never in
// a URL (which access logs, proxies and the browser's history keep), never in a cookie (which
// another site could make the browser send).
const TOKEN_KEY = "tributary.token";
const token = () => sessionStorage.getItem(TOKEN_KEY) || "";
const withToken = headers => token() ? Object.assign({"X-Tributary-Token": token()}, headers) : headers;

async function getJson(url) {
  const r = await fetch(url, {headers: withToken({"Accept": "application/json"})});
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

// Server-Sent Events read with fetch, so that the token header goes along (EventSource cannot send
// headers). Like EventSource: named events, and a reconnect 3 s after the stream drops; an answer
// other than 200 (a refused token, a bad request) is shown and not retried.
function stream(url) {
  const listeners = {};
  const abort = new AbortController();
  let closed = false;
  const dispatch = (name, data) => (listeners[name] || []).forEach(fn => fn({data}));
  const connect = async () => {
    try {
      const r = await fetch(url, {headers: withToken({"Accept": "text/event-stream"}), signal: abort.signal});
      if (!r.ok) {
        const body = await r.json().catch(() => ({}));
        closed = true;
        message(body.error || r.statusText, "error");
        return;
      }
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "", name = "message", data = [];
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n")) >= 0) {
          const line = buffer.substring(0, end).replace(/\r$/, "");
          buffer = buffer.substring(end + 1);
          if (line === "") {
            if (data.length) dispatch(name, data.join("\n"));
            name = "message";
            data = [];
          } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.push(line.substring(5).replace(/^ /, ""));
          }
        }
      }
    } catch (e) {
      if (closed) return;
    }
    if (!closed) setTimeout(connect, 3000);
  };
  connect();
  return {
    addEventListener(name, fn) {
      (listeners[name] = listeners[name] || []).push(fn);
    },
    close() {
      closed = true;
      abort.abort();
    },
  };
}

// Actions carry the token in a header (never a cookie) and a JSON body.
async function act(name, body) {
  const r = await fetch("/console/api/actions/" + name, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-Tributary-Token": token()},
    body: JSON.stringify(body),
  });
  const reply = await r.json();
  if (!r.ok) throw new Error(reply.error || r.statusText);
  return reply;
}

function message(text, kind) {
  const m = $("#message");
  m.textContent = text;
  m.className = "message " + (kind || "");
  m.hidden = !text;
}

function confirmAction(text) {
  return new Promise(resolve => {
    const box = $("#confirm");
    $("#confirm-text").textContent = text;
    box.hidden = false;
    const done = answer => {
      box.hidden = true;
      $("#confirm-yes").onclick = null;
      $("#confirm-no").onclick = null;
      resolve(answer);
    };
    $("#confirm-yes").onclick = () => done(true);
    $("#confirm-no").onclick = () => done(false);
  });
}

// Follows a job's progress until it finishes; resolves with the finished job.
function followJob(job) {
  const box = $("#progress");
  box.hidden = false;
  box.dataset.state = "RUNNING";
  const show = j => {
    const pct = j.total > 0 ? Math.min(100, Math.round(100 * j.done / j.total)) : (j.state === "DONE" ? 100 : 0);
    $(".bar span", box).style.width = pct + "%";
    $("p", box).textContent = j.kind + " " + j.what + ": " + j.done + (j.total >= 0 ? " / " + j.total : "")
        + " events (" + pct + "%)" + (j.state !== "RUNNING" ? " — " + j.state.toLowerCase() + ": " + j.result : "");
    box.dataset.state = j.state;
    box.dataset.done = j.done;
    box.dataset.total = j.total;
  };
  show(job);
  return new Promise(resolve => {
    const es = stream("/console/events/job?id=" + encodeURIComponent(job.id));
    es.addEventListener("progress", e => show(JSON.parse(e.data)));
    es.addEventListener("finished", e => {
      const j = JSON.parse(e.data);
      show(j);
      es.close();
      resolve(j);
    });
  });
}

const fmtSeconds = s => s < 1 ? s.toFixed(1) + " s" : s < 120 ? Math.round(s) + " s" : (s / 60).toFixed(1) + " min";

// ---- overview -------------------------------------------------------------------------------

function overview() {
  const es = stream("/console/events/lanes");
  const apply = sample => {
    for (const l of sample.lanes) {
      const row = document.querySelector('tr[data-lane="' + CSS.escape(l.lane) + '"]');
      if (!row) continue;
      $(".runner", row).textContent = l.runner + (l.restarts ? " (" + l.restarts + " restarts)" : "");
      $(".runner", row).className = "runner st-" + l.runner;
      $(".lag", row).textContent = l.lagEvents;
      $(".lagtime", row).textContent = fmtSeconds(l.lagSeconds);
      $(".rate", row).textContent = l.rate;
      $(".dead", row).textContent = l.deadLettered;
    }
  };
  es.addEventListener("history", e => {
    const s = JSON.parse(e.data).samples;
    if (s.length) apply(s[s.length - 1]);
  });
  es.addEventListener("sample", e => apply(JSON.parse(e.data)));
}

// ---- lanes ----------------------------------------------------------------------------------

function chart(points, key, label, unit) {
  const w = 420, h = 120, pad = 28;
  const s = svg("svg", {viewBox: `0 0 ${w} ${h}`, class: "chart", role: "img", "aria-label": label});
  const now = Date.now();
  // From the first sample kept (at least a minute, at most ten) to now.
  const span = Math.min(10 * 60 * 1000, Math.max(60 * 1000, points.length ? now - points[0].t : 0));
  const max = Math.max(1, ...points.map(p => p[key]));
  s.append(svg("line", {x1: pad, y1: h - pad, x2: w - 4, y2: h - pad, class: "axis"}));
  s.append(svg("line", {x1: pad, y1: 6, x2: pad, y2: h - pad, class: "axis"}));
  const t1 = svg("text", {x: 2, y: 14, class: "tick"});
  t1.textContent = max >= 100 ? Math.round(max) : +max.toFixed(1);
  const t0 = svg("text", {x: 2, y: h - pad, class: "tick"});
  t0.textContent = "0";
  const tl = svg("text", {x: pad, y: h - 8, class: "tick"});
  tl.textContent = span >= 120 * 1000 ? "−" + Math.round(span / 60000) + " min" : "−" + Math.round(span / 1000) + " s";
  const tr = svg("text", {x: w - 30, y: h - 8, class: "tick"});
  tr.textContent = "now";
  const title = svg("text", {x: pad + 6, y: 14, class: "title"});
  title.textContent = label + (points.length ? ": " + points[points.length - 1][key] + unit : "");
  s.append(t1, t0, tl, tr, title);
  const xy = p => [pad + (w - 4 - pad) * Math.max(0, 1 - (now - p.t) / span), h - pad - (h - pad - 6) * p[key] / max];
  if (points.length) {
    const d = points.map((p, i) => (i ? "L" : "M") + xy(p).map(v => v.toFixed(1)).join(",")).join(" ");
    s.append(svg("path", {d, class: "line"}));
  }
  return s;
}

function lanes() {
  const samples = [];
  const root = $("#lanes");
  const draw = () => {
    root.replaceChildren();
    const byLane = new Map();
    for (const s of samples) {
      for (const l of s.lanes) {
        if (!byLane.has(l.lane)) byLane.set(l.lane, []);
        byLane.get(l.lane).push(Object.assign({t: s.t}, l));
      }
    }
    for (const [lane, points] of byLane) {
      const last = points[points.length - 1];
      root.append(el("section", {class: "lane", "data-lane": lane},
        el("h2", {}, last.pipeline + " / " + last.handler, " ", el("code", {}, lane)),
        el("p", {class: "numbers"},
          "runner ", el("b", {class: "st-" + last.runner}, last.runner),
          " · lag ", el("b", {class: "lag-events"}, String(last.lagEvents)), " events",
          " · ", el("b", {class: "lag-seconds"}, fmtSeconds(last.lagSeconds)),
          " · ", el("b", {class: "rate"}, String(last.rate)), " events/s",
          " · dead-lettered ", el("b", {}, String(last.deadLettered)),
          last.lastError ? el("span", {class: "error"}, " · last error: " + last.lastError) : null),
        el("div", {class: "charts"},
          chart(points, "lagEvents", "lag", " events"),
          chart(points, "lagSeconds", "lag time", " s"),
          chart(points, "rate", "throughput", " events/s"))));
    }
    if (!byLane.size) root.append(el("p", {class: "hint"}, "Waiting for the first sample…"));
  };
  const es = stream("/console/events/lanes");
  es.addEventListener("history", e => {
    samples.push(...JSON.parse(e.data).samples);
    draw();
  });
  es.addEventListener("sample", e => {
    samples.push(JSON.parse(e.data));
    while (samples.length && samples[0].t < Date.now() - 10 * 60 * 1000) samples.shift();
    draw();
  });
}

// ---- dead letters ---------------------------------------------------------------------------

async function deadLetters() {
  const counts = async () => {
    const table = $("#dlq-counts");
    const rows = await getJson("/console/api/dead-letters");
    table.replaceChildren(table.rows[0]);
    for (const r of rows) {
      table.append(el("tr", {"data-lane": r.lane}, el("td", {}, r.pipeline), el("td", {}, r.handler),
        el("td", {}, el("code", {}, r.topic)), el("td", {class: "total"}, r.total), el("td", {class: "pending"}, r.pending)));
    }
  };
  const load = async () => {
    const lane = $("#dlq-lane").value;
    const filter = $("#dlq-filter").value;
    const data = await getJson("/console/api/dead-letters/events?lane=" + encodeURIComponent(lane)
        + "&filter=" + encodeURIComponent(filter));
    const table = $("#dlq-items");
    table.replaceChildren(el("tr", {}, el("th", {}, ""), el("th", {}, "partition@offset"), el("th", {}, "key"),
      el("th", {}, "event"), el("th", {}, "error"), el("th", {}, "attempts"), el("th", {}, "status")));
    $("#dlq-detail").textContent = data.items.length ? "Select a dead letter to see it whole." : "No dead letters.";
    for (const d of data.items) {
      const h = d.headers || {};
      const ev = d.event || {};
      const row = el("tr", {class: "dlq-item", "data-partition": d.partition, "data-offset": d.offset},
        el("td", {}, el("input", {type: "checkbox", class: "pick", disabled: d.redriven})),
        el("td", {}, d.partition + "@" + d.offset),
        el("td", {}, d.key || ""),
        el("td", {}, (ev.eventName || "") + " " + JSON.stringify((ev.dynamodb || {}).Keys || {})),
        el("td", {class: "error"}, (h["tributary.error.class"] || "").split(".").pop() + ": " + (h["tributary.error.message"] || "")),
        el("td", {}, h["tributary.attempts"] ?? ""),
        el("td", {class: "status " + (d.redriven ? "st-DONE" : "st-PENDING")}, d.redriven ? "redriven" : "not redriven"));
      row.addEventListener("click", e => {
        if (e.target.classList.contains("pick")) return;
        document.querySelectorAll("tr.selected").forEach(r => r.classList.remove("selected"));
        row.classList.add("selected");
        $("#dlq-detail").textContent = JSON.stringify(d, null, 2);
      });
      table.append(row);
    }
  };
  const redrive = async body => {
    const what = body.all ? "every dead letter not yet redriven" : body.selection.length + " selected dead letter(s)";
    if (!await confirmAction("Send " + what + " of " + $("#dlq-lane").selectedOptions[0].textContent
        + " back to the handler's lane?")) return;
    try {
      const job = await act("redrive", Object.assign({lane: $("#dlq-lane").value}, body));
      const done = await followJob(job);
      message(done.result, done.state === "DONE" ? "ok" : "error");
      await counts();
      await load();
    } catch (e) {
      message(e.message, "error");
    }
  };
  $("#dlq-load").addEventListener("click", () => load().catch(e => message(e.message, "error")));
  $("#dlq-lane").addEventListener("change", () => load().catch(e => message(e.message, "error")));
  $("#dlq-filter").addEventListener("keydown", e => { if (e.key === "Enter") load().catch(x => message(x.message, "error")); });
  const all = $("#dlq-redrive-all");
  if (all) all.addEventListener("click", () => redrive({all: true}));
  const sel = $("#dlq-redrive-selected");
  if (sel) sel.addEventListener("click", () => {
    const selection = [...document.querySelectorAll("tr.dlq-item")].filter(r => $(".pick", r).checked)
        .map(r => ({partition: +r.dataset.partition, offset: +r.dataset.offset}));
    if (!selection.length) return message("Select dead letters first (the boxes on the left).", "error");
    redrive({selection});
  });
  await counts().catch(e => message(e.message, "error"));
  await load().catch(e => message(e.message, "error"));
}

// ---- replay ---------------------------------------------------------------------------------

async function replay() {
  const jobs = async () => {
    const all = await getJson("/console/api/jobs");
    const t = $("#jobs");
    t.replaceChildren(el("tr", {}, el("th", {}, "job"), el("th", {}, "what"), el("th", {}, "state"), el("th", {}, "result")));
    for (const j of all.reverse()) {
      t.append(el("tr", {}, el("td", {}, j.id), el("td", {}, j.what), el("td", {class: "st-" + j.state}, j.state),
        el("td", {}, j.result)));
    }
  };
  const form = $("#replay-form");
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const opt = $("#replay-lane").selectedOptions[0];
    const body = {pipeline: opt.dataset.pipeline, handler: opt.dataset.handler, from: $("#replay-from").value,
      to: $("#replay-to").value, where: $("#replay-where").value, source: $("#replay-source").value};
    if (!await confirmAction("Replay history from " + body.from + " to " + body.pipeline + " / " + body.handler + "?")) return;
    try {
      const job = await act("replay", body);
      const done = await followJob(job);
      message(done.result, done.state === "DONE" ? "ok" : "error");
    } catch (err) {
      message(err.message, "error");
    }
    jobs();
  });
  jobs().catch(e => message(e.message, "error"));
}

// ---- tail -----------------------------------------------------------------------------------

function tail() {
  let es = null;
  const list = $("#tail-events");
  const status = $("#tail-status");
  const stop = () => {
    if (es) es.close();
    es = null;
    $("#tail-start").disabled = false;
    $("#tail-stop").disabled = true;
    status.dataset.state = "stopped";
  };
  $("#tail-start").addEventListener("click", () => {
    stop();
    list.replaceChildren();
    const [kind, name] = $("#tail-source").value.split(/:(.*)/s);
    const q = new URLSearchParams({[kind]: name});
    if ($("#tail-names").value) q.set("eventName", $("#tail-names").value);
    if ($("#tail-prefix").value) q.set("keyPrefix", $("#tail-prefix").value);
    if ($("#tail-text").value) q.set("text", $("#tail-text").value);
    es = stream("/console/events/tail?" + q);
    status.textContent = "connecting…";
    status.dataset.state = "connecting";
    $("#tail-start").disabled = true;
    $("#tail-stop").disabled = false;
    es.addEventListener("ready", e => {
      status.textContent = "following " + JSON.parse(e.data).topic;
      status.dataset.state = "ready";
    });
    es.addEventListener("failure", e => {
      status.textContent = JSON.parse(e.data).error;
      status.dataset.state = "failed";
      stop();
    });
    es.addEventListener("change", e => {
      const c = JSON.parse(e.data);
      const ev = c.event;
      const summary = el("summary", {},
        el("span", {class: "name " + ev.eventName}, ev.eventName), " ",
        new Date(c.timestamp).toISOString().substring(11, 23), " ",
        el("code", {}, JSON.stringify(ev.dynamodb.Keys)), " seq ", ev.dynamodb.SequenceNumber,
        " · p", c.partition, "@", c.offset);
      list.prepend(el("details", {class: "change"}, summary, el("pre", {class: "json"}, JSON.stringify(ev, null, 2))));
      while (list.children.length > 200) list.lastChild.remove();
    });
  });
  $("#tail-stop").addEventListener("click", stop);
}

// ---- tables ---------------------------------------------------------------------------------

async function tables() {
  const root = $("#tables");
  const list = await getJson("/console/api/tables");
  root.replaceChildren(el("table", {id: "table-list"},
    el("tr", {}, el("th", {}, "table"), el("th", {}, "key"), el("th", {}, "items"), el("th", {}, "stream"), el("th", {}, "indexes")),
    list.map(t => el("tr", {},
      el("td", {}, el("a", {href: "#" + encodeURIComponent(t.name), class: "table-link", onclick: () => open(t.name)}, t.name)),
      el("td", {}, t.key), el("td", {}, t.items), el("td", {}, t.stream), el("td", {}, t.indexes)))));

  async function open(name) {
    const d = await getJson("/console/api/table?name=" + encodeURIComponent(name));
    const box = $("#table");
    const items = el("table", {id: "items"});
    const pk = el("input", {id: "pk", placeholder: "partition key value (empty: scan)"});
    const index = el("select", {id: "index"}, el("option", {value: ""}, "table"),
      d.indexes.map(i => el("option", {value: i.name}, i.name)));
    const next = el("button", {id: "next-page", disabled: true}, "Next page");
    let nextKey = null;
    const load = async more => {
      const q = new URLSearchParams({name, limit: 25});
      if (pk.value) q.set("pk", pk.value);
      if (index.value) q.set("index", index.value);
      if (more && nextKey) q.set("start", nextKey);
      const page = await getJson("/console/api/table/items?" + q);
      nextKey = page.nextKey || null;
      next.disabled = !nextKey;
      const keyNames = d.keySchema.map(k => k.name);
      const cols = [...new Set([...keyNames, ...page.items.flatMap(i => Object.keys(i))])].slice(0, 8);
      items.replaceChildren(el("tr", {}, cols.map(c => el("th", {}, c)), el("th", {}, "")));
      for (const it of page.items) {
        const key = Object.fromEntries(keyNames.map(k => [k, it[k]]));
        items.append(el("tr", {class: "item"}, cols.map(c => el("td", {}, it[c] ? Object.values(it[c])[0] instanceof Object
            ? JSON.stringify(Object.values(it[c])[0]) : String(Object.values(it[c])[0]) : "")),
          el("td", {}, el("button", {class: "history", onclick: () => history(name, key)}, "History"))));
      }
      $("#page-info").textContent = page.count + " item(s)" + (nextKey ? ", more follow" : "");
    };
    box.replaceChildren(
      el("h2", {}, name),
      el("p", {class: "numbers"}, "key ", el("b", {}, d.keySchema.map(k => k.name + " (" + k.type + ", " + k.keyType + ")").join(", ")),
        " · ", el("b", {}, d.items), " items · stream ", el("b", {}, d.stream),
        d.indexes.length ? " · indexes " + d.indexes.map(i => i.name + " [" + i.key + "]").join("; ") : ""),
      el("div", {class: "controls"}, el("label", {}, "Read ", index), " ", pk, " ",
        el("button", {id: "query", onclick: () => load(false).catch(e => message(e.message, "error"))}, "Query / scan"), " ", next,
        " ", el("span", {id: "page-info", class: "hint"})),
      items);
    next.addEventListener("click", () => load(true).catch(e => message(e.message, "error")));
    $("#history").replaceChildren();
    await load(false);
  }

  async function history(name, key) {
    const h = await getJson("/console/api/table/history?name=" + encodeURIComponent(name) + "&key="
        + encodeURIComponent(JSON.stringify(key)));
    $("#history").replaceChildren(el("h2", {}, "Change history of " + JSON.stringify(key)),
      el("p", {class: "hint"}, h.changes.length + " change(s) in the change log" + (h.complete ? "" : " (first "
          + h.scanned + " records read)")),
      el("ol", {id: "history-list"}, h.changes.map(c => el("li", {},
        el("details", {}, el("summary", {}, el("span", {class: "name " + c.eventName}, c.eventName),
          " seq " + c.dynamodb.SequenceNumber + " at "
          + new Date(c.dynamodb.ApproximateCreationDateTime * 1000).toISOString()),
          el("pre", {class: "json"}, JSON.stringify({OldImage: c.dynamodb.OldImage, NewImage: c.dynamodb.NewImage}, null, 2)))))));
  }
  const first = decodeURIComponent(location.hash.substring(1));
  if (first) open(first).catch(e => message(e.message, "error"));
}

// ---- start ----------------------------------------------------------------------------------

// A console whose reads need the token sends a page without data first; with the token, this
// fetches the page again and shows it.
function locked() {
  const open = async () => {
    const r = await fetch(location.pathname + location.search, {headers: withToken({"Accept": "text/html"})});
    if (!r.ok) {
      message(token() ? "wrong console token" : "enter the console token", "error");
      return;
    }
    const page = new DOMParser().parseFromString(await r.text(), "text/html");
    document.title = page.title;
    document.body = document.adoptNode(page.body);
    start();
  };
  $("#unlock").addEventListener("submit", e => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("#unlock-token").value);
    open().catch(err => message(err.message, "error"));
  });
  if (token()) open().catch(err => message(err.message, "error"));
}

function start() {
  const input = $("#token");
  if (input) {
    input.value = token();
    input.addEventListener("input", () => sessionStorage.setItem(TOKEN_KEY, input.value));
  }
  const pages = {overview, lanes, "dead-letters": deadLetters, replay, tail, tables, locked};
  const run = pages[document.body.dataset.page];
  if (run) Promise.resolve(run()).catch(e => message(e.message, "error"));
}

document.addEventListener("DOMContentLoaded", start);
