/**
 * Type-checks a draft adapter folder with TypeScript's `checkJs` (strict, JSDoc types) against
 * llmux's published declarations, which the draft reaches through its `node_modules/llmux` link.
 * Runs in the checking child (`runTypeCheck` starts it), with the `typescript` module it is handed:
 * TypeScript is the user's or llmux's dev dependency, never a runtime one, so only the few API
 * members used here are typed.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the child reports: errors in the draft's files, or why TypeScript could not check it. */
export interface TypeCheckOutput {
  typescript: string;
  files: number;
  /** `file:line:column TS1234: message`, the file relative to the draft folder. */
  diagnostics: string[];
  /** Problems of the setup rather than the draft (options TypeScript refused, a global error). */
  setup: string[];
}

interface TsDiagnostic {
  file?: { fileName: string; getLineAndCharacterOfPosition(position: number): { line: number; character: number } } | undefined;
  start?: number | undefined;
  category: number;
  code: number;
  messageText: unknown;
}

/** The members of the `typescript` module this file uses. */
interface TypeScriptApi {
  version: string;
  DiagnosticCategory: { Error: number };
  convertCompilerOptionsFromJson(json: unknown, basePath: string): { options: unknown; errors: TsDiagnostic[] };
  createProgram(rootNames: readonly string[], options: unknown): unknown;
  getPreEmitDiagnostics(program: unknown): readonly TsDiagnostic[];
  flattenDiagnosticMessageText(text: unknown, newLine: string): string;
}

/** Diagnostics that only say Node's own types are missing: not the draft's fault when @types/node is. */
const NEEDS_NODE_TYPES = new Set([2580, 2591]);

export function typeCheckDraft(ts: TypeScriptApi, draftDir: string, typesRoot: string | undefined): TypeCheckOutput {
  const dir = resolve(draftDir);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => join(dir, f));
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      strict: true,
      // Generated helpers take plain JSON values; the seam (requests, chunks, hooks) is typed by JSDoc.
      noImplicitAny: false,
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'],
      types: typesRoot === undefined ? [] : ['node'],
      ...(typesRoot === undefined ? {} : { typeRoots: [typesRoot] }),
      skipLibCheck: true,
    },
    dir,
  );
  const flatten = (d: TsDiagnostic): string => tidy(ts.flattenDiagnosticMessageText(d.messageText, '\n'), dir);
  if (errors.length > 0) return { typescript: ts.version, files: files.length, diagnostics: [], setup: errors.map(flatten) };
  const program = ts.createProgram(files, options);
  const diagnostics: string[] = [];
  const setup: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const message = flatten(d);
    if (typesRoot === undefined && (NEEDS_NODE_TYPES.has(d.code) || (d.code === 2307 && /['"]node:/.test(message)))) continue;
    if (d.file === undefined) {
      setup.push(`TS${d.code}: ${message}`);
      continue;
    }
    const file = resolve(d.file.fileName);
    if (!file.startsWith(dir)) continue;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    diagnostics.push(`${file.slice(dir.length + 1)}:${line + 1}:${character + 1} TS${d.code}: ${message}`);
  }
  return { typescript: ts.version, files: files.length, diagnostics, setup };
}

/** Messages without the temporary folder's path or import-attribute noise, one line each. */
function tidy(message: string, dir: string): string {
  return message
    .split(`${dir.split('\\').join('/')}/`)
    .join('./')
    .replace(/, \{ with: \{ "resolution-mode": "(?:import|require)" \} \}/g, '')
    .replace(/\n\s*/g, ' ');
}

/**
 * The child's entry (`runTypeCheck` starts it with `node -e`): argv is the draft folder and a
 * JSON `{ typescript, typesRoot }`; the report goes to stdout as JSON.
 */
export async function typeCheckChildMain(argv: readonly string[]): Promise<void> {
  const [draftDir, located] = argv;
  if (draftDir === undefined || located === undefined)
    throw new Error('usage: <draft dir> <{"typescript": path, "typesRoot": path | null}>');
  const where = JSON.parse(located) as { typescript: string; typesRoot: string | null };
  const loaded = (await import(pathToFileURL(where.typescript).href)) as { default?: TypeScriptApi } & Partial<TypeScriptApi>;
  const ts = (loaded.default ?? loaded) as TypeScriptApi;
  process.stdout.write(JSON.stringify(typeCheckDraft(ts, draftDir, where.typesRoot ?? undefined)));
}
