// This file is a Go port (altered source, plainly marked as such) of zlib
// 1.2.13's trees.c (Huffman trees and block output), by Jean-loup Gailly
// and Mark Adler. The algorithm and its decisions are theirs; the port is
// the Fractal LBA project's.
//
//   Copyright (C) 1995-2022 Jean-loup Gailly and Mark Adler
//
//   This software is provided 'as-is', without any express or implied
//   warranty.  In no event will the authors be held liable for any damages
//   arising from the use of this software.
//
//   Permission is granted to anyone to use this software for any purpose,
//   including commercial applications, and to alter it and redistribute it
//   freely, subject to the following restrictions:
//
//   1. The origin of this software must not be misrepresented; you must not
//      claim that you wrote the original software. If you use this software
//      in a product, an acknowledgment in the product documentation would be
//      appreciated but is not required.
//   2. Altered source versions must be plainly marked as such, and must not be
//      misrepresented as being the original software.
//   3. This notice may not be removed or altered from any source distribution.

package zlibref

// Block output and Huffman tree construction, as zlib's trees.c.

const (
	lengthCodes = 29
	literals    = 256
	lCodes      = literals + 1 + lengthCodes // 286
	dCodes      = 30
	blCodes     = 19
	heapSize    = 2*lCodes + 1
	maxBits     = 15
	maxBlBits   = 7
	endBlock    = 256
	rep3To6     = 16 // repeat previous bit length 3-6 times (2 extra bits)
	repz3To10   = 17 // repeat a zero length 3-10 times (3 extra bits)
	repz11To138 = 18 // repeat a zero length 11-138 times (7 extra bits)

	typeStored  = 0
	typeStatic  = 1
	typeDynamic = 2
)

var (
	extraLbits  = [lengthCodes]int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	extraDbits  = [dCodes]int{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	extraBlbits = [blCodes]int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7}
	// The order in which the bit length code lengths are sent.
	blOrder = [blCodes]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// ctData is zlib's ct_data: two 16-bit words that each serve two purposes.
// fc is the frequency while the tree is built and the code afterwards; dl is
// the parent node while the tree is built and the bit length afterwards.
// zlib relies on the overlap (gen_bitlen reads a parent's length where the
// parent's dad used to be), so it is kept as it is.
type ctData struct {
	fc uint16 // freq, then code
	dl uint16 // dad, then len
}

type staticTreeDesc struct {
	staticTree []ctData // static tree, or nil
	extraBits  []int    // extra bits for each code
	extraBase  int      // first code with extra bits
	elems      int      // number of elements in the tree
	maxLength  int      // maximum bit length of the codes
}

type treeDesc struct {
	dynTree []ctData
	maxCode int // largest code with non-zero frequency
	stat    *staticTreeDesc
}

var (
	staticLtree [lCodes + 2]ctData
	staticDtree [dCodes]ctData
	distCode    [512]uint8 // distance-1 -> code; entries 256.. hold (dist-1)>>7
	lengthCode  [maxMatch - minMatch + 1]uint8
	baseLength  [lengthCodes]int
	baseDist    [dCodes]int

	staticLDesc  = staticTreeDesc{staticLtree[:], extraLbits[:], literals + 1, lCodes, maxBits}
	staticDDesc  = staticTreeDesc{staticDtree[:], extraDbits[:], 0, dCodes, maxBits}
	staticBlDesc = staticTreeDesc{nil, extraBlbits[:], 0, blCodes, maxBlBits}
)

// init is tr_static_init.
func init() {
	length := 0
	code := 0
	for code = 0; code < lengthCodes-1; code++ {
		baseLength[code] = length
		for n := 0; n < 1<<extraLbits[code]; n++ {
			lengthCode[length] = uint8(code)
			length++
		}
	}
	// Length 258 could be code 284 + 5 bits or code 285; zlib uses 285.
	lengthCode[length-1] = uint8(code)

	dist := 0
	for code = 0; code < 16; code++ {
		baseDist[code] = dist
		for n := 0; n < 1<<extraDbits[code]; n++ {
			distCode[dist] = uint8(code)
			dist++
		}
	}
	dist >>= 7
	for ; code < dCodes; code++ {
		baseDist[code] = dist << 7
		for n := 0; n < 1<<(extraDbits[code]-7); n++ {
			distCode[256+dist] = uint8(code)
			dist++
		}
	}

	var blCount [maxBits + 1]uint16
	n := 0
	for ; n <= 143; n++ {
		staticLtree[n].dl = 8
		blCount[8]++
	}
	for ; n <= 255; n++ {
		staticLtree[n].dl = 9
		blCount[9]++
	}
	for ; n <= 279; n++ {
		staticLtree[n].dl = 7
		blCount[7]++
	}
	for ; n <= 287; n++ {
		staticLtree[n].dl = 8
		blCount[8]++
	}
	genCodes(staticLtree[:], lCodes+1, &blCount)
	for n := 0; n < dCodes; n++ {
		staticDtree[n].dl = 5
		staticDtree[n].fc = uint16(biReverse(uint32(n), 5))
	}
}

// dCode maps a match distance minus one to its distance code.
func dCode(dist int) int {
	if dist < 256 {
		return int(distCode[dist])
	}
	return int(distCode[256+(dist>>7)])
}

// trees is the output half of deflate_state: the bit writer, the symbol
// buffer of the current block and the Huffman trees.
type trees struct {
	out      []byte
	bitBuf   uint64 // pending output bits, least significant first
	bitCount uint

	dynLtree [heapSize]ctData
	dynDtree [2*dCodes + 1]ctData
	blTree   [2*blCodes + 1]ctData
	lDesc    treeDesc
	dDesc    treeDesc
	blDesc   treeDesc

	blCount [maxBits + 1]uint16
	heap    [2*lCodes + 1]int
	heapLen int
	heapMax int
	depth   [2*lCodes + 1]uint8

	symDist []uint16 // distance of each symbol, 0 for a literal
	symLc   []uint8  // literal byte, or match length - minMatch
	symNext int

	optLen    uint64 // bit length of the block with the optimal trees (mod 2^64, as zlib's ulg)
	staticLen uint64 // bit length of the block with the static trees
}

// init is _tr_init.
func (t *trees) init(outCap int) {
	t.out = make([]byte, 0, outCap)
	t.lDesc = treeDesc{dynTree: t.dynLtree[:], stat: &staticLDesc}
	t.dDesc = treeDesc{dynTree: t.dynDtree[:], stat: &staticDDesc}
	t.blDesc = treeDesc{dynTree: t.blTree[:], stat: &staticBlDesc}
	t.symDist = make([]uint16, litBufsize)
	t.symLc = make([]uint8, litBufsize)
	t.initBlock()
}

// initBlock is init_block.
func (t *trees) initBlock() {
	for n := 0; n < lCodes; n++ {
		t.dynLtree[n].fc = 0
	}
	for n := 0; n < dCodes; n++ {
		t.dynDtree[n].fc = 0
	}
	for n := 0; n < blCodes; n++ {
		t.blTree[n].fc = 0
	}
	t.dynLtree[endBlock].fc = 1
	t.optLen, t.staticLen = 0, 0
	t.symNext = 0
}

// sendBits writes the low length bits of value (length <= 16).
func (t *trees) sendBits(value uint32, length uint) {
	t.bitBuf |= uint64(value) << t.bitCount
	t.bitCount += length
	if t.bitCount >= 32 {
		b := t.bitBuf
		t.out = append(t.out, byte(b), byte(b>>8), byte(b>>16), byte(b>>24))
		t.bitBuf >>= 32
		t.bitCount -= 32
	}
}

func (t *trees) sendCode(c int, tree []ctData) {
	t.sendBits(uint32(tree[c].fc), uint(tree[c].dl))
}

// biWindup is bi_windup: flush the bit buffer and align to a byte boundary.
func (t *trees) biWindup() {
	for t.bitCount > 0 {
		t.out = append(t.out, byte(t.bitBuf))
		t.bitBuf >>= 8
		if t.bitCount < 8 {
			t.bitCount = 0
		} else {
			t.bitCount -= 8
		}
	}
	t.bitBuf = 0
}

// biReverse reverses the low length bits of code (1 <= length <= 15).
func biReverse(code uint32, length int) uint32 {
	var res uint32
	for ; length > 0; length-- {
		res = res<<1 | code&1
		code >>= 1
	}
	return res
}

// tallyLit is _tr_tally_lit; it reports whether the block must be flushed.
func (t *trees) tallyLit(c byte) bool {
	t.symDist[t.symNext] = 0
	t.symLc[t.symNext] = c
	t.symNext++
	t.dynLtree[c].fc++
	return t.symNext == symEnd
}

// tallyDist is _tr_tally_dist for a match at distance dist of length lc+minMatch.
func (t *trees) tallyDist(dist, lc int) bool {
	t.symDist[t.symNext] = uint16(dist)
	t.symLc[t.symNext] = uint8(lc)
	t.symNext++
	t.dynLtree[int(lengthCode[lc])+literals+1].fc++
	t.dynDtree[dCode(dist-1)].fc++
	return t.symNext == symEnd
}

// smaller orders heap nodes by frequency, then by depth.
func (t *trees) smaller(tree []ctData, n, m int) bool {
	return tree[n].fc < tree[m].fc || (tree[n].fc == tree[m].fc && t.depth[n] <= t.depth[m])
}

// pqDownHeap is pqdownheap: sift node k down the heap.
func (t *trees) pqDownHeap(tree []ctData, k int) {
	v := t.heap[k]
	j := k << 1
	for j <= t.heapLen {
		if j < t.heapLen && t.smaller(tree, t.heap[j+1], t.heap[j]) {
			j++
		}
		if t.smaller(tree, v, t.heap[j]) {
			break
		}
		t.heap[k] = t.heap[j]
		k = j
		j <<= 1
	}
	t.heap[k] = v
}

// genBitlen is gen_bitlen: compute the code lengths from the tree, limiting
// them to maxLength the way zlib does, and add up optLen and staticLen.
func (t *trees) genBitlen(desc *treeDesc) {
	tree := desc.dynTree
	maxCode := desc.maxCode
	stree := desc.stat.staticTree
	extra := desc.stat.extraBits
	base := desc.stat.extraBase
	maxLength := desc.stat.maxLength
	overflow := 0

	for bits := range t.blCount {
		t.blCount[bits] = 0
	}

	// The heap from heapMax on holds the nodes by decreasing frequency, the
	// root first, so each node's parent has its length already.
	tree[t.heap[t.heapMax]].dl = 0
	h := t.heapMax + 1
	for ; h < heapSize; h++ {
		n := t.heap[h]
		bits := int(tree[tree[n].dl].dl) + 1
		if bits > maxLength {
			bits = maxLength
			overflow++
		}
		tree[n].dl = uint16(bits)
		if n > maxCode {
			continue // not a leaf
		}
		t.blCount[bits]++
		xbits := 0
		if n >= base {
			xbits = extra[n-base]
		}
		f := uint64(tree[n].fc)
		t.optLen += f * uint64(bits+xbits)
		if stree != nil {
			t.staticLen += f * uint64(int(stree[n].dl)+xbits)
		}
	}
	if overflow == 0 {
		return
	}

	// Find the first bit length that could increase.
	for {
		bits := maxLength - 1
		for t.blCount[bits] == 0 {
			bits--
		}
		t.blCount[bits]--
		t.blCount[bits+1] += 2
		t.blCount[maxLength]--
		overflow -= 2
		if overflow <= 0 {
			break
		}
	}

	// Reassign the lengths, scanning the leaves by increasing frequency.
	for bits := maxLength; bits != 0; bits-- {
		n := int(t.blCount[bits])
		for n != 0 {
			h--
			m := t.heap[h]
			if m > maxCode {
				continue
			}
			if int(tree[m].dl) != bits {
				t.optLen += (uint64(bits) - uint64(tree[m].dl)) * uint64(tree[m].fc)
				tree[m].dl = uint16(bits)
			}
			n--
		}
	}
}

// genCodes is gen_codes: assign canonical codes (bit-reversed) from the lengths.
func genCodes(tree []ctData, maxCode int, blCount *[maxBits + 1]uint16) {
	var nextCode [maxBits + 1]uint16
	code := uint32(0)
	for bits := 1; bits <= maxBits; bits++ {
		code = (code + uint32(blCount[bits-1])) << 1
		nextCode[bits] = uint16(code)
	}
	for n := 0; n <= maxCode; n++ {
		l := int(tree[n].dl)
		if l == 0 {
			continue
		}
		tree[n].fc = uint16(biReverse(uint32(nextCode[l]), l))
		nextCode[l]++
	}
}

// buildTree is build_tree: build the Huffman tree of desc, set its lengths
// and codes and update optLen and staticLen.
func (t *trees) buildTree(desc *treeDesc) {
	tree := desc.dynTree
	stree := desc.stat.staticTree
	elems := desc.stat.elems
	maxCode := -1

	t.heapLen = 0
	t.heapMax = heapSize
	for n := 0; n < elems; n++ {
		if tree[n].fc != 0 {
			t.heapLen++
			t.heap[t.heapLen] = n
			maxCode = n
			t.depth[n] = 0
		} else {
			tree[n].dl = 0
		}
	}

	// Deflate needs at least one distance code and at least one bit per
	// code, so force two codes of non-zero frequency.
	for t.heapLen < 2 {
		node := 0
		if maxCode < 2 {
			maxCode++
			node = maxCode
		}
		t.heapLen++
		t.heap[t.heapLen] = node
		tree[node].fc = 1
		t.depth[node] = 0
		t.optLen--
		if stree != nil {
			t.staticLen -= uint64(stree[node].dl)
		}
	}
	desc.maxCode = maxCode

	for n := t.heapLen / 2; n >= 1; n-- {
		t.pqDownHeap(tree, n)
	}

	// Combine the two least frequent nodes until one is left.
	node := elems
	for {
		n := t.heap[1]
		t.heap[1] = t.heap[t.heapLen]
		t.heapLen--
		t.pqDownHeap(tree, 1)
		m := t.heap[1]

		t.heapMax--
		t.heap[t.heapMax] = n
		t.heapMax--
		t.heap[t.heapMax] = m

		tree[node].fc = tree[n].fc + tree[m].fc
		dn, dm := t.depth[n], t.depth[m]
		if dn >= dm {
			t.depth[node] = dn + 1
		} else {
			t.depth[node] = dm + 1
		}
		tree[n].dl = uint16(node)
		tree[m].dl = uint16(node)

		t.heap[1] = node
		node++
		t.pqDownHeap(tree, 1)
		if t.heapLen < 2 {
			break
		}
	}
	t.heapMax--
	t.heap[t.heapMax] = t.heap[1]

	t.genBitlen(desc)
	genCodes(tree, maxCode, &t.blCount)
}

// scanTree is scan_tree: count the bit length codes needed to send tree.
func (t *trees) scanTree(tree []ctData, maxCode int) {
	prevLen := -1
	nextLen := int(tree[0].dl)
	count := 0
	maxCount, minCount := 7, 4
	if nextLen == 0 {
		maxCount, minCount = 138, 3
	}
	tree[maxCode+1].dl = 0xffff // guard

	for n := 0; n <= maxCode; n++ {
		curLen := nextLen
		nextLen = int(tree[n+1].dl)
		count++
		if count < maxCount && curLen == nextLen {
			continue
		} else if count < minCount {
			t.blTree[curLen].fc += uint16(count)
		} else if curLen != 0 {
			if curLen != prevLen {
				t.blTree[curLen].fc++
			}
			t.blTree[rep3To6].fc++
		} else if count <= 10 {
			t.blTree[repz3To10].fc++
		} else {
			t.blTree[repz11To138].fc++
		}
		count = 0
		prevLen = curLen
		switch {
		case nextLen == 0:
			maxCount, minCount = 138, 3
		case curLen == nextLen:
			maxCount, minCount = 6, 3
		default:
			maxCount, minCount = 7, 4
		}
	}
}

// sendTree is send_tree: send tree in compressed form using blTree.
func (t *trees) sendTree(tree []ctData, maxCode int) {
	prevLen := -1
	nextLen := int(tree[0].dl)
	count := 0
	maxCount, minCount := 7, 4
	if nextLen == 0 {
		maxCount, minCount = 138, 3
	}
	bl := t.blTree[:]

	for n := 0; n <= maxCode; n++ {
		curLen := nextLen
		nextLen = int(tree[n+1].dl)
		count++
		if count < maxCount && curLen == nextLen {
			continue
		} else if count < minCount {
			for ; count > 0; count-- {
				t.sendCode(curLen, bl)
			}
		} else if curLen != 0 {
			if curLen != prevLen {
				t.sendCode(curLen, bl)
				count--
			}
			t.sendCode(rep3To6, bl)
			t.sendBits(uint32(count-3), 2)
		} else if count <= 10 {
			t.sendCode(repz3To10, bl)
			t.sendBits(uint32(count-3), 3)
		} else {
			t.sendCode(repz11To138, bl)
			t.sendBits(uint32(count-11), 7)
		}
		count = 0
		prevLen = curLen
		switch {
		case nextLen == 0:
			maxCount, minCount = 138, 3
		case curLen == nextLen:
			maxCount, minCount = 6, 3
		default:
			maxCount, minCount = 7, 4
		}
	}
}

// buildBlTree is build_bl_tree; it returns the index in blOrder of the last
// bit length code to send.
func (t *trees) buildBlTree() int {
	t.scanTree(t.dynLtree[:], t.lDesc.maxCode)
	t.scanTree(t.dynDtree[:], t.dDesc.maxCode)
	t.buildTree(&t.blDesc)

	// At least 4 bit length codes are sent.
	maxBlindex := blCodes - 1
	for ; maxBlindex >= 3; maxBlindex-- {
		if t.blTree[blOrder[maxBlindex]].dl != 0 {
			break
		}
	}
	t.optLen += 3*uint64(maxBlindex+1) + 5 + 5 + 4
	return maxBlindex
}

// sendAllTrees is send_all_trees: the header of a dynamic block.
func (t *trees) sendAllTrees(lcodes, dcodes, blcodes int) {
	t.sendBits(uint32(lcodes-257), 5)
	t.sendBits(uint32(dcodes-1), 5)
	t.sendBits(uint32(blcodes-4), 4)
	for rank := 0; rank < blcodes; rank++ {
		t.sendBits(uint32(t.blTree[blOrder[rank]].dl), 3)
	}
	t.sendTree(t.dynLtree[:], lcodes-1)
	t.sendTree(t.dynDtree[:], dcodes-1)
}

// storedBlock is _tr_stored_block.
func (t *trees) storedBlock(buf []byte, last bool) {
	t.sendBits(typeStored<<1+boolBit(last), 3)
	t.biWindup()
	n := len(buf)
	t.out = append(t.out, byte(n), byte(n>>8), byte(^n), byte(^n>>8))
	t.out = append(t.out, buf...)
}

// compressBlock is compress_block: send the block's symbols with the given trees.
func (t *trees) compressBlock(ltree, dtree []ctData) {
	for i := 0; i < t.symNext; i++ {
		dist := int(t.symDist[i])
		lc := int(t.symLc[i])
		if dist == 0 {
			t.sendCode(lc, ltree)
			continue
		}
		code := int(lengthCode[lc])
		t.sendCode(code+literals+1, ltree)
		if extra := extraLbits[code]; extra != 0 {
			t.sendBits(uint32(lc-baseLength[code]), uint(extra))
		}
		dist--
		code = dCode(dist)
		t.sendCode(code, dtree)
		if extra := extraDbits[code]; extra != 0 {
			t.sendBits(uint32(dist-baseDist[code]), uint(extra))
		}
	}
	t.sendCode(endBlock, ltree)
}

// flushTrees is _tr_flush_block: choose the stored, static or dynamic
// encoding of the current block with zlib's comparisons and write it. buf is
// the block's input, or nil when it is no longer in the window.
func (t *trees) flushTrees(buf []byte, storedLen int, last bool) {
	t.buildTree(&t.lDesc)
	t.buildTree(&t.dDesc)
	maxBlindex := t.buildBlTree()

	optLenb := (t.optLen + 3 + 7) >> 3
	staticLenb := (t.staticLen + 3 + 7) >> 3
	if staticLenb <= optLenb {
		optLenb = staticLenb
	}

	switch {
	case uint64(storedLen)+4 <= optLenb && buf != nil:
		t.storedBlock(buf[:storedLen], last)
	case staticLenb == optLenb:
		t.sendBits(typeStatic<<1+boolBit(last), 3)
		t.compressBlock(staticLtree[:], staticDtree[:])
	default:
		t.sendBits(typeDynamic<<1+boolBit(last), 3)
		t.sendAllTrees(t.lDesc.maxCode+1, t.dDesc.maxCode+1, maxBlindex+1)
		t.compressBlock(t.dynLtree[:], t.dynDtree[:])
	}
	t.initBlock()
	if last {
		t.biWindup()
	}
}

func boolBit(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
