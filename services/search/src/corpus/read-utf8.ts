import { readFile } from 'node:fs/promises';
import { FileFormatError, UserError } from '../errors.js';

/**
 * Reads a text file, refusing invalid UTF-8 with the line it is on (a silent U+FFFD would corrupt
 * titles and make links never match).
 */
export async function readUtf8(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`,
    );
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          throw new FileFormatError(path, undefined, `line ${line} is not valid UTF-8 (save the file as UTF-8)`);
        }
        line++;
        start = i + 1;
      }
    }
    throw new FileFormatError(path, undefined, 'not valid UTF-8 (save the file as UTF-8)');
  }
}
