// Validates Kubernetes manifests offline against the Kubernetes API schemas and the operators' CRD schemas
// (kubernetes-models): every document of every file given (multi-document YAML, e.g. the output of
// `kubectl kustomize <overlay>`) must be a known apiVersion/kind and pass its schema. Exit 1 on the first file with
// problems, naming each one. Run by deploy/check.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// API groups served by operators, and the model package of each; everything else is the Kubernetes API itself.
const OPERATORS = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const path = group === "" ? `kubernetes-models/${version}`
    : OPERATORS[group] ? `${OPERATORS[group]}/${group}/${version}` : `kubernetes-models/${group}/${version}`;
  let mod;
  try {
    mod = await import(path);
  } catch {
    return null;
  }
  return mod[kind] ?? null;
}

let problems = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const d of docs) {
    if (d.errors.length) {
      console.error(`${file}: YAML error: ${d.errors[0].message}`);
      problems++;
      continue;
    }
    const obj = d.toJS();
    if (obj == null) continue;
    const where = `${file}: ${obj.kind ?? "?"} ${obj.metadata?.name ?? "?"}`;
    const Model = obj.apiVersion && obj.kind ? await modelOf(obj.apiVersion, obj.kind) : null;
    if (!Model) {
      console.error(`${where}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`);
      problems++;
      continue;
    }
    try {
      new Model(obj).validate();
      checked++;
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      problems++;
    }
  }
}
console.log(`validated ${checked} documents, ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
