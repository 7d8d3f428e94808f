// Regenerates src/api/schema.d.ts from the server's OpenAPI spec.
// The spec comes from the Python app itself (no server needs to run):
//   ../.venv/bin/python -c "...create_app().openapi()..."
// Set PARTA_PYTHON to use another interpreter.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "..");
const venvPython = join(root, ".venv", "bin", "python");
const python = process.env.PARTA_PYTHON ?? (existsSync(venvPython) ? venvPython : "python3");

const spec = execFileSync(
  python,
  [
    "-c",
    "import json; from parta.app import create_app; print(json.dumps(create_app().openapi(), sort_keys=True))",
  ],
  { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
const dir = mkdtempSync(join(tmpdir(), "parta-openapi-"));
const specPath = join(dir, "openapi.json");
writeFileSync(specPath, spec);
try {
  execFileSync(
    process.execPath,
    [
      join(web, "node_modules", "openapi-typescript", "bin", "cli.js"),
      specPath,
      "--output",
      join(web, "src", "api", "schema.d.ts"),
    ],
    { stdio: "inherit" },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
