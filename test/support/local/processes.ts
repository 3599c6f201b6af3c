/** Lists a process's living descendants from /proc, to prove the local runtime leaves no orphans. */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after ')'.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = afterName[0];
    if (state === 'Z') return undefined; // a zombie is already dead
    return Number(afterName[1]);
  } catch {
    return undefined;
  }
}

/** Pids of every living process below `rootPid` (children, grandchildren, ...). */
export function descendantPids(rootPid = process.pid): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) parents.set(pid, parent);
  }
  const found: number[] = [];
  const frontier = [rootPid];
  while (frontier.length > 0) {
    const current = frontier.pop();
    for (const [pid, parent] of parents) {
      if (parent === current) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}

/** Polls until `rootPid` has no descendants left, or returns the ones still there after `timeoutMs`. */
export async function waitForNoDescendants(rootPid = process.pid, timeoutMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = descendantPids(rootPid);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
