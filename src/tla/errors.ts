// Errors with a position in the file being read, reported as `file:line:col: message`.

/** Line and column (both from 1) of character `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; col: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: at - lineStart + 1 };
}

/** Malformed input: what is wrong and where. */
export class TraceSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
    this.name = 'TraceSyntaxError';
  }

  static at(text: string, offset: number, message: string): TraceSyntaxError {
    const { line, col } = positionAt(text, offset);
    return new TraceSyntaxError(message, line, col);
  }

  /** `file:line:col: message`, on one line. */
  format(file: string): string {
    return `${file}:${this.line}:${this.col}: ${this.message.replace(/\s*\n\s*/g, ' ')}`;
  }
}

/** A short, printable view of the text at an offset, for messages. */
export function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return 'end of file';
  const ch = text[offset]!;
  if (ch === '\n' || ch === '\r') return 'end of line';
  const word = /^[A-Za-z0-9_]+/.exec(text.slice(offset, offset + 40));
  if (word) return `'${word[0]}'`;
  const code = ch.charCodeAt(0);
  if (code < 32 || code === 127 || (code >= 0xd800 && code <= 0xdfff)) return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}
