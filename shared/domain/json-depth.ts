/**
 * Measures how deeply a JSON text nests before it is parsed. JSON.parse copes with any depth,
 * but every later walk of the value (validation, serialization) recurses, so a body nested a
 * hundred thousand levels deep would overflow the stack there: such bodies are refused first.
 */

/** Deeper than any real record or request; shallow enough for every recursive walk. */
export const maxJsonDepth = 64;

/** Whether `text` opens more than `max` arrays or objects inside one another (strings skipped). */
export function jsonNestsDeeperThan(text: string, max = maxJsonDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
