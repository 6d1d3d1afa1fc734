/**
 * The engine of `greedyPairs` (matchmaking.ts, whose module doc explains the method): the greedy selection by
 * ascending `diff² − c × (waits_a + waits_b)` inside the windows, without scoring every lead × follow pair.
 *
 * @module
 */

/** What the selection reads of a player. */
export interface Rated {
  readonly mmr: number;
  readonly waits: number;
}

interface WaitGroup {
  readonly waits: number;
  readonly right: Int32Array; // follow indices by ascending MMR, ties by ascending index
  readonly left: Int32Array; // the same, ties by descending index
  readonly nextRight: Int32Array; // union–find: first unused position ≥ i (length = none)
  readonly prevLeft: Int32Array; // union–find over i + 1: last unused position ≤ i (0 = none)
  readonly start: Int32Array; // per lead: first position whose MMR is ≥ the lead's
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root]!;
  while (parent[i] !== root) {
    const next = parent[i]!;
    parent[i] = root;
    i = next;
  }
  return root;
}

/** A group from its members in ascending (MMR, index) order. */
function buildGroup(
  waits: number,
  members: number[],
  followMmr: Float64Array,
  leadByMmr: Int32Array,
  leadMmr: Float64Array,
): WaitGroup {
  const right = Int32Array.from(members);
  const left = right.slice();
  for (let run = 0; run < left.length;) {
    let end = run + 1;
    while (end < left.length && followMmr[left[end]!] === followMmr[left[run]!]) end++;
    left.subarray(run, end).reverse();
    run = end;
  }
  const start = new Int32Array(leadMmr.length);
  let p = 0;
  for (const a of leadByMmr) {
    while (p < right.length && followMmr[right[p]!]! < leadMmr[a]!) p++;
    start[a] = p;
  }
  const identity = (_: unknown, i: number) => i;
  const nextRight = Int32Array.from({ length: right.length + 1 }, identity);
  return { waits, right, left, nextRight, prevLeft: nextRight.slice(), start };
}

/**
 * One greedy selection (a class, so that the hot methods are shared and stay optimized); `run()` returns the
 * `[leadIndex, followIndex]` pairs in the order they were taken.
 *
 * @example
 * ```ts
 * import { Greedy } from "./_greedy.ts";
 * const lead = [{ mmr: 1500, waits: 1 }, { mmr: 1800, waits: 1 }];
 * const follow = [{ mmr: 1790, waits: 1 }, { mmr: 1510, waits: 1 }];
 * console.log(new Greedy(lead, follow, (w) => 100 + 50 * w, 20).run()); // [[0, 1], [1, 0]]
 * ```
 */
export class Greedy {
  readonly leadMmr: Float64Array;
  readonly leadWaits: Float64Array;
  readonly followMmr: Float64Array;
  readonly followWaits: Float64Array;
  /** By descending waits: the lowest score a group can offer (diff 0) only rises from one to the next. */
  readonly groups: WaitGroup[];
  readonly groupWaits: Float64Array;
  readonly groupOf: Int32Array;
  readonly posRight: Int32Array;
  readonly posLeft: Int32Array;
  /**
   * Per (lead, group): the group's best unused follow by (score, index), −2 not computed yet, −1 none inside the
   * window (for good: the nearest unused MMR only moves away); and its score.
   */
  readonly cacheFollow: Int32Array;
  readonly cacheScore: Float64Array;
  readonly used: Uint8Array;
  /** Min-heap of leads keyed by (bestScore, lead index); each lead at most once. */
  readonly heap: Int32Array;
  heapSize = 0;
  readonly bestScore: Float64Array;
  readonly bestFollow: Int32Array;

  constructor(
    lead: readonly Rated[],
    follow: readonly Rated[],
    readonly maxDiff: (waits: number) => number,
    readonly waitCoefficient: number,
  ) {
    this.leadMmr = Float64Array.from(lead, (e) => e.mmr);
    this.leadWaits = Float64Array.from(lead, (e) => e.waits);
    this.followMmr = Float64Array.from(follow, (e) => e.mmr);
    this.followWaits = Float64Array.from(follow, (e) => e.waits);
    const leadMmr = this.leadMmr;
    const leadByMmr = Int32Array.from(lead.keys()).sort((a, b) => leadMmr[a]! - leadMmr[b]!);
    const followMmr = this.followMmr;
    const members = new Map<number, number[]>();
    for (const i of Int32Array.from(follow.keys()).sort((a, b) => followMmr[a]! - followMmr[b]! || a - b)) {
      const waits = follow[i]!.waits;
      members.get(waits)?.push(i) ?? members.set(waits, [i]);
    }
    this.groups = [...members].sort((a, b) => b[0] - a[0])
      .map(([waits, list]) => buildGroup(waits, list, this.followMmr, leadByMmr, leadMmr));
    this.groupWaits = Float64Array.from(this.groups, (g) => g.waits);
    this.groupOf = new Int32Array(follow.length);
    this.posRight = new Int32Array(follow.length);
    this.posLeft = new Int32Array(follow.length);
    this.groups.forEach((g, i) => {
      g.right.forEach((f, p) => {
        this.groupOf[f] = i;
        this.posRight[f] = p;
      });
      g.left.forEach((f, p) => this.posLeft[f] = p);
    });
    this.cacheFollow = new Int32Array(lead.length * this.groups.length).fill(-2);
    this.cacheScore = new Float64Array(lead.length * this.groups.length);
    this.used = new Uint8Array(follow.length);
    this.heap = new Int32Array(lead.length);
    this.bestScore = new Float64Array(lead.length);
    this.bestFollow = new Int32Array(lead.length);
  }

  run(): Array<[number, number]> {
    for (let a = 0; a < this.leadMmr.length; a++) if (this.best(a)) this.push(a);
    const pairs: Array<[number, number]> = [];
    for (let a = this.pop(); a >= 0; a = this.pop()) {
      const f = this.bestFollow[a]!;
      if (this.used[f] === 1) {
        if (this.best(a)) this.push(a);
        continue;
      }
      pairs.push([a, f]);
      this.used[f] = 1;
      const g = this.groups[this.groupOf[f]!]!;
      const p = this.posRight[f]!;
      g.nextRight[p] = p + 1;
      const q = this.posLeft[f]!;
      g.prevLeft[q + 1] = q;
    }
    return pairs;
  }

  /** A candidate's score, or Infinity outside the window: the same arithmetic as matchmaking.ts's withinWindow and pairScore. */
  scoreOf(lm: number, lw: number, f: number): number {
    const diff = lm - this.followMmr[f]!;
    const fw = this.followWaits[f]!;
    if (Math.abs(diff) > this.maxDiff(lw) && Math.abs(diff) > this.maxDiff(fw)) return Infinity;
    return diff * diff - this.waitCoefficient * (lw + fw);
  }

  /** Recomputes the cache entry `k` of lead `a` and group `i`: the nearest unused MMR on either side. */
  refresh(a: number, i: number, k: number): void {
    const g = this.groups[i]!;
    const lm = this.leadMmr[a]!;
    const lw = this.leadWaits[a]!;
    let chosen = -1;
    let score = Infinity;
    const r = find(g.nextRight, g.start[a]!);
    if (r < g.right.length) {
      chosen = g.right[r]!;
      score = this.scoreOf(lm, lw, chosen);
    }
    const q = find(g.prevLeft, g.start[a]!);
    if (q > 0) {
      const f = g.left[q - 1]!;
      const s = this.scoreOf(lm, lw, f);
      if (s < score || (s === score && f < chosen)) {
        chosen = f;
        score = s;
      }
    }
    this.cacheFollow[k] = score === Infinity ? -1 : chosen;
    this.cacheScore[k] = score;
  }

  /** Sets the lead's best unused follow and its score; false when it has none left. */
  best(a: number): boolean {
    const lw = this.leadWaits[a]!;
    const groups = this.groupWaits.length;
    let score = Infinity;
    let chosen = -1;
    for (let i = 0, k = a * groups; i < groups; i++, k++) {
      if (chosen >= 0 && score < -this.waitCoefficient * (lw + this.groupWaits[i]!)) break;
      let f = this.cacheFollow[k]!;
      if (f === -1) continue;
      // A taken follow's score still bounds its group from below: refresh only a group that could win.
      if (f === -2 || (this.used[f] === 1 && this.cacheScore[k]! <= score)) {
        this.refresh(a, i, k);
        f = this.cacheFollow[k]!;
        if (f < 0) continue;
      } else if (this.used[f] === 1) continue;
      const s = this.cacheScore[k]!;
      if (s < score || (s === score && f < chosen)) {
        score = s;
        chosen = f;
      }
    }
    this.bestScore[a] = score;
    this.bestFollow[a] = chosen;
    return chosen >= 0;
  }

  before(x: number, y: number): boolean {
    const sx = this.bestScore[x]!;
    const sy = this.bestScore[y]!;
    return sx < sy || (sx === sy && x < y);
  }

  push(lead: number): void {
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(lead, this.heap[parent]!)) break;
      this.heap[i] = this.heap[parent]!;
      i = parent;
    }
    this.heap[i] = lead;
  }

  /** The lead with the smallest key, removed; −1 when empty. */
  pop(): number {
    if (this.heapSize === 0) return -1;
    const top = this.heap[0]!;
    const last = this.heap[--this.heapSize]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.heapSize) break;
      const c = l + 1 < this.heapSize && this.before(this.heap[l + 1]!, this.heap[l]!) ? l + 1 : l;
      if (!this.before(this.heap[c]!, last)) break;
      this.heap[i] = this.heap[c]!;
      i = c;
    }
    this.heap[i] = last;
    return top;
  }
}
