// The vector scan's inner loop as a WebAssembly SIMD kernel: int8 rows · an int16 query, 16 dimensions per
// step (two i32x4.dot_i16x8_s on the row's bytes sign-extended to int16). Integer arithmetic throughout, so its
// dot products are bit for bit those of the JavaScript loop (|Σ| ≤ dim × 127² < 2³¹): the same top-k, only
// about five times faster at 768 dimensions (see the bench's "index" section).
//
// WebAssembly rather than a native module: one .vsix for every platform. The module is 150 bytes, so it is
// written here as bytes, with the text form beside each instruction, instead of adding an assembler (wabt) to
// the build; a unit test checks the kernel against the JavaScript loop on random data. Engines without SIMD
// (WebAssembly.validate says so) fall back to the JavaScript loop.
//
// Its text form:
//   (module
//     (import "m" "mem" (memory 1))
//     (func (export "dots") (param $q i32) (param $p i32) (param $n i32) (param $stride i32) (param $out i32)
//       (local $end i32) (local $j i32) (local $acc v128) (local $x v128)
//       (block $done (loop $rows
//         (br_if $done (i32.eqz (local.get $n)))
//         (local.set $acc (v128.const i32x4 0 0 0 0))
//         (local.set $end (i32.add (local.get $p) (local.get $stride)))
//         (local.set $j (local.get $q))
//         (loop $cols
//           (local.set $x (v128.load (local.get $p)))
//           (local.set $acc (i32x4.add (i32x4.add (local.get $acc)
//               (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $x)) (v128.load offset=0 (local.get $j))))
//             (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $x)) (v128.load offset=16 (local.get $j)))))
//           (local.set $p (i32.add (local.get $p) (i32.const 16)))
//           (local.set $j (i32.add (local.get $j) (i32.const 32)))
//           (br_if $cols (i32.lt_u (local.get $p) (local.get $end))))
//         (i32.store (local.get $out) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
//                                               (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
//         (local.set $out (i32.add (local.get $out) (i32.const 4)))
//         (local.set $n (i32.sub (local.get $n) (i32.const 1)))
//         (br $rows))))
//
// dots(q, p, n, stride, out): for each of n rows of `stride` int8 bytes from p (stride a positive multiple of 16),
// its dot product with the int16 query at q (stride values, 16-byte aligned) as an int32 at out, out + 4, …

/** Bytes of one row step: rows are padded with zeros to a multiple of this. */
export const ROW_ALIGN = 16;

// Locals: 0 $q, 1 $p, 2 $n, 3 $stride, 4 $out (params), 5 $end, 6 $j (i32), 7 $acc, 8 $x (v128).
const Q = 0, P = 1, N = 2, STRIDE = 3, OUT = 4, END = 5, J = 6, ACC = 7, X = 8;
const I32 = 0x7f;
const V128 = 0x7b;

const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const i32const = (v: number): number[] => [0x41, v]; // small non-negative values only (one LEB128 byte, < 64)
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...leb(op), ...imm];
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_EQZ = 0x45;
const I32_LT_U = 0x49;
const V128_LOAD = (offset: number): number[] => simd(0x00, 4, offset); // align 2⁴
const V128_CONST_0 = simd(0x0c, ...new Array<number>(16).fill(0));
const EXTEND_LOW_S = simd(0x87);
const EXTEND_HIGH_S = simd(0x88);
const DOT = simd(0xba);
const I32X4_ADD = simd(0xae);
const LANE = (l: number): number[] => simd(0x1b, l);

function leb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const body: number[] = [
  ...vec([
    [2, I32], // $end $j
    [2, V128], // $acc $x
  ]),
  0x02, 0x40, // block $done
  0x03, 0x40, // loop $rows
  ...get(N), I32_EQZ, 0x0d, 1, // br_if $done
  ...V128_CONST_0, ...set(ACC),
  ...get(P), ...get(STRIDE), I32_ADD, ...set(END),
  ...get(Q), ...set(J),
  0x03, 0x40, // loop $cols
  ...get(P), ...V128_LOAD(0), ...set(X),
  ...get(ACC),
  ...get(X), ...EXTEND_LOW_S, ...get(J), ...V128_LOAD(0), ...DOT, ...I32X4_ADD,
  ...get(X), ...EXTEND_HIGH_S, ...get(J), ...V128_LOAD(16), ...DOT, ...I32X4_ADD,
  ...set(ACC),
  ...get(P), ...i32const(16), I32_ADD, ...set(P),
  ...get(J), ...i32const(32), I32_ADD, ...set(J),
  ...get(P), ...get(END), I32_LT_U, 0x0d, 0, // br_if $cols
  0x0b, // end $cols
  ...get(OUT),
  ...get(ACC), ...LANE(0), ...get(ACC), ...LANE(1), I32_ADD,
  ...get(ACC), ...LANE(2), ...get(ACC), ...LANE(3), I32_ADD,
  I32_ADD,
  0x36, 2, 0, // i32.store align=4 offset=0
  ...get(OUT), ...i32const(4), I32_ADD, ...set(OUT),
  ...get(N), ...i32const(1), I32_SUB, ...set(N),
  0x0c, 0, // br $rows
  0x0b, // end $rows
  0x0b, // end $done
  0x0b, // end func
];

/** The module's bytes (exported for the test that validates them). */
export function dotKernelBytes(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0]])), // type 0: (i32 ×5) → ()
    ...section(2, vec([[...name('m'), ...name('mem'), 0x02, 0x00, 0x01]])), // import memory, min 1 page
    ...section(3, vec([[0]])), // function 0 has type 0
    ...section(7, vec([[...name('dots'), 0x00, 0]])), // export function 0
    ...section(10, vec([[...leb(body.length), ...body]])),
  ]);
}

export interface DotKernel {
  readonly memory: WebAssembly.Memory;
  /** See the header: n dot products of int8 rows with the int16 query, written as int32 at `out`. */
  dots(q: number, p: number, n: number, stride: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** A kernel over its own growable memory of `pages` × 64 KiB, or undefined where WebAssembly SIMD is missing. */
export function createDotKernel(pages: number): DotKernel | undefined {
  if (compiled === undefined) {
    try {
      const bytes = dotKernelBytes();
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  const memory = new WebAssembly.Memory({ initial: pages });
  const instance = new WebAssembly.Instance(compiled, { m: { mem: memory } });
  const dots = instance.exports['dots'] as DotKernel['dots'];
  return { memory, dots };
}
