// Validates Kubernetes manifests offline against the Kubernetes API schemas and the operators' CRD schemas
// (kubernetes-models): every document of every file given (multi-document YAML, e.g. the output of
// `kubectl kustomize <overlay>`) must be a known apiVersion/kind and pass its schema. Exit 1 on the first file with
// problems, naming each one. Run by deploy/check.
import { readFileSync, readdirSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

// API groups served by operators, and the model package of each; everything else is the Kubernetes API itself.
const OPERATORS = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

// The suite's own custom resources (group fractal-lba.io) are checked against the CRDs the operator generates
// (deploy/base/crds): their OpenAPI schema (types, ranges, enums, patterns, required fields) with Ajv. The CEL rules
// (x-kubernetes-validations) are the API server's to evaluate; they are not checked here.
const OWN_GROUP = "fractal-lba.io";
const crdDir = new URL("../base/crds/", import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true });
const ownSchemas = {};
for (const f of readdirSync(crdDir)) {
  for (const d of parseAllDocuments(readFileSync(new URL(f, crdDir), "utf8"))) {
    const crd = d.toJS();
    if (crd?.kind !== "CustomResourceDefinition") continue;
    for (const v of crd.spec.versions) {
      ownSchemas[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = ajv.compile(v.schema.openAPIV3Schema);
    }
  }
}

function ownModel(apiVersion, kind) {
  const validate = ownSchemas[`${apiVersion}/${kind}`];
  if (!validate) return null;
  return class {
    constructor(obj) { this.obj = obj; }
    validate() {
      if (!this.obj.metadata?.name) throw new Error("metadata.name is required");
      if (!validate(this.obj)) {
        throw new Error(validate.errors.map(e => `${e.instancePath || "/"} ${e.message}`).join("; "));
      }
    }
  };
}

async function modelOf(apiVersion, kind) {
  if (apiVersion?.startsWith(OWN_GROUP + "/")) return ownModel(apiVersion, kind);
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

// --expect-invalid: every document of the files given must be refused (a check that the schemas really refuse).
const expectInvalid = process.argv.includes("--expect-invalid");
let problems = 0;
let checked = 0;
let accepted = 0;
for (const file of process.argv.slice(2).filter(a => a !== "--expect-invalid")) {
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
      if (expectInvalid) {
        console.error(`${where}: accepted, but it should have been refused`);
        accepted++;
      }
    } catch (e) {
      if (expectInvalid) {
        console.log(`${where}: refused as expected: ${e.message}`);
        checked++;
      } else {
        console.error(`${where}: ${e.message}`);
        problems++;
      }
    }
  }
}
console.log(`validated ${checked} documents, ${problems} problem(s)` + (expectInvalid ? `, ${accepted} wrongly accepted` : ""));
process.exit(problems || accepted ? 1 : 0);
