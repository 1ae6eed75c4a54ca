// Drives Genesys Cloud guest chat (Web Chat v2) with the official client, purecloud-guest-chat-client 13.2.0.
//
// One JSON argument:
//   { basePath: "http://127.0.0.1:PORT",            // simulator or gateway; no trailing slash needed
//     basePaths?: [ "http://…", … ],               // calls after create go to each in turn (gateway replicas)
//     organizationId, deploymentId, displayName?,   // create-chat body (memberInfo.displayName, default "Guest")
//     openEventStream?: true,                        // attach eventStreamUri with `ws`, as a guest must before routing
//     fixRedactedAuthorization?: true,               // work around the client's [REDACTED] Authorization bug (below)
//     steps: [ { at: ms, do: "typing", durationMs, perSecond, minIntervalMs?, quietMs? }
//            | { at: ms, do: "message", body: "text", bodyType?: "standard" }
//            | { at: ms, do: "getMember" }
//            | { at: ms, do: "setJwt", jwt: "created" | "none" | "<literal>" } ],
//     endAfterMs }
// One JSON result on stdout: ids, a SHA-256 of the JWT (never the JWT), per typing burst the keystrokes, the calls
// made with their first/last times and statuses, and per message what was sent and what came back.
//
// Typing cadence: the client itself sends one call per method call, so by default every keystroke is a call.
// minIntervalMs throttles (a call at most every minIntervalMs). quietMs emulates Genesys' own Web Chat v2 widget
// (Genesys Widgets 9.0.018.07, WebChatService with the purecloud-v2-sockets transport): every keydown asks to send
// typing, but only a keystroke that follows at least quietMs (2000 there) without keystrokes makes a call, so a
// continuous burst costs one call however long it lasts. The last keystroke time is shared by all bursts, as in the widget.
//
// The client resolves only a response body unless setReturnExtendedResponses(true), so the driver turns that on to
// report statuses. Times are milliseconds since the driver's start (before create).
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import platformClient from 'purecloud-guest-chat-client';
import WebSocket from 'ws';

const input = JSON.parse(process.argv[2] ?? '{}');
const started = performance.now();
const now = () => Math.round((performance.now() - started) * 10) / 10;
const sleepUntil = (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - (performance.now() - started))));
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const client = platformClient.ApiClient.instance;
// setEnvironment() cannot reach a loopback simulator: it strips the scheme and an "api." prefix and always builds
// https://api.<environment> (configuration.js setEnvironment). Every request is built from config.basePath
// (ApiClient.buildUrl), so that is the one setting that points the client anywhere; `client.basePath` is not read.
client.config.basePath = String(input.basePath ?? '').replace(/\/+$/, '');
// basePaths (optional): every call after create goes to the next one in turn, as a load balancer spreads one
// guest's requests over gateway replicas.
const basePaths = Array.isArray(input.basePaths) ? input.basePaths.map((p) => String(p).replace(/\/+$/, '')) : [];
let nextBase = 0;
client.setReturnExtendedResponses(true);
const webChatApi = new platformClient.WebChatApi();

// Bug in 13.2.0: a call without auth (create chat) uses ApiClient.defaultHeaders itself as its header object
// (addHeaders(undefined, defaultHeaders, …) returns defaultHeaders), and after the response the logger's formatLog
// writes requestHeaders['Authorization'] = '[REDACTED]' into that object. Every later call then sends
// "Authorization: [REDACTED]" instead of "Bearer <jwt>", because defaultHeaders are merged over the JWT header.
// A fresh defaultHeaders object before each call keeps the poisoned one out of the request.
const fixRedactedAuthorization = input.fixRedactedAuthorization !== false;
const call = (fn) => {
  if (fixRedactedAuthorization) {
    client.defaultHeaders = {};
  }
  if (basePaths.length > 0 && result.conversationId) {
    client.config.basePath = basePaths[nextBase++ % basePaths.length];
  }
  return fn().then(
    (response) => ({ status: response.status, body: response.body ?? null }),
    (failure) => failure && typeof failure.status === 'number'
      ? { status: failure.status, body: failure.body ?? null }
      : { status: 'error:' + (failure?.code ?? failure?.message ?? String(failure)), body: null });
};

const result = {
  sdk: 'purecloud-guest-chat-client',
  fixRedactedAuthorization,
  conversationId: null,
  memberId: null,
  jwtSha256: null,
  eventStreamUri: null,
  create: null,
  eventStream: null,
  bursts: [],
  messages: [],
  members: [],
  errors: [],
};
const pending = [];
let lastKeystrokeAt = -Infinity;

function tally(statuses, status) {
  statuses[status] = (statuses[status] ?? 0) + 1;
}

async function typingBurst(step, index) {
  const perSecond = Number(step.perSecond ?? 10);
  const durationMs = Number(step.durationMs ?? 0);
  const minIntervalMs = Number(step.minIntervalMs ?? 0);
  const quietMs = Number(step.quietMs ?? 0);
  const gapMs = 1000 / perSecond;
  const burst = { step: index, at: step.at, durationMs, perSecond, minIntervalMs, quietMs, keystrokes: 0, calls: 0, firstCallAtMs: null, lastCallAtMs: null, statuses: {} };
  result.bursts.push(burst);
  let lastSentAt = -Infinity;
  // Keystroke k is due at at + k·gap (no drift from timer lateness); a burst of D ms at r/s has ceil(D·r/1000) keys.
  for (let k = 0; k * gapMs < durationMs; k++) {
    await sleepUntil(step.at + k * gapMs);
    burst.keystrokes++;
    // Throttle decisions use the keystroke's due time, not the timer's actual (late) time, so how many calls a
    // burst makes is a function of the arguments alone and a test can assert it exactly.
    const due = step.at + k * gapMs;
    const t = now();
    const quietFor = due - lastKeystrokeAt;
    lastKeystrokeAt = due;
    if (due - lastSentAt < minIntervalMs || quietFor < quietMs) {
      continue;
    }

    lastSentAt = due;
    burst.calls++;
    burst.firstCallAtMs ??= t;
    burst.lastCallAtMs = t;
    // Not awaited: a guest keeps typing while a typing call is in flight.
    pending.push(call(() => webChatApi.postWebchatGuestConversationMemberTyping(result.conversationId, result.memberId))
      .then((response) => tally(burst.statuses, response.status)));
  }
}

async function message(step, index) {
  await sleepUntil(step.at);
  const body = { body: String(step.body ?? ''), bodyType: step.bodyType ?? 'standard' };
  const entry = { step: index, at: step.at, sentAtMs: now(), sentJson: JSON.stringify(body), status: null, response: null };
  result.messages.push(entry);
  const response = await call(() => webChatApi.postWebchatGuestConversationMemberMessages(result.conversationId, result.memberId, body));
  entry.status = response.status;
  entry.response = response.body;
}

async function getMember(step, index) {
  await sleepUntil(step.at);
  const response = await call(() => webChatApi.getWebchatGuestConversationMember(result.conversationId, result.memberId));
  result.members.push({ step: index, at: step.at, status: response.status, response: response.body });
}

async function setJwt(step, jwt) {
  await sleepUntil(step.at);
  client.setJwt(step.jwt === 'none' ? undefined : step.jwt === 'created' || step.jwt === undefined ? jwt : step.jwt);
}

function openEventStream(uri) {
  const stream = { opened: false, openedAtMs: null, closeCode: null, error: null };
  result.eventStream = stream;
  const socket = new WebSocket(uri);
  const opened = new Promise((resolve) => {
    socket.once('open', () => { stream.opened = true; stream.openedAtMs = now(); resolve(); });
    socket.once('error', (error) => { stream.error = error.message; resolve(); });
  });
  const closed = new Promise((resolve) => socket.once('close', (code) => { stream.closeCode = code; resolve(); }));
  return { socket, opened, closed };
}

async function main() {
  const createBody = {
    organizationId: input.organizationId,
    deploymentId: input.deploymentId,
    memberInfo: { displayName: input.displayName ?? 'Guest' },
  };
  const created = await call(() => webChatApi.postWebchatGuestConversations(createBody));
  result.create = { status: created.status, sentJson: JSON.stringify(createBody) };
  if (created.status !== 200 || !created.body?.jwt) {
    result.errors.push('create chat failed');
    return;
  }

  const jwt = created.body.jwt;
  result.conversationId = created.body.id;
  result.memberId = created.body.member?.id ?? null;
  result.jwtSha256 = sha256(jwt);
  result.eventStreamUri = created.body.eventStreamUri ?? null;
  client.setJwt(jwt);

  const stream = input.openEventStream !== false && result.eventStreamUri ? openEventStream(result.eventStreamUri) : null;
  if (stream) {
    await Promise.race([stream.opened, sleepUntil(now() + 5000)]);
  }

  const steps = (input.steps ?? []).map((step, index) => {
    switch (step.do) {
      case 'typing': return typingBurst(step, index);
      case 'message': return message(step, index);
      case 'getMember': return getMember(step, index);
      case 'setJwt': return setJwt(step, jwt);
      default: result.errors.push(`step ${index}: unknown "do": ${step.do}`); return Promise.resolve();
    }
  });
  await Promise.all(steps);
  await sleepUntil(Number(input.endAfterMs ?? 0));
  await Promise.all(pending);

  if (stream) {
    stream.socket.close(1000, 'guest done');
    await Promise.race([stream.closed, sleepUntil(now() + 5000)]);
    stream.socket.terminate();
  }
}

main()
  .catch((error) => result.errors.push(String(error?.stack ?? error)))
  .finally(() => {
    result.endedAtMs = now();
    // axios keeps sockets alive: exit once the result is written rather than when the event loop drains.
    process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(result.errors.length === 0 ? 0 : 1));
  });
