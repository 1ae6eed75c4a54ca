// The browser globals the official web SDKs (and the CXone SDK's push-updates socket) touch in Node 20; nothing
// more. Used by cxone-guest.mjs and run-snippet.mjs. `frames`, when an array, receives every socket event.
export function installBrowserShims(frames = null) {
  return import('ws').then(({ WebSocket: NodeWebSocket }) => {
    class TracingWebSocket extends NodeWebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        if (frames) {
          frames.push({ at: Date.now(), dir: 'connect', data: String(url) });
          this.addEventListener('message', (event) => frames.push({ at: Date.now(), dir: 'in', data: String(event.data) }));
          this.addEventListener('close', (event) => frames.push({ at: Date.now(), dir: 'close', data: `${event.code} ${event.reason}` }));
        }
      }

      send(data, ...rest) {
        frames?.push({ at: Date.now(), dir: 'out', data: String(data) });
        return super.send(data, ...rest);
      }
    }

    globalThis.self ??= globalThis; // the SDK's UMD wrapper reads `self`
    globalThis.WebSocket = frames ? TracingWebSocket : NodeWebSocket;
    globalThis.CloseEvent ??= class CloseEvent extends Event {
      constructor(type, init = {}) {
        super(type);
        this.code = init.code ?? 1005;
        this.reason = init.reason ?? '';
        this.wasClean = init.wasClean ?? false;
      }
    };
    globalThis.ErrorEvent ??= class ErrorEvent extends Event {
      constructor(type, init = {}) {
        super(type);
        this.message = init.message ?? type;
        this.error = init.error;
      }
    };
    globalThis.window ??= {
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      location: { protocol: 'http:' },
      addEventListener() {},
      removeEventListener() {},
    };
    if (typeof globalThis.navigator === 'undefined') {
      Object.defineProperty(globalThis, 'navigator', {
        value: {
          language: 'en-US',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
          onLine: true,
        },
        configurable: true,
      });
    }
  });
}
