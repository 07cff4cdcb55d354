// What the fuzz test prints of a passing Schemathesis run: its summary (the
// phases, how many cases were generated and passed), without the closing rule
// line. That line has pytest's shape ("==== 3 warnings in 119.20s ===="), and
// CI reads a pytest closing line that names no passed test as a run that
// executed no test at all, whatever our own count says after it.
const PYTEST_STYLE_CLOSING_LINE = /^=+ .* in [\d.]+s =+$/;

export function passingRunSummary(output: string): string {
  return output
    .slice(output.lastIndexOf('SUMMARY'))
    .split('\n')
    .filter((line) => !PYTEST_STYLE_CLOSING_LINE.test(line.trim()))
    .join('\n');
}
