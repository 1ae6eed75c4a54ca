// Validates what `kubectl kustomize deploy/kubernetes` renders; run by .ci/check-kubernetes.sh.
//
//   node tests/k8s/validate.mjs RENDERED.yaml REPO_ROOT
//
// Three passes, every problem reported at once, exit code 1 on any:
//  1. schema: each object against the Kubernetes API schema of its apiVersion/kind, as the
//     kubernetes-models package (generated from the Kubernetes OpenAPI spec) validates it on
//     construction: types, required fields, formats, enums. An apiVersion/kind it lacks is an error.
//  2. strict fields: the same package's TypeScript types, checked by the TypeScript compiler, reject
//     fields the API does not define (the schemas allow unknown fields; a typo such as
//     `readinesProbe` would otherwise pass, and kubectl's default strict validation rejects it).
//  3. the gateway's rules: grace period vs preStop + Shutdown:DrainTimeout, probes on the management
//     port at the paths the gateway serves, RateLimits:InstanceCount vs replicas, the config
//     directory, secrets from Secrets, selectors and ports that meet.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const [renderedPath, repoRoot] = process.argv.slice(2);
if (!renderedPath || !repoRoot) {
  console.error("usage: node validate.mjs RENDERED.yaml REPO_ROOT");
  process.exit(2);
}

const problems = [];
const problem = (message) => problems.push(message);
const id = (o) => `${o?.kind ?? "?"}/${o?.metadata?.name ?? "?"}`;

// ----------------------------------------------------------------------------------------------
// parse
// ----------------------------------------------------------------------------------------------
const objects = [];
for (const doc of parseAllDocuments(fs.readFileSync(renderedPath, "utf8"))) {
  for (const e of doc.errors) problem(`rendered YAML does not parse: ${e.message}`);
  const o = doc.toJS();
  if (o === null || o === undefined) continue;
  if (typeof o !== "object" || Array.isArray(o) || typeof o.apiVersion !== "string" || typeof o.kind !== "string") {
    problem(`rendered document is not a Kubernetes object (apiVersion and kind): ${JSON.stringify(o).slice(0, 120)}`);
    continue;
  }
  objects.push(o);
}
if (objects.length === 0) problem("nothing rendered");

// kubernetes-models lays out one module per kind: kubernetes-models/<group>/<version>/<Kind>, core as v1/<Kind>.
const modulePath = (o) => `kubernetes-models/${o.apiVersion}/${o.kind}`;

// ----------------------------------------------------------------------------------------------
// 1. schema
// ----------------------------------------------------------------------------------------------
const known = [];
for (const o of objects) {
  let model;
  try {
    model = (await import(modulePath(o)))[o.kind];
  } catch {
    model = undefined;
  }
  if (typeof model !== "function") {
    problem(`${id(o)}: no Kubernetes API schema for apiVersion ${o.apiVersion}, kind ${o.kind}`);
    continue;
  }
  known.push(o);
  try {
    new model(structuredClone(o)).validate();
  } catch (e) {
    const details = Array.isArray(e.errors) && e.errors.length > 0
      ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}`)
      : [e.message];
    for (const d of details) problem(`${id(o)}: schema: ${d}`);
  }
}

// ----------------------------------------------------------------------------------------------
// 2. strict fields: `const o0: IDeployment = { ...the rendered object... }` for the TypeScript compiler,
// whose excess-property check rejects every field the type (the API) does not define, at any depth.
// ----------------------------------------------------------------------------------------------
{
  const virtualFile = path.join(here, "rendered.check.ts");
  let source = "";
  known.forEach((o, i) => {
    source += `import type { I${o.kind} as T${i} } from "${modulePath(o)}";\n`;
  });
  known.forEach((o, i) => {
    source += `export const o${i}: T${i} = ${JSON.stringify(o, null, 2)};\n`;
  });
  const options = {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, languageVersion, ...rest) =>
    path.resolve(name) === virtualFile ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile.call(host, name, languageVersion, ...rest);
  host.fileExists = (name) => path.resolve(name) === virtualFile || fileExists.call(host, name);
  host.readFile = (name) => (path.resolve(name) === virtualFile ? source : readFile.call(host, name));
  const program = ts.createProgram([virtualFile], options, host);
  const checked = program.getSourceFile(virtualFile);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
    if (d.file === undefined || path.resolve(d.file.fileName) !== virtualFile) {
      problem(`strict fields: the type check itself failed: ${text}`);
      continue;
    }
    const { object, field } = locate(checked, d.start);
    problem(`${object === undefined ? "?" : id(known[object])}: ${field ? `${field}: ` : ""}${text}`);
  }
}

// The object (index of `o<i>`) and the field path (spec.template.spec.containers[0].x) at a position.
function locate(sourceFile, position) {
  let object;
  const parts = [];
  const visit = (node) => {
    if (position < node.getStart(sourceFile) || position >= node.getEnd()) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && /^o\d+$/.test(node.name.text)) {
      object = Number(node.name.text.slice(1));
    } else if (ts.isPropertyAssignment(node)) {
      const name = ts.isStringLiteral(node.name) || ts.isIdentifier(node.name) ? node.name.text : node.name.getText(sourceFile);
      parts.push(`.${name}`);
    } else if (ts.isArrayLiteralExpression(node)) {
      const index = node.elements.findIndex((e) => position >= e.getStart(sourceFile) && position < e.getEnd());
      if (index >= 0) parts.push(`[${index}]`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { object, field: parts.join("").replace(/^\./, "") };
}

// ----------------------------------------------------------------------------------------------
// 3. the gateway's rules
// ----------------------------------------------------------------------------------------------
const rules = [];
const rule = (description, check) => {
  const before = problems.length;
  try {
    check();
  } catch (e) {
    problem(`${description}: ${e.message}`);
  }
  rules.push({ description, ok: problems.length === before });
};

const ofKind = (kind) => objects.filter((o) => o.kind === kind);
const deployments = ofKind("Deployment");
const deployment = deployments[0];
const podSpec = deployment?.spec?.template?.spec ?? {};
const podLabels = deployment?.spec?.template?.metadata?.labels ?? {};
const container = (podSpec.containers ?? []).find((c) => c.name === "gateway") ?? (podSpec.containers ?? [])[0];
const env = new Map((container?.env ?? []).map((e) => [e.name, e]));
const envValue = (name) => env.get(name)?.value;
const where = `${id(deployment)}, container ${container?.name ?? "?"}`;

// The shipped config: config/*.json in ordinal order, later files overriding earlier ones (as the gateway reads them).
const configDir = path.join(repoRoot, "config");
const configFiles = fs.readdirSync(configDir).filter((f) => f.endsWith(".json")).sort();
const configDocs = configFiles.map((f) => ({ file: f, text: fs.readFileSync(path.join(configDir, f), "utf8") }))
  .map((c) => ({ ...c, json: JSON.parse(c.text) }));
// A config value by its ':' path, case-insensitively like .NET configuration, env overrides (TYPINGGATEWAY__A__B) winning.
const configValue = (key) => {
  const fromEnv = envValue(`TYPINGGATEWAY__${key.split(":").join("__")}`);
  if (fromEnv !== undefined) return fromEnv;
  let found;
  for (const { json } of configDocs) {
    let node = json;
    for (const part of key.split(":")) {
      const match = node && typeof node === "object" ? Object.keys(node).filter((k) => k.toLowerCase() === part.toLowerCase()).pop() : undefined;
      node = match === undefined ? undefined : node[match];
    }
    if (node !== undefined) found = node;
  }
  return found;
};

const portOf = (c, port) => {
  if (typeof port === "number") return (c?.ports ?? []).some((p) => p.containerPort === port) ? port : undefined;
  return (c?.ports ?? []).find((p) => p.name === port)?.containerPort;
};
const selects = (selector, labels) => selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const integer = (value, what) => {
  if (!/^\d+$/.test(String(value ?? ""))) throw new Error(`${what} is not a whole number: ${JSON.stringify(value)}`);
  return Number(value);
};
// .NET TimeSpan, invariant "c" format: [d.]hh:mm[:ss[.fffffff]]
const timeSpanSeconds = (value, what) => {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(String(value ?? ""));
  if (!m) throw new Error(`${what} is not a TimeSpan (hh:mm:ss): ${JSON.stringify(value)}`);
  return (Number(m[1] ?? 0) * 86400) + (Number(m[2]) * 3600) + (Number(m[3]) * 60) + Number(m[4] ?? 0) + Number(`0.${m[5] ?? 0}`);
};
// The paths the gateway serves itself, from their one owner in the source.
const endpoints = (() => {
  const file = path.join(repoRoot, "src/TypingGateway/Hosting/GatewayEndpoints.cs");
  const text = fs.readFileSync(file, "utf8");
  const constant = (name) => [...text.matchAll(/const string (\w+) = "([^"]*)";/g)].find((m) => m[1] === name)?.[2];
  return { live: constant("Live"), ready: constant("Ready") };
})();

rule("one Deployment with a container", () => {
  if (deployments.length !== 1) throw new Error(`expected one Deployment, rendered ${deployments.length}`);
  if (!container) throw new Error(`${id(deployment)} has no container`);
});

rule("no Secret objects (the base ships no secret values)", () => {
  for (const o of ofKind("Secret")) problem(`${id(o)}: a Secret is rendered; secrets are created beside the base (README)`);
});

let managementPort;
rule(`probes on the management port: readiness ${endpoints.ready}, liveness ${endpoints.live}`, () => {
  if (!endpoints.live || !endpoints.ready) throw new Error("GatewayEndpoints.Live/Ready not found in src/TypingGateway/Hosting/GatewayEndpoints.cs");
  managementPort = integer(envValue("TYPINGGATEWAY__Management__Port"), `${where}: env TYPINGGATEWAY__Management__Port`);
  if (portOf(container, managementPort) === undefined) problem(`${where}: no containerPort ${managementPort} (the management port)`);
  for (const [probe, expected] of [["readinessProbe", endpoints.ready], ["livenessProbe", endpoints.live]]) {
    const get = container[probe]?.httpGet;
    if (!get) {
      problem(`${where}: ${probe} is not an httpGet probe`);
      continue;
    }
    const port = portOf(container, get.port);
    if (port !== managementPort) problem(`${where}: ${probe} port ${JSON.stringify(get.port)} is ${port ?? "no container port"}, not the management port ${managementPort}`);
    if (get.path !== expected) problem(`${where}: ${probe} path ${get.path} is not ${expected} (GatewayEndpoints)`);
  }
});

rule("public port: ASPNETCORE_URLS, the `http` container port and the traffic Service agree", () => {
  const urls = envValue("ASPNETCORE_URLS") ?? "http://+:8080"; // the image's default
  const ports = urls.split(";").map((u) => Number(/:(\d+)\/?$/.exec(u.trim())?.[1]));
  const http = portOf(container, "http");
  if (http === undefined || !ports.includes(http)) problem(`${where}: container port \`http\` (${http}) is not a port of ASPNETCORE_URLS (${urls})`);
  if (managementPort !== undefined && ports.includes(managementPort)) problem(`${where}: ASPNETCORE_URLS includes the management port ${managementPort}`);
});

rule("Services select the gateway pods and reach container ports", () => {
  const services = ofKind("Service");
  if (services.length === 0) throw new Error("no Service rendered");
  for (const s of services) {
    if (!selects(s.spec?.selector, podLabels)) problem(`${id(s)}: selector ${JSON.stringify(s.spec?.selector)} does not select ${id(deployment)}'s pods`);
    for (const p of s.spec?.ports ?? []) {
      if (portOf(container, p.targetPort ?? p.port) === undefined) problem(`${id(s)}: port ${p.name ?? p.port}: targetPort ${JSON.stringify(p.targetPort)} is no port of ${where}`);
    }
  }
});

rule("grace period >= preStop sleep + Shutdown:DrainTimeout + 5 s margin", () => {
  const preStop = container.lifecycle?.preStop;
  let sleep;
  if (preStop?.sleep) sleep = integer(preStop.sleep.seconds, `${where}: preStop sleep.seconds`);
  else if (preStop?.exec && /(^|\/)sleep$/.test(preStop.exec.command?.[0] ?? "") && preStop.exec.command.length === 2) sleep = Number(preStop.exec.command[1]);
  if (!(sleep > 0)) throw new Error(`${where}: lifecycle.preStop must wait (sleep) so endpoints are removed before SIGTERM`);
  const drainEnv = envValue("TYPINGGATEWAY__Shutdown__DrainTimeout");
  if (drainEnv === undefined) throw new Error(`${where}: env TYPINGGATEWAY__Shutdown__DrainTimeout must be set explicitly`);
  const drain = timeSpanSeconds(drainEnv, `${where}: env TYPINGGATEWAY__Shutdown__DrainTimeout`);
  const grace = podSpec.terminationGracePeriodSeconds ?? 30;
  if (!(grace >= sleep + drain + 5)) {
    problem(`${id(deployment)}: terminationGracePeriodSeconds ${grace} < preStop ${sleep} s + DrainTimeout ${drain} s + 5 s margin`);
  }
});

rule("RateLimits:InstanceCount = replicas = HPA minReplicas", () => {
  const instanceCount = integer(configValue("RateLimits:InstanceCount"), `${where}: RateLimits:InstanceCount`);
  const replicas = integer(deployment.spec?.replicas ?? 1, `${id(deployment)}: replicas`);
  if (instanceCount !== replicas) problem(`${where}: TYPINGGATEWAY__RateLimits__InstanceCount ${instanceCount} != ${id(deployment)} replicas ${replicas}`);
  for (const hpa of ofKind("HorizontalPodAutoscaler")) {
    const target = hpa.spec?.scaleTargetRef ?? {};
    if (target.kind !== "Deployment" || target.name !== deployment.metadata?.name) {
      problem(`${id(hpa)}: scaleTargetRef ${target.kind}/${target.name} is not ${id(deployment)}`);
    }
    if ((hpa.spec?.minReplicas ?? 1) !== instanceCount) problem(`${id(hpa)}: minReplicas ${hpa.spec?.minReplicas ?? 1} != RateLimits:InstanceCount ${instanceCount}`);
    const cpu = (hpa.spec?.metrics ?? []).some((m) => m.type === "Resource" && m.resource?.name === "cpu");
    if (cpu && !container.resources?.requests?.cpu) problem(`${where}: the HPA scales on CPU utilization but the container requests no CPU`);
  }
});

rule("PodDisruptionBudgets select the gateway pods", () => {
  for (const pdb of ofKind("PodDisruptionBudget")) {
    if (!selects(pdb.spec?.selector?.matchLabels, podLabels)) problem(`${id(pdb)}: selector does not select ${id(deployment)}'s pods`);
  }
  if (!selects(deployment.spec?.selector?.matchLabels, podLabels)) problem(`${id(deployment)}: selector does not select its own pod template`);
});

rule(`config directory: a ConfigMap of exactly config/*.json (${configFiles.join(", ")}) mounted at TYPINGGATEWAY_CONFIG_DIR`, () => {
  const dir = envValue("TYPINGGATEWAY_CONFIG_DIR");
  if (!dir) throw new Error(`${where}: env TYPINGGATEWAY_CONFIG_DIR is not set (the image would read its own /app/config)`);
  const mount = (container.volumeMounts ?? []).find((m) => path.posix.normalize(m.mountPath) === path.posix.normalize(dir));
  if (!mount) throw new Error(`${where}: nothing is mounted at TYPINGGATEWAY_CONFIG_DIR ${dir}`);
  const volume = (podSpec.volumes ?? []).find((v) => v.name === mount.name);
  const configMap = ofKind("ConfigMap").find((c) => c.metadata?.name === volume?.configMap?.name);
  if (!configMap) throw new Error(`${where}: the volume mounted at ${dir} is not a rendered ConfigMap`);
  if (volume.configMap.items) problem(`${id(configMap)}: the volume lists items; mount every key`);
  const keys = Object.keys(configMap.data ?? {}).sort();
  if (JSON.stringify(keys) !== JSON.stringify(configFiles)) problem(`${id(configMap)}: keys ${keys.join(", ")} are not the files config/*.json (${configFiles.join(", ")}); list each in config/kustomization.yaml`);
  for (const { file, text } of configDocs) {
    if (configMap.data?.[file] !== undefined && configMap.data[file] !== text) problem(`${id(configMap)}: ${file} differs from config/${file}`);
  }
});

rule("secrets: every variable a setting names (…Env) is set, from a Secret; Redis:Configuration from a Secret", () => {
  const named = new Map();
  const walk = (node, trail, file) => {
    if (!node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === "string" && /Env$/i.test(k) && v !== "") named.set(v, `${file}: ${[...trail, k].join(":")}`);
      else walk(v, [...trail, k], file);
    }
  };
  for (const { file, json } of configDocs) walk(json, [], `config/${file}`);
  for (const [name, e] of env) {
    if (name.startsWith("TYPINGGATEWAY__") && /Env$/i.test(name) && e.value) named.set(e.value, `env ${name}`);
  }
  for (const [variable, by] of named) {
    const e = env.get(variable);
    if (!e) problem(`${where}: ${by} names ${variable}, which the container does not set`);
    else if (!e.valueFrom?.secretKeyRef) problem(`${where}: ${variable} (${by}) is not taken from a Secret (secretKeyRef)`);
  }
  const redis = env.get("TYPINGGATEWAY__Redis__Configuration");
  if (!redis?.valueFrom?.secretKeyRef) problem(`${where}: TYPINGGATEWAY__Redis__Configuration must come from a Secret (it may hold a password)`);
});

rule("hardening: non-root, read-only root filesystem with a writable /tmp, no privilege escalation, no capabilities", () => {
  const podSecurity = podSpec.securityContext ?? {};
  const security = container.securityContext ?? {};
  if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) problem(`${where}: runAsNonRoot is not true`);
  if (security.readOnlyRootFilesystem !== true) problem(`${where}: readOnlyRootFilesystem is not true`);
  if (security.allowPrivilegeEscalation !== false) problem(`${where}: allowPrivilegeEscalation is not false`);
  if (!(security.capabilities?.drop ?? []).includes("ALL")) problem(`${where}: capabilities do not drop ALL`);
  const tmp = (container.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  const tmpVolume = (podSpec.volumes ?? []).find((v) => v.name === tmp?.name);
  if (!tmpVolume?.emptyDir) problem(`${where}: /tmp is not a writable emptyDir (the root filesystem is read-only)`);
});

rule("Prometheus annotations name the management port and Metrics:Path", () => {
  const annotations = deployment.spec?.template?.metadata?.annotations ?? {};
  if (annotations["prometheus.io/scrape"] === undefined) return;
  if (Number(annotations["prometheus.io/port"]) !== managementPort) problem(`${id(deployment)}: prometheus.io/port ${annotations["prometheus.io/port"]} is not the management port ${managementPort}`);
  const metricsPath = configValue("Metrics:Path") ?? "/metrics";
  if (annotations["prometheus.io/path"] !== metricsPath) problem(`${id(deployment)}: prometheus.io/path ${annotations["prometheus.io/path"]} is not Metrics:Path ${metricsPath}`);
});

// ----------------------------------------------------------------------------------------------
// report
// ----------------------------------------------------------------------------------------------
for (const o of objects) console.log(`  object  ${o.apiVersion} ${id(o)}`);
for (const r of rules) console.log(`  ${r.ok ? "rule ok " : "rule BAD"} ${r.description}`);
if (problems.length > 0) {
  for (const p of problems) console.log(`error: ${p}`);
  console.log(`kubernetes check: FAILED (${problems.length} problem${problems.length === 1 ? "" : "s"})`);
  process.exit(1);
}
console.log(`kubernetes check: OK (${objects.length} objects valid against the Kubernetes API schemas, strict fields; ${rules.length} rules)`);
