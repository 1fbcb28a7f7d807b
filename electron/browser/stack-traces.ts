// Readable stack traces for the bundled browser-mode host without `--enable-source-maps`. With that flag Node
// reads and parses the bundle's source map at every start (about 10 ms of CPU on the host's ~150), although
// a stack trace is rarely formatted. Here the map is read only when a stack of an error raised in the bundle is
// first formatted, and each frame is written as Node writes it with the flag: `at name (/path/file.ts:12:3)`.
// Imported first by main.ts, so it is in place before any other module of the bundle runs.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundleDir = path.dirname(fileURLToPath(import.meta.url));
const maps = new Map<string, SourceMap | null>();

/** The source map of a file of this bundle (main.js or one of its chunks), or null for any other file. */
function mapOf(fileName: string): SourceMap | null {
  let file: string;
  try {
    file = fileName.startsWith('file://') ? fileURLToPath(fileName) : fileName;
  } catch {
    return null;
  }
  if (!file.startsWith(bundleDir + path.sep) || !file.endsWith('.js')) return null;
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(
        JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0],
      );
    } catch {
      map = null; // no map beside it (or unreadable): the bundle's own positions are printed
    }
    maps.set(file, map);
  }
  return map;
}

/** The map's sources are relative to the map's own folder. */
function sourcePath(source: string, mapFile: string): string {
  const url = new URL(source, pathToFileURL(mapFile));
  return url.protocol === 'file:' ? fileURLToPath(url) : url.href;
}

/** The original name the map holds at a position of the bundle (1-based, as call sites count). */
function nameAt(map: SourceMap, line: number | null, column: number | null): string | undefined {
  if (line === null || column === null) return undefined;
  // Node's entries carry the `names` entry too (its typings leave it out).
  const name = (map.findEntry(line - 1, column - 1) as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

// As Node's own source-mapped frames (lib/internal/source_map/prepare_stack_trace.js, serializeJSStackFrame).
function mappedFrame(site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined): string | null {
  const fileName = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!fileName || line === null || column === null) return null;
  const map = mapOf(fileName);
  if (!map) return null;
  const entry = map.findEntry(line - 1, column - 1);
  if (!('originalSource' in entry)) return null;
  const file = fileName.startsWith('file://') ? fileURLToPath(fileName) : fileName;
  const original = `${sourcePath(entry.originalSource, file)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  // The minifier renamed functions: the name the map holds for the enclosing function (or the caller's call).
  let name = nameAt(map, site.getEnclosingLineNumber(), site.getEnclosingColumnNumber());
  if (!name && caller && caller.getFileName() === fileName) {
    name = nameAt(map, caller.getLineNumber(), caller.getColumnNumber());
  }
  const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
  const typeName = site.getTypeName();
  const own = `${typeName !== null && typeName !== 'global' ? `${typeName}.` : ''}${(site.getFunctionName() ?? site.getMethodName()) || '<anonymous>'}`;
  return `${prefix}${name && name !== own ? name : own} (${original})`;
}

/** Installs the lazy mapping, unless Node maps stack traces itself (started with --enable-source-maps). */
export function installSourceMappedStacks(): void {
  if (process.sourceMapsEnabled) return;
  // Node's own formatter (Node 20 sets one): it writes the first line as Node does, e.g. `RangeError
  // [ERR_SOCKET_BAD_PORT]: …` for Node's errors, and every frame that is not from this bundle.
  const nodeDefault = Error.prepareStackTrace;
  const errorLine = (error: Error): string =>
    nodeDefault ? String(nodeDefault(error, [])) : Error.prototype.toString.call(error);
  Error.prepareStackTrace = (error, sites) => {
    const lines = sites.map((site, i) => {
      try {
        return mappedFrame(site, sites[i + 1]) ?? String(site);
      } catch {
        return String(site);
      }
    });
    return [errorLine(error), ...lines].join('\n    at ');
  };
}

installSourceMappedStacks();
