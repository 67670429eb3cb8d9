/*
 * deflate.ts — a port of the reference zlib 1.2.13 compressor (deflate.c and trees.c), restricted to what the
 * contract's compressibility signal r needs: zlib.compress(data, 6), i.e. level 6 (deflate_slow with lazy matching,
 * good_length 8, max_lazy 16, nice_length 128, max_chain 128), window bits 15, memory level 8 (hash bits 15,
 * lit_bufsize 16384), default strategy, zlib header and Adler-32 trailer, all input given at once with Z_FINISH.
 *
 * The algorithm, its data structures and its heuristics are those of zlib by Jean-loup Gailly (compression) and
 * Mark Adler, Copyright (C) 1995-2022, distributed under the zlib license:
 *
 *   This software is provided 'as-is', without any express or implied warranty. In no event will the authors be
 *   held liable for any damages arising from the use of this software. Permission is granted to anyone to use this
 *   software for any purpose, including commercial applications, and to alter it and redistribute it freely,
 *   subject to the following restrictions: 1. The origin of this software must not be misrepresented; you must not
 *   claim that you wrote the original software. If you use this software in a product, an acknowledgment in the
 *   product documentation would be appreciated but is not required. 2. Altered source versions must be plainly
 *   marked as such, and must not be misrepresented as being the original software. 3. This notice may not be
 *   removed or altered from any source distribution.
 *
 * This is an altered version (a TypeScript transcription, level 6 only): not the original software.
 *
 * Why carry a compressor at all: the DEFLATE format does not fix the output, the implementation does, and r is
 * len(output) / len(input). Node's node:zlib is Chromium's zlib fork (1.3.x with its own hashing and matching) and
 * browsers' CompressionStream uses the same fork; measured on contract/golden/zlib-vectors.json they produce other
 * lengths than the reference zlib 1.2.13 the Python agent used, so they cannot give the contract's r. This port
 * reproduces the reference bytes (the tests compare length and SHA-256 with the golden vectors and fuzz against
 * CPython's zlib on the reference library).
 *
 * Faithfulness notes: the window is emulated as the same 64 KiB buffer, including the bytes past the end of the
 * data that zlib's longest_match() reads (zeroed up to the high-water mark, stale after a slide): match choice can
 * depend on them at the end of the input. ct_data's unions (Freq/Code, Dad/Len) are kept as shared 16-bit arrays.
 */

const MAX_MATCH = 258;
const MIN_MATCH = 3;
const MIN_LOOKAHEAD = MAX_MATCH + MIN_MATCH + 1;
const W_BITS = 15;
const W_SIZE = 1 << W_BITS;
const W_MASK = W_SIZE - 1;
const WINDOW_SIZE = 2 * W_SIZE;
const MAX_DIST = W_SIZE - MIN_LOOKAHEAD;
const MEM_LEVEL = 8;
const HASH_BITS = MEM_LEVEL + 7;
const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
const HASH_SHIFT = Math.floor((HASH_BITS + MIN_MATCH - 1) / MIN_MATCH);
const LIT_BUFSIZE = 1 << (MEM_LEVEL + 6);
const SYM_END = (LIT_BUFSIZE - 1) * 3;
const WIN_INIT = MAX_MATCH;
const TOO_FAR = 4096;
const NIL = 0;

// Level 6 of configuration_table.
const GOOD_MATCH = 8;
const MAX_LAZY = 16;
const NICE_MATCH = 128;
const MAX_CHAIN = 128;

// trees.c constants.
const LENGTH_CODES = 29;
const LITERALS = 256;
const L_CODES = LITERALS + 1 + LENGTH_CODES;
const D_CODES = 30;
const BL_CODES = 19;
const HEAP_SIZE = 2 * L_CODES + 1;
const MAX_BITS = 15;
const MAX_BL_BITS = 7;
const END_BLOCK = 256;
const REP_3_6 = 16;
const REPZ_3_10 = 17;
const REPZ_11_138 = 18;
const BUF_SIZE = 16;
const STORED_BLOCK = 0;
const STATIC_TREES = 1;
const DYN_TREES = 2;

const EXTRA_LBITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const EXTRA_DBITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const EXTRA_BLBITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
const BL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A Huffman tree as zlib's ct_data array: fc = Freq or Code, dl = Dad or Len (C unions, kept shared). */
interface Tree {
  fc: Uint16Array;
  dl: Uint16Array;
}

function newTree(n: number): Tree {
  return { fc: new Uint16Array(n), dl: new Uint16Array(n) };
}

interface StaticDesc {
  tree: Tree | null;
  extra: readonly number[];
  extraBase: number;
  elems: number;
  maxLength: number;
}

interface TreeDesc {
  dyn: Tree;
  maxCode: number;
  stat: StaticDesc;
}

// tr_static_init(): the tables trees.h holds precomputed.
const LENGTH_CODE = new Uint8Array(MAX_MATCH - MIN_MATCH + 1);
const DIST_CODE = new Uint8Array(512);
const BASE_LENGTH = new Int32Array(LENGTH_CODES);
const BASE_DIST = new Int32Array(D_CODES);
const STATIC_LTREE = newTree(L_CODES + 2);
const STATIC_DTREE = newTree(D_CODES);

function biReverse(code: number, len: number): number {
  let res = 0;
  do {
    res |= code & 1;
    code >>>= 1;
    res <<= 1;
  } while (--len > 0);
  return res >>> 1;
}

function genCodes(tree: Tree, maxCode: number, blCount: Uint16Array): void {
  const nextCode = new Uint16Array(MAX_BITS + 1);
  let code = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    code = ((code + blCount[bits - 1]) << 1) & 0xffff;
    nextCode[bits] = code;
  }
  for (let n = 0; n <= maxCode; n++) {
    const len = tree.dl[n];
    if (len === 0) continue;
    tree.fc[n] = biReverse(nextCode[len]++, len);
  }
}

(function staticInit(): void {
  let length = 0;
  let code: number;
  for (code = 0; code < LENGTH_CODES - 1; code++) {
    BASE_LENGTH[code] = length;
    for (let n = 0; n < 1 << EXTRA_LBITS[code]; n++) LENGTH_CODE[length++] = code;
  }
  LENGTH_CODE[length - 1] = code;
  let dist = 0;
  for (code = 0; code < 16; code++) {
    BASE_DIST[code] = dist;
    for (let n = 0; n < 1 << EXTRA_DBITS[code]; n++) DIST_CODE[dist++] = code;
  }
  dist >>= 7;
  for (; code < D_CODES; code++) {
    BASE_DIST[code] = dist << 7;
    for (let n = 0; n < 1 << (EXTRA_DBITS[code] - 7); n++) DIST_CODE[256 + dist++] = code;
  }
  const blCount = new Uint16Array(MAX_BITS + 1);
  let n = 0;
  while (n <= 143) { STATIC_LTREE.dl[n++] = 8; blCount[8]++; }
  while (n <= 255) { STATIC_LTREE.dl[n++] = 9; blCount[9]++; }
  while (n <= 279) { STATIC_LTREE.dl[n++] = 7; blCount[7]++; }
  while (n <= 287) { STATIC_LTREE.dl[n++] = 8; blCount[8]++; }
  genCodes(STATIC_LTREE, L_CODES + 1, blCount);
  for (n = 0; n < D_CODES; n++) {
    STATIC_DTREE.dl[n] = 5;
    STATIC_DTREE.fc[n] = biReverse(n, 5);
  }
})();

const STATIC_L_DESC: StaticDesc = { tree: STATIC_LTREE, extra: EXTRA_LBITS, extraBase: LITERALS + 1, elems: L_CODES, maxLength: MAX_BITS };
const STATIC_D_DESC: StaticDesc = { tree: STATIC_DTREE, extra: EXTRA_DBITS, extraBase: 0, elems: D_CODES, maxLength: MAX_BITS };
const STATIC_BL_DESC: StaticDesc = { tree: null, extra: EXTRA_BLBITS, extraBase: 0, elems: BL_CODES, maxLength: MAX_BL_BITS };

function dCode(dist: number): number {
  return dist < 256 ? DIST_CODE[dist] : DIST_CODE[256 + (dist >>> 7)];
}

/** Growable output: plays the part of pending_buf plus the caller's output buffer (never short of room). */
class Output {
  buf = new Uint8Array(1024);
  len = 0;

  byte(b: number): void {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = b & 0xff;
  }

  bytes(src: Uint8Array, from: number, count: number): void {
    if (this.len + count > this.buf.length) this.grow(count);
    this.buf.set(src.subarray(from, from + count), this.len);
    this.len += count;
  }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.len + need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

class DeflateState {
  // Input (strm->next_in / avail_in).
  private readonly input: Uint8Array;
  private nextIn = 0;
  private adlerA = 1;
  private adlerB = 0;

  readonly out = new Output();

  // deflate.c state.
  private readonly window = new Uint8Array(WINDOW_SIZE);
  private readonly prev = new Uint16Array(W_SIZE);
  private readonly head = new Uint16Array(HASH_SIZE);
  private insH = 0;
  private blockStart = 0;
  private matchLength = MIN_MATCH - 1;
  private prevMatch = 0;
  private matchAvailable = 0;
  private strstart = 0;
  private matchStart = 0;
  private lookahead = 0;
  private prevLength = MIN_MATCH - 1;
  private insert = 0;
  private highWater = 0;

  // trees.c state.
  private readonly dynLtree = newTree(HEAP_SIZE);
  private readonly dynDtree = newTree(2 * D_CODES + 1);
  private readonly blTree = newTree(2 * BL_CODES + 1);
  private readonly lDesc: TreeDesc = { dyn: this.dynLtree, maxCode: 0, stat: STATIC_L_DESC };
  private readonly dDesc: TreeDesc = { dyn: this.dynDtree, maxCode: 0, stat: STATIC_D_DESC };
  private readonly blDesc: TreeDesc = { dyn: this.blTree, maxCode: 0, stat: STATIC_BL_DESC };
  private readonly blCount = new Uint16Array(MAX_BITS + 1);
  private readonly heap = new Int32Array(2 * L_CODES + 1);
  private heapLen = 0;
  private heapMax = 0;
  private readonly depth = new Uint8Array(2 * L_CODES + 1);
  private readonly symBuf = new Uint8Array(LIT_BUFSIZE * 3);
  private symNext = 0;
  private optLen = 0;
  private staticLen = 0;
  private biBuf = 0;
  private biValid = 0;
  private dataTypeKnown = false;

  constructor(input: Uint8Array) {
    this.input = input;
    this.initBlock();
  }

  // ---- input -------------------------------------------------------------------------------------------------

  private readBuf(dest: number, size: number): number {
    let len = this.input.length - this.nextIn;
    if (len > size) len = size;
    if (len === 0) return 0;
    const chunk = this.input.subarray(this.nextIn, this.nextIn + len);
    this.window.set(chunk, dest);
    this.adler(chunk);
    this.nextIn += len;
    return len;
  }

  private adler(data: Uint8Array): void {
    let a = this.adlerA;
    let b = this.adlerB;
    for (let i = 0; i < data.length; ) {
      const end = Math.min(data.length, i + 3800); // keeps b below 2^53 between reductions
      for (; i < end; i++) {
        a += data[i];
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.adlerA = a;
    this.adlerB = b;
  }

  adlerValue(): number {
    return ((this.adlerB << 16) | this.adlerA) >>> 0;
  }

  private availIn(): number {
    return this.input.length - this.nextIn;
  }

  // ---- deflate.c ---------------------------------------------------------------------------------------------

  private insertString(str: number): number {
    this.insH = ((this.insH << HASH_SHIFT) ^ this.window[str + (MIN_MATCH - 1)]) & HASH_MASK;
    const matchHead = this.head[this.insH];
    this.prev[str & W_MASK] = matchHead;
    this.head[this.insH] = str;
    return matchHead;
  }

  private slideHash(): void {
    for (let n = 0; n < HASH_SIZE; n++) {
      const m = this.head[n];
      this.head[n] = m >= W_SIZE ? m - W_SIZE : NIL;
    }
    for (let n = 0; n < W_SIZE; n++) {
      const m = this.prev[n];
      this.prev[n] = m >= W_SIZE ? m - W_SIZE : NIL;
    }
  }

  private fillWindow(): void {
    do {
      let more = WINDOW_SIZE - this.lookahead - this.strstart;
      if (this.strstart >= W_SIZE + MAX_DIST) {
        this.window.copyWithin(0, W_SIZE, W_SIZE + (W_SIZE - more));
        this.matchStart -= W_SIZE;
        this.strstart -= W_SIZE;
        this.blockStart -= W_SIZE;
        if (this.insert > this.strstart) this.insert = this.strstart;
        this.slideHash();
        more += W_SIZE;
      }
      if (this.availIn() === 0) break;
      const n = this.readBuf(this.strstart + this.lookahead, more);
      this.lookahead += n;
      if (this.lookahead + this.insert >= MIN_MATCH) {
        let str = this.strstart - this.insert;
        this.insH = this.window[str];
        this.insH = ((this.insH << HASH_SHIFT) ^ this.window[str + 1]) & HASH_MASK;
        while (this.insert) {
          this.insH = ((this.insH << HASH_SHIFT) ^ this.window[str + MIN_MATCH - 1]) & HASH_MASK;
          this.prev[str & W_MASK] = this.head[this.insH];
          this.head[this.insH] = str;
          str++;
          this.insert--;
          if (this.lookahead + this.insert < MIN_MATCH) break;
        }
      }
    } while (this.lookahead < MIN_LOOKAHEAD && this.availIn() !== 0);

    if (this.highWater < WINDOW_SIZE) {
      const curr = this.strstart + this.lookahead;
      if (this.highWater < curr) {
        let init = WINDOW_SIZE - curr;
        if (init > WIN_INIT) init = WIN_INIT;
        this.window.fill(0, curr, curr + init);
        this.highWater = curr + init;
      } else if (this.highWater < curr + WIN_INIT) {
        let init = curr + WIN_INIT - this.highWater;
        if (init > WINDOW_SIZE - this.highWater) init = WINDOW_SIZE - this.highWater;
        this.window.fill(0, this.highWater, this.highWater + init);
        this.highWater += init;
      }
    }
  }

  private longestMatch(curMatch: number): number {
    let chainLength = MAX_CHAIN;
    const w = this.window;
    const scanStart = this.strstart;
    let bestLen = this.prevLength;
    let niceMatch = NICE_MATCH;
    const limit = this.strstart > MAX_DIST ? this.strstart - MAX_DIST : NIL;
    const strend = this.strstart + MAX_MATCH;
    let scanEnd1 = w[scanStart + bestLen - 1];
    let scanEnd = w[scanStart + bestLen];

    if (this.prevLength >= GOOD_MATCH) chainLength >>>= 2;
    if (niceMatch > this.lookahead) niceMatch = this.lookahead;

    do {
      let match = curMatch;
      if (w[match + bestLen] !== scanEnd || w[match + bestLen - 1] !== scanEnd1 ||
          w[match] !== w[scanStart] || w[++match] !== w[scanStart + 1]) {
        continue;
      }
      // scan[2] and match[2] are equal when the hash keys are (HASH_BITS >= 8): zlib skips them, so do we.
      let scan = scanStart + 2;
      match++;
      do {
        // zlib checks scan < strend only every 8th byte; the result is the same, the common prefix up to 258.
      } while (w[++scan] === w[++match] && w[++scan] === w[++match] &&
               w[++scan] === w[++match] && w[++scan] === w[++match] &&
               w[++scan] === w[++match] && w[++scan] === w[++match] &&
               w[++scan] === w[++match] && w[++scan] === w[++match] &&
               scan < strend);
      const len = MAX_MATCH - (strend - scan);
      if (len > bestLen) {
        this.matchStart = curMatch;
        bestLen = len;
        if (len >= niceMatch) break;
        scanEnd1 = w[scanStart + bestLen - 1];
        scanEnd = w[scanStart + bestLen];
      }
    } while ((curMatch = this.prev[curMatch & W_MASK]) > limit && --chainLength !== 0);

    if (bestLen <= this.lookahead) return bestLen;
    return this.lookahead;
  }

  private flushBlock(last: boolean): void {
    this.trFlushBlock(this.blockStart >= 0 ? this.blockStart : -1, this.strstart - this.blockStart, last);
    this.blockStart = this.strstart;
  }

  /** deflate_slow(s, Z_FINISH) with an output buffer that never fills. */
  deflateSlow(): void {
    for (;;) {
      if (this.lookahead < MIN_LOOKAHEAD) {
        this.fillWindow();
        if (this.lookahead === 0) break;
      }
      let hashHead = NIL;
      if (this.lookahead >= MIN_MATCH) hashHead = this.insertString(this.strstart);

      this.prevLength = this.matchLength;
      this.prevMatch = this.matchStart;
      this.matchLength = MIN_MATCH - 1;

      if (hashHead !== NIL && this.prevLength < MAX_LAZY && this.strstart - hashHead <= MAX_DIST) {
        this.matchLength = this.longestMatch(hashHead);
        if (this.matchLength <= 5 && this.matchLength === MIN_MATCH && this.strstart - this.matchStart > TOO_FAR) {
          this.matchLength = MIN_MATCH - 1;
        }
      }
      if (this.prevLength >= MIN_MATCH && this.matchLength <= this.prevLength) {
        const maxInsert = this.strstart + this.lookahead - MIN_MATCH;
        const bflush = this.tallyDist(this.strstart - 1 - this.prevMatch, this.prevLength - MIN_MATCH);
        this.lookahead -= this.prevLength - 1;
        this.prevLength -= 2;
        do {
          if (++this.strstart <= maxInsert) this.insertString(this.strstart);
        } while (--this.prevLength !== 0);
        this.matchAvailable = 0;
        this.matchLength = MIN_MATCH - 1;
        this.strstart++;
        if (bflush) this.flushBlock(false);
      } else if (this.matchAvailable) {
        const bflush = this.tallyLit(this.window[this.strstart - 1]);
        if (bflush) this.flushBlock(false);
        this.strstart++;
        this.lookahead--;
      } else {
        this.matchAvailable = 1;
        this.strstart++;
        this.lookahead--;
      }
    }
    if (this.matchAvailable) {
      this.tallyLit(this.window[this.strstart - 1]);
      this.matchAvailable = 0;
    }
    this.insert = this.strstart < MIN_MATCH - 1 ? this.strstart : MIN_MATCH - 1;
    this.flushBlock(true);
  }

  // ---- trees.c -----------------------------------------------------------------------------------------------

  private initBlock(): void {
    this.dynLtree.fc.fill(0, 0, L_CODES);
    this.dynDtree.fc.fill(0, 0, D_CODES);
    this.blTree.fc.fill(0, 0, BL_CODES);
    this.dynLtree.fc[END_BLOCK] = 1;
    this.optLen = 0;
    this.staticLen = 0;
    this.symNext = 0;
  }

  private tallyLit(c: number): boolean {
    this.symBuf[this.symNext++] = 0;
    this.symBuf[this.symNext++] = 0;
    this.symBuf[this.symNext++] = c;
    this.dynLtree.fc[c]++;
    return this.symNext === SYM_END;
  }

  private tallyDist(distance: number, length: number): boolean {
    const len = length & 0xff;
    let dist = distance & 0xffff;
    this.symBuf[this.symNext++] = dist & 0xff;
    this.symBuf[this.symNext++] = dist >>> 8;
    this.symBuf[this.symNext++] = len;
    dist--;
    this.dynLtree.fc[LENGTH_CODE[len] + LITERALS + 1]++;
    this.dynDtree.fc[dCode(dist)]++;
    return this.symNext === SYM_END;
  }

  private putShort(w: number): void {
    this.out.byte(w & 0xff);
    this.out.byte((w >>> 8) & 0xff);
  }

  private sendBits(value: number, length: number): void {
    if (this.biValid > BUF_SIZE - length) {
      this.biBuf = (this.biBuf | ((value << this.biValid) & 0xffff)) & 0xffff;
      this.putShort(this.biBuf);
      this.biBuf = (value & 0xffff) >>> (BUF_SIZE - this.biValid);
      this.biValid += length - BUF_SIZE;
    } else {
      this.biBuf = (this.biBuf | ((value << this.biValid) & 0xffff)) & 0xffff;
      this.biValid += length;
    }
  }

  private sendCode(c: number, tree: Tree): void {
    this.sendBits(tree.fc[c], tree.dl[c]);
  }

  private biFlush(): void {
    if (this.biValid === 16) {
      this.putShort(this.biBuf);
      this.biBuf = 0;
      this.biValid = 0;
    } else if (this.biValid >= 8) {
      this.out.byte(this.biBuf);
      this.biBuf >>>= 8;
      this.biValid -= 8;
    }
  }

  private biWindup(): void {
    if (this.biValid > 8) {
      this.putShort(this.biBuf);
    } else if (this.biValid > 0) {
      this.out.byte(this.biBuf);
    }
    this.biBuf = 0;
    this.biValid = 0;
  }

  /** flush_pending's _tr_flush_bits, at the end of each block. */
  flushBits(): void {
    this.biFlush();
  }

  private smaller(tree: Tree, n: number, m: number): boolean {
    return tree.fc[n] < tree.fc[m] || (tree.fc[n] === tree.fc[m] && this.depth[n] <= this.depth[m]);
  }

  private pqdownheap(tree: Tree, k: number): void {
    const v = this.heap[k];
    let j = k << 1;
    while (j <= this.heapLen) {
      if (j < this.heapLen && this.smaller(tree, this.heap[j + 1], this.heap[j])) j++;
      if (this.smaller(tree, v, this.heap[j])) break;
      this.heap[k] = this.heap[j];
      k = j;
      j <<= 1;
    }
    this.heap[k] = v;
  }

  private genBitlen(desc: TreeDesc): void {
    const tree = desc.dyn;
    const maxCode = desc.maxCode;
    const stree = desc.stat.tree;
    const extra = desc.stat.extra;
    const base = desc.stat.extraBase;
    const maxLength = desc.stat.maxLength;
    let h: number;
    let overflow = 0;
    this.blCount.fill(0);
    tree.dl[this.heap[this.heapMax]] = 0;
    for (h = this.heapMax + 1; h < HEAP_SIZE; h++) {
      const n = this.heap[h];
      let bits = tree.dl[tree.dl[n]] + 1;
      if (bits > maxLength) { bits = maxLength; overflow++; }
      tree.dl[n] = bits;
      if (n > maxCode) continue;
      this.blCount[bits]++;
      let xbits = 0;
      if (n >= base) xbits = extra[n - base];
      const f = tree.fc[n];
      this.optLen += f * (bits + xbits);
      if (stree) this.staticLen += f * (stree.dl[n] + xbits);
    }
    if (overflow === 0) return;
    do {
      let bits = maxLength - 1;
      while (this.blCount[bits] === 0) bits--;
      this.blCount[bits]--;
      this.blCount[bits + 1] += 2;
      this.blCount[maxLength]--;
      overflow -= 2;
    } while (overflow > 0);
    for (let bits = maxLength; bits !== 0; bits--) {
      let n = this.blCount[bits];
      while (n !== 0) {
        const m = this.heap[--h];
        if (m > maxCode) continue;
        if (tree.dl[m] !== bits) {
          this.optLen += (bits - tree.dl[m]) * tree.fc[m];
          tree.dl[m] = bits;
        }
        n--;
      }
    }
  }

  private buildTree(desc: TreeDesc): void {
    const tree = desc.dyn;
    const stree = desc.stat.tree;
    const elems = desc.stat.elems;
    let maxCode = -1;
    let node: number;
    this.heapLen = 0;
    this.heapMax = HEAP_SIZE;
    for (let n = 0; n < elems; n++) {
      if (tree.fc[n] !== 0) {
        this.heap[++this.heapLen] = maxCode = n;
        this.depth[n] = 0;
      } else {
        tree.dl[n] = 0;
      }
    }
    while (this.heapLen < 2) {
      node = this.heap[++this.heapLen] = maxCode < 2 ? ++maxCode : 0;
      tree.fc[node] = 1;
      this.depth[node] = 0;
      this.optLen--;
      if (stree) this.staticLen -= stree.dl[node];
    }
    desc.maxCode = maxCode;
    for (let n = this.heapLen >> 1; n >= 1; n--) this.pqdownheap(tree, n);
    node = elems;
    do {
      const n = this.heap[1];
      this.heap[1] = this.heap[this.heapLen--];
      this.pqdownheap(tree, 1);
      const m = this.heap[1];
      this.heap[--this.heapMax] = n;
      this.heap[--this.heapMax] = m;
      tree.fc[node] = tree.fc[n] + tree.fc[m];
      this.depth[node] = (this.depth[n] >= this.depth[m] ? this.depth[n] : this.depth[m]) + 1;
      tree.dl[n] = tree.dl[m] = node;
      this.heap[1] = node++;
      this.pqdownheap(tree, 1);
    } while (this.heapLen >= 2);
    this.heap[--this.heapMax] = this.heap[1];
    this.genBitlen(desc);
    genCodes(tree, maxCode, this.blCount);
  }

  private scanTree(tree: Tree, maxCode: number): void {
    let prevlen = -1;
    let curlen: number;
    let nextlen = tree.dl[0];
    let count = 0;
    let maxCount = 7;
    let minCount = 4;
    if (nextlen === 0) { maxCount = 138; minCount = 3; }
    tree.dl[maxCode + 1] = 0xffff;
    for (let n = 0; n <= maxCode; n++) {
      curlen = nextlen;
      nextlen = tree.dl[n + 1];
      if (++count < maxCount && curlen === nextlen) {
        continue;
      } else if (count < minCount) {
        this.blTree.fc[curlen] += count;
      } else if (curlen !== 0) {
        if (curlen !== prevlen) this.blTree.fc[curlen]++;
        this.blTree.fc[REP_3_6]++;
      } else if (count <= 10) {
        this.blTree.fc[REPZ_3_10]++;
      } else {
        this.blTree.fc[REPZ_11_138]++;
      }
      count = 0;
      prevlen = curlen;
      if (nextlen === 0) { maxCount = 138; minCount = 3; }
      else if (curlen === nextlen) { maxCount = 6; minCount = 3; }
      else { maxCount = 7; minCount = 4; }
    }
  }

  private sendTree(tree: Tree, maxCode: number): void {
    let prevlen = -1;
    let curlen: number;
    let nextlen = tree.dl[0];
    let count = 0;
    let maxCount = 7;
    let minCount = 4;
    if (nextlen === 0) { maxCount = 138; minCount = 3; }
    for (let n = 0; n <= maxCode; n++) {
      curlen = nextlen;
      nextlen = tree.dl[n + 1];
      if (++count < maxCount && curlen === nextlen) {
        continue;
      } else if (count < minCount) {
        do { this.sendCode(curlen, this.blTree); } while (--count !== 0);
      } else if (curlen !== 0) {
        if (curlen !== prevlen) {
          this.sendCode(curlen, this.blTree);
          count--;
        }
        this.sendCode(REP_3_6, this.blTree);
        this.sendBits(count - 3, 2);
      } else if (count <= 10) {
        this.sendCode(REPZ_3_10, this.blTree);
        this.sendBits(count - 3, 3);
      } else {
        this.sendCode(REPZ_11_138, this.blTree);
        this.sendBits(count - 11, 7);
      }
      count = 0;
      prevlen = curlen;
      if (nextlen === 0) { maxCount = 138; minCount = 3; }
      else if (curlen === nextlen) { maxCount = 6; minCount = 3; }
      else { maxCount = 7; minCount = 4; }
    }
  }

  private buildBlTree(): number {
    this.scanTree(this.dynLtree, this.lDesc.maxCode);
    this.scanTree(this.dynDtree, this.dDesc.maxCode);
    this.buildTree(this.blDesc);
    let maxBlindex: number;
    for (maxBlindex = BL_CODES - 1; maxBlindex >= 3; maxBlindex--) {
      if (this.blTree.dl[BL_ORDER[maxBlindex]] !== 0) break;
    }
    this.optLen += 3 * (maxBlindex + 1) + 5 + 5 + 4;
    return maxBlindex;
  }

  private sendAllTrees(lcodes: number, dcodes: number, blcodes: number): void {
    this.sendBits(lcodes - 257, 5);
    this.sendBits(dcodes - 1, 5);
    this.sendBits(blcodes - 4, 4);
    for (let rank = 0; rank < blcodes; rank++) this.sendBits(this.blTree.dl[BL_ORDER[rank]], 3);
    this.sendTree(this.dynLtree, lcodes - 1);
    this.sendTree(this.dynDtree, dcodes - 1);
  }

  private storedBlock(buf: number, storedLen: number, last: boolean): void {
    this.sendBits((STORED_BLOCK << 1) + (last ? 1 : 0), 3);
    this.biWindup();
    this.putShort(storedLen & 0xffff);
    this.putShort(~storedLen & 0xffff);
    if (storedLen) this.out.bytes(this.window, buf, storedLen);
  }

  private compressBlock(ltree: Tree, dtree: Tree): void {
    let sx = 0;
    if (this.symNext !== 0) {
      do {
        let dist = this.symBuf[sx++];
        dist += this.symBuf[sx++] << 8;
        let lc = this.symBuf[sx++];
        if (dist === 0) {
          this.sendCode(lc, ltree);
        } else {
          let code = LENGTH_CODE[lc];
          this.sendCode(code + LITERALS + 1, ltree);
          let extra = EXTRA_LBITS[code];
          if (extra !== 0) {
            lc -= BASE_LENGTH[code];
            this.sendBits(lc, extra);
          }
          dist--;
          code = dCode(dist);
          this.sendCode(code, dtree);
          extra = EXTRA_DBITS[code];
          if (extra !== 0) {
            dist -= BASE_DIST[code];
            this.sendBits(dist, extra);
          }
        }
      } while (sx < this.symNext);
    }
    this.sendCode(END_BLOCK, ltree);
  }

  /** detect_data_type(): only sets strm->data_type, which does not change the output; kept for completeness. */
  private detectDataType(): void {
    this.dataTypeKnown = true;
  }

  /** _tr_flush_block; buf is an index into the window, or -1 for zlib's NULL (block start slid out). */
  private trFlushBlock(buf: number, storedLen: number, last: boolean): void {
    if (!this.dataTypeKnown) this.detectDataType();
    this.buildTree(this.lDesc);
    this.buildTree(this.dDesc);
    const maxBlindex = this.buildBlTree();
    let optLenb = (this.optLen + 3 + 7) >>> 3;
    const staticLenb = (this.staticLen + 3 + 7) >>> 3;
    if (staticLenb <= optLenb) optLenb = staticLenb;

    if (storedLen + 4 <= optLenb && buf !== -1) {
      this.storedBlock(buf, storedLen, last);
    } else if (staticLenb === optLenb) {
      this.sendBits((STATIC_TREES << 1) + (last ? 1 : 0), 3);
      this.compressBlock(STATIC_LTREE, STATIC_DTREE);
    } else {
      this.sendBits((DYN_TREES << 1) + (last ? 1 : 0), 3);
      this.sendAllTrees(this.lDesc.maxCode + 1, this.dDesc.maxCode + 1, maxBlindex + 1);
      this.compressBlock(this.dynLtree, this.dynDtree);
    }
    this.initBlock();
    if (last) this.biWindup();
    this.flushBits(); // flush_pending() → _tr_flush_bits()
  }
}

/**
 * The bytes of Python's zlib.compress(data, 6) on the reference zlib 1.2.13: header 0x78 0x9c, deflate stream,
 * Adler-32 big-endian.
 */
export function zlibCompress(data: Uint8Array): Uint8Array {
  const s = new DeflateState(data);
  // zlib header: CMF 0x78 (deflate, 32K window); FLG with level_flags 2 (level 6), check bits: 0x9c.
  let header = (8 + ((W_BITS - 8) << 4)) << 8;
  header |= 2 << 6;
  header += 31 - (header % 31);
  s.out.byte(header >>> 8);
  s.out.byte(header & 0xff);
  s.deflateSlow();
  const adler = s.adlerValue();
  s.out.byte(adler >>> 24);
  s.out.byte((adler >>> 16) & 0xff);
  s.out.byte((adler >>> 8) & 0xff);
  s.out.byte(adler & 0xff);
  return s.out.buf.slice(0, s.out.len);
}

/** len(zlib.compress(data, 6)) on the reference zlib: the numerator of r. */
export function zlibCompressedLength(data: Uint8Array): number {
  return zlibCompress(data).length;
}
