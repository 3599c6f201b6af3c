/**
 * DynamoDB's billed size of an item in its wire form (`{ "pk": { "S": "..." }, ... }`), by the
 * rules of the developer guide ("Item sizes and formats"): every attribute name's UTF-8 bytes plus
 * its value's: strings their UTF-8 bytes, binaries their raw bytes (not the base64 on the wire),
 * numbers 1 byte per two significant digits plus 1, booleans and nulls 1 byte, lists and maps 3
 * bytes plus 1 byte per element plus the elements (and a map's keys). Writes bill one unit per
 * started KB of it, strongly consistent reads one per started 4 KB.
 */
export type WireValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: boolean }
  | { readonly L: readonly WireValue[] }
  | { readonly M: Readonly<Record<string, WireValue>> }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] };

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberBytes(n: string): number {
  const digits = n.replace(/^[-+]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '').length;
  return Math.ceil(significant / 2) + 1;
}

export function valueBytes(value: WireValue): number {
  if ('S' in value) return utf8(value.S);
  if ('N' in value) return numberBytes(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').byteLength;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('L' in value) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0);
  if ('M' in value)
    return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueBytes(v), 0);
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').byteLength, 0);
}

export function itemBytes(item: Readonly<Record<string, WireValue>>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

/** Write request units of one write of an item this size (1 per started KB). */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
/** Read request units of one strongly consistent read (1 per started 4 KB; a missing item still 1). */
export const consistentReadUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 4096));
