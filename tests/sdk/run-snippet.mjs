// Runs one README snippet (an ES module) as a browser page would, and reports what it did.
//
//   node run-snippet.mjs '{"code":"<module source>","timeoutMs":30000}'
//
// The snippet is written to a temporary file in this folder, so its bare imports resolve to the pinned packages
// in node_modules, and imported after the browser shims the SDK drivers use (browser-shims.mjs) are installed.
// The snippet ends when its top-level await settles; its exported strings, numbers and booleans are reported.
//
// Output (stdout, last line, one JSON object): { ok, exports: { name: value }, sockets: [url], error }, where
// sockets are the URLs of the WebSockets the snippet (or its SDK) opened. Exit code 0 when the snippet ran to
// its end, 1 when it threw or did not end within timeoutMs, 2 on a bad argument.
// The process exits once the result is written: SDKs keep sockets and timers alive that a page would keep too.

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { installBrowserShims } from './browser-shims.mjs';

const DEFAULT_TIMEOUT_MS = 30_000;

let input;
try {
  input = JSON.parse(process.argv[2] ?? '');
  if (typeof input?.code !== 'string' || input.code.trim() === '') {
    throw new Error('code (the snippet source) is required');
  }
} catch (error) {
  process.stderr.write(`run-snippet: bad argument: ${error.message}\n`);
  process.exit(2);
}

const result = { ok: false, exports: {}, sockets: [], error: null };
const finish = () => process.stdout.write('\n' + JSON.stringify(result) + '\n', () => process.exit(result.ok ? 0 : 1));

const frames = [];
const file = new URL(`./.snippet-${randomUUID()}.mjs`, import.meta.url);
const timeoutMs = Number(input.timeoutMs ?? DEFAULT_TIMEOUT_MS);
const hardStop = setTimeout(() => {
  rmSync(file, { force: true });
  result.ok = false;
  result.error = `the snippet did not end within ${timeoutMs} ms`;
  finish();
}, timeoutMs);

try {
  await installBrowserShims(frames);
  await writeFile(file, input.code, 'utf8');
  const module = await import(file.href);
  for (const [name, value] of Object.entries(module)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) {
      result.exports[name] = value;
    }
  }
  result.ok = true;
} catch (error) {
  result.error = describe(error);
} finally {
  await rm(file, { force: true });
  clearTimeout(hardStop);
  result.sockets = frames.filter((frame) => frame.dir === 'connect').map((frame) => frame.data);
  finish();
}

// SDKs reject with plain objects too (the Genesys client with { status, body, … }); report those without their
// request headers, which carry the guest's credentials.
function describe(error) {
  if (error instanceof Error) {
    return String(error.stack ?? error);
  }
  if (typeof error?.status === 'number') {
    return `HTTP ${error.status}: ${JSON.stringify(error.body ?? null).slice(0, 500)}`;
  }
  return String(error);
}
