// Where a command's output goes: a sink of text for stdout and stderr, and what the
// command may know about them (terminal or not, colour, a stop request). Commands write
// only through this, so that they run in-process in tests as they do in a terminal.

export interface Io {
  /** Writes to standard output (text as is: the caller ends lines). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Standard error is a terminal: progress is drawn in place. */
  readonly errIsTTY: boolean;
  /** Standard output is a terminal: colour is on by default. */
  readonly outIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM; its reason is the line a stopped run reports. */
  readonly signal?: AbortSignal;
  /** The exit code of a run stopped through `signal` (130 for SIGINT, 143 for SIGTERM). */
  readonly interruptExitCode?: () => number | undefined;
  readonly columns?: number;
}

/** An Io that collects output, for tests and for callers who want the text. */
export class BufferIo implements Io {
  stdout = '';
  stderr = '';
  readonly errIsTTY = false;
  readonly outIsTTY = false;
  constructor(
    readonly env: Readonly<Record<string, string | undefined>> = {},
    readonly signal?: AbortSignal,
  ) {}
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}

const ANSI = { bold: '1', red: '31', green: '32', yellow: '33', cyan: '36', dim: '2' } as const;
export type Style = keyof typeof ANSI;

/** Colours text when on; `--color`/`--no-color` decide, else NO_COLOR, else whether stdout is a terminal. */
export class Painter {
  constructor(readonly on: boolean) {}

  static for(io: Io, forced: boolean | undefined): Painter {
    if (forced !== undefined) return new Painter(forced);
    const noColor = io.env['NO_COLOR'];
    if (noColor !== undefined && noColor !== '') return new Painter(false);
    return new Painter(io.outIsTTY);
  }

  paint(text: string, ...styles: Style[]): string {
    if (!this.on || styles.length === 0) return text;
    return `\x1b[${styles.map((s) => ANSI[s]).join(';')}m${text}\x1b[0m`;
  }
}
