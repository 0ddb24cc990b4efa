// Copies the compiled GOV.UK Frontend (and axe-core, for the browser tests) out of
// node_modules into build/static, where Django's staticfiles finds them. No CDN:
// the service works offline.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "node_modules/govuk-frontend/dist/govuk");
const out = join(root, "build/static/govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(dist, "assets"), join(out, "assets"), { recursive: true });
// The source-map comments go: the maps are not shipped, and the hashed static storage that
// `collectstatic` uses refuses a file that points at a missing one.
const noMap = (text) => text.replace(/\n?(\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ \*\/)\s*$/, "\n");
writeFileSync(join(out, "govuk-frontend.min.js"), noMap(readFileSync(join(dist, "govuk-frontend.min.js"), "utf8")));
// The stylesheet points at /assets/...; Django serves them under /static/govuk/assets/.
const css = readFileSync(join(dist, "govuk-frontend.min.css"), "utf8").replaceAll("url(/assets/", "url(/static/govuk/assets/");
writeFileSync(join(out, "govuk-frontend.min.css"), noMap(css));

const testAssets = join(root, "build/test-assets");
mkdirSync(testAssets, { recursive: true });
cpSync(join(root, "node_modules/axe-core/axe.min.js"), join(testAssets, "axe.min.js"));

const version = JSON.parse(readFileSync(join(root, "node_modules/govuk-frontend/package.json"), "utf8")).version;
writeFileSync(join(out, "VERSION"), version + "\n");
console.log(`GOV.UK Frontend ${version} copied to build/static/govuk`);
