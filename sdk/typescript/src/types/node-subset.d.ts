// The few Node APIs the Node-only modules (outbox.ts, cli.ts) use, declared here so that the only development
// dependency is the TypeScript compiler (no @types/node). Signatures follow Node 20's documentation.

declare module "node:fs" {
  export namespace promises {
    interface FileHandle {
      writeFile(data: Uint8Array | string): Promise<void>;
      sync(): Promise<void>;
      close(): Promise<void>;
    }
    function open(path: string, flags: string, mode?: number): Promise<FileHandle>;
    function mkdir(path: string, options?: { recursive?: boolean }): Promise<string | undefined>;
    function readdir(path: string): Promise<string[]>;
    function readFile(path: string): Promise<Uint8Array>;
    function readFile(path: string, encoding: "utf8"): Promise<string>;
    function writeFile(path: string, data: Uint8Array | string, options?: "utf8" | { mode?: number; encoding?: "utf8" }): Promise<void>;
    function rename(from: string, to: string): Promise<void>;
    function rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
    function stat(path: string): Promise<{ isDirectory(): boolean; isFile(): boolean }>;
  }
}

declare module "node:path" {
  export function join(...parts: string[]): string;
  export function basename(p: string): string;
  export function resolve(...parts: string[]): string;
}

declare var process: {
  argv: string[];
  env: Record<string, string | undefined>;
  exitCode: number | undefined;
  stdout: { write(s: string): boolean };
  stderr: { write(s: string): boolean };
};
