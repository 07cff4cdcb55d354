import { createInterface } from 'node:readline';

/** The password from a prompt that does not echo it, or the first line of standard input. */
export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += String(chunk);
    return input.split('\n')[0] ?? '';
  }
  process.stderr.write('password: ');
  const reader = createInterface({ input: process.stdin, terminal: true });
  // Echo nothing while the password is typed.
  (reader as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => reader.question('', resolve));
  reader.close();
  process.stderr.write('\n');
  return password;
}
