// Drives the official NICE CXone web SDK (@nice-devone/nice-cxone-chat-web-sdk, unmodified) as one guest
// with one or more browser tabs, and reports what each tab did and received.
//
//   node cxone-guest.mjs '<json>'
//
// Input:
//   { brandId, channelId, customerId, threadId?, trace?, expectConnectionLoss?, endAfterMs, timeoutMs?,
//     tabs:  [ { name, chatUrl, gatewayUrl, authorizeUrl } ],
//     steps: [ { at, tab, do: "keystrokes", durationMs, perSecond }   // thread.keystroke() perSecond times a second
//            | { at, tab, do: "message", text }                      // await thread.sendTextMessage(text)
//            | { at, tab, do: "stopTyping" }                         // thread.stopTyping()
//            | { at, tab, do: "authorize" }                          // sdk.authorize() again (ReconnectConsumer)
//            | { at, tab, do: "close" } ] }                          // close the tab's socket for good
//   trace: true adds every socket frame (both directions) to the output.
//   expectConnectionLoss: true counts the SDK's WebSocketClientErrors (a socket the server dropped; the SDK
//   reconnects by itself) in connectionErrors instead of failing the run.
//   `at` is in ms after the common start, which is when every tab has authorized and holds the thread.
//   chatUrl is the SDK's customEnvironment.chat (channel info), gatewayUrl its customEnvironment.gateway
//   (the WebSocket, e.g. ws://127.0.0.1:PORT/cxone), authorizeUrl its customEnvironment.authorize.
//
// Output (stdout, one JSON object): { startedAt, threadId, tabs: [ { name, consumerId, authorizedAt, bursts:
//   [{ at, keystrokes, firstKeystrokeAt, lastKeystrokeAt }], stopTyping: [ms], messages: [{ text, sentAt,
//   resolvedAt, eventId }], agentMessages: [{ text, receivedAt }], ownMessages: [{ text, receivedAt }],
//   closedAt, connectionErrors, errors: [string], frames?: [{ at, dir, data }] } ] }. All times are Date.now() values.
// Exit code 0 when no tab saw an SDK error, 1 otherwise (the errors are also on stderr), 2 on bad input.
//
// Each tab runs in its own worker thread: the SDK keeps its state (endpoints, customer, access token) in
// module-level singletons, so tabs in one realm would share them; browser tabs do not.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { installBrowserShims } from './browser-shims.mjs';

const DEFAULT_TIMEOUT_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;

if (isMainThread) {
  await main();
} else {
  await runTab(workerData);
}

async function main() {
  let input;
  try {
    input = JSON.parse(process.argv[2] ?? '');
    validate(input);
  } catch (error) {
    process.stderr.write(`cxone-guest: bad argument: ${error.message}\n`);
    process.exit(2);
  }

  const threadId = input.threadId ?? crypto.randomUUID();
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const hardStop = setTimeout(() => {
    process.stderr.write(`cxone-guest: did not finish within ${timeoutMs} ms\n`);
    process.exit(1);
  }, timeoutMs);

  const workers = input.tabs.map((tab) => new Worker(new URL(import.meta.url), {
    workerData: {
      brandId: input.brandId,
      channelId: input.channelId,
      customerId: input.customerId,
      threadId,
      trace: input.trace === true,
      expectConnectionLoss: input.expectConnectionLoss === true,
      endAfterMs: input.endAfterMs,
      tab,
      steps: input.steps.filter((step) => step.tab === tab.name),
    },
  }));

  const ready = workers.map((worker) => next(worker, 'ready'));
  const results = workers.map((worker) => next(worker, 'result'));
  const readyOrFailed = await Promise.race([
    Promise.all(ready).then(() => true),
    Promise.race(results).then(() => false),
  ]);

  let startedAt = null;
  if (readyOrFailed) {
    startedAt = Date.now();
    for (const worker of workers) {
      worker.postMessage({ type: 'start', startedAt });
    }
  } else {
    for (const worker of workers) {
      worker.postMessage({ type: 'abort' });
    }
  }

  const tabs = (await Promise.all(results)).map((message) => message.result);
  await Promise.all(workers.map((worker) => worker.terminate()));
  clearTimeout(hardStop);

  process.stdout.write(JSON.stringify({ startedAt, threadId, tabs }) + '\n');
  const errors = tabs.flatMap((tab) => tab.errors.map((error) => `${tab.name}: ${error}`));
  if (errors.length > 0) {
    process.stderr.write(`cxone-guest: SDK errors:\n${errors.join('\n')}\n`);
    process.exit(1);
  }
}

function next(worker, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type === type) {
        worker.off('message', onMessage);
        resolve(message);
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

function validate(input) {
  const need = (condition, message) => {
    if (!condition) {
      throw new Error(message);
    }
  };
  need(typeof input === 'object' && input !== null, 'an object is required');
  need(Number.isInteger(input.brandId), 'brandId must be an integer');
  need(typeof input.channelId === 'string' && input.channelId, 'channelId is required');
  need(typeof input.customerId === 'string' && input.customerId, 'customerId is required');
  need(Array.isArray(input.tabs) && input.tabs.length > 0, 'tabs must be a non-empty array');
  need(Array.isArray(input.steps), 'steps must be an array');
  need(Number.isFinite(input.endAfterMs) && input.endAfterMs >= 0, 'endAfterMs is required');
  const names = new Set();
  for (const tab of input.tabs) {
    need(typeof tab.name === 'string' && !names.has(tab.name), 'every tab needs a unique name');
    names.add(tab.name);
    for (const url of ['chatUrl', 'gatewayUrl', 'authorizeUrl']) {
      need(typeof tab[url] === 'string' && URL.canParse(tab[url]), `tab ${tab.name}: ${url} must be a URL`);
    }
  }
  for (const step of input.steps) {
    need(names.has(step.tab), `step for unknown tab ${step.tab}`);
    need(Number.isFinite(step.at) && step.at >= 0 && step.at <= input.endAfterMs, 'every step needs 0 <= at <= endAfterMs');
    need(['keystrokes', 'message', 'stopTyping', 'authorize', 'close'].includes(step.do), `unknown step ${step.do}`);
    if (step.do === 'keystrokes') {
      need(step.durationMs >= 0 && step.perSecond > 0, 'keystrokes need durationMs >= 0 and perSecond > 0');
    }
    if (step.do === 'message') {
      need(typeof step.text === 'string' && step.text.length > 0, 'message needs a text');
    }
  }
}

// ---- one tab (worker thread) ----

async function runTab({ brandId, channelId, customerId, threadId, trace, expectConnectionLoss, endAfterMs, tab, steps }) {
  const result = {
    name: tab.name,
    consumerId: null,
    authorizedAt: null,
    bursts: [],
    stopTyping: [],
    messages: [],
    agentMessages: [],
    ownMessages: [],
    closedAt: null,
    connectionErrors: 0,
    errors: [],
    ...(trace ? { frames: [] } : {}),
  };
  let closing = false;
  const fail = (error) => {
    if (closing) {
      return;
    }
    if (expectConnectionLoss && error?.name === 'WebSocketClientError') {
      result.connectionErrors++;
      return;
    }
    result.errors.push(String(error?.stack ?? error));
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);

  await installBrowserShims(trace ? result.frames : null);
  const sdkModule = (await import('@nice-devone/nice-cxone-chat-web-sdk')).default;
  const { ChatSdk, ChatEvent, EnvironmentName } = sdkModule;

  let sdk;
  let thread;
  try {
    // The README's quick start, with a custom environment instead of a NICE region.
    sdk = new ChatSdk({
      brandId,
      channelId,
      customerId,
      environment: EnvironmentName.custom,
      customEnvironment: { name: 'simulator', chat: tab.chatUrl, gateway: tab.gatewayUrl, authorize: tab.authorizeUrl },
      onError: fail,
    });
    await sdk.connect();
    const authorized = await sdk.authorize();
    result.consumerId = authorized.consumerIdentity?.idOnExternalPlatform ?? null;
    result.authorizedAt = Date.now();
    thread = sdk.getThread(threadId);
    thread.onThreadEvent(ChatEvent.MESSAGE_CREATED, (event) => {
      const message = event.detail?.data?.message;
      const entry = { text: message?.messageContent?.payload?.text ?? null, receivedAt: Date.now() };
      (message?.direction === 'outbound' ? result.agentMessages : result.ownMessages).push(entry);
    });
  } catch (error) {
    fail(error);
  }

  if (result.errors.length > 0) {
    parentPort.postMessage({ type: 'result', result });
    return;
  }

  parentPort.postMessage({ type: 'ready' });
  const start = await new Promise((resolve) => parentPort.on('message', resolve));
  if (start.type !== 'start') {
    parentPort.postMessage({ type: 'result', result });
    return;
  }

  const pending = [];
  const at = (ms, action) => new Promise((resolve) => {
    setTimeout(() => {
      try {
        resolve(action());
      } catch (error) {
        fail(error);
        resolve();
      }
    }, Math.max(0, start.startedAt + ms - Date.now()));
  });

  for (const step of steps) {
    switch (step.do) {
      case 'keystrokes': {
        const burst = { at: step.at, keystrokes: 0, firstKeystrokeAt: null, lastKeystrokeAt: null };
        result.bursts.push(burst);
        const interval = 1000 / step.perSecond;
        const count = Math.max(1, Math.floor((step.durationMs * step.perSecond) / 1000));
        for (let k = 0; k < count; k++) {
          pending.push(at(step.at + k * interval, () => {
            if (closing) {
              return;
            }
            // Taken before the SDK sends (keystroke() may write to the socket at once), so a keystroke never
            // looks later than the frame it caused.
            const now = Date.now();
            thread.keystroke();
            burst.keystrokes++;
            burst.firstKeystrokeAt ??= now;
            burst.lastKeystrokeAt = now;
          }));
        }
        break;
      }
      case 'message':
        pending.push(at(step.at, async () => {
          const entry = { text: step.text, sentAt: Date.now(), resolvedAt: null, eventId: null };
          result.messages.push(entry);
          const reply = await withTimeout(thread.sendTextMessage(step.text), SEND_TIMEOUT_MS, `sendTextMessage("${step.text}")`);
          entry.resolvedAt = Date.now();
          entry.eventId = reply?.id ?? null;
        }).catch(fail));
        break;
      case 'stopTyping':
        pending.push(at(step.at, () => {
          thread.stopTyping();
          result.stopTyping.push(Date.now());
        }));
        break;
      case 'authorize':
        pending.push(at(step.at, () => withTimeout(sdk.authorize(), SEND_TIMEOUT_MS, 'authorize()')).catch(fail));
        break;
      case 'close':
        pending.push(at(step.at, () => close()));
        break;
    }
  }

  function close() {
    if (!closing) {
      closing = true;
      result.closedAt = Date.now();
      sdk.getWebsocketClient()?.disconnect();
    }
  }

  await at(endAfterMs, () => undefined);
  await withTimeout(Promise.allSettled(pending), SEND_TIMEOUT_MS, 'pending steps').catch(fail);
  close();
  parentPort.postMessage({ type: 'result', result });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
