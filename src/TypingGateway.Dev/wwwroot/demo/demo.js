// TypingGateway live demo: two eager Genesys Web Messaging guest widgets (protocols.md §1), one through the
// gateway and one straight to the platform. Plain browser JavaScript: no build step, no library, works offline.
'use strict';

const POLL_MS = 500;          // how often the platform's records are read (through /demo/api/platform)
const SAMPLE_MS = 250;        // chart resolution
const MAX_SAMPLES = 2400;     // 10 minutes at SAMPLE_MS; older samples are thinned, never unbounded
const TRANSCRIPT_LINES = 50;
const AUTOPILOT_KEYS = 50;    // 10 keys/s for 5 s
const AUTOPILOT_KEY_MS = 100;

const TYPING_FRAME = { eventType: 'Typing', typing: { type: 'On' } };

function newToken() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

class Widget {
  constructor(section, url, deploymentId) {
    this.side = section.dataset.side;
    this.url = url;
    this.deploymentId = deploymentId;
    this.token = newToken();
    this.sent = { typing: 0, messages: 0 };
    this.rejected = 0;
    this.platform = null;
    this.samples = [];
    this.startedAt = performance.now();
    this.configured = false;

    section.append(document.getElementById('widget').content.cloneNode(true));
    this.el = {};
    for (const node of section.querySelectorAll('[data-role]')) {
      this.el[node.dataset.role] = node;
      node.dataset.testid = `${this.side}-${node.dataset.role}`;
    }
    section.dataset.testid = `${this.side}-widget`;
    this.el.title.textContent = section.dataset.title;
    this.el.note.textContent = section.dataset.note;
    this.el.url.textContent = url;
    this.el.session.textContent = this.token;
    this.el.input.addEventListener('input', () => this.keystroke());
    this.el.composer.addEventListener('submit', event => {
      event.preventDefault();
      this.sendText();
    });
    this.connect();
  }

  connect() {
    this.setStatus('connecting');
    this.socket = new WebSocket(this.url);
    this.socket.addEventListener('open', () => this.send({
      token: this.token, deploymentId: this.deploymentId, startNew: true, action: 'configureSession',
    }));
    this.socket.addEventListener('message', event => this.receive(event.data));
    this.socket.addEventListener('close', event => {
      this.configured = false;
      this.setStatus('closed');
      this.note(`socket closed (${event.code}${event.reason ? ': ' + event.reason : ''})`, 'info');
    });
  }

  send(frame) {
    if (this.socket.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  // An eager widget: one typing event per keystroke, never a cool-down (the official SDK waits 5 s).
  keystroke() {
    if (this.configured && this.send({
      token: this.token, action: 'onMessage', message: { events: [TYPING_FRAME], type: 'Event' },
    })) {
      this.sent.typing++;
      this.render();
    }
  }

  sendText() {
    const text = this.el.input.value.trim();
    if (!text || !this.configured) {
      return;
    }
    if (this.send({ token: this.token, action: 'onMessage', message: { text, type: 'Text' } })) {
      this.sent.messages++;
      this.el.input.value = '';
      this.render();
    }
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      this.note('an unreadable frame', 'info');
      return;
    }
    const body = frame.body || {};
    switch (frame.class) {
      case 'SessionResponse':
        this.configured = frame.code === 200;
        this.setStatus(this.configured ? 'connected' : `refused (${frame.code})`);
        break;
      case 'TooManyRequestsErrorMessage':
        this.rejected++;
        this.note(`429: ${body.errorMessage || 'rate too high'} (retry after ${body.retryAfter} s)`, 'refused');
        this.render();
        break;
      case 'StructuredMessage':
        if (body.type === 'Text') {
          this.note(`${body.direction === 'Inbound' ? 'you' : 'agent'}: ${body.text}`, body.direction === 'Inbound' ? 'guest' : 'agent');
        } else if (body.type === 'Event' && (body.events || []).some(e => e.eventType === 'Typing')) {
          this.note('agent is typing…', 'info');
        }
        break;
      case 'string':
        this.note(`${frame.code}: ${frame.body}`, 'refused');
        break;
      default:
        break;
    }
  }

  async poll() {
    try {
      const response = await fetch(`api/platform?session=${encodeURIComponent(this.token)}`, { cache: 'no-store' });
      if (response.ok) {
        this.platform = await response.json();
        this.render();
      }
    } catch {
      // The launcher stopped; the counters keep their last values.
    }
  }

  setStatus(text) {
    this.el.status.textContent = text;
    this.el.status.className = `status ${text}`;
  }

  note(text, kind) {
    const item = document.createElement('li');
    item.className = kind;
    item.textContent = text;
    this.el.transcript.append(item);
    while (this.el.transcript.children.length > TRANSCRIPT_LINES) {
      this.el.transcript.firstElementChild.remove();
    }
    this.el.transcript.scrollTop = this.el.transcript.scrollHeight;
  }

  totals() {
    const p = this.platform;
    return {
      sent: this.sent.typing + this.sent.messages,
      reached: p ? p.typing.received + p.messages.received : 0,
      rejected: this.rejected,
    };
  }

  render() {
    const p = this.platform;
    this.el['sent-typing'].textContent = this.sent.typing;
    this.el['sent-messages'].textContent = this.sent.messages;
    this.el.rejected.textContent = this.rejected;
    if (p) {
      this.el['platform-typing'].textContent = p.typing.received;
      this.el['platform-messages'].textContent = p.messages.received;
      this.el['platform-accepted'].textContent = p.typing.accepted + p.messages.accepted;
      this.el['platform-messages-rejected'].textContent = p.messages.rateLimited;
    }
  }

  sample() {
    this.samples.push({ t: (performance.now() - this.startedAt) / 1000, ...this.totals() });
    if (this.samples.length > MAX_SAMPLES) {
      this.samples = this.samples.filter((_, i) => i % 2 === 0);
    }
    drawChart(this.el.chart, this.samples);
  }
}

const SERIES = [
  { key: 'sent', colour: '#2563eb' },
  { key: 'reached', colour: '#16a34a' },
  { key: 'rejected', colour: '#dc2626' },
];

// Cumulative frames over seconds since the page opened, on a hand-drawn canvas.
function drawChart(canvas, samples) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  const pad = { left: 36, right: 22, top: 10, bottom: 24 };
  const last = samples[samples.length - 1] || { t: 0 };
  const tMax = Math.max(20, Math.ceil(last.t / 10) * 10);
  const peak = Math.max(10, ...samples.map(s => Math.max(s.sent, s.reached, s.rejected)));
  const yMax = niceCeiling(peak);
  const x = t => pad.left + (t / tMax) * (w - pad.left - pad.right);
  const y = v => h - pad.bottom - (v / yMax) * (h - pad.top - pad.bottom);

  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = '#e5e7eb';
  ctx.fillStyle = '#6b7280';
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    ctx.beginPath();
    ctx.moveTo(pad.left, y(v));
    ctx.lineTo(w - pad.right, y(v));
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(String(Math.round(v)), pad.left - 6, y(v) + 4);
  }
  ctx.textAlign = 'center';
  const step = tMax <= 30 ? 5 : tMax <= 120 ? 20 : 60;
  for (let t = 0; t <= tMax; t += step) {
    ctx.fillText(`${t} s`, x(t), h - 8);
  }

  ctx.lineWidth = 2;
  for (const series of SERIES) {
    ctx.strokeStyle = series.colour;
    ctx.beginPath();
    samples.forEach((s, i) => (i === 0 ? ctx.moveTo(x(s.t), y(s[series.key])) : ctx.lineTo(x(s.t), y(s[series.key]))));
    ctx.stroke();
  }
}

function niceCeiling(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * magnitude >= value) {
      return m * magnitude;
    }
  }
  return 10 * magnitude;
}

// Types one character into each widget every 100 ms, sends halfway and at the end: what a person cannot do in
// two boxes at once.
async function autopilot(widgets, button) {
  button.disabled = true;
  const letters = 'the quick brown fox jumps over the lazy dog ';
  try {
    for (let i = 0; i < AUTOPILOT_KEYS; i++) {
      for (const widget of widgets) {
        widget.el.input.value += letters[i % letters.length];
        widget.keystroke();
      }
      if (i === AUTOPILOT_KEYS / 2 - 1 || i === AUTOPILOT_KEYS - 1) {
        widgets.forEach(widget => widget.sendText());
      }
      await new Promise(resolve => setTimeout(resolve, AUTOPILOT_KEY_MS));
    }
  } finally {
    button.disabled = false;
  }
}

async function main() {
  let config;
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    config = await response.json();
  } catch (error) {
    const banner = document.getElementById('load-error');
    banner.textContent = `Could not read config.json from the launcher: ${error}`;
    banner.hidden = false;
    return;
  }
  const widgets = Array.from(document.querySelectorAll('.widget'), section =>
    new Widget(section, section.dataset.side === 'gateway' ? config.gateway : config.direct, config.deploymentId));
  setInterval(() => widgets.forEach(widget => widget.poll()), POLL_MS);
  setInterval(() => widgets.forEach(widget => widget.sample()), SAMPLE_MS);
  const button = document.getElementById('autopilot');
  button.addEventListener('click', () => autopilot(widgets, button));
}

main();
