// The convention every tested page in docs/ follows: in a ```console block, a line
// `$ npx crank …` is a command and the lines under it (up to the next `$`) are what it
// prints; each must appear in its standard output, in that order, other lines in
// between allowed (`⋮` marks where the page leaves some out). `$ echo $?` prints the
// exit status of the command before it.

export interface ConsoleCommand {
  /** The page's line number of the `$` line. */
  readonly line: number;
  readonly command: string;
  readonly expected: readonly string[];
}

export function commandsOf(markdown: string): ConsoleCommand[] {
  const out: ConsoleCommand[] = [];
  let inConsole = false;
  let current: { line: number; command: string; expected: string[] } | undefined;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) {
      if (current) out.push(current);
      current = undefined;
      inConsole = !inConsole && text.trim() === '```console';
      return;
    }
    if (!inConsole) return;
    if (text.startsWith('$ ')) {
      if (current) out.push(current);
      current = { line: i + 1, command: text.slice(2).trim(), expected: [] };
    } else if (current && text.trim() !== '⋮') {
      current.expected.push(text.trimEnd());
    }
  });
  return out;
}

/** The first expected line not found in `actual` after the ones before it, or undefined. */
export function missingInOrder(actual: readonly string[], expected: readonly string[]): string | undefined {
  let at = 0;
  for (const line of expected) {
    while (at < actual.length && actual[at]!.trimEnd() !== line) at++;
    if (at === actual.length) return line;
    at++;
  }
  return undefined;
}
