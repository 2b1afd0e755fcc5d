// The restore step of the brokersConfig guard, apart from Playwright so it can be unit-tested: put
// one part of the state back when it differs from its snapshot, and prove it by reading it again.
import { sameContent } from './canonical.ts';

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * Reads the part; when it differs from `snapshot` (canonical JSON), writes the snapshot and reads
 * again. Returns undefined when the part ends equal to the snapshot, else a problem line naming the
 * part and what the server holds (a failed read or write is a problem too, never thrown).
 */
export async function restorePart<T>(
  name: string,
  snapshot: T,
  read: () => Promise<T>,
  write: (value: T) => Promise<unknown>,
): Promise<string | undefined> {
  try {
    if (sameContent(await read(), snapshot)) return undefined;
    await write(snapshot);
    const after = await read();
    if (!sameContent(after, snapshot)) {
      return `${name}: after the restore the server holds ${JSON.stringify(after)}, expected ${JSON.stringify(snapshot)}`;
    }
    return undefined;
  } catch (error) {
    return `${name}: ${firstLine(error)}`;
  }
}
